"""Each schema of tests/schemas/ is a valid JSON Schema, takes the messages the protocol allows and
refuses each shape the protocol forbids."""

import copy
from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from protocol_schemas import NAMES, REGISTRY, SUFFIX, assert_matches, violations

JSON = "application/json"
ENVELOPE: dict[str, Any] = {
    "command_response": {"body": {"sent": True}, "mimetype": JSON, "http_status": 200},
    "command_response_version": 2,
    "error": None,
    "spiff__logs": ["connected"],
}
FAILED = {**ENVELOPE, "error": {"error_code": "TimeoutError", "message": "no answer in 30 s"}}
LISTING = [{"id": "demo/Send", "parameters": [{"id": "to", "type": "str", "required": True}]}]
{%- if cookiecutter.protocol == 'v1' %}
ANSWER_V1 = {"response": '{"sent": true}', "status": 200, "mimetype": JSON}
{%- endif %}


def changed(message: Any, path: str, value: Any) -> Any:
    """`message` with the value at `path` (keys joined by "."; "-" removes it) replaced."""
    result = copy.deepcopy(message)
    *parents, last = path.split(".")
    inner = result
    for key in parents:
        inner = inner[int(key) if isinstance(inner, list) else key]
    if value == "-":
        del inner[last]
    else:
        inner[int(last) if isinstance(inner, list) else last] = value
    return result


# What the protocol allows: each schema, and messages it must take.
ALLOWED: dict[str, list[Any]] = {
    "commands": [LISTING, [], [{"id": "demo/Send", "parameters": [], "extra": "ignored"}]],
    "envelope": [ENVELOPE, FAILED, changed(ENVELOPE, "command_response.mimetype", "text/plain")],
    "accepted": [changed(ENVELOPE, "command_response.http_status", "-"), FAILED],
    "callback": [ENVELOPE, FAILED],
{%- if cookiecutter.protocol == 'v1' %}
    "answer_v1": [ANSWER_V1, {**ANSWER_V1, "status": 404}],
{%- endif %}
}


ENVELOPE_FORBIDS = {
    "no command_response": changed(ENVELOPE, "command_response", "-"),
    "no command_response.body": changed(ENVELOPE, "command_response.body", "-"),
    "no mimetype": changed(ENVELOPE, "command_response.mimetype", "-"),
    "an empty mimetype": changed(ENVELOPE, "command_response.mimetype", ""),
    "http_status as text": changed(ENVELOPE, "command_response.http_status", "200"),
    "http_status not whole": changed(ENVELOPE, "command_response.http_status", 200.5),
    "http_status below 100": changed(ENVELOPE, "command_response.http_status", 99),
    "http_status above 599": changed(ENVELOPE, "command_response.http_status", 600),
    "headers not an object": changed(ENVELOPE, "command_response.headers", ["a"]),
    "no command_response_version": changed(ENVELOPE, "command_response_version", "-"),
    "command_response_version 1": changed(ENVELOPE, "command_response_version", 1),
    "command_response_version as text": changed(ENVELOPE, "command_response_version", "2"),
    "no error": changed(ENVELOPE, "error", "-"),
    "an error as text": changed(ENVELOPE, "error", "it failed"),
    "an error without error_code": changed(FAILED, "error.error_code", "-"),
    "an empty error_code": changed(FAILED, "error.error_code", ""),
    "an error_code not text": changed(FAILED, "error.error_code", 500),
    "an error without message": changed(FAILED, "error.message", "-"),
    "no spiff__logs": changed(ENVELOPE, "spiff__logs", "-"),
    "spiff__logs as text": changed(ENVELOPE, "spiff__logs", "connected"),
    "a log line not text": changed(ENVELOPE, "spiff__logs", [{"line": 1}]),
    "not an object": [ENVELOPE],
}
# What the protocol forbids: each schema, and messages it must refuse.
FORBIDDEN: dict[str, dict[str, Any]] = {
    "commands": {
        "not a list": {"commands": LISTING},
        "a command without id": changed(LISTING, "0.id", "-"),
        "an id without its connector": changed(LISTING, "0.id", "Send"),
        "a command without parameters": changed(LISTING, "0.parameters", "-"),
        "a parameter without id": changed(LISTING, "0.parameters.0.id", "-"),
        "a type the editor does not know": changed(LISTING, "0.parameters.0.type", "float"),
        "required as text": changed(LISTING, "0.parameters.0.required", "yes"),
        "a parameter without required": changed(LISTING, "0.parameters.0.required", "-"),
    },
    "envelope": ENVELOPE_FORBIDS,
    "accepted": ENVELOPE_FORBIDS,
    "callback": ENVELOPE_FORBIDS,
{%- if cookiecutter.protocol == 'v1' %}
    "answer_v1": {
        "no response": changed(ANSWER_V1, "response", "-"),
        "a response that is not text": changed(ANSWER_V1, "response", {"sent": True}),
        "status as text": changed(ANSWER_V1, "status", "200"),
        "status not whole": changed(ANSWER_V1, "status", 200.5),
        "no status": changed(ANSWER_V1, "status", "-"),
        "no mimetype": changed(ANSWER_V1, "mimetype", "-"),
    },
{%- endif %}
}


def cases(table: dict[str, Any], each: Callable[[Any], list[Any]]) -> list[Any]:
    return [
        pytest.param(name, case, id=f"{name}: {label}")
        for name, value in table.items()
        for label, case in each(value)
    ]


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_a_valid_json_schema(name: str) -> None:
    Draft202012Validator.check_schema(REGISTRY.contents(name + SUFFIX))


def test_every_schema_is_tested() -> None:
    assert sorted(ALLOWED) == sorted(FORBIDDEN) == NAMES


@pytest.mark.parametrize(
    ("name", "message"), cases(ALLOWED, lambda messages: list(enumerate(messages)))
)
def test_a_schema_takes_what_the_protocol_allows(name: str, message: Any) -> None:
    assert_matches(name, message)


@pytest.mark.parametrize(("name", "message"), cases(FORBIDDEN, lambda shapes: shapes.items()))
def test_a_schema_refuses_what_the_protocol_forbids(name: str, message: Any) -> None:
    assert violations(name, message)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), (1, 2), {1: "a"}])
def test_a_message_must_survive_json(value: Any) -> None:
    with pytest.raises(AssertionError):
        assert_matches("envelope", changed(ENVELOPE, "command_response.body", {"value": value}))
