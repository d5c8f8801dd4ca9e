"""Answers that break the naming rules stop generation before anything is written, with one
message that names every bad field, shows a value that passes, and says how to re-run."""

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from cookiecutter.exceptions import FailedHookException

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
    pytest.param({"connector_slug": "connector/smtp"}, ["connector_slug"], id="slash-in-slug"),
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

    assert isinstance(result.exception, FailedHookException)
    assert result.exit_code == -1
    for key, value in answers.items():
        assert result.context[key] == value, f"{key} was not applied: a typo in the test?"
    message = capfd.readouterr().err
    assert message.startswith("Cannot generate this connector")
    named = re.findall(r"^  (\w+) = ", message, flags=re.MULTILINE)
    assert sorted(named) == sorted(bad_fields)
    assert "Nothing was written" in message
    assert "Traceback" not in message.split("Nothing was written")[0]
    output = tmp_path / "cookies"
    assert files_under(output) == []
    assert [path.name for path in output.glob("bake*/*")] == [], "a project folder was left behind"


@pytest.mark.parametrize(("answers", "bad_fields"), BAD_ANSWERS)
def test_the_suggested_command_bakes(
    cookies: Any, capfd: pytest.CaptureFixture[str], answers: dict[str, str], bad_fields: list[str]
) -> None:
    cookies.bake(extra_context=answers)
    message = capfd.readouterr().err
    command = next(line for line in message.splitlines() if "--no-input" in line)
    fixes = dict(word.split("=", 1) for word in shlex.split(command.split("--no-input", 1)[1]))

    result = cookies.bake(extra_context={**answers, **fixes})

    assert result.exception is None, capfd.readouterr().err
    assert result.project_path.is_dir()
