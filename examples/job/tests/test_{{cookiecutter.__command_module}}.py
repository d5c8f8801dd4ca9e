"""{{ cookiecutter.command_class }} against a local job API on 127.0.0.1: the job it starts, how it
waits for it and what comes back, by `execute` (to the end) and by `execute_async` (at once, then
a callback to a local SpiffArena endpoint).

The delivery of a callback on its own is in test_callback.py, the runners in test_job_runners.py.
"""

import base64
import gzip
import html
import json
import logging
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from command_results import assert_valid_response, body_of, error_of, status_of
from job_servers import (
    CALLBACK_PATH,
    SERVICE_ACCOUNT_KEY,
    TOKEN,
    hanging_name_lookup,
    serve_callbacks,
    serve_jobs,
)
from protocol_schemas import assert_matches
from pytest_httpserver import HTTPServer
from werkzeug import Response

from {{ cookiecutter.__import_name }}.commands.{{ cookiecutter.__command_module }} import (
    {{ cookiecutter.command_class }},
)
from {{ cookiecutter.__import_name }}.protocol import CommandResult

CONFIG = {"SPIFFWORKFLOW_API_KEY": SERVICE_ACCOUNT_KEY, "CALLBACK_FIRST_RETRY_SECONDS": "0.05"}


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    """pytest-httpserver's server, shared by the whole run: cleared after each test."""
    return httpserver


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    yield caplog
    # caplog.text is this phase's alone (teardown's, here): read the records of every phase.
    records = [r for when in ("setup", "call", "teardown") for r in caplog.get_records(when)]
    for record in records:
        text = logging.Formatter().format(record)
        assert TOKEN not in text and SERVICE_ACCOUNT_KEY not in text, text


def command(server: HTTPServer, **parameters: Any) -> {{ cookiecutter.command_class }}:
    arguments = {
        "url": server.url_for("/jobs"),
        "json_body": {"report": "quarterly"},
        "auth": "bearer",
        "auth_secret": TOKEN,
        "poll_seconds": 1,
        "timeout": 5,
        **parameters,
    }
    return {{ cookiecutter.command_class }}(**arguments)


def run(server: HTTPServer, **parameters: Any) -> CommandResult:
    result = command(server, **parameters).execute({}, {})
    assert_valid_response(result)
    assert TOKEN not in json.dumps(result)
    return result


def run_async(server: HTTPServer, config: Any = CONFIG, **parameters: Any) -> dict[str, Any]:
    callback_url = server.url_for(CALLBACK_PATH)
    answer = command(server, **parameters).execute_async(config, {}, callback_url=callback_url)
    assert_matches("accepted", answer)
    assert TOKEN not in json.dumps(answer)
    return answer


def test_starts_the_job_waits_for_it_and_returns_its_result(server: HTTPServer) -> None:
    jobs = serve_jobs(server, running_for=2, result={"rows": 42})

    result = run(server, poll_seconds=1)

    assert body_of(result) == {"state": "succeeded", "result": {"rows": 42}}
    assert status_of(result) == 200
    [start] = jobs.started
    assert start.get_json() == {"report": "quarterly"}
    assert len(jobs.status_reads) == 3
    for request in [start, *jobs.status_reads]:
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"


def test_the_status_url_may_come_in_the_answer(server: HTTPServer) -> None:
    answer = {"id": 1, "status_url": "/jobs/1"}
    server.expect_request("/v2/jobs", method="POST").respond_with_json(answer, status=202)
    jobs = serve_jobs(server, running_for=0, result="done")

    assert body_of(run(server, url=server.url_for("/v2/jobs")))["result"] == "done"
    assert len(jobs.status_reads) == 1


def test_a_failed_job_is_an_error_with_the_api_s_message(server: HTTPServer) -> None:
    serve_jobs(server, running_for=1, ends="failed")

    assert error_of(run(server)) == {"error_code": "JobFailed", "message": "the job failed"}


@pytest.mark.parametrize(
    ("answer", "headers", "message"),
    [
        ((json.dumps({"error": "no"}), 403), {}, "the API answered 403 to the start of the job"),
        ((json.dumps({"id": 1}), 202), {}, "the API named no status URL"),
        (
            ("{}", 202),
            {"Location": "https://elsewhere.example/jobs/1"},
            "the API named a status URL on another host: it gets no credentials",
        ),
    ],
)
def test_a_job_the_api_does_not_start_is_an_error(
    server: HTTPServer, answer: tuple[str, int], headers: dict[str, str], message: str
) -> None:
    server.expect_request("/jobs", method="POST").respond_with_data(
        answer[0], answer[1], headers=headers, content_type="application/json"
    )

    error = error_of(run(server))

    assert error["error_code"] == "JobNotStarted"
    assert error["message"].startswith(message)
    assert len(server.log) == 1, "no status was read"


def test_a_status_that_is_not_one_is_an_error(server: HTTPServer) -> None:
    serve_jobs(server, status="<html>Service Unavailable</html>")

    assert error_of(run(server)) == {
        "error_code": "JobStatusUnreadable",
        "message": "the status call answered 200 without a status",
    }


def test_a_status_call_answered_with_503_is_asked_again(server: HTTPServer) -> None:
    done = json.dumps({"state": "succeeded", "result": 1})
    answers = iter([Response("busy", 503), Response(done, 200, content_type="application/json")])
    server.expect_request("/jobs", method="POST").respond_with_data(
        "{}", 202, headers={"Location": "/jobs/1"}
    )
    server.expect_request("/jobs/1").respond_with_handler(lambda request: next(answers))

    result = run(server)

    assert body_of(result)["result"] == 1
    assert len(server.log) == 3


def test_the_timeout_bounds_the_whole_job(server: HTTPServer) -> None:
    serve_jobs(server, running_for=1000)

    started = time.monotonic()
    error = error_of(run(server, timeout=1))
    elapsed = time.monotonic() - started

    assert error == {"error_code": "TimeoutError", "message": "the job did not end within 1 s"}
    assert elapsed < 1 + 1


def test_the_timeout_bounds_an_api_that_hangs(server: HTTPServer) -> None:
    serve_jobs(server, slow=1.5)  # each status call takes longer than the whole job may

    started = time.monotonic()
    error = error_of(run(server, timeout=1))
    elapsed = time.monotonic() - started

    assert error == {"error_code": "TimeoutError", "message": "the job did not end within 1 s"}
    assert elapsed < 1 + 0.4


def test_an_answer_longer_than_the_cap_is_an_error(server: HTTPServer) -> None:
    serve_jobs(server, running_for=0, result="x" * 5000)

    error = error_of(run(server, max_response_bytes=1000))

    assert error == {
        "error_code": "ResponseTooLarge",
        "message": "an answer is longer than max_response_bytes (1000)",
    }


def test_a_compressed_answer_is_capped_as_it_decodes(server: HTTPServer) -> None:
    # Under a kilobyte that decodes to 100 MB: gzip of gzip of zeros, as the job's start answer.
    bomb = gzip.compress(gzip.compress(bytes(100_000_000), compresslevel=9), compresslevel=9)
    headers = {"Content-Encoding": "gzip, gzip"}
    server.expect_request("/jobs", method="POST").respond_with_data(bomb, 202, headers)

    started = time.process_time()  # CPU seconds: other work on the machine does not count
    error = error_of(run(server, max_response_bytes=1_000_000, timeout=5))

    assert error["error_code"] == "ResponseTooLarge"
    assert time.process_time() - started < 2


def test_credentials_the_api_echoes_never_come_back(server: HTTPServer) -> None:
    serve_jobs(server, running_for=0, result={"seen": f"Bearer {TOKEN}", TOKEN: [TOKEN]})

    result = body_of(run(server))["result"]

    assert result == {"seen": "Bearer [redacted]", "[redacted]": ["[redacted]"]}


def test_credentials_echoed_in_other_encodings_never_come_back(server: HTTPServer) -> None:
    user, secret = "ada.lovelace", 'tok/en&"x"'
    pair = base64.urlsafe_b64encode(f"{user}:{secret}".encode()).decode()
    echoed = {"url": quote(secret, safe=""), "html": html.escape(secret), "basic": pair, "u": user}
    serve_jobs(server, running_for=0, result=echoed)

    result = body_of(run(server, auth="basic", auth_user=user, auth_secret=secret))["result"]

    assert result == dict.fromkeys(echoed, "[redacted]")


def test_a_name_lookup_that_hangs_ends_with_the_timeout_and_nothing_is_sent_later(
    server: HTTPServer,
) -> None:
    serve_jobs(server, running_for=0, result={"rows": 1})
    with hanging_name_lookup(seconds=2) as answered:
        started = time.monotonic()
        error = error_of(run(server, timeout=1))
        took = time.monotonic() - started
        answered.wait(timeout=5)

    assert error == {"error_code": "TimeoutError", "message": "the job did not end within 1 s"}
    assert took < 1.5, f"{took:.1f} s"
    time.sleep(0.2)  # what the late answer could have started
    assert server.log == []


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"url": "ftp://x"}, "url must start with http:// or https:// and name a host"),
        ({"poll_seconds": 0}, "poll_seconds must be a whole number from 1 to 3600, e.g. 5"),
        ({"timeout": 86401}, "timeout must be a whole number from 1 to 86400, e.g. 3600"),
        ({"json_body": "{oops"}, 'json_body is not valid JSON text, e.g. {"report": 7}'),
        ({"auth_secret": "zoë"}, "auth_secret must be printable ASCII"),
        ({"auth": "basic"}, 'auth "basic" needs auth_user too'),
    ],
)
def test_a_parameter_that_does_not_fit_is_refused_before_anything_starts(
    server: HTTPServer, parameters: dict[str, Any], message: str
) -> None:
    error = error_of(run(server, **parameters))

    assert error["error_code"] == "InvalidParameter"
    assert error["message"].startswith(message)
    assert server.log == []


def test_execute_async_answers_at_once_and_calls_back_when_the_job_ends(
    server: HTTPServer,
) -> None:
    serve_jobs(server, running_for=1, result={"rows": 42}, slow=0.3)
    callbacks = serve_callbacks(server)

    started = time.monotonic()
    answer = run_async(server)
    answered_in = time.monotonic() - started

    assert answered_in < 0.5, "the 202 does not wait for the job, which takes 1.3 s"
    assert (answer["error"], answer["command_response"]["body"]) == (None, {"state": "started"})
    headers, envelope = callbacks.wait()
    assert envelope["command_response"]["body"] == {"state": "succeeded", "result": {"rows": 42}}
    assert envelope["error"] is None
    assert headers["Content-Type"] == "application/json"
    assert headers["Spiffworkflow-Api-Key"] == SERVICE_ACCOUNT_KEY
    assert TOKEN not in json.dumps(envelope)


def test_a_job_that_fails_calls_back_with_its_error(server: HTTPServer) -> None:
    serve_jobs(server, running_for=0, ends="failed")
    callbacks = serve_callbacks(server)

    run_async(server)

    _, envelope = callbacks.wait()
    assert envelope["error"] == {"error_code": "JobFailed", "message": "the job failed"}


def test_a_bad_parameter_fails_the_task_at_once_and_starts_nothing(server: HTTPServer) -> None:
    callbacks = serve_callbacks(server)

    answer = run_async(server, poll_seconds="often")

    assert answer["error"]["error_code"] == "InvalidParameter"
    assert answer["error"]["message"].startswith("poll_seconds must be a whole number")
    assert server.log == [] and not callbacks.arrived.wait(0.2)


@pytest.mark.parametrize("config", [{}, {"SPIFFWORKFLOW_API_KEY": "  "}])
def test_a_proxy_without_the_service_account_s_key_refuses_at_once(
    server: HTTPServer, config: dict[str, str]
) -> None:
    answer = run_async(server, config=config)

    assert answer["error"] == {
        "error_code": "CallbackNotConfigured",
        "message": "the proxy has no SpiffArena service account key to call back with: set "
        "CONNECTOR_PROXY_SPIFFWORKFLOW_API_KEY in its environment",
    }
    assert server.log == []
