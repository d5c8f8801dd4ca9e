"""How CallApi reports a failure: one function that turns whatever went wrong into one of the
error codes it declares."""

import ssl
from collections.abc import Collection

import httpx

from {{ cookiecutter.__import_name }}.api_answer import ResponseTooLarge
from {{ cookiecutter.__import_name }}.parameters import InvalidParameter


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
