import contextlib
import re
import smtplib
import socket
import ssl
import threading
from email.headerregistry import AddressHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from typing import Any

from {{ cookiecutter.__import_name }}.parameters import (
    InvalidParameter,
    boolean,
    one_line,
    optional_text,
    required_text,
    secret_text,
    whole_number,
)
from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    ConnectorCommand,
    error_response,
    success_response,
)

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
INSECURE_LOGIN_MESSAGE = (
    "refusing to send the SMTP password over an unencrypted connection: set smtp_starttls "
    "(port 587) or smtp_ssl (port 465), or allow_login_without_tls for a trusted local server"
)
ADDRESS_EXAMPLE = '"Ada <ada@example.com>, bob@example.com"'
# The fields that become header lines, each with an example for the message that refuses it.
HEADER_EXAMPLES = {
    "email_subject": '"Quarterly report"',
    "email_from": '"Reports <reports@example.com>"',
    "email_to": ADDRESS_EXAMPLE,
    "email_cc": '"carol@example.com"',
    "email_bcc": '"audit@example.com"',
}
ADDRESS_HEADERS = {"email_from": "From", "email_to": "To", "email_cc": "Cc", "email_bcc": "Bcc"}
ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


class {{ cookiecutter.command_class }}(ConnectorCommand):
    """Send one plain-text email through an SMTP server.

    Addresses are comma-separated lists (`"Ada <ada@example.com>, bob@example.com"`). Bcc
    recipients get the message without appearing in its headers. The password is never logged or
    returned, and logging in over a connection that is not encrypted is refused unless
    `allow_login_without_tls` is set. `smtp_timeout` bounds the whole conversation.
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
            self._check_parameters()
            addresses = {name: self._addresses(name) for name in ADDRESS_HEADERS}
            if self.smtp_user and not self._encrypted_or_allowed():
                return error_response("InsecureLoginRefused", INSECURE_LOGIN_MESSAGE, logs)

            message = self._message(sender=addresses["email_from"][0])
            everyone = addresses["email_to"] + addresses["email_cc"] + addresses["email_bcc"]
            recipients = list(dict.fromkeys(everyone))
            refused = self._send(message, recipients, logs)
        except InvalidParameter as problem:
            return error_response("InvalidParameter", str(problem), logs)
        except OSError as error:  # socket, ssl and smtplib errors are all OSErrors
            return error_response(_error_code(error), self._redact(_described(error)), logs)
        except Exception as error:
            # Its text could quote a parameter, the password among them: report the type only.
            return error_response("UnexpectedError", f"{type(error).__name__} while sending", logs)

        body = {
            "message_id": str(message["Message-ID"]),
            "accepted": [address for address in recipients if address not in refused],
            "refused": {
                address: self._redact(_reply(code, text))
                for address, (code, text) in refused.items()
            },
        }
        return success_response(body, logs)

    def _check_parameters(self) -> None:
        """Turn each parameter into what the command needs, or raise InvalidParameter."""
        self.smtp_host = one_line("smtp_host", self.smtp_host, '"smtp.example.com"')
        self.smtp_port = whole_number("smtp_port", self.smtp_port, 1, 65535, example=587)
        self.smtp_timeout = whole_number("smtp_timeout", self.smtp_timeout, 1, 3600, example=30)
        self.smtp_starttls = boolean("smtp_starttls", self.smtp_starttls, default=False)
        self.smtp_ssl = boolean("smtp_ssl", self.smtp_ssl, default=False)
        self.allow_login_without_tls = boolean(
            "allow_login_without_tls", self.allow_login_without_tls, default=False
        )
        if self.smtp_starttls and self.smtp_ssl:
            raise InvalidParameter(
                "set smtp_starttls (usually port 587) or smtp_ssl (usually 465), not both"
            )
        self.email_body = required_text("email_body", self.email_body, '"Hi Ada, ..."')
        self.email_cc = optional_text("email_cc", self.email_cc, HEADER_EXAMPLES["email_cc"])
        self.email_bcc = optional_text("email_bcc", self.email_bcc, HEADER_EXAMPLES["email_bcc"])
        for name, example in HEADER_EXAMPLES.items():
            value = getattr(self, name)
            if value is not None:
                _check_header(name, one_line(name, value, example))
        self.smtp_user = secret_text("smtp_user", self.smtp_user, '"secret:SMTP_USER"')
        self.smtp_password = secret_text(
            "smtp_password", self.smtp_password, '"secret:SMTP_PASSWORD"'
        )
        if self.smtp_user and not self.smtp_password:
            raise InvalidParameter('smtp_user needs smtp_password too, e.g. "secret:SMTP_PASSWORD"')
        if not f"{self.smtp_user or ''}{self.smtp_password or ''}".isascii():
            raise InvalidParameter("smtp_user and smtp_password must be ASCII, as SMTP sends them")

    def _addresses(self, name: str) -> list[str]:
        """The bare addresses of an address field, read the same way for the envelope as the
        message's header shows them: a field that reads two ways is refused."""
        value = getattr(self, name) or ""
        as_sent = [address for _name, address in getaddresses([value])] if value else []
        malformed = InvalidParameter(
            f"{name} takes comma-separated addresses like {ADDRESS_EXAMPLE}"
        )
        try:
            header = HeaderRegistry()(ADDRESS_HEADERS[name], value)
        except Exception:  # the standard library's parser fails in more ways than one
            raise malformed from None
        as_shown: list[str] = []
        if isinstance(header, AddressHeader):
            as_shown = [address.addr_spec for address in header.addresses]
        if as_sent != as_shown or not all(ADDRESS.fullmatch(address) for address in as_sent):
            raise malformed
        if name == "email_from" and len(as_sent) != 1:
            raise InvalidParameter('email_from must be exactly one address, e.g. "ada@example.com"')
        return as_sent

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
        # Quoted-printable keeps every line 7-bit, for servers without 8BITMIME too.
        message.set_content(self.email_body, cte="quoted-printable")
        return message

    def _send(
        self, message: EmailMessage, recipients: list[str], logs: list[str]
    ) -> dict[str, tuple[int, bytes]]:
        timeout = self.smtp_timeout
        tls = ssl.create_default_context() if self.smtp_ssl or self.smtp_starttls else None
        mode = "implicit TLS" if self.smtp_ssl else "STARTTLS" if self.smtp_starttls else "no TLS"
        address = f"{self.smtp_host}:{self.smtp_port}"
        logs.append(f"connecting to {address} ({mode}, timeout {timeout} s)")
        smtp = (
            smtplib.SMTP_SSL(timeout=timeout, context=tls)
            if self.smtp_ssl
            else smtplib.SMTP(timeout=timeout)
        )
        # Connecting after the constructor lets the deadline below reach the socket; smtplib
        # then takes the name to check the server's certificate against from here (it is not
        # in the type stubs).
        smtp._host = self.smtp_host  # type: ignore[attr-defined]
        # smtp_timeout bounds each read; this bounds the whole conversation, so that a server
        # that answers a byte at a time cannot hold the proxy's worker for longer.
        expired = threading.Event()
        deadline = threading.Timer(timeout, _hang_up, (smtp, expired))
        deadline.start()
        try:
            with smtp:
                smtp.connect(self.smtp_host, self.smtp_port)
                if self.smtp_starttls:
                    smtp.starttls(context=tls)
                    logs.append("started TLS")
                if self.smtp_user and self.smtp_password:
                    smtp.login(self.smtp_user, self.smtp_password)
                    logs.append("logged in")
                refused = smtp.send_message(message, to_addrs=recipients)
        except OSError:
            if expired.is_set():
                raise TimeoutError(f"no complete answer within {timeout} s") from None
            raise
        finally:
            deadline.cancel()
        logs.append(f"sent to {len(recipients) - len(refused)} of {len(recipients)} recipients")
        return refused

    def _redact(self, text: str) -> str:
        """`text` without the password, wherever it stands as a word of its own: replacing it
        inside other words would leave a short password's messages unreadable."""
        if not self.smtp_password:
            return text
        word = rf"(?<![A-Za-z0-9]){re.escape(self.smtp_password)}(?![A-Za-z0-9])"
        return re.sub(word, "[redacted]", text)


def _check_header(name: str, value: str) -> None:
    # An RFC 2047 encoded word (=?utf-8?q?...?=) can hide a line break that some Python releases
    # write out as a new header line: email text never needs one, Python encodes by itself.
    if "=?" in value:
        raise InvalidParameter(f'{name} must not contain "=?": write the text as it is')


def _hang_up(smtp: smtplib.SMTP, expired: threading.Event) -> None:
    expired.set()
    sock = smtp.sock  # once: the conversation may be closing it right now
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def _reply(code: int, text: bytes | str) -> str:
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"


def _described(error: OSError) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return _reply(error.smtp_code, error.smtp_error)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = [f"{to} ({_reply(code, text)})" for to, (code, text) in error.recipients.items()]
        return "every recipient was refused: " + ", ".join(replies)
    return str(error)


def _error_code(error: OSError) -> str:
    # smtplib reports a read that timed out as SMTPServerDisconnected: name the timeout instead.
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        return "TimeoutError"
    name = type(error).__name__
    if name in ERROR_CODES:
        return name
    return "SMTPError" if isinstance(error, smtplib.SMTPException) else "ConnectionError"
