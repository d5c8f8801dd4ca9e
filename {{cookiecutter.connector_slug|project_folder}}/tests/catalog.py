"""This connector's catalog: what GET /v1/commands lists for it, each command and its parameters,
kept in catalog.json at the project's root.

A diagram in production names a command and its parameters. Removing a command or a parameter
(renaming is both), making an optional parameter required or changing its type breaks every
diagram that uses it, at run time and silently: tests/test_catalog.py fails on such a change, with
what changed and the version it needs. To change the catalog on purpose, run

    python tests/catalog.py

which rewrites catalog.json and adds what changed to CHANGELOG.md, under [Unreleased].
"""

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from emulated_proxy import listing

PACKAGE = "{{ cookiecutter.__import_name }}"
PROJECT = Path(__file__).resolve().parent.parent
CATALOG = PROJECT / "catalog.json"
CHANGELOG = PROJECT / "CHANGELOG.md"
UNRELEASED = "## [Unreleased]\n"

Catalog = list[dict[str, Any]]


def saved_catalog(path: Path = CATALOG) -> Catalog:
    catalog: Catalog = json.loads(path.read_text(encoding="utf-8"))
    return catalog


def current_catalog() -> Catalog:
    return listing(PACKAGE)


def changes(old: Catalog, new: Catalog) -> tuple[list[str], list[str]]:
    """What changed from `old` to `new`: the breaking changes (a diagram written for `old` can
    fail with `new`), then the others."""
    before = {command["id"]: command["parameters"] for command in old}
    after = {command["id"]: {p["id"]: p for p in command["parameters"]} for command in new}
    breaking, other = [], []
    for command_id, parameters in before.items():
        if command_id not in after:
            breaking.append(f"`{command_id}` was removed")
            continue
        now = after[command_id]
        for was in parameters:
            name, where = was["id"], f"`{command_id}` parameter `{was['id']}`"
            if name not in now:
                breaking.append(f"{where} was removed (renamed? keep taking the old name too)")
            elif now[name]["type"] != was["type"]:
                breaking.append(f"{where} changed type from {was['type']} to {now[name]['type']}")
            elif now[name]["required"] and not was["required"]:
                breaking.append(f"{where} became required")
            elif was["required"] and not now[name]["required"]:
                other.append(f"{where} became optional")
        known = {parameter["id"] for parameter in parameters}
        for name in [name for name in now if name not in known]:
            if now[name]["required"]:
                breaking.append(f"`{command_id}` has a new required parameter `{name}`")
            else:
                other.append(f"`{command_id}` has a new optional parameter `{name}`")
    added = sorted(after.keys() - before.keys())
    other += [f"`{command_id}` is a new command" for command_id in added]
    return breaking, other


def current_version(pyproject: Path = PROJECT / "pyproject.toml") -> str:
    version: str = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    return version


def next_version(version: str, breaking: bool) -> str:
    """The release these changes need, in semantic versioning: a breaking change needs a new
    major version (a new minor one while the major version is 0), an addition a new minor one."""
    found = re.match(r"v?(?:\d+!)?(\d+)(?:\.(\d+))?", version)
    major, minor = (int(found.group(1)), int(found.group(2) or 0)) if found else (0, 0)
    if breaking and major > 0:
        return f"{major + 1}.0.0"
    return f"{major}.{minor + 1}.0"


def refusal(breaking: list[str], version: str) -> str:
    """Why a test refuses these breaking changes, and the two ways on."""
    return "\n".join(
        [
            "This change breaks diagrams that use this connector, at run time:",
            *(f"- {change}" for change in breaking),
            "Undo it, or make it on purpose: release it as "
            f"{next_version(version, breaking=True)} (this is {version}) and record it with "
            "`python tests/catalog.py`, which rewrites catalog.json and the CHANGELOG.",
        ]
    )


def add_to_changelog(lines: list[str], path: Path = CHANGELOG) -> None:
    """Add `lines` at the top of the [Unreleased] section (made if there is none)."""
    text = path.read_text(encoding="utf-8")
    if UNRELEASED not in text:
        first = text.find("\n## ") + 1 or len(text)
        text = text[:first] + UNRELEASED + "\n" + text[first:]
    at = text.index(UNRELEASED) + len(UNRELEASED)
    head, rest = text[:at], text[at:].lstrip("\n")
    added = "".join(f"{line}\n" for line in lines) + ("" if rest.startswith("- ") else "\n")
    path.write_text(f"{head}\n{added}{rest}", encoding="utf-8")


def main() -> None:
    old, new = saved_catalog(), current_catalog()
    if old == new:
        print("catalog.json already lists what the proxy lists: nothing to do")
        return
    breaking, other = changes(old, new)
    CATALOG.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    lines = [f"- Breaking: {change}." for change in breaking] + [f"- {change}." for change in other]
    if lines:
        add_to_changelog(lines)
    print("catalog.json rewritten; added to CHANGELOG.md:", *lines, sep="\n")
    if lines:
        release = next_version(current_version(), bool(breaking))
        print(f"Release these changes as {release} (version in pyproject.toml).")


if __name__ == "__main__":
    main()
