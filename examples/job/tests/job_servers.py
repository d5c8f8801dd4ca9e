"""A local job API and a local SpiffArena callback endpoint, both on pytest-httpserver's server on
127.0.0.1, for RunJob's tests.

`serve_jobs` answers `POST /jobs` by starting a job (202, its status URL in `Location`) and
`GET /jobs/<n>` with its status: running for a number of reads, then succeeded or failed, or
garbage, or too slow to answer. `serve_callbacks` answers a PUT to CALLBACK_PATH as SpiffArena
would, with the answers it is given in turn, and records what arrived.
"""

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from protocol_schemas import assert_matches
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

TOKEN = "job-token-0123456789"
SERVICE_ACCOUNT_KEY = "service-account-key-0123456789"
CALLBACK_PATH = "/api/v1.0/tasks/7/0e2c-task/callback"
COMPLETED = (200, {"ok": True, "status": "completed"})


@dataclass
class Jobs:
    """What the job API saw: each start's request, and how often each job's status was read."""

    started: list[Request] = field(default_factory=list)
    status_reads: list[Request] = field(default_factory=list)


def serve_jobs(
    server: HTTPServer,
    running_for: int = 1,
    ends: str = "succeeded",
    result: Any = None,
    status: Any = None,
    slow: float = 0,
) -> Jobs:
    """A job API whose jobs report "running" `running_for` times, then end as `ends` says with
    `result` (or, when given, answer `status` as it is; after `slow` seconds)."""
    jobs = Jobs()

    def start(request: Request) -> Response:
        jobs.started.append(request)
        headers = {"Location": f"/jobs/{len(jobs.started)}"}
        return Response(json.dumps({"id": len(jobs.started)}), 202, headers, JSON)

    def report(request: Request) -> Response:
        jobs.status_reads.append(request)
        time.sleep(slow)
        if status is not None:
            return Response(status if isinstance(status, str) else json.dumps(status), 200)
        if len(jobs.status_reads) <= running_for:
            return Response(json.dumps({"state": "running"}), 200, content_type=JSON)
        answer = {"state": ends, "result": result, "message": f"the job {ends}"}
        return Response(json.dumps(answer), 200, content_type=JSON)

    server.expect_request("/jobs", method="POST").respond_with_handler(start)
    server.expect_request(re.compile(r"/jobs/\d+"), method="GET").respond_with_handler(report)
    return jobs


@dataclass
class Callbacks:
    """What SpiffArena's callback endpoint received, each PUT's headers and decoded body."""

    received: list[tuple[dict[str, str], Any]] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    def wait(self, seconds: float = 10) -> tuple[dict[str, str], Any]:
        """The last callback, once one arrived; every one that arrived is a callback message of
        the protocol (tests/schemas/callback.schema.json)."""
        assert self.arrived.wait(seconds), "no callback arrived"
        for _, body in self.received:
            assert_matches("callback", body)
        return self.received[-1]


def serve_callbacks(server: HTTPServer, *answers: tuple[int, dict[str, Any]]) -> Callbacks:
    """SpiffArena's callback endpoint, answering each PUT with the next of `answers` (the last
    one again after that)."""
    callbacks = Callbacks()
    script = list(answers or [COMPLETED])

    def answer(request: Request) -> Response:
        callbacks.received.append((dict(request.headers), json.loads(request.data)))
        status, body = script.pop(0) if len(script) > 1 else script[0]
        callbacks.arrived.set()
        return Response(json.dumps(body), status, content_type=JSON)

    server.expect_request(CALLBACK_PATH, method="PUT").respond_with_handler(answer)
    return callbacks


JSON = "application/json"


@contextmanager
def hanging_name_lookup(seconds: float) -> Iterator[threading.Event]:
    """socket.getaddrinfo as a resolver that hangs makes it: each answer comes `seconds` late.
    The event is set once a late answer has been given."""
    real = socket.getaddrinfo
    answered = threading.Event()

    def late(*arguments: Any, **keywords: Any) -> Any:
        time.sleep(seconds)
        try:
            return real(*arguments, **keywords)
        finally:
            answered.set()

    socket.getaddrinfo = late
    try:
        yield answered
    finally:
        socket.getaddrinfo = real
