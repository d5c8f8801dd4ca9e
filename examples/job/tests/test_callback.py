"""The callback to SpiffArena on its own (callback.py), against a local endpoint that answers as
SpiffArena does: sent again after a connection error, a 5xx or a 429, for a bounded time; never
again once SpiffArena took it; ended at once by a 400, 401 or 403, with one log line naming the
cause. The key and the envelope are never logged."""

import logging
import time

import pytest
from job_servers import CALLBACK_PATH, COMPLETED, SERVICE_ACCOUNT_KEY, serve_callbacks
from protocol_schemas import assert_matches
from pytest_httpserver import HTTPServer

from {{ cookiecutter.__import_name }}.callback import deliver, envelope

OUTCOME = envelope({"state": "succeeded", "result": {"rows": 42}}, None, ["started"])


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    return httpserver


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def send(url: str, give_up_after: float = 5) -> str:
    return deliver(url, OUTCOME, SERVICE_ACCOUNT_KEY, give_up_after, first_wait=0.05)


def lines_logged(logs: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    """What the callback logged (not the HTTP client's own debug lines)."""
    mine = [record for record in logs.records if record.name.endswith(".callback")]
    return [(record.levelname, record.getMessage()) for record in mine]


def test_a_callback_spiffarena_takes_is_sent_once(
    server: HTTPServer, logs: pytest.LogCaptureFixture
) -> None:
    callbacks = serve_callbacks(server, COMPLETED)

    line = send(server.url_for(CALLBACK_PATH))

    assert line == "called back: SpiffArena took it (200)"
    [(headers, body)] = callbacks.received
    assert body == OUTCOME
    assert_matches("callback", body)
    assert headers["Spiffworkflow-Api-Key"] == SERVICE_ACCOUNT_KEY
    assert headers["Content-Type"] == "application/json"
    assert lines_logged(logs) == [("INFO", line)]


@pytest.mark.parametrize("busy", [500, 502, 503, 429])
def test_a_busy_spiffarena_gets_it_again_later(server: HTTPServer, busy: int) -> None:
    callbacks = serve_callbacks(server, (busy, {}), (busy, {}), COMPLETED)

    started = time.monotonic()
    line = send(server.url_for(CALLBACK_PATH))

    assert line == "called back: SpiffArena took it (200)"
    assert len(callbacks.received) == 3
    assert time.monotonic() - started >= 0.05 + 0.1, "it waited, longer each time"


def test_a_retry_spiffarena_schedules_is_taken_as_delivered(server: HTTPServer) -> None:
    retry = {"status": "retry_scheduled", "retries_remaining": 2, "max_retries": 3}
    callbacks = serve_callbacks(server, (200, retry))

    assert send(server.url_for(CALLBACK_PATH)) == "called back: SpiffArena took it (200)"
    assert len(callbacks.received) == 1


@pytest.mark.parametrize(
    ("status", "code", "cause"),
    [
        (400, "not_waiting_for_callback", "the task is not waiting for a callback (any more)"),
        (400, "invalid_callback_body", "the callback's body is not an envelope SpiffArena takes"),
        (400, "invalid_mimetype", "the callback was not sent as JSON"),
        (400, "", "SpiffArena refused it"),
        (401, "", "SpiffArena does not take the service account's key"),
        (403, "forbidden", "SpiffArena does not take the service account's key"),
    ],
)
def test_a_refusal_ends_it_with_one_line_that_names_the_cause(
    server: HTTPServer, logs: pytest.LogCaptureFixture, status: int, code: str, cause: str
) -> None:
    callbacks = serve_callbacks(server, (status, {"error_code": code} if code else {}))

    line = send(server.url_for(CALLBACK_PATH))

    assert line == f"callback refused ({status} {code}): {cause}"
    assert len(callbacks.received) == 1
    assert lines_logged(logs) == [("ERROR", line)]


def test_a_spiffarena_that_cannot_be_reached_is_tried_for_a_bounded_time(
    logs: pytest.LogCaptureFixture,
) -> None:
    started = time.monotonic()
    line = send("http://127.0.0.1:9/api/v1.0/tasks/7/x/callback", give_up_after=0.5)
    elapsed = time.monotonic() - started

    assert line.startswith("callback given up after ")
    assert line.endswith(" attempts: ConnectError")
    assert 0.3 < elapsed < 0.5 + 0.5
    assert SERVICE_ACCOUNT_KEY not in logs.text and "rows" not in logs.text
