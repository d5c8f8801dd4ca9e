"""{{ cookiecutter.command_class }}: what it returns for good and bad parameters."""

import logging
from typing import Any

import pytest
from command_results import assert_valid_response, body_of, error_of, logs_of, status_of

from {{ cookiecutter.__import_name }}.commands.{{ cookiecutter.__command_module }} import (
    {{ cookiecutter.command_class }},
)


def test_returns_the_greeting() -> None:
    result = {{ cookiecutter.command_class }}(greeting="hello", repeat=2).execute({}, {})

    assert_valid_response(result)
    assert body_of(result) == {"message": "hello hello"}
    assert status_of(result) == 200


def test_logs_what_it_did(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    result = {{ cookiecutter.command_class }}(greeting="hello", repeat=2).execute({}, {})

    assert logs_of(result, caplog) == ["greeted 2 time(s)"]


def test_shouts_when_asked() -> None:
    command = {{ cookiecutter.command_class }}(greeting="hello", repeat=1, shout=True)

    result = command.execute({}, {})

    assert body_of(result) == {"message": "HELLO"}


def test_accepts_a_number_given_as_text() -> None:
    as_text: Any = "3"  # the proxy converts nothing: a workflow may send "3" for an int

    result = {{ cookiecutter.command_class }}(greeting="hi", repeat=as_text).execute({}, {})

    assert body_of(result) == {"message": "hi hi hi"}


@pytest.mark.parametrize("shout", [True, "true", " TRUE "])
def test_shouts_for_true_given_as_a_boolean_or_as_text(shout: Any) -> None:
    result = {{ cookiecutter.command_class }}(greeting="hi", repeat=1, shout=shout).execute({}, {})

    assert body_of(result) == {"message": "HI"}


@pytest.mark.parametrize("shout", [False, "False", "false", None])
def test_does_not_shout_for_false_given_as_a_boolean_or_as_text(shout: Any) -> None:
    result = {{ cookiecutter.command_class }}(greeting="hi", repeat=1, shout=shout).execute({}, {})

    assert body_of(result) == {"message": "hi"}


@pytest.mark.parametrize(
    ("parameters", "named", "expected"),
    [
        pytest.param({"repeat": "three"}, "repeat", "1 to 100, e.g. 3; got 'three'", id="text"),
        pytest.param({"repeat": None}, "repeat", "got None", id="none"),
        pytest.param({"repeat": 0}, "repeat", "got 0", id="zero"),
        pytest.param({"repeat": 10**12}, "repeat", "got 1000000000000", id="huge"),
        pytest.param({"repeat": "\u0663"}, "repeat", "got", id="arabic-digit"),
        pytest.param({"repeat": 2.5}, "repeat", "got 2.5", id="float"),
        pytest.param({"greeting": None}, "greeting", 'in quotes: "hello"', id="greeting-none"),
        pytest.param({"greeting": 42}, "greeting", "got 42", id="greeting-number"),
        pytest.param({"greeting": ["hi"]}, "greeting", "got ['hi']", id="greeting-list"),
        pytest.param({"shout": "yes"}, "shout", "True or False; got 'yes'", id="shout-text"),
        pytest.param({"shout": 1}, "shout", "True or False; got 1", id="shout-number"),
    ],
)
def test_a_bad_value_is_an_error_that_names_the_parameter(
    parameters: dict[str, Any], named: str, expected: str
) -> None:
    arguments = {"greeting": "hi", "repeat": 2, **parameters}
    result = {{ cookiecutter.command_class }}(**arguments).execute({}, {})

    assert_valid_response(result)
    error = error_of(result)
    assert error["error_code"] == "InvalidParameter"
    assert error["message"].startswith(named)
    assert expected in error["message"]
