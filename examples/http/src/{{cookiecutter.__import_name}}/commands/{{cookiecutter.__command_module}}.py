import time
from dataclasses import dataclass
from typing import Any

from {{ cookiecutter.__import_name }}.api_answer import decoded, fetch
from {{ cookiecutter.__import_name }}.api_call import read_call
from {{ cookiecutter.__import_name }}.api_errors import error_from
from {{ cookiecutter.__import_name }}.parameters import InvalidParameter, within_limits
from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    ConnectorCommand,
    error_response,
    success_response,
)
from {{ cookiecutter.__import_name }}.redaction import redacted, secret_forms

# Every error code this command returns, and when: a BPMN error boundary event can catch each.
# An answer with status 300 or more is not an error of the command: SpiffArena turns its
# `http_status` into an error code of its own.
ERROR_CODES = {
    "InvalidParameter": "A parameter is malformed (the message names it); nothing was sent",
    "TimeoutError": "No complete answer within `timeout` seconds",
    "ResponseTooLarge": "The answer is longer than `max_response_bytes`",
    "ConnectError": "The server cannot be reached: refused, unknown host",
    "SSLCertVerificationError": "The server's certificate is not trusted",
    "SSLError": "The TLS handshake failed in another way",
    "RemoteProtocolError": "The server broke the HTTP protocol or hung up mid-answer",
    "HTTPError": "The connection failed in another way",
    "UnexpectedError": "Anything else; the message names the exception type only",
}

# The most characters each text parameter takes (a dict or a list counts as its JSON text):
# anything longer is refused before it is read.
TEXT_LIMITS = {
    "url": 8_000,
    "method": 10,
    "query": 8_000,
    "json_body": 1_000_000,
    "headers": 16_000,
    "auth": 10,
    "auth_user": 1_000,
    "auth_secret": 10_000,
    "api_key_header": 200,
}


@dataclass(frozen=True)
class {{ cookiecutter.command_class }}(ConnectorCommand):
    """Call a JSON HTTP API and return its status and answer.

    Its fields are the parameters a diagram gives it, as the proxy lists them. `query`, `headers`
    and `json_body` take a dict (a list too, for the body), or the same as JSON text: the proxy
    lists them as `any`, so the editor takes a task variable as well as text. Credentials
    go in `auth_secret` (and `auth_user` for HTTP Basic), given in the diagram as
    `"secret:NAME"`: they are never logged or returned, even when the API echoes them, in any
    encoding. `timeout` bounds the whole call, from reading the parameters and looking the host
    up to the last byte of the answer.
    """

    url: str
    method: str = "GET"
    query: dict[str, Any] | str | None = None
    json_body: dict[str, Any] | list[Any] | str | None = None
    headers: dict[str, str] | str | None = None
    auth: str = "none"
    auth_user: str | None = None
    auth_secret: str | None = None
    api_key_header: str = "X-API-Key"
    timeout: int = 30
    max_response_bytes: int = 1_000_000

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        started = time.monotonic()  # `timeout` counts from here
        logs: list[str] = []
        try:
            within_limits(vars(self), TEXT_LIMITS)
        except InvalidParameter as problem:
            return error_response("InvalidParameter", str(problem), logs)

        secrets = credentials(self.auth_user, self.auth_secret)
        try:
            call = read_call(vars(self))
            logs.append(f"{call.method} {call.address} (timeout {call.timeout} s)")
            answer = fetch(call, started)
            data = decoded(answer)  # inside the try: JSON nested too deep raises RecursionError
        except Exception as error:
            code, message = error_from(error, ERROR_CODES)
            return error_response(code, redacted(message, secrets), redacted(logs, secrets))

        logs.append(f"answered {answer.status} with {len(answer.content)} bytes")
        body = {"http_status": answer.status, "content_type": answer.content_type, "data": data}
        return success_response(redacted(body, secrets), redacted(logs, secrets), answer.status)


def credentials(user: Any, secret: Any) -> list[str]:
    """Every form the credentials can take in what an API echoes: the user name and the secret
    (both given as secrets), and the `user:secret` that HTTP Basic sends."""
    if isinstance(user, str) and isinstance(secret, str):
        return secret_forms([user, secret, f"{user}:{secret}"])
    return secret_forms([user, secret])
