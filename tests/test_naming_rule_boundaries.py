"""Each naming rule on both sides of each of its boundaries: the last value that passes and the
first that does not, with the message and the suggestion a person gets."""

import pytest
from test_naming_rules import DEFAULT_ANSWERS, check

from template_helpers.jinja_extension import display_name
from template_helpers.naming_report import format_report
from template_helpers.naming_rules import (
    MAX_CLASS_NAME_LENGTH,
    MAX_IMPORT_NAME_LENGTH,
    SHARED_NAMES,
    Problem,
    check_answers,
    command_module_name,
    suggest_class_name,
    suggest_import_name,
    suggest_slug,
)


def with_name(import_name: str) -> dict[str, str]:
    """The default answers for a connector whose import name is `import_name`."""
    return {
        **DEFAULT_ANSWERS,
        "connector_slug": import_name.replace("_", "-"),
        "__import_name": import_name,
        "__display_name": display_name(import_name),
    }


def with_class(class_name: str) -> dict[str, str]:
    return {
        **DEFAULT_ANSWERS,
        "command_class": class_name,
        "__command_module": command_module_name(class_name),
    }


def fields(problems: list[Problem]) -> list[str]:
    return [problem.field for problem in problems]


LONGEST_IMPORT_NAME = "connector_" + "a" * (MAX_IMPORT_NAME_LENGTH - len("connector_"))


@pytest.mark.parametrize(
    "import_name",
    ["connector_a", "connector_2fa", "connector_google_sheets_2", LONGEST_IMPORT_NAME],
)
def test_import_names_that_pass(import_name: str) -> None:
    assert check(with_name(import_name)) == []


SLUG_RULE = (
    'lowercase kebab-case starting with "connector-": lowercase letters and digits, '
    "words joined by single dashes, at most 40 characters"
)
IMPORT_NAME_RULE = (
    'a lowercase Python identifier: "connector_" followed by lowercase letters and digits, '
    "words joined by single underscores, at most 40 characters "
    "(the proxy only looks at modules whose name starts with connector_)"
)
BAD_IMPORT_NAMES = [
    "connector_",  # nothing after the prefix
    "connector",
    "connectors_smtp",
    "connector_Smtp",  # uppercase
    "connector__smtp",  # doubled underscore
    "connector_smtp__mail",
    "connector_smtp_",  # trailing underscore
    "connector_smtp!",  # a valid start is not enough: the whole name must match
    "my_connector_smtp",
    LONGEST_IMPORT_NAME + "a",
]


@pytest.mark.parametrize("import_name", BAD_IMPORT_NAMES)
def test_import_names_given_apart_that_are_refused_with_one_that_passes(import_name: str) -> None:
    answers = {**DEFAULT_ANSWERS, "__import_name": import_name}  # the slug stays connector-smtp
    suggestion = suggest_import_name(import_name)

    assert check(answers) == [Problem("__import_name", import_name, IMPORT_NAME_RULE, suggestion)]
    assert check(with_name(suggestion)) == []


@pytest.mark.parametrize("slug", [name.replace("_", "-") for name in BAD_IMPORT_NAMES])
def test_slugs_that_are_refused_once_with_one_that_passes(slug: str) -> None:
    answers = {**with_name(slug.replace("-", "_")), "connector_slug": slug}
    suggestion = suggest_slug(slug)

    assert check(answers) == [Problem("connector_slug", slug, SLUG_RULE, suggestion)]
    assert check(with_name(suggestion.replace("-", "_"))) == []


def test_an_import_name_given_apart_from_a_bad_slug_is_reported_too() -> None:
    answers = {**DEFAULT_ANSWERS, "connector_slug": "connector--x", "__import_name": "connector_X"}

    assert check(answers) == [
        Problem("connector_slug", "connector--x", SLUG_RULE, "connector-x"),
        Problem("__import_name", "connector_X", IMPORT_NAME_RULE, "connector_x"),
    ]


def test_a_slug_and_import_name_that_disagree_are_refused() -> None:
    answers = {**DEFAULT_ANSWERS, "connector_slug": "connector-mail"}

    [problem] = check(answers)

    assert (problem.field, problem.value, problem.suggestion) == (
        "connector_slug",
        "connector-mail",
        "connector-smtp",
    )
    assert (
        problem.rule == "must match the import name 'connector_smtp', with dashes for underscores"
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # Cut before the word the limit falls in (here on a dash, which is dropped), not in it.
        ("a" * 29 + " bbbb", "connector-" + "a" * 29),
        ("a" * 30 + " bbbb", "connector-" + "a" * 30),
        ("a" * 28 + " bbbb", "connector-" + "a" * 28),
        ("Super Extremely Long Enterprise Resource Planning", "connector-super-extremely-long"),
        # One word longer than the limit is cut where the limit falls.
        ("a" * 35, "connector-" + "a" * 30),
        ("Connector Mail", "connector-mail"),
        ("connectors", "connector-connectors"),
    ],
)
def test_a_suggested_slug_stays_within_the_limit_and_passes(typed: str, expected: str) -> None:
    assert suggest_slug(typed) == expected
    assert len(expected) <= MAX_IMPORT_NAME_LENGTH
    assert check(with_name(expected.replace("-", "_"))) == []


LONGEST_CLASS_NAME = "A" + "b" * (MAX_CLASS_NAME_LENGTH - 1)


@pytest.mark.parametrize("class_name", ["X", "SendEmail2", "HTTPGet", LONGEST_CLASS_NAME])
def test_class_names_that_pass(class_name: str) -> None:
    assert check(with_class(class_name)) == []


@pytest.mark.parametrize(
    ("class_name", "suggestion"),
    [
        ("sendEmail", "SendEmail"),
        ("Send_Email", "SendEmail"),
        ("SendEmail!", "SendEmail"),  # the whole name must match, not its start
        ("Éclair", "Eclair"),
        ("2Fa", "My2Fa"),
        (LONGEST_CLASS_NAME + "c", LONGEST_CLASS_NAME),
    ],
)
def test_class_names_that_are_refused_with_one_that_passes(
    class_name: str, suggestion: str
) -> None:
    [problem] = check(with_class(class_name))

    assert (problem.field, problem.value, problem.suggestion) == (
        "command_class",
        class_name,
        suggestion,
    )
    assert problem.rule == (
        "a PascalCase class name: an ASCII capital letter, then letters and digits, "
        f"at most {MAX_CLASS_NAME_LENGTH} characters"
    )
    assert check(with_class(suggestion)) == []


@pytest.mark.parametrize("class_name", ["Exception", "None", "Any", "CommandResult", "SMTPServer"])
def test_class_names_the_generated_code_already_uses_are_refused(class_name: str) -> None:
    [problem] = check(with_class(class_name))

    assert problem.field == "command_class"
    assert problem.rule.startswith("must not be a Python keyword, a builtin or a name")
    assert problem.suggestion == class_name + "Command"


def test_a_suggestion_that_clashes_at_the_limit_stays_within_it() -> None:
    taken = LONGEST_CLASS_NAME
    suggestion = suggest_class_name(taken + "bbbb", [taken])

    assert suggestion == taken[: MAX_CLASS_NAME_LENGTH - len("Command")] + "Command"
    assert len(suggestion) == MAX_CLASS_NAME_LENGTH
    assert check_answers(with_class(suggestion), [taken]) == []
    assert [p.suggestion for p in check_answers(with_class(taken), [taken])] == [suggestion]


def test_every_shared_name_is_refused_whatever_the_example() -> None:
    for name in SHARED_NAMES:
        assert fields(check_answers(with_class(name), [])) == ["command_class"], name


@pytest.mark.parametrize("email", ["a@b.co", "first.last+tag@mail.example.org", "x_y@d-1.io"])
def test_emails_that_pass(email: str) -> None:
    assert check({**DEFAULT_ANSWERS, "author_email": email}) == []


@pytest.mark.parametrize(
    "email",
    ["you@localhost", "@example.com", "you@", "you@@example.com", "a b@c.de", "a@b.co ", "a@b."],
)
def test_emails_that_are_refused(email: str) -> None:
    [problem] = check({**DEFAULT_ANSWERS, "author_email": email})

    assert (problem.field, problem.value, problem.suggestion) == (
        "author_email",
        email,
        "you@example.com",
    )
    assert problem.rule == "an email address like name@example.com"


@pytest.mark.parametrize("field", ["connector_name", "description", "author_name"])
@pytest.mark.parametrize(
    "breaking", ["\n", "\r", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]
)
def test_text_with_a_line_break_or_control_character_is_refused(field: str, breaking: str) -> None:
    value = f"one{breaking}two {breaking} three"  # each becomes a space, then runs of them one
    answers = {**DEFAULT_ANSWERS, field: value}

    problems = check(answers)

    assert [(p.field, p.value, p.suggestion) for p in problems] == [(field, value, "one two three")]
    assert problems[0].rule == (
        "one line of text: no line breaks or control characters (tabs are fine)"
    )


@pytest.mark.parametrize("field", ["connector_name", "description", "author_name"])
@pytest.mark.parametrize("value", ["tab\tseparated", "Zoë Ångström", "a\u00a0b", "🚀"])
def test_text_with_tabs_and_any_printable_character_passes(field: str, value: str) -> None:
    assert check({**DEFAULT_ANSWERS, field: value}) == []


@pytest.mark.parametrize(
    ("field", "example"), [("connector_name", "SMTP"), ("author_name", "Ada Lovelace")]
)
@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_name_is_refused_with_an_example(field: str, example: str, blank: str) -> None:
    assert check({**DEFAULT_ANSWERS, field: blank}) == [
        Problem(field, blank, "must not be blank", example)
    ]


def test_a_blank_description_passes() -> None:
    assert check({**DEFAULT_ANSWERS, "description": ""}) == []


def test_a_version_that_is_not_pep_440_is_refused_with_one_that_is() -> None:
    assert check({**DEFAULT_ANSWERS, "version": "v-one"}) == [
        Problem("version", "v-one", "a PEP 440 version like 0.1.0 or 1.0.0rc1", "0.1.0")
    ]


def test_a_module_name_not_derived_from_the_class_is_refused() -> None:
    answers = {**DEFAULT_ANSWERS, "__command_module": "send_email"}

    assert check(answers) == [
        Problem(
            "__command_module",
            "send_email",
            "the command module's name is derived from command_class ('SendEmail')",
            "sendEmail",
        )
    ]


def test_a_command_id_the_backend_runs_is_refused_with_a_free_one() -> None:
    answers = {**with_name("connector_http"), "command_class": "GetRequest"}
    answers["__command_module"] = "getRequest"

    assert check(answers) == [
        Problem(
            "command_class",
            "GetRequest",
            "SpiffArena's backend runs http/GetRequest itself: a command with this id is never "
            "called",
            "GetRequestCommand",
        )
    ]


def test_every_problem_is_reported_in_the_order_of_the_questions() -> None:
    answers = {
        **DEFAULT_ANSWERS,
        "connector_name": "",
        "description": "a\nb",
        "author_name": "",
        "connector_slug": "connector-x",
        "author_email": "nobody",
        "version": "new",
        "command_class": "if",
        "__command_module": "if",
    }

    problems = check(answers)

    assert fields(problems) == [
        "connector_name",
        "description",
        "author_name",
        "connector_slug",
        "author_email",
        "version",
        "command_class",
    ]
    rerun = {problem.field: problem.suggestion for problem in problems}
    report = format_report(problems, {**answers, "_template": "t", "_output_dir": "."}, rerun)
    assert report.startswith("Cannot generate this connector: 7 answers break the naming rules.")
    for problem in problems:
        assert f"  {problem.field} = {problem.value!r}\n    rule: {problem.rule}\n" in report
        assert f"    try:  {problem.suggestion}\n" in report
