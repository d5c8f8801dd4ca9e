"""RunJob's parameters, read once into a Job: nothing is started until every one fits. A Job is
plain data, so that a Celery worker can receive it as well as a thread of the proxy."""

import base64
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
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
from {{ cookiecutter.__import_name }}.redaction import secret_forms

AUTH_MODES = ("none", "api_key", "bearer", "basic")
URL_EXAMPLE = 'e.g. "https://api.example.com/v1/jobs"'
# What httpx.URL raises for text that is no URL, and json.dumps for what JSON cannot carry
# (or nests too deep).
# (Named, so that ruff formats these lines alike for every Python: for 3.14 it drops the
# parentheses of an unnamed `except (A, B):`.)
NOT_A_URL = (httpx.InvalidURL, ValueError)
NOT_JSON_DATA = (TypeError, ValueError, RecursionError)


@dataclass(frozen=True)
class Job:
    """A job to start and wait for, every part checked."""

    url: str
    body: Any
    headers: dict[str, str]
    poll_seconds: int
    timeout: int
    max_response_bytes: int
    secrets: list[str]  # every form of the credentials, to take out of whatever the API answers

    def as_data(self) -> dict[str, Any]:
        """The job as JSON data, as a Celery worker receives it: `Job(**data)` again."""
        return asdict(self)


def read_job(parameters: Mapping[str, Any]) -> Job:
    """RunJob's parameters, by name, read into a Job; InvalidParameter names the first one that
    does not fit, with an example that does."""
    return Job(
        url=str(url_of(parameters["url"])),
        body=json_value("json_body", parameters["json_body"]),
        headers=auth_headers(parameters),
        poll_seconds=whole_number("poll_seconds", parameters["poll_seconds"], 1, 3600, example=5),
        timeout=whole_number("timeout", parameters["timeout"], 1, 86400, example=3600),
        max_response_bytes=whole_number(
            "max_response_bytes", parameters["max_response_bytes"], 1, 10**8, example=10**6
        ),
        secrets=credentials(parameters["auth_user"], parameters["auth_secret"]),
    )


def credentials(user: Any, secret: Any) -> list[str]:
    """Every form the credentials can take in what an API echoes: the user name and the secret
    (both given as secrets), and the `user:secret` that HTTP Basic sends."""
    if isinstance(user, str) and isinstance(secret, str):
        return secret_forms([user, secret, f"{user}:{secret}"])
    return secret_forms([user, secret])


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
        if not all(char.isascii() and (char.isalnum() or char in "-_") for char in header):
            raise InvalidParameter('api_key_header must be a header name, e.g. "X-API-Key"')
        return {header: header_text("auth_secret", secret)}
    if auth == "bearer":
        return {"Authorization": "Bearer " + header_text("auth_secret", secret)}
    if not user:
        raise InvalidParameter('auth "basic" needs auth_user too, e.g. "secret:API_USER"')
    credentials = f"{header_text('auth_user', user)}:{header_text('auth_secret', secret)}"
    return {"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()}


def header_text(name: str, value: str) -> str:
    """A credential as a header can carry it: printable ASCII. Its value is never repeated."""
    if not (value.isascii() and value.isprintable()):
        raise InvalidParameter(f"{name} must be printable ASCII, as an HTTP header carries it")
    return value


def url_of(value: Any) -> httpx.URL:
    if not isinstance(value, str) or not value.isprintable() or " " in value.strip():
        raise InvalidParameter(f"url must be an http or https address in quotes, {URL_EXAMPLE}")
    try:
        url = httpx.URL(value.strip())
    except NOT_A_URL:
        raise InvalidParameter(f"url is not a valid address, {URL_EXAMPLE}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidParameter(
            f"url must start with http:// or https:// and name a host, {URL_EXAMPLE}"
        )
    if url.userinfo:
        raise InvalidParameter("url must not hold credentials: use auth, auth_user and auth_secret")
    return url


def json_value(name: str, value: Any) -> Any:
    """A value to send as JSON: given as it is, or as JSON text."""
    if isinstance(value, str):
        try:
            return json.loads(value, parse_constant=not_json)
        except ValueError:
            raise InvalidParameter(name + ' is not valid JSON text, e.g. {"report": 7}') from None
    try:
        json.dumps(value, allow_nan=False)  # NaN and infinity are not JSON
    except NOT_JSON_DATA:
        raise InvalidParameter(
            f"{name} must be JSON data: dicts, lists, text and numbers"
        ) from None
    return value


def not_json(constant: str) -> Any:
    """NaN, Infinity and -Infinity, which Python's JSON reader takes and JSON has not."""
    raise ValueError(f"{constant} is not JSON")
