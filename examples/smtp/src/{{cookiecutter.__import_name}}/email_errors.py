"""How SendEmail reports a failure: one function that turns whatever went wrong into one of the
error codes it declares, with the server's own words."""

import smtplib
from collections.abc import Collection

from {{ cookiecutter.__import_name }}.email_parameters import InsecureLoginRefused
from {{ cookiecutter.__import_name }}.parameters import InvalidParameter


def error_from(error: Exception, declared: Collection[str]) -> tuple[str, str]:
    """The error code for `error` (its class name, where the command declares that name), and
    its message."""
    if isinstance(error, InvalidParameter | InsecureLoginRefused):
        return type(error).__name__, str(error)
    if not isinstance(error, OSError):  # socket, ssl and smtplib errors are all OSErrors
        # Its text could quote a parameter, the password among them: report the type only.
        return "UnexpectedError", f"{type(error).__name__} while sending"
    # smtplib reports a read that timed out as SMTPServerDisconnected: name the timeout instead.
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        code = "TimeoutError"
    elif type(error).__name__ in declared:
        code = type(error).__name__
    else:
        code = "SMTPError" if isinstance(error, smtplib.SMTPException) else "ConnectionError"
    return code, described(error)


def described(error: OSError) -> str:
    """An SMTP failure in the server's own words, else the error's text."""
    if isinstance(error, smtplib.SMTPResponseException):
        return reply(error.smtp_code, error.smtp_error)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = [f"{to} ({reply(code, text)})" for to, (code, text) in error.recipients.items()]
        return "every recipient was refused: " + ", ".join(replies)
    return str(error)


def reply(code: int, text: bytes | str) -> str:
    """A server's reply as text: its code and its words."""
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
