{%- if cookiecutter.protocol == "v2" -%}
"""Reading and checking what commands return: protocol version 2."""

import json
from typing import Any

from {{ cookiecutter.__import_name }}.protocol import (
    CommandErrorDict,
    ConnectorProxyResponseDict,
)


def body_of(result: ConnectorProxyResponseDict) -> dict[str, Any]:
    """The body of a successful result."""
    assert result["error"] is None, f"the command failed: {result['error']}"
    return result["command_response"]["body"]


def error_of(result: ConnectorProxyResponseDict) -> CommandErrorDict:
    """The error of a failed result."""
    assert result["error"] is not None, f"the command succeeded: {result['command_response']}"
    return result["error"]


def assert_valid_envelope(result: Any) -> None:
    """The result has the shape the proxy and SpiffArena expect, and survives JSON."""
    assert isinstance(result, dict)
    assert set(result) == {"command_response", "error", "command_response_version", "spiff__logs"}
    assert result["command_response_version"] == 2
    response = result["command_response"]
    assert set(response) == {"body", "mimetype", "http_status"}
    assert isinstance(response["body"], dict), "return the body as a dict, not as JSON text"
    assert response["mimetype"] == "application/json"
    assert isinstance(response["http_status"], int)
    error = result["error"]
    if error is not None:
        assert set(error) == {"error_code", "message"}
        assert isinstance(error["error_code"], str) and error["error_code"]
        assert isinstance(error["message"], str)
    assert all(isinstance(line, str) for line in result["spiff__logs"])
    assert json.loads(json.dumps(result)) == result
{%- else -%}
"""Reading and checking what commands return: the tutorial's protocol (v1)."""

import json
from typing import Any

from {{ cookiecutter.__import_name }}.protocol import CommandResultDictV1


def _payload(result: CommandResultDictV1) -> dict[str, Any]:
    payload = json.loads(result["response"])
    assert isinstance(payload, dict)
    return payload


def body_of(result: CommandResultDictV1) -> dict[str, Any]:
    """The body of a successful result."""
    payload = _payload(result)
    assert "error" not in payload, f"the command failed: {payload['error']}"
    return payload


def error_of(result: CommandResultDictV1) -> dict[str, str]:
    """The error of a failed result: it travels inside the response, with status 200."""
    payload = _payload(result)
    assert "error" in payload, f"the command succeeded: {payload}"
    error: dict[str, str] = payload["error"]
    return error


def assert_valid_envelope(result: Any) -> None:
    """The result has the shape the proxy sends back as it is, and survives JSON."""
    assert isinstance(result, dict)
    assert set(result) == {"response", "status", "mimetype"}
    assert isinstance(result["response"], str), "v1 returns the response as JSON text"
    assert isinstance(json.loads(result["response"]), dict)
    assert result["status"] == 200, "v1 reports failures inside the response, with status 200"
    assert result["mimetype"] == "application/json"
    error = json.loads(result["response"]).get("error")
    if error is not None:
        assert set(error) == {"error_code", "message"}
        assert isinstance(error["error_code"], str) and error["error_code"]
    assert json.loads(json.dumps(result)) == result
{%- endif %}
