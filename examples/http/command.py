import asyncio
import base64
import contextlib
import json
import ssl
from collections.abc import Coroutine
from typing import Any

import httpx

from {{ cookiecutter.__import_name }}.parameters import (
    InvalidParameter,
    one_line,
    required_text,
    secret_text,
    shown,
    whole_number,
)
from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    ConnectorCommand,
    error_response,
    success_response,
)

# Every error code this command returns, and when: a BPMN error boundary event can catch each.
# An answer with status 300 or more is not an error of the command: SpiffArena turns its
# `http_status` into the code ServiceTaskHttpError<status>.
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
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
AUTH_MODES = ("none", "api_key", "bearer", "basic")
REDACTED = "[redacted]"


class {{ cookiecutter.command_class }}(ConnectorCommand):
    """Call a JSON HTTP API and return its status and answer.

    `query`, `headers` and `json_body` take a dict (a list too, for the body), or the same as
    JSON text. Credentials go in `auth_secret` (and `auth_user` for HTTP Basic), given in the
    diagram as `"secret:NAME"`: they are never logged or returned, even when the API echoes them.
    `timeout` bounds the whole call, from connecting to the last byte of the answer.
    """

    def __init__(
        self,
        url: str,
        method: str = "GET",
        query: str | None = None,
        json_body: str | None = None,
        headers: str | None = None,
        auth: str = "none",
        auth_user: str | None = None,
        auth_secret: str | None = None,
        api_key_header: str = "X-API-Key",
        timeout: int = 30,
        max_response_bytes: int = 1_000_000,
    ) -> None:
        self.url = url
        self.method = method
        self.query = query
        self.json_body = json_body
        self.headers = headers
        self.auth = auth
        self.auth_user = auth_user
        self.auth_secret = auth_secret
        self.api_key_header = api_key_header
        self.timeout = timeout
        self.max_response_bytes = max_response_bytes

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        logs: list[str] = []
        try:
            request = self._request()
            timeout = whole_number("timeout", self.timeout, 1, 300, example=30)
            limit = whole_number("max_response_bytes", self.max_response_bytes, 1, 10**8, 10**6)
            logs.append(f"{request['method']} {_address(request['url'])} (timeout {timeout} s)")
            status, content_type, content = asyncio.run(_within(timeout, _call(request, limit)))
            if len(content) > limit:
                message = f"the answer is longer than max_response_bytes ({limit})"
                return error_response("ResponseTooLarge", message, logs)
            # Reading the answer can fail too: JSON nested too deep raises RecursionError.
            data = self._redact(_decoded(content, content_type))
        except InvalidParameter as problem:
            return error_response("InvalidParameter", str(problem), logs)
        except TimeoutError:
            return error_response("TimeoutError", f"no complete answer within {timeout} s", logs)
        except httpx.HTTPError as error:
            return error_response(_error_code(error), self._redact(str(error)), logs)
        except Exception as error:
            # Its text could quote a parameter, the secret among them: report the type only.
            return error_response("UnexpectedError", f"{type(error).__name__} in the call", logs)

        logs.append(f"answered {status} with {len(content)} bytes")
        body = {"http_status": status, "content_type": content_type, "data": data}
        return success_response(body, logs, status)

    def _request(self) -> dict[str, Any]:
        """The call to make, from the parameters; InvalidParameter says what is wrong."""
        method = required_text("method", self.method, '"GET"').upper()
        if method not in METHODS:
            raise InvalidParameter(
                f"method must be one of {', '.join(METHODS)}; got {shown(method)}"
            )
        headers = {**_mapping("headers", self.headers), **self._auth_headers()}
        for name, value in headers.items():
            if not _is_token(name) or not isinstance(value, str) or not _is_header_text(value):
                raise InvalidParameter(f"headers: {shown(name)} needs a name and one line of ASCII")
        return {
            "method": method,
            # httpx's own `params` would replace a query written in the url: merge them instead.
            "url": _url(self.url).copy_merge_params(_mapping("query", self.query)),
            "headers": headers,
            "json": _json_value("json_body", self.json_body),
        }

    def _auth_headers(self) -> dict[str, str]:
        auth = required_text("auth", self.auth, '"bearer"')
        if auth not in AUTH_MODES:
            raise InvalidParameter(
                f"auth must be one of {', '.join(AUTH_MODES)}; got {shown(auth)}"
            )
        secret = secret_text("auth_secret", self.auth_secret, '"secret:API_TOKEN"')
        user = secret_text("auth_user", self.auth_user, '"secret:API_USER"')
        if auth == "none":
            if secret:
                raise InvalidParameter('auth_secret is set but auth is "none": say how to send it')
            return {}
        if not secret:
            raise InvalidParameter(f'auth "{auth}" needs auth_secret, e.g. "secret:API_TOKEN"')
        if auth == "api_key":
            header = one_line("api_key_header", self.api_key_header, '"X-API-Key"')
            if not _is_token(header):
                raise InvalidParameter('api_key_header must be a header name, e.g. "X-API-Key"')
            return {header: secret}
        if auth == "bearer":
            return {"Authorization": f"Bearer {secret}"}
        if not user:
            raise InvalidParameter('auth "basic" needs auth_user too, e.g. "secret:API_USER"')
        return {"Authorization": f"Basic {self._basic_credentials()}"}

    def _basic_credentials(self) -> str:
        return base64.b64encode(f"{self.auth_user}:{self.auth_secret}".encode()).decode()

    def _redact(self, value: Any) -> Any:
        """`value` with every credential replaced, in text and inside dicts and lists."""
        secrets = [self.auth_secret] if isinstance(self.auth_secret, str) else []
        if secrets and isinstance(self.auth_user, str):
            secrets.append(self._basic_credentials())
        return _replace(value, [secret for secret in secrets if secret])


async def _call(request: dict[str, Any], limit: int) -> tuple[int, str, bytes]:
    """Status, content type and content of the answer; reading stops past `limit` bytes."""
    # https certificates are checked against the system's authorities (and SSL_CERT_FILE);
    # plain http has none to check. Proxies and .netrc from the environment are not used.
    verify = ssl.create_default_context() if request["url"].scheme == "https" else False
    async with (
        httpx.AsyncClient(verify=verify, trust_env=False, timeout=None) as client,
        client.stream(**request) as response,
    ):
        content = b""
        async for chunk in response.aiter_bytes():
            content += chunk
            # Reading the answer can fail too: JSON nested too deep raises RecursionError.
            if len(content) > limit:
                break
    return response.status_code, response.headers.get("content-type", ""), content


async def _within(seconds: int, work: Coroutine[Any, Any, Any]) -> Any:
    """The result of `work`, or TimeoutError once `seconds` have passed, whatever it waits for."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task  # let it close its connection
        raise TimeoutError
    return task.result()


def _url(value: Any) -> httpx.URL:
    example = 'e.g. "https://api.example.com/v1/orders"'
    if not isinstance(value, str) or not value.isprintable() or " " in value.strip():
        raise InvalidParameter(f"url must be an http or https address in quotes, {example}")
    try:
        url = httpx.URL(value.strip())
    except (httpx.InvalidURL, ValueError):
        raise InvalidParameter(f"url is not a valid address, {example}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidParameter(
            f"url must start with http:// or https:// and name a host, {example}"
        )
    if url.userinfo:
        raise InvalidParameter("url must not hold credentials: use auth, auth_user and auth_secret")
    return url


def _mapping(name: str, value: Any) -> dict[str, Any]:
    """A dict parameter, given as a dict or as JSON text of an object."""
    found = _json_value(name, value)
    if found is None:
        return {}
    if not isinstance(found, dict) or not all(isinstance(key, str) for key in found):
        raise InvalidParameter(name + ' must be a dict or JSON text of an object, e.g. {"page": 2}')
    return found


def _json_value(name: str, value: Any) -> Any:
    """A value to send as JSON: given as it is, or as JSON text."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise InvalidParameter(name + ' is not valid JSON text, e.g. {"name": "Ada"}') from None
    try:
        json.dumps(value, allow_nan=False)  # NaN and infinity are not JSON
    except (TypeError, ValueError):
        raise InvalidParameter(
            f"{name} must be JSON data: dicts, lists, text and numbers"
        ) from None
    return value


def _is_token(name: Any) -> bool:
    """A header name: ASCII letters, digits, dashes and underscores."""
    return (
        isinstance(name, str)
        and name != ""
        and all(char.isascii() and (char.isalnum() or char in "-_") for char in name)
    )


def _is_header_text(value: str) -> bool:
    return value.isascii() and value.isprintable()


def _address(url: httpx.URL) -> str:
    # Without the query string, which some APIs use for keys.
    return str(url.copy_with(query=None, fragment=None))


def _decoded(content: bytes, content_type: str) -> Any:
    """The answer as JSON data when it says it is JSON, as text otherwise, None when empty."""
    if not content:
        return None
    text = content.decode("utf-8", errors="replace")
    if "json" in content_type:
        with contextlib.suppress(ValueError):
            return json.loads(text)
    return text


def _replace(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, dict):
        return {_replace(key, secrets): _replace(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace(item, secrets) for item in value]
    return value


def _error_code(error: httpx.HTTPError) -> str:
    # A failed TLS handshake arrives as a ConnectError: name the TLS failure instead.
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return (
                "SSLCertVerificationError"
                if isinstance(cause, ssl.SSLCertVerificationError)
                else "SSLError"
            )
        cause = cause.__cause__ or cause.__context__
    name = type(error).__name__
    return name if name in ERROR_CODES else "HTTPError"
