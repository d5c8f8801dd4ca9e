"""The workflow bridge (spiffarena.py) on its own: the rules of SpiffArena's backend and of the
connector proxy that it follows, with a command written here for the purpose where one is needed,
so that each rule is checked whatever this connector's own commands return."""

import json
from typing import Any, ClassVar

import pytest
from command_results import upstream_error_code
from spiffarena import SpiffArenaBackend

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
def backend() -> SpiffArenaBackend:
    backend = SpiffArenaBackend(SECRETS, CONFIG)
    backend.commands["test/Recorder"] = Recorder
    Recorder.calls = []
    return backend


def call(backend: SpiffArenaBackend, answer: CommandResult) -> tuple[int, dict[str, Any]]:
    """Call Recorder through the proxy as the backend does; the status and the decoded answer."""
    Recorder.answer = answer
    request = {"to": "ada", "spiff__task_data": {"order": 7}, "spiff__task_id": "t1"}
    status, text = backend.proxy("test/Recorder", request)
    return status, json.loads(text)


def test_the_proxy_drops_the_spiff_keys_and_passes_config_and_task_data(
    backend: SpiffArenaBackend,
) -> None:
    call(backend, success_response({"sent": True}, []))

    assert Recorder.calls == [({"to": "ada"}, CONFIG, {"order": 7})]


def test_a_success_is_no_error(backend: SpiffArenaBackend) -> None:
    status, answer = call(backend, success_response({"sent": True}, []))

    assert status == 200
    assert backend.error_in(answer, status) is None


@pytest.mark.parametrize("upstream", [300, 404])
def test_an_upstream_status_of_300_or_more_is_thrown(
    backend: SpiffArenaBackend, upstream: int
) -> None:
    status, answer = call(backend, success_response({"detail": "x"}, [], upstream))

    error = backend.error_in(answer, status)

    assert error is not None and error["error_code"] == upstream_error_code(upstream)


def test_an_upstream_status_below_300_is_not(backend: SpiffArenaBackend) -> None:
    status, answer = call(backend, success_response({"detail": "x"}, [], 299))

    assert backend.error_in(answer, status) is None


def test_an_error_code_comes_before_any_status(backend: SpiffArenaBackend) -> None:
    status, answer = call(backend, error_response("ConnectionRefusedError", "refused", []))

    assert backend.error_in(answer, status) == {
        "error_code": "ConnectionRefusedError",
        "message": "refused",
    }
    assert backend.error_in(answer, 502) == backend.error_in(answer, status)


@pytest.mark.parametrize(
    ("answer", "status", "expected"),
    [
        ({"error": {"error_code": "E"}}, 200, {"error_code": "E", "message": ""}),
        ({"error": "E"}, 200, None),
        ({"error": {"message": "m"}}, 200, None),
        ({"command_response": {"http_status": 404}}, 200, None),  # v1 has no command_response
        (
            {"command_response": {"http_status": 404}, "command_response_version": 2},
            200,
            {"error_code": "ServiceTaskHttpError404", "message": "HTTP 404"},
        ),
        (
            {"detail": "gone"},
            410,
            {
                "error_code": "ServiceTaskOperatorReturnedBadStatusError",
                "message": '{"detail": "gone"}',
            },
        ),
        (
            {"detail": "moved"},
            300,
            {
                "error_code": "ServiceTaskOperatorReturnedBadStatusError",
                "message": '{"detail": "moved"}',
            },
        ),
        ({"detail": "fine"}, 299, None),
    ],
)
def test_the_backend_reads_errors_in_its_own_order(
    answer: dict[str, Any], status: int, expected: dict[str, str] | None
) -> None:
    assert SpiffArenaBackend.error_in(answer, status) == expected


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
    backend: SpiffArenaBackend, value: Any, expected: Any
) -> None:
    assert backend.with_secrets(value) == expected
