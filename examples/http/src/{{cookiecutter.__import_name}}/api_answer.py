"""The API's answer to an ApiCall: received within the call's timeout, read no further than its
size cap, and decoded as the answer says it is."""

import asyncio
import contextlib
import json
import ssl
import time
import zlib
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from {{ cookiecutter.__import_name }}.api_call import ApiCall, not_json
from {{ cookiecutter.__import_name }}.redaction import LibraryLogFilter

# httpx logs each request's whole URL, and httpcore each answer's headers: a key can be in both.
LibraryLogFilter.install("httpx", "httpcore.connection", "httpcore.http11", "httpcore.http2")


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    # Not in its repr: the task that reads the answer gets formatted on its way out (by the async
    # library httpx runs on), and a repr of 40 MB of bytes took seconds.
    content: bytes = field(repr=False)


class ResponseTooLarge(Exception):
    """The answer is longer than the call's `max_response_bytes`."""


def fetch(call: ApiCall, started: float) -> Answer:
    """The answer to `call`: TimeoutError once its timeout has passed since `started` (a reading
    of time.monotonic), whatever the call waits for, and ResponseTooLarge once the answer is
    longer than its cap."""
    loop = asyncio.new_event_loop()
    try:
        left = call.timeout - (time.monotonic() - started)
        answer = loop.run_until_complete(within(left, receive(call)))
    except TimeoutError:
        raise TimeoutError(f"no complete answer within {call.timeout} s") from None
    finally:
        # Not asyncio.run, which waits for the threads the loop started: the host name is looked
        # up in one, and a lookup that hangs must not hold the call. Its late answer goes unused.
        loop.close()
    if len(answer.content) > call.max_response_bytes:
        limit = call.max_response_bytes
        raise ResponseTooLarge(f"the answer is longer than max_response_bytes ({limit})")
    return answer


async def receive(call: ApiCall) -> Answer:
    """The answer, decoded as its Content-Encoding says, read and decoded no further than one
    piece past the cap."""
    # https certificates are checked against the system's authorities (and SSL_CERT_FILE);
    # plain http has none to check. Proxies and .netrc from the environment are not used.
    verify = ssl.create_default_context() if call.url.scheme == "https" else False
    # Only the codings decoders_for knows (httpx would offer brotli and zstd when installed).
    offered = {} if "accept-encoding" in map(str.lower, call.headers) else ACCEPTED_CODINGS
    headers = {**offered, **call.headers}
    request = {"method": call.method, "url": call.url, "headers": headers, "json": call.json}
    async with (
        httpx.AsyncClient(verify=verify, trust_env=False, timeout=None) as client,
        client.stream(**request) as response,
    ):
        content = bytearray()  # grows in place: adding to bytes copies the whole answer again
        decoders = decoders_for(response.headers.get("content-encoding", ""))
        async for chunk in response.aiter_raw():
            for piece in decoded_pieces(decoders, chunk):
                content += piece
                if len(content) > call.max_response_bytes:
                    return Answer(response.status_code, "", bytes(content))
                await asyncio.sleep(0)  # a long decoding leaves the deadline its turn
    return Answer(response.status_code, response.headers.get("content-type", ""), bytes(content))


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


async def within(seconds: float, work: Coroutine[Any, Any, Answer]) -> Answer:
    """The result of `work`, or TimeoutError once `seconds` have passed, whatever it waits for."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=max(seconds, 0))
    if not done:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task  # let it close its connection
        raise TimeoutError
    return task.result()


def decoded(answer: Answer) -> Any:
    """The answer as JSON data when it says it is JSON, as text otherwise, None when empty."""
    if not answer.content:
        return None
    text = answer.content.decode("utf-8", errors="replace")
    if "json" in answer.content_type:
        with contextlib.suppress(ValueError):
            return json.loads(text, parse_constant=not_json)  # NaN would make the result no JSON
    return text
