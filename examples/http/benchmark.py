"""The HTTP example's benchmark: CallApi.execute against the same call made with httpx's async
client directly (the client the command uses, so that the ratio is the command's own cost): the
same requests, a new HTTPS connection each, to one local server on 127.0.0.1 whose certificate
both sides trust through SSL_CERT_FILE (as a deployment trusts a private authority), every
answer accounted for.

Plain Python, not a template: bench/run.py bakes this example and calls `compare`.
"""

import asyncio
import importlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import trustme
from timing import interleaved, ratio_figure
from werkzeug import Request, Response

TOKEN = "bench-token"


def compare(project: Path, calls: int, runs: int) -> dict[str, Any]:
    """CallApi.execute against a bare `httpx.AsyncClient` call, `calls` requests each way.
    Exits if any request is missing or duplicated at the server, or any answer is not the one
    for its request."""
    command = importlib.import_module("connector_http.commands.callApi").CallApi
    running_http_server = importlib.import_module("http_server").running_http_server
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

        def batch(call_one: Any) -> float:
            arrived.clear()
            started = time.perf_counter()
            answers = [call_one(number) for number in range(calls)]
            seconds = time.perf_counter() - started
            account_for(answers, arrived, calls)
            return seconds

        def via_execute(number: int) -> int:
            result = command(
                url=url, query={"n": number}, auth="bearer", auth_secret=TOKEN
            ).execute({}, {})
            if result["error"] is not None:
                raise SystemExit(f"call {number} failed: {result['error']}")
            return int(result["command_response"]["body"]["data"]["n"])

        async def bare_call(number: int) -> httpx.Response:
            headers = {"Authorization": f"Bearer {TOKEN}"}
            async with httpx.AsyncClient() as client:
                return await client.get(url, params={"n": number}, headers=headers)

        def via_httpx(number: int) -> int:
            return int(asyncio.run(bare_call(number)).json()["n"])

        medians = interleaved(
            runs, {"execute": lambda: batch(via_execute), "httpx": lambda: batch(via_httpx)}
        )
        del os.environ["SSL_CERT_FILE"]
    figure = f"CallApi.execute vs bare httpx.AsyncClient, {calls} HTTPS calls each"
    return ratio_figure(figure, medians, "execute", "httpx")


def account_for(answers: list[int], arrived: list[int], calls: int) -> None:
    """Every request reached the server once, and each got its own answer back."""
    if sorted(arrived) != list(range(calls)):
        raise SystemExit(f"{calls - len(set(arrived))} requests missing at the server")
    if answers != list(range(calls)):
        raise SystemExit("an answer came back for the wrong request")
