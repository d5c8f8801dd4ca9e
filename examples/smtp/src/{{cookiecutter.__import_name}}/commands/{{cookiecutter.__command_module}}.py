import ssl
from dataclasses import dataclass
from typing import Any

from {{ cookiecutter.__import_name }}.deadline import deadline
from {{ cookiecutter.__import_name }}.email_errors import error_from, redacted, reply
from {{ cookiecutter.__import_name }}.email_parameters import STARTTLS, read_email
from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    ConnectorCommand,
    error_response,
    success_response,
)
from {{ cookiecutter.__import_name }}.smtp_client import hang_up, unconnected_client

# Every error code this command returns, and when: a BPMN error boundary event can catch each.
ERROR_CODES = {
    "InvalidParameter": "A parameter is malformed (the message names it); nothing was sent",
    "InsecureLoginRefused": "`smtp_user` is set without `smtp_starttls` or `smtp_ssl`",
    "ConnectionRefusedError": "Nothing listens at `smtp_host` and `smtp_port`",
    "gaierror": "The host name is unknown",
    "TimeoutError": "The server did not answer within `smtp_timeout` seconds, or took longer",
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


@dataclass(frozen=True)
class {{ cookiecutter.command_class }}(ConnectorCommand):
    """Send one plain-text email through an SMTP server.

    Its fields are the parameters a diagram gives it, as the proxy lists them. Addresses are
    comma-separated lists (`"Ada <ada@example.com>, bob@example.com"`). Bcc recipients get the
    message without appearing in it. The password is never logged or returned, and logging in
    over a connection that is not encrypted is refused unless `allow_login_without_tls` is set.
    `smtp_timeout` bounds the whole conversation.
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
        logs: list[str] = []
        try:
            email = read_email(vars(self))
            message = email.message()
            logs.append(f"connecting to {email.server}")
            smtp = unconnected_client(email)
            with deadline(email.timeout, hang_up=lambda: hang_up(smtp)), smtp:
                smtp.connect(email.host, email.port)
                if email.tls == STARTTLS:
                    smtp.starttls(context=ssl.create_default_context())
                    logs.append("started TLS")
                if email.user and email.password:
                    smtp.login(email.user, email.password)
                    logs.append("logged in")
                refused = smtp.send_message(message, email.sender_address, email.recipients)
        except Exception as error:
            code, text = error_from(error, ERROR_CODES)
            return error_response(code, redacted(text, self.smtp_password), logs)

        accepted = [address for address in email.recipients if address not in refused]
        logs.append(f"sent to {len(accepted)} of {len(email.recipients)} recipients")
        replies = {to: redacted(reply(*answer), email.password) for to, answer in refused.items()}
        body = {"message_id": str(message["Message-ID"]), "accepted": accepted, "refused": replies}
        return success_response(body, logs)
