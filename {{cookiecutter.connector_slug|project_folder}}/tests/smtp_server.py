"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, on a port the system picks.

It records every message it accepts, refuses recipients at `refused.example`, and accepts one
login, USER with PASSWORD.
"""

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

USER = "ada"
PASSWORD = "correct horse battery staple"
REFUSED_DOMAIN = "@refused.example"


@dataclass
class Delivery:
    """One message as the server received it."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    authenticated: bool


@dataclass
class SMTPServer:
    host: str
    port: int
    deliveries: list[Delivery] = field(default_factory=list)


class RecordingHandler:
    def __init__(self, deliveries: list[Delivery]) -> None:
        self.deliveries = deliveries

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.endswith(REFUSED_DOMAIN):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        # As a mail client shows it: with the SMTP line endings (CRLF) turned into newlines.
        content = (envelope.original_content or b"").replace(b"\r\n", b"\n")
        message = message_from_bytes(content, policy=policy.default)
        sender, recipients = str(envelope.mail_from), list(envelope.rcpt_tos)
        self.deliveries.append(Delivery(sender, recipients, message, bool(session.authenticated)))
        return "250 Message accepted for delivery"


def authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    valid = isinstance(auth_data, LoginPassword) and auth_data == LoginPassword(
        USER.encode(), PASSWORD.encode()
    )
    return AuthResult(success=valid, handled=False)


def free_port() -> int:
    """A port nothing listens on. aiosmtpd cannot be given port 0: its start-up check connects
    to the port it was configured with, so ask the system for a free port first."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer("127.0.0.1", free_port())
    controller = Controller(
        RecordingHandler(server.deliveries),
        hostname=server.host,
        port=server.port,
        authenticator=authenticate,
        # These tests log in without TLS on loopback, with allow_login_without_tls set.
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word: the SMTP greeting never comes."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])
