"""How CallApi reports a failure: one function that turns whatever went wrong into one of the
error codes it declares, and the credentials taken out of everything it returns."""

import contextlib
import ssl
from collections.abc import Collection
from typing import Any

import httpx

from {{ cookiecutter.__import_name }}.api_answer import ResponseTooLarge
from {{ cookiecutter.__import_name }}.api_call import basic_credentials
from {{ cookiecutter.__import_name }}.parameters import InvalidParameter

REDACTED = "[redacted]"


def error_from(error: Exception, declared: Collection[str]) -> tuple[str, str]:
    """The error code for `error` (for a failed connection, its class name where the command
    declares that name), and its message."""
    if isinstance(error, InvalidParameter | ResponseTooLarge | TimeoutError):
        return type(error).__name__, str(error)
    if isinstance(error, httpx.HTTPError):
        return connection_error_code(error, declared), str(error)
    # Its text could quote a parameter, the secret among them: report the type only.
    return "UnexpectedError", f"{type(error).__name__} in the call"


def connection_error_code(error: httpx.HTTPError, declared: Collection[str]) -> str:
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
    return name if name in declared else "HTTPError"


def credentials(user: Any, secret: Any) -> list[str]:
    """The forms a credential takes in what an API may echo: the secret itself, and the HTTP
    Basic credentials made of it."""
    if not isinstance(secret, str) or not secret:
        return []
    forms = [secret]
    if isinstance(user, str):
        # Text no encoding can write is refused before anything is sent, so it is never echoed.
        with contextlib.suppress(UnicodeEncodeError):
            forms.append(basic_credentials(user, secret))
    return forms


def redacted(value: Any, secrets: list[str]) -> Any:
    """`value` with every one of `secrets` replaced, in text and inside dicts and lists."""
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, dict):
        return {redacted(key, secrets): redacted(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [redacted(item, secrets) for item in value]
    return value
