"""catalog.json holds what the proxy lists for this connector, and no change to the code breaks a
diagram that uses it without saying so (tests/catalog.py says what breaks a diagram)."""

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from catalog import (
    PROJECT,
    Catalog,
    changes,
    current_catalog,
    current_version,
    next_version,
    refusal,
    saved_catalog,
)
from protocol_schemas import assert_matches


def test_the_catalog_is_what_the_proxy_lists() -> None:
    assert_matches("commands", saved_catalog())
    assert_matches("commands", current_catalog())


def test_no_change_breaks_a_diagram_in_production() -> None:
    breaking, other = changes(saved_catalog(), current_catalog())
    assert not breaking, refusal(breaking, current_version())
    if other:
        warnings.warn(
            "catalog.json does not list yet: " + "; ".join(other) + " (python tests/catalog.py)",
            stacklevel=1,
        )


def send(*parameters: tuple[str, str, bool]) -> Catalog:
    """A catalog of one command, demo/Send, with these parameters (id, type, required)."""
    listed = [{"id": name, "type": kind, "required": needed} for name, kind, needed in parameters]
    return [{"id": "demo/Send", "parameters": listed}]


TO, RETRIES = ("to", "str", True), ("retries", "int", False)
BEFORE = send(TO, RETRIES)
# Each change to BEFORE: the catalog after it, then what breaks and what does not.
CHANGES = {
    "a command removed": ([], ["`demo/Send` was removed"], []),
    "a parameter renamed": (
        send(("recipient", "str", True), RETRIES),
        [
            "`demo/Send` parameter `to` was removed (renamed? keep taking the old name too)",
            "`demo/Send` has a new required parameter `recipient`",
        ],
        [],
    ),
    "an optional parameter made required": (
        send(TO, ("retries", "int", True)),
        ["`demo/Send` parameter `retries` became required"],
        [],
    ),
    "a type changed": (
        send(TO, ("retries", "str", False)),
        ["`demo/Send` parameter `retries` changed type from int to str"],
        [],
    ),
    "a required parameter added": (
        send(TO, RETRIES, ("cc", "str", True)),
        ["`demo/Send` has a new required parameter `cc`"],
        [],
    ),
    "a command added": (
        [*BEFORE, {"id": "demo/Fetch", "parameters": []}],
        [],
        ["`demo/Fetch` is a new command"],
    ),
    "an optional parameter added": (
        send(TO, RETRIES, ("cc", "str", False)),
        [],
        ["`demo/Send` has a new optional parameter `cc`"],
    ),
    "a required parameter made optional": (
        send(("to", "str", False), RETRIES),
        [],
        ["`demo/Send` parameter `to` became optional"],
    ),
    "the parameters reordered": (send(RETRIES, TO), [], []),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_change_is_found_and_told_breaking_or_not(change: str) -> None:
    after, breaking, other = CHANGES[change]
    assert changes(BEFORE, after) == (breaking, other)


@pytest.mark.parametrize(
    ("version", "breaking", "release"),
    [
        ("0.1.0", True, "0.2.0"),
        ("0.1.0", False, "0.2.0"),
        ("1.4.2", True, "2.0.0"),
        ("1.4.2", False, "1.5.0"),
        ("2!3.0rc1", True, "4.0.0"),
        ("7", False, "7.1.0"),
    ],
)
def test_a_change_names_the_release_it_needs(version: str, breaking: bool, release: str) -> None:
    assert next_version(version, breaking) == release


def test_a_refusal_names_each_change_the_release_and_the_command() -> None:
    message = refusal(["`demo/Send` was removed"], "1.4.2")
    assert "- `demo/Send` was removed" in message
    assert "release it as 2.0.0 (this is 1.4.2)" in message
    assert "`python tests/catalog.py`" in message


def run_documented_command(project: Path) -> str:
    """`python tests/catalog.py`, as the README gives it, run in `project`."""
    done = subprocess.run(
        [sys.executable, "tests/catalog.py"],
        cwd=project,
        env={"PYTHONPATH": str(project / "src"), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    for folder in ("src", "tests"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    for name in ("catalog.json", "CHANGELOG.md", "pyproject.toml"):
        shutil.copy(PROJECT / name, tmp_path / name)
    return tmp_path


def test_the_command_leaves_an_unchanged_catalog_as_it_is(project_copy: Path) -> None:
    before = {name: (project_copy / name).read_bytes() for name in ("catalog.json", "CHANGELOG.md")}

    said = run_documented_command(project_copy)

    assert "nothing to do" in said
    assert before == {name: (project_copy / name).read_bytes() for name in before}


def test_the_command_records_a_change_in_the_catalog_and_the_changelog(project_copy: Path) -> None:
    catalog = project_copy / "catalog.json"
    listed = json.loads(catalog.read_text(encoding="utf-8"))
    catalog.write_text(json.dumps([*listed, {"id": "gone/Old", "parameters": []}]), "utf-8")

    said = run_documented_command(project_copy)

    assert saved_catalog(catalog) == current_catalog()
    line = "- Breaking: `gone/Old` was removed."
    changelog = (project_copy / "CHANGELOG.md").read_text(encoding="utf-8")
    unreleased = changelog.split("## [Unreleased]\n\n")[1].split("\n\n## [")[0]
    assert unreleased.splitlines()[0] == line
    assert line in said
    assert f"as {next_version(current_version(), breaking=True)}" in said
