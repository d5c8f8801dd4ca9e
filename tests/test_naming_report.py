"""The message a person reads when answers are refused, and the command in it that runs the bake
again: which cookiecutter it names, which answers it repeats."""

import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment
from test_naming_rules import DEFAULT_ANSWERS, check

from template_helpers.naming_report import (
    cookiecutter_program,
    derived_answers,
    format_report,
    rerun_answers,
)
from template_helpers.naming_rules import Problem


def test_the_report_names_each_problem_and_a_command_that_reruns(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))  # no cookiecutter beside it
    answers = {
        **DEFAULT_ANSWERS,
        "version": "one",
        "license": "none",
        "_template": "gh:o/t",
        "_output_dir": "/work/my out",
    }

    report = format_report(check(answers), answers, {"version": "0.1.0", "license": "none"})

    assert report == (
        "Cannot generate this connector: 1 answer breaks the naming rules.\n"
        "\n"
        "  version = 'one'\n"
        "    rule: a PEP 440 version like 0.1.0 or 1.0.0rc1\n"
        "    try:  0.1.0\n"
        "\n"
        "Nothing was written. Run it again with the answers corrected:\n"
        f"  {tmp_path / 'python'} -m cookiecutter gh:o/t --output-dir '/work/my out' --no-input "
        "version=0.1.0 license=none"
    )


def test_the_report_of_add_command_keeps_its_options() -> None:
    answers = {**DEFAULT_ANSWERS, "version": "one", "_template": "t", "_output_dir": "."}

    report = format_report(
        check(answers), answers, {"version": "0.1.0"}, "--directory add-command -f", "add it"
    )

    assert report.startswith("Cannot add it: 1 answer breaks the naming rules.\n")
    assert report.endswith(" t --directory add-command -f --output-dir . --no-input version=0.1.0")


# A small cookiecutter.json: a name, a slug derived from it, a choice, a private derived value.
QUESTIONS = {
    "name": "Mail",
    "slug": "connector-{{ cookiecutter.name | lower }}",
    "license": ["MIT", "none"],
    "__module": "{{ cookiecutter.slug | replace('-', '_') }}",
    "_extensions": ["not an answer"],
    "__prompts__": {"name": "not an answer"},
}


def render(default: str, so_far: Mapping[str, Any]) -> str:
    return Environment().from_string(default).render(cookiecutter=so_far)


def rules(answers: Mapping[str, Any]) -> list[Problem]:
    """A blank name is refused with "Mail"; a slug with anything but letters and digits after
    the prefix is refused; the name "Taken" is taken, "Taken2" is free."""
    problems = []
    if not answers["name"].strip():
        problems.append(Problem("name", answers["name"], "not blank", "Mail"))
    elif answers["name"] == "Taken":
        problems.append(Problem("name", "Taken", "is taken", "Taken2"))
    if not answers["slug"].removeprefix("connector-").isalnum():
        problems.append(Problem("slug", answers["slug"], "letters and digits", "connector-mail"))
    return problems


def bake_answers(given: Mapping[str, str]) -> dict[str, Any]:
    return derived_answers(QUESTIONS, given, render)


def test_a_rerun_repeats_what_was_given_and_derives_the_rest() -> None:
    answers = bake_answers({"name": "Post", "license": "none", "slug": "connector-post!"})

    rerun = rerun_answers(rules(answers), answers, QUESTIONS, render, rules)

    assert rerun == {"name": "Post", "slug": "connector-mail", "license": "none"}
    assert rules(bake_answers(rerun)) == []


def test_an_answer_derived_from_a_wrong_one_is_derived_again_from_its_correction() -> None:
    answers = bake_answers({"name": "  "})  # the slug derived from it, "connector-  ", fails too
    assert [problem.field for problem in rules(answers)] == ["name", "slug"]

    rerun = rerun_answers(rules(answers), answers, QUESTIONS, render, rules)

    assert rerun == {"name": "Mail"}
    assert bake_answers(rerun)["slug"] == "connector-mail"


def test_a_suggestion_that_is_refused_in_turn_is_replaced_until_one_passes() -> None:
    answers = bake_answers({"name": "taken!"})  # suggested "Taken", which is taken
    problems = [Problem("name", "taken!", "letters", "Taken")]

    rerun = rerun_answers(problems, answers, QUESTIONS, render, rules)

    assert rerun == {"name": "Taken2"}
    assert rules(bake_answers(rerun)) == []


def make_program(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / name
    program.write_text("#!/bin/sh\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


@pytest.mark.skipif(os.name != "posix", reason="executables by permission bits")
def test_cookiecutter_is_named_plainly_only_when_it_is_the_one_on_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    venv_bin, elsewhere = tmp_path / "my venv" / "bin", tmp_path / "elsewhere"
    monkeypatch.setattr(sys, "executable", str(make_program(venv_bin, "python")))
    beside = make_program(venv_bin, "cookiecutter")
    make_program(elsewhere, "cookiecutter")

    monkeypatch.setenv("PATH", str(venv_bin))
    assert cookiecutter_program() == "cookiecutter"

    monkeypatch.setenv("PATH", str(elsewhere))  # another cookiecutter would run another version
    assert cookiecutter_program() == f"'{beside}'"  # quoted: the path has a space

    beside.unlink()
    assert cookiecutter_program() == f"'{venv_bin / 'python'}' -m cookiecutter"
