"""The emulated proxy and backend (emulated_proxy.py, emulated_backend.py) on their own: the rules
of SpiffArena's backend and of the connector proxy they follow, with a command written here for
the purpose, so that each rule is checked whatever this connector's own commands return. The
rules that differ by protocol are checked in test_command_results.py."""

import json
from typing import Any, ClassVar

import pytest
from command_results import error_in, upstream_error_code
from emulated_backend import EmulatedBackend
from emulated_proxy import EmulatedProxy

from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    error_response,
    success_response,
)

SECRETS = {"TOKEN": "t-123"}
CONFIG = {"API_BASE": "https://api.example.com"}


class Recorder:
    """A command that records how the proxy called it and answers as it is told."""

    calls: ClassVar[list[tuple[dict[str, Any], Any, Any]]] = []
    answer: ClassVar[CommandResult]

    def __init__(self, **parameters: Any) -> None:
        self.parameters = parameters

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        Recorder.calls.append((self.parameters, config, task_data))
        return Recorder.answer


@pytest.fixture
def proxy() -> EmulatedProxy:
    proxy = EmulatedProxy("{{ cookiecutter.__import_name }}", CONFIG)
    proxy.commands["test/Recorder"] = Recorder
    Recorder.calls = []
    return proxy


def call(proxy: EmulatedProxy, answer: CommandResult) -> tuple[int, dict[str, Any]]:
    """Call Recorder through the proxy as the backend does; the status and the decoded answer."""
    Recorder.answer = answer
    request = {"to": "ada", "spiff__task_data": {"order": 7}, "spiff__task_id": "t1"}
    status, text = proxy.call("test/Recorder", request)
    return status, json.loads(text)


def test_the_proxy_drops_the_spiff_keys_and_passes_config_and_task_data(
    proxy: EmulatedProxy,
) -> None:
    call(proxy, success_response({"sent": True}, []))

    assert Recorder.calls == [({"to": "ada"}, CONFIG, {"order": 7})]


def test_a_success_is_no_error(proxy: EmulatedProxy) -> None:
    status, answer = call(proxy, success_response({"sent": True}, []))

    assert status == 200
    assert error_in(answer, status) is None


@pytest.mark.parametrize("upstream", [300, 404])
def test_an_upstream_status_of_300_or_more_is_thrown(proxy: EmulatedProxy, upstream: int) -> None:
    status, answer = call(proxy, success_response({"detail": "x"}, [], upstream))

    error = error_in(answer, status)

    assert error is not None and error["error_code"] == upstream_error_code(upstream)


def test_an_upstream_status_below_300_is_not(proxy: EmulatedProxy) -> None:
    status, answer = call(proxy, success_response({"detail": "x"}, [], 299))

    assert error_in(answer, status) is None


def test_an_error_code_comes_before_any_status(proxy: EmulatedProxy) -> None:
    status, answer = call(proxy, error_response("ConnectionRefusedError", "refused", []))

    assert error_in(answer, status) == {
        "error_code": "ConnectionRefusedError",
        "message": "refused",
    }
    assert error_in(answer, 502) == error_in(answer, status)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("secret:TOKEN", "t-123"),
        ("Bearer SPIFF_SECRET:TOKEN", "Bearer t-123"),
        ({"auth": {"token": "secret:TOKEN"}}, {"auth": {"token": "t-123"}}),
        (["secret:TOKEN"], ["secret:TOKEN"]),  # lists are not walked
        ("my secret:TOKEN", "my secret:TOKEN"),  # only at the start
        (7, 7),
        (None, None),
    ],
)
def test_secrets_are_put_in_as_the_backend_puts_them(
    proxy: EmulatedProxy, value: Any, expected: Any
) -> None:
    assert EmulatedBackend(SECRETS, proxy).with_secrets(value) == expected
