"""A job at an HTTP API, run to its end within its deadline: started with one POST, then its
status read every `poll_seconds` until it succeeds or fails.

The API answers the start with its status URL (a `Location` header, or `status_url` in a JSON
answer), on its own host: the credentials go nowhere else. The status is JSON:
`{"state": "queued" | "running" | "succeeded" | "failed", "result": ..., "message": "..."}`.
An answer of 429 or 5xx to a status call is read again at the next poll.
"""

import asyncio
import contextlib
import json
import ssl
import zlib
from collections.abc import Coroutine, Iterator
from typing import Any

import httpx

from {{ cookiecutter.__import_name }}.job_parameters import Job, not_json
from {{ cookiecutter.__import_name }}.redaction import LibraryLogFilter

# httpx logs each request's whole URL, and httpcore each answer's headers: a key can be in both.
LibraryLogFilter.install("httpx", "httpcore.connection", "httpcore.http11", "httpcore.http2")

STATES = ("queued", "running", "succeeded", "failed")


class JobNotStarted(Exception):
    """The API did not start the job, or did not say where to follow it."""


class JobFailed(Exception):
    """The job ended, and it failed."""


class JobStatusUnreadable(Exception):
    """The API's answer to a status call is not a status."""


class ResponseTooLarge(Exception):
    """An answer is longer than the job's `max_response_bytes`."""


def run(job: Job, logs: list[str]) -> Any:
    """The result of the job, once it succeeded; TimeoutError once its timeout has passed,
    whatever it waits for."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(within(job.timeout, run_to_the_end(job, logs)))
    finally:
        # Not asyncio.run, which waits for the threads the loop started: the host name is looked
        # up in one, and a lookup that hangs must not hold the job. Its late answer goes unused.
        loop.close()


async def run_to_the_end(job: Job, logs: list[str]) -> Any:
    # https certificates are checked against the system's authorities (and SSL_CERT_FILE);
    # plain http has none to check. Proxies and .netrc from the environment are not used.
    verify = ssl.create_default_context() if job.url.startswith("https:") else False
    async with httpx.AsyncClient(verify=verify, trust_env=False, timeout=None) as client:
        status, headers, answer = await exchange(client, job, "POST", job.url, job.body)
        if not 200 <= status < 300:
            raise JobNotStarted(f"the API answered {status} to the start of the job")
        status_url = status_url_of(job, headers, answer)
        logs.append(f"started the job at {address(job.url)}")
        polls = 0
        while True:  # until the job ends, or its deadline ends the wait
            polls += 1
            status, _, answer = await exchange(client, job, "GET", status_url)
            if status == 429 or status >= 500:
                logs.append(f"the status call answered {status}: asking again")
            elif not 200 <= status < 300 or not is_status(answer):
                raise JobStatusUnreadable(f"the status call answered {status} without a status")
            elif answer["state"] == "succeeded":
                logs.append(f"the job succeeded, after {polls} status calls")
                return answer.get("result")
            elif answer["state"] == "failed":
                raise JobFailed(str(answer.get("message") or "the job failed"))
            await asyncio.sleep(job.poll_seconds)


async def exchange(
    client: httpx.AsyncClient, job: Job, method: str, url: str, body: Any = None
) -> tuple[int, httpx.Headers, Any]:
    """Status, headers and JSON answer (None if there is none) of one call, read no further than
    one chunk past the job's cap."""
    headers = {**ACCEPTED_CODINGS, **job.headers}
    async with client.stream(method, url, json=body, headers=headers) as response:
        content = bytearray()  # grows in place: adding to bytes copies the whole answer again
        decoders = decoders_for(response.headers.get("content-encoding", ""))
        async for chunk in response.aiter_raw():
            for piece in decoded_pieces(decoders, chunk):
                content += piece
                if len(content) > job.max_response_bytes:
                    limit = job.max_response_bytes
                    raise ResponseTooLarge(f"an answer is longer than max_response_bytes ({limit})")
                await asyncio.sleep(0)  # a long decoding leaves the deadline its turn
    answer = None
    with contextlib.suppress(ValueError):
        answer = json.loads(content, parse_constant=not_json) if content else None
    return response.status_code, response.headers, answer


ACCEPTED_CODINGS = {"Accept-Encoding": "gzip, deflate"}
# At most this many bytes come out of a decoder at a time: an answer of a few kilobytes can
# decode to gigabytes (gzip of gzip), so the cap is checked as the bytes come out.
DECODED_PIECE = 65_536


def decoders_for(content_encoding: str) -> list[Any]:
    """A zlib decoder for each gzip or deflate the answer says it applied, the last applied
    first; other codings (identity, or unknown ones) are left as they are, as httpx does."""
    codings = [coding.strip().lower() for coding in content_encoding.split(",")]
    wbits = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
    return [zlib.decompressobj(wbits[coding]) for coding in reversed(codings) if coding in wbits]


def decoded_pieces(decoders: list[Any], data: bytes) -> Iterator[bytes]:
    """`data` through each decoder in turn, in pieces of at most DECODED_PIECE bytes."""
    if not decoders:
        yield data
        return
    first, rest = decoders[0], decoders[1:]
    while data:
        try:
            piece = first.decompress(data, DECODED_PIECE)
        except zlib.error as error:
            raise httpx.DecodingError(str(error)) from None
        data = first.unconsumed_tail
        yield from decoded_pieces(rest, piece)


def status_url_of(job: Job, headers: httpx.Headers, answer: Any) -> str:
    """Where the API says the job's status is, on the API's own host."""
    given = headers.get("location")
    if not given and isinstance(answer, dict):
        given = answer.get("status_url")
    if not isinstance(given, str) or not given:
        raise JobNotStarted("the API named no status URL: a Location header or a status_url")
    url, start = httpx.URL(job.url).join(given), httpx.URL(job.url)
    if (url.scheme, url.host, url.port) != (start.scheme, start.host, start.port):
        raise JobNotStarted("the API named a status URL on another host: it gets no credentials")
    return str(url)


def is_status(answer: Any) -> bool:
    return isinstance(answer, dict) and answer.get("state") in STATES


def address(url: str) -> str:
    # Scheme, host and port only: the path and query can hold a key from a secret.
    return str(httpx.URL(url).copy_with(path="/", query=None, fragment=None))


async def within(seconds: int, work: Coroutine[Any, Any, Any]) -> Any:
    """The result of `work`, or TimeoutError once `seconds` have passed, whatever it waits for."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task  # let it close its connection
        raise TimeoutError(f"the job did not end within {seconds} s")
    return task.result()
