"""SpiffArena called back: the job's outcome PUT, as a protocol v2 envelope, to the callback URL
SpiffArena sent, with the key of one of its service accounts.

Delivery is retried with back-off after a connection error, a 5xx or a 429, for a bounded time,
and never after SpiffArena took it (it refuses a second callback). A 400, 401 or 403 ends it with
one log line that names the cause. Neither the key nor the envelope is ever logged.
"""

import logging
import ssl
import time
from typing import Any

import httpx

JSON = "application/json"
API_KEY_HEADER = "SpiffWorkflow-Api-Key"
# What reading an answer that is not a JSON object raises.
# (Named, so that ruff formats this line alike for every Python: for 3.14 it drops the
# parentheses of an unnamed `except (A, B):`.)
NOT_A_REFUSAL = (ValueError, AttributeError)
# What SpiffArena says in a refusal, and what it means for the connector's operator.
REFUSALS = {
    "invalid_mimetype": "the callback was not sent as JSON",
    "invalid_callback_body": "the callback's body is not an envelope SpiffArena takes",
    "not_waiting_for_callback": "the task is not waiting for a callback (any more)",
}

logger = logging.getLogger(__name__)


def envelope(body: Any, error: dict[str, str] | None, logs: list[str]) -> dict[str, Any]:
    """A protocol v2 envelope, whatever protocol the connector's commands speak: SpiffArena reads
    only that in a 202 answer and in a callback."""
    status = 500 if error else 200
    return {
        "command_response": {"body": body, "mimetype": JSON, "http_status": status},
        "error": error,
        "command_response_version": 2,
        "spiff__logs": logs,
    }


def deliver(
    url: str, message: dict[str, Any], api_key: str, give_up_after: float, first_wait: float
) -> str:
    """PUT `message` to the callback `url` until SpiffArena takes or refuses it, or until
    `give_up_after` seconds have passed; the line logged about it."""
    headers = {"Content-Type": JSON, API_KEY_HEADER: api_key}
    # Certificates are checked against the system's authorities (and SSL_CERT_FILE).
    verify = ssl.create_default_context() if url.startswith("https:") else False
    started, wait, attempts = time.monotonic(), first_wait, 0
    while True:
        attempts += 1
        try:
            answer = httpx.put(
                url, json=message, headers=headers, timeout=30, verify=verify, trust_env=False
            )
            status, reason = answer.status_code, refusal_of(answer)
        except httpx.HTTPError as error:
            status, reason = 0, type(error).__name__
        if 200 <= status < 300:
            return log(logging.INFO, f"called back: SpiffArena took it ({status})")
        if status in (400, 401, 403):
            cause = REFUSALS.get(reason, "SpiffArena refused it")
            if status != 400:
                cause = "SpiffArena does not take the service account's key"
            return log(logging.ERROR, f"callback refused ({status} {reason}): {cause}")
        if time.monotonic() - started + wait > give_up_after:
            failure = f"{status} {reason}" if status else reason
            return log(logging.ERROR, f"callback given up after {attempts} attempts: {failure}")
        time.sleep(wait)
        wait = min(wait * 2, 60)


def refusal_of(answer: httpx.Response) -> str:
    """The error code of a SpiffArena refusal, if its answer names one."""
    try:
        code = answer.json().get("error_code", "")
    except NOT_A_REFUSAL:
        return ""
    return code if isinstance(code, str) and code.isidentifier() else ""


def log(level: int, line: str) -> str:
    logger.log(level, line)
    return line
