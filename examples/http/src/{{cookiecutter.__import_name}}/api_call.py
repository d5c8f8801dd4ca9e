"""CallApi's parameters, read once into an ApiCall: nothing is sent until every one fits."""

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
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

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Headers the HTTP client writes from the call itself: given twice, a request is ambiguous.
CALL_HEADERS = ("host", "content-length", "transfer-encoding", "connection")
AUTH_MODES = ("none", "api_key", "bearer", "basic")
# What httpx.URL raises for text that is no URL, and json.dumps for what JSON cannot carry
# (or nests too deep).
# (Named, so that ruff formats these lines alike for every Python: for 3.14 it drops the
# parentheses of an unnamed `except (A, B):`.)
NOT_A_URL = (httpx.InvalidURL, ValueError)
NOT_JSON_DATA = (TypeError, ValueError, RecursionError)


@dataclass(frozen=True)
class ApiCall:
    """One request and its bounds, every part checked."""

    method: str
    url: httpx.URL
    headers: dict[str, str]
    json: Any
    timeout: int
    max_response_bytes: int

    @property
    def address(self) -> str:
        """The url's scheme, host and port, for the log: its path and query can hold a key or a
        token (a webhook's URL does), from a secret the command cannot tell apart."""
        return str(self.url.copy_with(path="/", query=None, fragment=None))


def read_call(parameters: Mapping[str, Any]) -> ApiCall:
    """CallApi's parameters, by name, read into an ApiCall; InvalidParameter names the first one
    that does not fit, with an example that does."""
    method = required_text("method", parameters["method"], '"GET"').upper()
    if method not in METHODS:
        raise InvalidParameter(f"method must be one of {', '.join(METHODS)}; got {shown(method)}")
    given, owned = mapping("headers", parameters["headers"]), auth_headers(parameters)
    for name in given:
        setter = "the call itself" if name.lower() in CALL_HEADERS else None
        if name.lower() in {header.lower() for header in owned}:
            setter = "auth"
        if setter:
            raise InvalidParameter(f"headers: {shown(name)} is set by {setter}; leave it out")
    headers = {**given, **owned}
    for name, value in headers.items():
        if not is_token(name) or not isinstance(value, str) or not is_header_text(value):
            raise InvalidParameter(f"headers: {shown(name)} needs a name and one line of ASCII")
    return ApiCall(
        method=method,
        # httpx's own `params` would replace a query written in the url: merge them instead.
        url=url_of(parameters["url"]).copy_merge_params(mapping("query", parameters["query"])),
        headers=headers,
        json=json_value("json_body", parameters["json_body"]),
        timeout=whole_number("timeout", parameters["timeout"], 1, 300, example=30),
        max_response_bytes=whole_number(
            "max_response_bytes", parameters["max_response_bytes"], 1, 10**8, example=10**6
        ),
    )


def auth_headers(parameters: Mapping[str, Any]) -> dict[str, str]:
    """The header that carries the credentials, as `auth` says."""
    auth = required_text("auth", parameters["auth"], '"bearer"')
    if auth not in AUTH_MODES:
        raise InvalidParameter(f"auth must be one of {', '.join(AUTH_MODES)}; got {shown(auth)}")
    secret = secret_text("auth_secret", parameters["auth_secret"], '"secret:API_TOKEN"')
    user = secret_text("auth_user", parameters["auth_user"], '"secret:API_USER"')
    if auth == "none":
        if secret:
            raise InvalidParameter('auth_secret is set but auth is "none": say how to send it')
        return {}
    if not secret:
        raise InvalidParameter(f'auth "{auth}" needs auth_secret, e.g. "secret:API_TOKEN"')
    if auth == "api_key":
        header = one_line("api_key_header", parameters["api_key_header"], '"X-API-Key"')
        if not is_token(header):
            raise InvalidParameter('api_key_header must be a header name, e.g. "X-API-Key"')
        return {header: secret}
    if auth == "bearer":
        return {"Authorization": f"Bearer {secret}"}
    if not user:
        raise InvalidParameter('auth "basic" needs auth_user too, e.g. "secret:API_USER"')
    return {"Authorization": f"Basic {basic_credentials(user, secret)}"}


def basic_credentials(user: str, secret: str) -> str:
    return base64.b64encode(f"{user}:{secret}".encode()).decode()


def url_of(value: Any) -> httpx.URL:
    example = 'e.g. "https://api.example.com/v1/orders"'
    if not isinstance(value, str) or not value.isprintable() or " " in value.strip():
        raise InvalidParameter(f"url must be an http or https address in quotes, {example}")
    try:
        url = httpx.URL(value.strip())
    except NOT_A_URL:
        raise InvalidParameter(f"url is not a valid address, {example}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidParameter(
            f"url must start with http:// or https:// and name a host, {example}"
        )
    if url.userinfo:
        raise InvalidParameter("url must not hold credentials: use auth, auth_user and auth_secret")
    return url


def mapping(name: str, value: Any) -> dict[str, Any]:
    """A dict parameter, given as a dict or as JSON text of an object."""
    found = json_value(name, value)
    if found is None:
        return {}
    if not isinstance(found, dict) or not all(isinstance(key, str) for key in found):
        raise InvalidParameter(name + ' must be a dict or JSON text of an object, e.g. {"page": 2}')
    return found


def json_value(name: str, value: Any) -> Any:
    """A value to send as JSON: given as it is, or as JSON text."""
    if isinstance(value, str):
        try:
            return json.loads(value, parse_constant=not_json)
        except ValueError:
            raise InvalidParameter(name + ' is not valid JSON text, e.g. {"name": "Ada"}') from None
    try:
        json.dumps(value, allow_nan=False)  # NaN and infinity are not JSON
    except NOT_JSON_DATA:
        raise InvalidParameter(
            f"{name} must be JSON data: dicts, lists, text and numbers"
        ) from None
    return value


def is_token(name: Any) -> bool:
    """A header name: ASCII letters, digits, dashes and underscores."""
    return (
        isinstance(name, str)
        and name != ""
        and all(char.isascii() and (char.isalnum() or char in "-_") for char in name)
    )


def is_header_text(value: str) -> bool:
    return value.isascii() and value.isprintable()


def not_json(constant: str) -> Any:
    """NaN, Infinity and -Infinity, which Python's JSON reader takes and JSON has not."""
    raise ValueError(f"{constant} is not JSON")
