"""The message a person reads when answers break the naming rules: each problem with its rule and
a value that passes, then the command that runs the same bake again with them corrected."""

import shlex
import shutil
import sys
from collections.abc import Callable, Mapping
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


Render = Callable[[str, Mapping[str, Any]], str]
Check = Callable[[Mapping[str, Any]], list[Problem]]


def _asked(questions: Mapping[str, Any]) -> list[str]:
    """The names cookiecutter gives a value, in order: the questions and the derived values
    (`__x`), not its settings (`_x`) or the prompts."""
    return [
        name
        for name in questions
        if not name.startswith("_") or (name.startswith("__") and name != "__prompts__")
    ]


def _default(
    questions: Mapping[str, Any], name: str, so_far: Mapping[str, Any], render: Render
) -> Any:
    default = questions[name]
    return default[0] if isinstance(default, list) else render(default, so_far)


def derived_answers(
    questions: Mapping[str, Any], given: Mapping[str, str], render: Render
) -> dict[str, Any]:
    """The answers `--no-input` gives with `given` on the command line: those, and every other
    one derived from the answers before it, as its default in cookiecutter.json says."""
    answers: dict[str, Any] = {}
    for name in _asked(questions):
        answers[name] = given[name] if name in given else _default(questions, name, answers, render)
    return answers


def rerun_answers(
    problems: list[Problem],
    answers: Mapping[str, Any],
    questions: Mapping[str, Any],
    render: Render,
    check: Check,
) -> dict[str, str]:
    """The answers a re-run needs to pass: each one given rather than derived from the others,
    with the suggestions of its problems; an answer derived from a wrong one is derived again
    from its correction (a blank name's slug too), and gets a suggestion of its own only if it
    still fails then (a class that add-command finds taken once its name is fixed)."""
    given = {
        name: str(answers[name])
        for name in _asked(questions)
        if name in answers and answers[name] != _default(questions, name, answers, render)
    }
    first = [problem for problem in problems if problem.field in given] or problems
    given.update({problem.field: problem.suggestion for problem in first})
    for _ in _asked(questions):  # each round settles an answer, or there is nothing left
        problems = check(derived_answers(questions, given, render))
        if not problems:
            break
        given.update({problem.field: problem.suggestion for problem in problems})
    return given


def format_report(
    problems: list[Problem],
    answers: Mapping[str, Any],
    rerun: Mapping[str, str],
    options: str = "",
    action: str = "generate this connector",
) -> str:
    """The message a person reads first when generation stops: each problem, then the command
    that runs the same bake again with `rerun`, the answers it needs (rerun_answers).

    `answers` is cookiecutter's context (the template as the user named it, the output folder,
    every answer), `options` any further cookiecutter options the template needs, and `action`
    what was refused.
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
    # cruft calls cookiecutter's generation itself, without an output folder in the answers.
    output = answers.get("_output_dir")
    command = [
        cookiecutter_program(),
        shlex.quote(str(answers["_template"])),
        *options.split(),
        *(["--output-dir", shlex.quote(str(output))] if output else []),
        "--no-input",
        *(shlex.quote(f"{name}={value}") for name, value in rerun.items()),
    ]
    lines += [
        "Nothing was written. Run it again with the answers corrected:",
        "  " + " ".join(command),
    ]
    return "\n".join(lines)
