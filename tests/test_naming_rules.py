"""The naming rules and the Jinja helpers as plain functions: what passes, what does not, and
what is suggested."""

import keyword
import tomllib
from pathlib import Path

import pytest
from add_command import check_new_command

from template_helpers.jinja_extension import folder_name, toml_string
from template_helpers.naming_rules import (
    Problem,
    check_answers,
    command_module_name,
    suggest_class_name,
    suggest_import_name,
    suggest_slug,
)
from template_helpers.template_data import example_settings

DEFAULT_ANSWERS = {
    "connector_name": "SMTP",
    "connector_slug": "connector-smtp",
    "__import_name": "connector_smtp",
    "__display_name": "smtp",
    "__variable_prefix": "smtp",
    "description": "SMTP commands for SpiffWorkflow service tasks",
    "author_name": "Your Name",
    "author_email": "you@example.com",
    "version": "0.1.0",
    "command_class": "SendEmail",
    "__command_module": "sendEmail",
}


SMTP_NAMES = example_settings("smtp")["reserved_class_names"]


def check(answers: dict[str, str]) -> list[Problem]:
    """The answers checked as the main template's hook checks them, for the SMTP example."""
    return check_answers(answers, SMTP_NAMES)


def test_the_default_answers_pass() -> None:
    assert check(DEFAULT_ANSWERS) == []


@pytest.mark.parametrize(
    ("class_name", "module"),
    [("SendEmail", "sendEmail"), ("GetRequest", "getRequest"), ("X", "x"), ("HTTPGet", "hTTPGet")],
)
def test_command_module_is_camel_case_like_the_tutorial(class_name: str, module: str) -> None:
    assert command_module_name(class_name) == module


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("Google Sheets", "connector-google-sheets"),
        ("connector_SMTP", "connector-smtp"),
        ("Connector Zoë", "connector-zoe"),
        ("", "connector-example"),
        ("../..", "connector-example"),
        ("x" * 80, "connector-" + "x" * 30),
    ],
)
def test_suggested_slug_passes_the_rules(typed: str, slug: str) -> None:
    assert suggest_slug(typed) == slug
    import_name = suggest_import_name(typed)
    answers = {
        **DEFAULT_ANSWERS,
        "connector_slug": slug,
        "__import_name": import_name,
        "__display_name": import_name.removeprefix("connector_"),
    }
    assert check(answers) == []


@pytest.mark.parametrize(
    ("typed", "class_name"),
    [
        ("send_email", "SendEmail"),
        ("sendEmail", "SendEmail"),
        ("None", "NoneCommand"),
        ("Exception", "ExceptionCommand"),
        ("2fa check", "My2faCheck"),
        ("", "MyCommand"),
        ("a" * 40, "A" + "a" * 31),
        ("Import", "ImportCommand"),
        ("class", "ClassCommand"),
    ],
)
def test_suggested_class_name_passes_the_rules(typed: str, class_name: str) -> None:
    assert suggest_class_name(typed, SMTP_NAMES) == class_name
    answers = {
        **DEFAULT_ANSWERS,
        "command_class": class_name,
        "__command_module": command_module_name(class_name),
    }
    assert check(answers) == []


@pytest.mark.parametrize(
    "version", ["0.1.0", "1.0", "2.0.0rc1", "1.0.post2", "1!2.0.dev3+local.7", "v1.0", "1.0.0RC1"]
)
def test_accepts_pep_440_versions(version: str) -> None:
    assert check({**DEFAULT_ANSWERS, "version": version}) == []


@pytest.mark.parametrize("version", ["", "one", "1.0.0-gamma", "1..0", "0.1.0 "])
def test_refuses_other_versions(version: str) -> None:
    assert [p.field for p in check({**DEFAULT_ANSWERS, "version": version})] == ["version"]


def test_a_module_name_that_does_not_follow_the_class_is_refused() -> None:
    problems = check({**DEFAULT_ANSWERS, "__command_module": "../send_email"})

    assert [(p.field, p.suggestion) for p in problems] == [("__command_module", "sendEmail")]


TRICKY_TEXT = [
    'He said "hi"',
    "O'Brien",
    "C:\\new\\table",
    "tab\there",
    "Zoë Ångström",
    "rocket 🚀",
    "bell \x07 and delete \x7f",
    "ends with a backslash \\",
    '"""',
]


@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_toml_string_round_trips(text: str) -> None:
    assert tomllib.loads(f"value = {toml_string(text)}")["value"] == text


@pytest.mark.parametrize(
    "slug", ["connector-smtp", "a/b", "..", "", "/", "C:\\x", "é" * 300, "-x-"]
)
def test_the_folder_name_is_one_plain_folder_name(slug: str) -> None:
    folder = folder_name(slug)

    assert folder and folder not in {".", ".."}
    assert "/" not in folder and "\\" not in folder
    assert len(folder) <= 100


def test_the_folder_name_is_the_slug_for_every_valid_slug() -> None:
    assert folder_name("connector-google-sheets-2") == "connector-google-sheets-2"


@pytest.mark.parametrize("word", sorted(set(keyword.kwlist) - {"False", "None", "True"}))
def test_a_class_whose_module_name_is_a_keyword_is_refused(word: str) -> None:
    class_name = word.capitalize()  # Import -> import.py, which no Python can import
    answers = {**DEFAULT_ANSWERS, "command_class": class_name, "__command_module": word}

    [problem] = check(answers)

    assert problem.field == "command_class"
    assert f"{word}.py" in problem.rule and "keyword" in problem.rule
    fixed = {**answers, "command_class": problem.suggestion}
    assert check({**fixed, "__command_module": command_module_name(problem.suggestion)}) == []


@pytest.mark.parametrize("verb", ["Get", "Post", "Put", "Patch", "Delete", "Head"])
def test_a_command_id_the_backend_runs_itself_is_refused(verb: str) -> None:
    class_name = f"{verb}Request"
    answers = {
        **DEFAULT_ANSWERS,
        "connector_slug": "connector-http",
        "__import_name": "connector_http",
        "__display_name": "http",
        "command_class": class_name,
        "__command_module": command_module_name(class_name),
    }

    [problem] = check(answers)

    assert problem.field == "command_class"
    assert f"runs http/{class_name} itself" in problem.rule
    fixed = {**answers, "command_class": problem.suggestion}
    assert check({**fixed, "__command_module": command_module_name(problem.suggestion)}) == []
    # The same class in another connector, or another class in this one, is fine.
    other_connector = {**answers, "__display_name": "api", "connector_slug": "connector-api"}
    assert check({**other_connector, "__import_name": "connector_api"}) == []
    assert (
        check({**answers, "command_class": "GetRequests", "__command_module": "getRequests"}) == []
    )


def test_reserved_class_names_depend_on_the_example() -> None:
    smtp_only = {**DEFAULT_ANSWERS, "command_class": "SMTPServer", "__command_module": "sMTPServer"}
    blank_names = example_settings("blank")["reserved_class_names"]

    assert [p.field for p in check(smtp_only)] == ["command_class"]
    assert check_answers(smtp_only, blank_names) == []


def test_a_new_command_can_be_checked_in_a_project_without_tests(tmp_path: Path) -> None:
    commands = tmp_path / "src" / "connector_smtp" / "commands"
    commands.mkdir(parents=True)
    (commands / "__init__.py").write_text("")
    (commands / "sendEmail.py").write_text("class SendEmail:\n    pass\n")
    answers = {"__import_name": "connector_smtp"}

    new = {**answers, "command_class": "GetStatus", "__command_module": "getStatus"}
    again = {**answers, "command_class": "SendEmail", "__command_module": "sendEmail"}

    assert check_new_command(tmp_path, new) == []
    assert [p.field for p in check_new_command(tmp_path, again)] == ["command_class"]


def test_add_command_refuses_a_command_id_the_backend_runs_itself(tmp_path: Path) -> None:
    commands = tmp_path / "src" / "connector_http" / "commands"
    commands.mkdir(parents=True)
    (commands / "__init__.py").write_text("")
    answers = {"__import_name": "connector_http", "command_class": "PostRequest"}

    [problem] = check_new_command(tmp_path, {**answers, "__command_module": "postRequest"})

    assert "runs http/PostRequest itself" in problem.rule
