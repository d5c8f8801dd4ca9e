"""{{ cookiecutter.command_class }}: what it returns for good and bad parameters."""

from typing import Any

import pytest
from command_results import assert_valid_response, body_of, error_of

from {{ cookiecutter.__import_name }}.commands.{{ cookiecutter.__command_module }} import (
    {{ cookiecutter.command_class }},
)


def test_returns_the_greeting() -> None:
    result = {{ cookiecutter.command_class }}(greeting="hello", repeat=2).execute({}, {})

    assert_valid_response(result)
    assert body_of(result) == {"message": "hello hello"}


def test_shouts_when_asked() -> None:
    command = {{ cookiecutter.command_class }}(greeting="hello", repeat=1, shout=True)

    result = command.execute({}, {})

    assert body_of(result) == {"message": "HELLO"}


def test_accepts_a_number_given_as_text() -> None:
    as_text: Any = "3"  # the proxy converts nothing: a workflow may send "3" for an int

    result = {{ cookiecutter.command_class }}(greeting="hi", repeat=as_text).execute({}, {})

    assert body_of(result) == {"message": "hi hi hi"}


@pytest.mark.parametrize("repeat", ["three", None])
def test_a_bad_number_is_an_error_that_names_the_parameter(repeat: Any) -> None:
    result = {{ cookiecutter.command_class }}(greeting="hi", repeat=repeat).execute({}, {})

    assert_valid_response(result)
    error = error_of(result)
    assert error["error_code"] == "InvalidParameter"
    assert "repeat" in error["message"]
