import ssl
import time
from dataclasses import dataclass
from typing import Any

from {{ cookiecutter.__import_name }}.deadline import Deadline
from {{ cookiecutter.__import_name }}.email_errors import error_from, reply
from {{ cookiecutter.__import_name }}.email_parameters import STARTTLS, read_email
from {{ cookiecutter.__import_name }}.parameters import InvalidParameter, within_limits
from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    ConnectorCommand,
    error_response,
    success_response,
)
from {{ cookiecutter.__import_name }}.redaction import redacted, secret_forms
from {{ cookiecutter.__import_name }}.smtp_client import (
    connect,
    hang_up,
    unconnected_client,
)

# Every error code this command returns, and when: a BPMN error boundary event can catch each.
ERROR_CODES = {
    "InvalidParameter": "A parameter is malformed (the message names it); nothing was sent",
    "InsecureLoginRefused": "`smtp_user` is set without `smtp_starttls` or `smtp_ssl`",
    "ConnectionRefusedError": "Nothing listens at `smtp_host` and `smtp_port`",
    "gaierror": "The host name is unknown",
    "TimeoutError": "No complete answer within `smtp_timeout` seconds, name lookup included",
    "ConnectionError": "The connection failed in another way",
    "SSLCertVerificationError": "The server's certificate is not trusted",
    "SSLError": "The TLS handshake failed in another way",
    "SMTPNotSupportedError": "`smtp_starttls` is set but the server does not offer STARTTLS",
    "SMTPAuthenticationError": "The server rejected the login",
    "SMTPSenderRefused": "The server refused the sender",
    "SMTPRecipientsRefused": "The server refused every recipient",
    "SMTPDataError": "The server refused the message",
    "SMTPServerDisconnected": "The server hung up before the message was accepted",
    "SMTPError": "Another SMTP failure; the message holds the server's reply",
    "UnexpectedError": "Anything else; the message names the exception type only",
}

# The most characters each text parameter takes: anything longer is refused before it is read
# (reading 100,000 characters of addresses takes seconds).
TEXT_LIMITS = {
    "smtp_host": 253,
    "email_subject": 1_000,
    "email_body": 200_000,
    "email_to": 2_000,
    "email_from": 1_000,
    "smtp_user": 1_000,
    "smtp_password": 1_000,
    "email_cc": 2_000,
    "email_bcc": 2_000,
}


@dataclass(frozen=True)
class {{ cookiecutter.command_class }}(ConnectorCommand):
    """Send one plain-text email through an SMTP server.

    Its fields are the parameters a diagram gives it, as the proxy lists them. Addresses are
    comma-separated lists (`"Ada <ada@example.com>, bob@example.com"`). Bcc recipients get the
    message without appearing in it. The user and password are never logged or returned, in any
    encoding, and logging in over a connection that is not encrypted is refused unless
    `allow_login_without_tls` is set. `smtp_timeout` bounds the whole call, from reading the
    parameters and looking the server up to its last reply.
    """

    smtp_host: str
    smtp_port: int
    email_subject: str
    email_body: str
    email_to: str
    email_from: str
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_timeout: int = 30
    email_cc: str | None = None
    email_bcc: str | None = None
    allow_login_without_tls: bool = False

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        started = time.monotonic()  # `smtp_timeout` counts from here
        logs: list[str] = []
        try:
            within_limits(vars(self), TEXT_LIMITS)
        except InvalidParameter as problem:
            return error_response("InvalidParameter", str(problem), logs)

        secrets = credentials(self.smtp_user, self.smtp_password)
        public: list[str] = []  # given in the open: kept readable, a short secret inside too
        try:
            email = read_email(vars(self))
            public = [email.host, email.sender_address, *email.recipients]
            message = email.message()
            deadline = Deadline(email.timeout, started)
            logs.append(f"connecting to {email.server}")
            smtp, addresses = unconnected_client(email, deadline)
            with deadline.hanging_up(lambda: hang_up(smtp)), smtp:
                connect(smtp, addresses, email.port, deadline)
                if email.tls == STARTTLS:
                    smtp.starttls(context=ssl.create_default_context())
                    logs.append("started TLS")
                if email.user and email.password:
                    smtp.login(email.user, email.password)
                    logs.append("logged in")
                refused = smtp.send_message(message, email.sender_address, email.recipients)
        except Exception as error:
            code, text = error_from(error, ERROR_CODES)
            return error_response(code, redacted(text, secrets, public), logs)

        accepted = [address for address in email.recipients if address not in refused]
        logs.append(f"sent to {len(accepted)} of {len(email.recipients)} recipients")
        replies = {to: reply(*answer) for to, answer in refused.items()}
        body = {"message_id": str(message["Message-ID"]), "accepted": accepted, "refused": replies}
        return success_response(redacted(body, secrets, public), logs)


def credentials(user: Any, password: Any) -> list[str]:
    """Every form the login can take in what a server echoes: the user and the password, and
    the AUTH PLAIN answer made of both."""
    if isinstance(user, str) and isinstance(password, str):
        return secret_forms([user, password, f"\0{user}\0{password}"])
    return secret_forms([user, password])
