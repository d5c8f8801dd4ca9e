"""Answers that break the naming rules stop generation before anything is written, with one
message that names every bad field, shows a value that passes, and says how to re-run."""

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from template_paths import TEMPLATE_ROOT
from terminal import run_on_a_terminal

BAD_ANSWERS = [
    pytest.param({"connector_slug": "smtp-connector"}, ["connector_slug"], id="bad-prefix"),
    pytest.param({"connector_slug": "connector-SMTP"}, ["connector_slug"], id="uppercase-slug"),
    pytest.param({"command_class": "None"}, ["command_class"], id="keyword-class"),
    pytest.param({"command_class": "Import"}, ["command_class"], id="keyword-module"),
    pytest.param(
        {"connector_name": "HTTP", "command_class": "GetRequest"},
        ["command_class"],
        id="command-id-the-backend-runs",
    ),
    pytest.param({"command_class": "Lambda"}, ["command_class"], id="keyword-module-lambda"),
    pytest.param({"__import_name": "connector-smtp"}, ["__import_name"], id="dash-in-import-name"),
    pytest.param({"__import_name": "smtp"}, ["__import_name"], id="import-name-without-prefix"),
    pytest.param({"connector_slug": "connector"}, ["connector_slug"], id="nothing-after-prefix"),
    pytest.param({"command_class": "sendEmail"}, ["command_class"], id="lowercase-class"),
    pytest.param({"command_class": "Send-Email"}, ["command_class"], id="class-not-identifier"),
    pytest.param({"command_class": "Exception"}, ["command_class"], id="builtin-class"),
    pytest.param({"command_class": "ConnectorCommand"}, ["command_class"], id="shadowing-class"),
    pytest.param({"command_class": "A" * 33}, ["command_class"], id="class-too-long"),
    pytest.param({"author_email": "ada at example.com"}, ["author_email"], id="bad-email"),
    pytest.param({"version": "one point oh"}, ["version"], id="bad-version"),
    pytest.param({"description": "two\nlines"}, ["description"], id="line-break-in-description"),
    pytest.param({"connector_name": "   "}, ["connector_slug", "connector_name"], id="blank-name"),
    pytest.param(
        {"connector_name": "Super Extremely Long Enterprise Resource Planning"},
        ["connector_slug"],
        id="long-name",
    ),
    pytest.param({"connector_slug": "connector/smtp"}, ["connector_slug"], id="slash-in-slug"),
    pytest.param({"__display_name": 'smtp" x="'}, ["__display_name"], id="display-name-given"),
    pytest.param({"__variable_prefix": "1x"}, ["__variable_prefix"], id="variable-prefix-given"),
    pytest.param({"connector_slug": ".."}, ["connector_slug"], id="dot-dot-slug"),
    pytest.param(
        {"connector_slug": "Connector_SMTP", "command_class": "send_email", "version": "v.1"},
        ["connector_slug", "command_class", "version"],
        id="several-at-once",
    ),
]


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.mark.parametrize(("answers", "bad_fields"), BAD_ANSWERS)
def test_refuses_and_leaves_nothing_behind(
    cookies: Any,
    capfd: pytest.CaptureFixture[str],
    tmp_path: Path,
    answers: dict[str, str],
    bad_fields: list[str],
) -> None:
    result = cookies.bake(extra_context=answers)

    assert isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    for key, value in answers.items():
        assert result.context[key] == value, f"{key} was not applied: a typo in the test?"
    message = capfd.readouterr().err
    assert message.startswith("Cannot generate this connector")
    named = re.findall(r"^  (\w+) = ", message, flags=re.MULTILINE)
    assert sorted(named) == sorted(bad_fields)
    assert "Nothing was written" in message
    assert "Traceback" not in message
    assert message.rstrip().splitlines()[-1].startswith("  "), "the re-run command comes last"
    output = tmp_path / "cookies"
    assert files_under(output) == []
    assert [path.name for path in output.glob("bake*/*")] == [], "a project folder was left behind"


def test_on_a_terminal_the_report_and_its_command_are_the_last_lines(tmp_path: Path) -> None:
    output = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "cookiecutter",
        str(TEMPLATE_ROOT),
        "--output-dir",
        str(output),
    ]

    status, screen = run_on_a_terminal(
        [*command, "--no-input", "connector_slug=Bad_Slug"], tmp_path
    )

    assert status == 1
    *_, said, rerun = screen.rstrip().splitlines()
    assert said == "Nothing was written. Run it again with the answers corrected:"
    assert rerun.startswith("  ") and "connector_slug=connector-bad-slug" in rerun
    assert "Traceback" not in screen and "Hook script failed" not in screen
    assert not output.exists()


@pytest.mark.parametrize(("answers", "bad_fields"), BAD_ANSWERS)
def test_the_suggested_command_bakes(
    cookies: Any, capfd: pytest.CaptureFixture[str], answers: dict[str, str], bad_fields: list[str]
) -> None:
    cookies.bake(extra_context=answers)
    message = capfd.readouterr().err
    command = message.splitlines()[-1]
    fixes = dict(word.split("=", 1) for word in shlex.split(command.split("--no-input", 1)[1]))

    result = cookies.bake(extra_context={**answers, **fixes})

    assert result.exception is None, capfd.readouterr().err
    assert result.project_path.is_dir()


@pytest.mark.parametrize(
    ("answers", "slug", "description"),
    [
        pytest.param(
            {"connector_name": "   "},
            "connector-smtp",
            "SMTP commands for SpiffWorkflow service tasks",
            id="blank-name",
        ),
        pytest.param(
            {"connector_name": "Super Extremely Long Enterprise Resource Planning"},
            "connector-super-extremely-long",
            "Super Extremely Long Enterprise Resource Planning commands for SpiffWorkflow service "
            "tasks",
            id="long-name",
        ),
    ],
)
def test_a_suggestion_derives_what_follows_from_the_corrected_answer(
    cookies: Any,
    capfd: pytest.CaptureFixture[str],
    answers: dict[str, str],
    slug: str,
    description: str,
) -> None:
    cookies.bake(extra_context=answers)
    command = capfd.readouterr().err.splitlines()[-1]
    fixes = dict(word.split("=", 1) for word in shlex.split(command.split("--no-input", 1)[1]))

    result = cookies.bake(extra_context={**answers, **fixes})

    assert result.exception is None, capfd.readouterr().err
    assert (result.context["connector_slug"], result.context["description"]) == (slug, description)


def test_a_name_typed_as_the_package_name_is_not_prefixed_twice(cookies: Any) -> None:
    result = cookies.bake(extra_context={"connector_name": "connector-smtp"})

    assert result.exception is None
    assert result.project_path.name == "connector-smtp"
    assert result.context["__import_name"] == "connector_smtp"


def test_the_suggested_command_run_as_printed_bakes_what_was_meant(tmp_path: Path) -> None:
    answers = [
        "connector_name=Google Sheets",
        "author_name=Ada Lovelace",
        "license=Apache-2.0",
        "python_min=3.12",
        "example=http",
        "protocol=v1",
        "command_class=append_row",  # the one wrong answer
    ]
    output = tmp_path / "out"
    bake = [sys.executable, "-m", "cookiecutter", str(TEMPLATE_ROOT), "--output-dir", str(output)]

    refused = subprocess.run([*bake, "--no-input", *answers], capture_output=True, text=True)

    assert refused.returncode != 0 and not output.exists()
    suggestion = refused.stderr.splitlines()[-1]
    again = subprocess.run(shlex.split(suggestion), capture_output=True, text=True, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    project = output / "connector-google-sheets"
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["authors"][0]["name"] == "Ada Lovelace"
    assert pyproject["project"]["license"] == "Apache-2.0"
    assert pyproject["project"]["requires-python"] == ">=3.12"
    assert pyproject["tool"]["spiffworkflow-connector"]["protocol"] == "v1"
    command = project / "src/connector_google_sheets/commands/appendRow.py"
    assert "class AppendRow(ConnectorCommand):" in command.read_text(encoding="utf-8")
    assert pyproject["project"]["dependencies"] == ["httpx~=0.28.1"]
