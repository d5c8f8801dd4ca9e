"""How RunJob reports a failure: each error code it returns, and one function that turns whatever
went wrong into one of them. The same codes reach SpiffArena in the 202 answer (a parameter or
the proxy's settings refused) and in the callback (the job's own end)."""

import ssl

import httpx

from {{ cookiecutter.__import_name }}.job_api import (
    JobFailed,
    JobNotStarted,
    JobStatusUnreadable,
    ResponseTooLarge,
)
from {{ cookiecutter.__import_name }}.parameters import InvalidParameter

# Every error code RunJob returns, and when: a BPMN error boundary event can catch each.
JOB_ERROR_CODES = {
    "InvalidParameter": "A parameter is malformed (the message names it); nothing was started",
    "CallbackNotConfigured": "The proxy has no SpiffArena service account key to call back with",
    "JobNotStarted": "The API refused to start the job, or named no status URL of its own host",
    "JobFailed": "The job ended, and failed; the message is the API's",
    "JobStatusUnreadable": "A status call was answered with something that is not a status",
    "TimeoutError": "The job did not end within `timeout` seconds",
    "ResponseTooLarge": "An answer of the API is longer than `max_response_bytes`",
    "ConnectError": "The API cannot be reached: refused, unknown host",
    "SSLCertVerificationError": "The API's certificate is not trusted",
    "SSLError": "The TLS handshake failed in another way",
    "RemoteProtocolError": "The API broke the HTTP protocol or hung up mid-answer",
    "HTTPError": "The connection failed in another way",
    "UnexpectedError": "Anything else; the message names the exception type only",
}
OWN_FAILURES = (InvalidParameter, JobNotStarted, JobFailed, JobStatusUnreadable, ResponseTooLarge)


class CallbackNotConfigured(Exception):
    def __str__(self) -> str:
        return (
            "the proxy has no SpiffArena service account key to call back with: set "
            "CONNECTOR_PROXY_SPIFFWORKFLOW_API_KEY in its environment"
        )


def error_from(error: Exception) -> tuple[str, str]:
    """The error code of JOB_ERROR_CODES for `error`, and its message."""
    if isinstance(error, (*OWN_FAILURES, CallbackNotConfigured, TimeoutError)):
        return type(error).__name__, str(error)
    if isinstance(error, httpx.HTTPError):
        return connection_error_code(error), str(error)
    # Its text could quote a parameter, the secret among them: report the type only.
    return "UnexpectedError", f"{type(error).__name__} in the job"


def connection_error_code(error: httpx.HTTPError) -> str:
    # A failed TLS handshake arrives as a ConnectError: name the TLS failure instead.
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            verification = isinstance(cause, ssl.SSLCertVerificationError)
            return "SSLCertVerificationError" if verification else "SSLError"
        cause = cause.__cause__ or cause.__context__
    name = type(error).__name__
    return name if name in JOB_ERROR_CODES else "HTTPError"
