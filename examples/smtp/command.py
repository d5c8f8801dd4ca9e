import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from typing import Any

from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    ConnectorCommand,
    error_response,
    success_response,
)

# Errors a BPMN error boundary event can catch by code, besides the names of the exceptions that
# smtplib, ssl and socket raise (SMTPAuthenticationError, ConnectionRefusedError, TimeoutError...).
INVALID_PARAMETER = "InvalidParameter"
INSECURE_LOGIN = "InsecureLoginRefused"
UNEXPECTED_ERROR = "UnexpectedError"

INSECURE_LOGIN_MESSAGE = (
    "refusing to send the SMTP password over an unencrypted connection: set smtp_starttls "
    "(port 587) or smtp_ssl (port 465), or allow_login_without_tls for a trusted local server"
)
NUMBER_RANGES = {"smtp_port": (1, 65535), "smtp_timeout": (1, 3600)}


class {{ cookiecutter.command_class }}(ConnectorCommand):
    """Send one plain-text email through an SMTP server.

    Addresses are comma-separated lists (`"Ada <ada@example.com>, bob@example.com"`). Bcc
    recipients get the message without appearing in its headers. The password is never logged or
    returned, and logging in over a connection that is not encrypted is refused unless
    `allow_login_without_tls` is set.
    """

    def __init__(
        self,
        smtp_host: str,
        smtp_port: int,
        email_subject: str,
        email_body: str,
        email_to: str,
        email_from: str,
        smtp_user: str | None = None,
        smtp_password: str | None = None,
        smtp_starttls: bool = False,
        smtp_ssl: bool = False,
        smtp_timeout: int = 30,
        email_cc: str | None = None,
        email_bcc: str | None = None,
        allow_login_without_tls: bool = False,
    ) -> None:
        self.smtp_host = smtp_host
        self.smtp_port = smtp_port
        self.email_subject = email_subject
        self.email_body = email_body
        self.email_to = email_to
        self.email_from = email_from
        self.smtp_user = smtp_user
        self.smtp_password = smtp_password
        self.smtp_starttls = smtp_starttls
        self.smtp_ssl = smtp_ssl
        self.smtp_timeout = smtp_timeout
        self.email_cc = email_cc
        self.email_bcc = email_bcc
        self.allow_login_without_tls = allow_login_without_tls

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        logs: list[str] = []
        try:
            problem = self._parameter_problem()
            if problem:
                return error_response(INVALID_PARAMETER, problem, logs)
            addresses = self._addresses()
            problem = _address_problem(addresses)
            if problem:
                return error_response(INVALID_PARAMETER, problem, logs)
            if self.smtp_user and not self._encrypted_or_allowed():
                return error_response(INSECURE_LOGIN, INSECURE_LOGIN_MESSAGE, logs)

            message = self._message(sender=addresses["email_from"][0])
            everyone = addresses["email_to"] + addresses["email_cc"] + addresses["email_bcc"]
            recipients = list(dict.fromkeys(everyone))
            refused = self._send(message, recipients, logs)
        except OSError as error:  # socket, ssl and smtplib errors are all OSErrors
            return error_response(_error_code(error), self._redact(str(error)), logs)
        except Exception as error:
            # Its text could quote a parameter, the password among them: report the type only.
            return error_response(UNEXPECTED_ERROR, f"{type(error).__name__} while sending", logs)

        body = {
            "message_id": str(message["Message-ID"]),
            "accepted": [address for address in recipients if address not in refused],
            "refused": {address: _reply(code, text) for address, (code, text) in refused.items()},
        }
        return success_response(body, logs)

    def _parameter_problem(self) -> str | None:
        """What is wrong with the parameters, found before any connection is made."""
        for name, (low, high) in NUMBER_RANGES.items():
            value = getattr(self, name)
            # The proxy does not convert types: a number may arrive as the text "587".
            text = "" if isinstance(value, bool) else str(value).strip()
            if not (text.isdigit() and low <= int(text) <= high):
                return f"{name} must be a whole number from {low} to {high}; got {value!r}"
        if self.smtp_starttls and self.smtp_ssl:
            return "set smtp_starttls (usually port 587) or smtp_ssl (usually 465), not both"
        if self.smtp_user and not self.smtp_password:
            return 'smtp_user needs smtp_password too, e.g. "secret:SMTP_PASSWORD"'
        headers = {
            "email_subject": self.email_subject,
            "email_from": self.email_from,
            "email_to": self.email_to,
            "email_cc": self.email_cc or "",
            "email_bcc": self.email_bcc or "",
        }
        for name, value in headers.items():
            if not isinstance(value, str):
                return f'{name} must be text, in quotes in the diagram: "..."; got {value!r}'
            if "\r" in value or "\n" in value:
                return f"{name} must be one line: a line break could add email headers"
        return None

    def _addresses(self) -> dict[str, list[str]]:
        """The bare addresses of each address field."""
        fields = {
            "email_from": self.email_from,
            "email_to": self.email_to,
            "email_cc": self.email_cc or "",
            "email_bcc": self.email_bcc or "",
        }
        return {
            name: [address for _name, address in getaddresses([value]) if address]
            for name, value in fields.items()
        }

    def _encrypted_or_allowed(self) -> bool:
        return self.smtp_starttls or self.smtp_ssl or self.allow_login_without_tls

    def _message(self, sender: str) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = self.email_subject
        message["From"] = self.email_from
        message["To"] = self.email_to
        if self.email_cc:
            message["Cc"] = self.email_cc
        message["Date"] = formatdate(localtime=True)
        # An explicit domain: the default looks the host name up, which can hang on DNS.
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
        message.set_content(self.email_body)
        return message

    def _send(
        self, message: EmailMessage, recipients: list[str], logs: list[str]
    ) -> dict[str, tuple[int, bytes]]:
        port, timeout = int(self.smtp_port), int(self.smtp_timeout)
        tls = ssl.create_default_context() if self.smtp_ssl or self.smtp_starttls else None
        mode = "implicit TLS" if self.smtp_ssl else "STARTTLS" if self.smtp_starttls else "no TLS"
        logs.append(f"connecting to {self.smtp_host}:{port} ({mode}, timeout {timeout} s)")
        smtp = (
            smtplib.SMTP_SSL(self.smtp_host, port, timeout=timeout, context=tls)
            if self.smtp_ssl
            else smtplib.SMTP(self.smtp_host, port, timeout=timeout)
        )
        with smtp:
            if self.smtp_starttls:
                smtp.starttls(context=tls)
                logs.append("started TLS")
            if self.smtp_user and self.smtp_password:
                smtp.login(self.smtp_user, self.smtp_password)
                logs.append(f"logged in as {self.smtp_user}")
            refused = smtp.send_message(message, to_addrs=recipients)
        accepted = len(recipients) - len(refused)
        logs.append(f"sent to {accepted} of {len(recipients)} recipients")
        return refused

    def _redact(self, text: str) -> str:
        return text.replace(self.smtp_password, "[redacted]") if self.smtp_password else text


def _address_problem(addresses: dict[str, list[str]]) -> str | None:
    for name, found in addresses.items():
        if any("@" not in address for address in found):
            return f'{name} takes comma-separated addresses like "Ada <ada@example.com>"'
    if len(addresses["email_from"]) != 1:
        return 'email_from must be exactly one address, e.g. "Ada <ada@example.com>"'
    if not addresses["email_to"]:
        return 'email_to needs at least one address, e.g. "ada@example.com"'
    return None


def _reply(code: int, text: bytes) -> str:
    return f"{code} {text.decode(errors='replace')}"


def _error_code(error: OSError) -> str:
    # smtplib reports a read that timed out as SMTPServerDisconnected: name the timeout instead.
    if isinstance(error.__context__, TimeoutError):
        return "TimeoutError"
    return type(error).__name__
