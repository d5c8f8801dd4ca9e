"""The message a person reads when answers are refused, and the command in it that runs the bake
again: which cookiecutter it names, which answers it repeats."""

import os
import stat
import sys
from pathlib import Path

import pytest
from test_naming_rules import DEFAULT_ANSWERS, check

from template_helpers.naming_report import changed_answers, cookiecutter_program, format_report


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
    defaults = {"version": "0.1.0", "license": ["MIT", "none"], "author_name": "Your Name"}

    report = format_report(check(answers), answers, defaults)

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

    report = format_report(check(answers), answers, {}, "--directory add-command -f", "add it")

    assert report.startswith("Cannot add it: 1 answer breaks the naming rules.\n")
    assert report.endswith(" t --directory add-command -f --output-dir . --no-input version=0.1.0")


def test_changed_answers_are_those_that_differ_from_what_was_offered() -> None:
    defaults = {
        "_private": "x",
        "missing": "not asked",
        "same": "a",
        "text": "a",
        "choice": ["first", "second"],
        "first_choice": ["first", "second"],
        "after": "b",
    }
    answers = {
        "_private": "y",
        "same": "a",
        "text": "typed",
        "choice": "second",
        "first_choice": "first",
        "after": "c",
    }

    assert changed_answers(answers, defaults) == {"text": "typed", "choice": "second", "after": "c"}


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
