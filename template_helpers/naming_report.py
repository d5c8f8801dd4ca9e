"""The message a person reads when answers break the naming rules: each problem with its rule and
a value that passes, then the command that runs the same bake again with them corrected."""

import shlex
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from template_helpers.naming_rules import Problem


def cookiecutter_program() -> str:
    """How to run the cookiecutter that runs this hook: its plain name when that is the one on
    PATH, else its full path, quoted for the shell (after `python -m venv .venv`, cookiecutter
    is not on PATH)."""
    beside = Path(sys.executable).parent / "cookiecutter"
    on_path = shutil.which("cookiecutter")
    if on_path and Path(on_path).resolve() == beside.resolve():
        return "cookiecutter"
    if beside.exists():
        return shlex.quote(str(beside))
    return f"{shlex.quote(sys.executable)} -m cookiecutter"


def changed_answers(answers: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, str]:
    """The answers to the questions of `defaults` (cookiecutter.json) that differ from what was
    offered: a choice other than the first, text other than the default as written."""
    changed = {}
    for name, default in defaults.items():
        if name.startswith("_") or name not in answers:
            continue
        offered = default[0] if isinstance(default, list) else default
        if answers[name] != offered:
            changed[name] = str(answers[name])
    return changed


def format_report(
    problems: list[Problem],
    answers: Mapping[str, Any],
    defaults: Mapping[str, Any],
    options: str = "",
    action: str = "generate this connector",
) -> str:
    """The message a person reads first when generation stops: each problem, then the command
    that runs the same bake again with the wrong answers corrected.

    `answers` is cookiecutter's context (the template as the user named it, the output folder,
    every answer), `defaults` the template's cookiecutter.json, `options` any further
    cookiecutter options the template needs, and `action` what was refused.
    """
    count = "1 answer breaks" if len(problems) == 1 else f"{len(problems)} answers break"
    lines = [f"Cannot {action}: {count} the naming rules.", ""]
    for problem in problems:
        lines += [
            f"  {problem.field} = {problem.value!r}",
            f"    rule: {problem.rule}",
            f"    try:  {problem.suggestion}",
            "",
        ]
    overrides = {
        **changed_answers(answers, defaults),
        **{problem.field: problem.suggestion for problem in problems},
    }
    # cruft calls cookiecutter's generation itself, without an output folder in the answers.
    output = answers.get("_output_dir")
    command = [
        cookiecutter_program(),
        shlex.quote(str(answers["_template"])),
        *options.split(),
        *(["--output-dir", shlex.quote(str(output))] if output else []),
        "--no-input",
        *(shlex.quote(f"{name}={value}") for name, value in overrides.items()),
    ]
    lines += [
        "Nothing was written. Run it again with the answers corrected:",
        "  " + " ".join(command),
    ]
    return "\n".join(lines)
