"""{{ cookiecutter.command_class }}: what it returns for good and bad parameters."""

from typing import Any

import pytest
from command_results import assert_valid_response, body_of, error_of

from {{ cookiecutter.__import_name }}.commands.{{ cookiecutter.__command_module }} import (
    {{ cookiecutter.command_class }},
)


def test_returns_the_name() -> None:
    result = {{ cookiecutter.command_class }}(name="Ada").execute({}, {})

    assert_valid_response(result)
    assert body_of(result) == {"name": "Ada"}


@pytest.mark.parametrize("name", [None, 42, " ", ["Ada"]])
def test_a_name_that_is_not_text_is_an_error_that_names_it(name: Any) -> None:
    result = {{ cookiecutter.command_class }}(name=name).execute({}, {})

    assert_valid_response(result)
    assert error_of(result)["error_code"] == "InvalidParameter"
    assert error_of(result)["message"].startswith("name needs text")
