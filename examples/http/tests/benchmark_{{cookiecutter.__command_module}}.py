"""What {{ cookiecutter.command_class }}'s checks cost: the same requests through its `execute` and
through httpx's async client directly (the client the command uses, so the ratio is the command's
own cost), a new HTTPS connection each, to one local server on 127.0.0.1 whose certificate both
sides trust through SSL_CERT_FILE (as a deployment trusts a private authority), every answer
accounted for. Not a test (pytest does not collect it); run it from the project's folder:

    .venv/bin/python tests/benchmark_{{ cookiecutter.__command_module }}.py --calls 1000 --runs 5

It prints each side's median time, after a warm-up and with the sides taking turns, and their
ratio, as JSON. It fails if any request goes missing or gets another request's answer.
"""

import argparse
import asyncio
import json
import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import trustme
from command_results import body_of
from http_server import running_http_server
from werkzeug import Request, Response

from {{ cookiecutter.__import_name }}.commands.{{ cookiecutter.__command_module }} import (
    {{ cookiecutter.command_class }},
)

TOKEN = "bench-token"


def via_command(url: str, number: int) -> int:
    arguments: dict[str, Any] = {"url": url, "query": {"n": number}, "auth": "bearer"}
    command = {{ cookiecutter.command_class }}(**arguments, auth_secret=TOKEN)
    return int(body_of(command.execute({}, {}))["data"]["n"])


async def bare_call(url: str, number: int) -> httpx.Response:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient() as client:
        return await client.get(url, params={"n": number}, headers=headers)


def via_httpx(url: str, number: int) -> int:
    return int(asyncio.run(bare_call(url, number)).json()["n"])


def account_for(answers: list[int], arrived: list[int], calls: int) -> None:
    """Every request reached the server once, and each got its own answer back."""
    if sorted(arrived) != list(range(calls)):
        raise SystemExit(f"{calls - len(set(arrived))} requests missing at the server")
    if answers != list(range(calls)):
        raise SystemExit("an answer came back for the wrong request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000, help="calls each way, each run")
    parser.add_argument("--runs", type=int, default=5, help="measured runs, after a warm-up")
    parser.add_argument("--quick", action="store_true", help="50 calls, one run")
    options = parser.parse_args()
    if options.quick:
        options.calls, options.runs = 50, 1
    arrived: list[int] = []
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise

    def answer(request: Request) -> Response:
        number = int(request.args["n"])
        arrived.append(number)
        return Response(json.dumps({"n": number}), content_type="application/json")

    ca = trustme.CA()
    with tempfile.TemporaryDirectory() as folder, running_http_server(ca) as server:
        bundle = Path(folder, "ca.pem")
        ca.cert_pem.write_to_path(str(bundle))
        os.environ["SSL_CERT_FILE"] = str(bundle)
        server.expect_request("/v1/items").respond_with_handler(answer)
        url = server.url_for("/v1/items")

        def batch(call_one: Callable[[str, int], int]) -> float:
            arrived.clear()
            started = time.perf_counter()
            answers = [call_one(url, number) for number in range(options.calls)]
            seconds = time.perf_counter() - started
            account_for(answers, arrived, options.calls)
            return seconds

        times: dict[str, list[float]] = {"command": [], "baseline": []}
        for run in range(options.runs + 1):
            for side, call_one in (("command", via_command), ("baseline", via_httpx)):
                seconds = batch(call_one)
                if run:  # the first run warms up
                    times[side].append(seconds)

    medians = {side: statistics.median(seconds) for side, seconds in times.items()}
    figure = f"{{ cookiecutter.command_class }} vs bare httpx, {options.calls} HTTPS calls each"
    ratio = medians["command"] / medians["baseline"]
    print(json.dumps({"figure": figure, **medians, "ratio": round(ratio, 3)}))


if __name__ == "__main__":
    main()
