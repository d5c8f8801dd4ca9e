"""Real SMTP servers for the tests, on 127.0.0.1 and on ports the system picks.

`running_smtp_server` is aiosmtpd: it records every message it accepts (with its bytes as they
arrived), refuses recipients at `refused.example`, accepts PASSWORD for the user USER or for the
user PASSWORD (one token for both, as some providers use) and, given a certificate, offers
STARTTLS or speaks implicit TLS. Plain socket servers stand in where aiosmtpd cannot misbehave:
one that never accepts a connection, one that never answers, one that greets a byte at a time,
one that refuses everything, one that hangs up during DATA, one that repeats the password.
"""

import base64
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, Literal

import trustme
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
    raw: bytes


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
        authenticated = bool(session.authenticated)
        self.deliveries.append(Delivery(sender, recipients, message, authenticated, content))
        return "250 Message accepted for delivery"


def authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    valid = isinstance(auth_data, LoginPassword) and auth_data in (
        LoginPassword(USER.encode(), PASSWORD.encode()),
        LoginPassword(PASSWORD.encode(), PASSWORD.encode()),
    )
    return AuthResult(success=valid, handled=False)


def free_port() -> int:
    """A port nothing listens on. aiosmtpd cannot be given port 0: its start-up check connects
    to the port it was configured with, so ask the system for a free port first."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


TLS = Literal["none", "starttls", "implicit"]


def server_tls_context(ca: trustme.CA) -> ssl.SSLContext:
    """A server context with a certificate for 127.0.0.1, issued by the test authority `ca`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@contextmanager
def running_smtp_server(tls: TLS = "none", ca: trustme.CA | None = None) -> Iterator[SMTPServer]:
    server = SMTPServer("127.0.0.1", free_port())
    context = server_tls_context(ca or trustme.CA()) if tls != "none" else None
    controller = Controller(
        RecordingHandler(server.deliveries),
        hostname=server.host,
        port=server.port,
        authenticator=authenticate,
        # Without TLS, the tests log in only with allow_login_without_tls set.
        auth_require_tls=False,
        tls_context=context if tls == "starttls" else None,
        ssl_context=context if tls == "implicit" else None,
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@contextmanager
def hanging_name_lookup(seconds: float) -> Iterator[threading.Event]:
    """socket.getaddrinfo as a resolver that hangs makes it: each answer comes `seconds` late.
    The event is set once a late answer has been given."""
    real = socket.getaddrinfo
    answered = threading.Event()

    def late(*arguments: Any, **keywords: Any) -> Any:
        time.sleep(seconds)
        try:
            return real(*arguments, **keywords)
        finally:
            answered.set()

    socket.getaddrinfo = late
    try:
        yield answered
    finally:
        socket.getaddrinfo = real


@contextmanager
def server_that_never_accepts() -> Iterator[int]:
    """A port whose queue of connections waiting to be accepted is full: a new connection is
    never completed, as with a host that drops every packet."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = int(listener.getsockname()[1])
        waiting = [socket.socket() for _ in range(3)]
        for connection in waiting:
            connection.setblocking(False)
            connection.connect_ex(("127.0.0.1", port))
        time.sleep(0.1)  # the queue fills
        try:
            yield port
        finally:
            for connection in waiting:
                connection.close()


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word: the SMTP greeting never comes."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


@contextmanager
def server_that_drips_its_greeting(seconds_per_byte: float) -> Iterator[int]:
    """A port whose server sends its greeting one byte at a time, each well within any read
    timeout, so that only a deadline for the whole call can stop it."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            for byte in b"220 " + b"slow " * 200 + b"\r\n":
                if stop.is_set():
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return  # the client hung up
                time.sleep(seconds_per_byte)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    with listener:
        yield int(listener.getsockname()[1])
        stop.set()
        thread.join(timeout=5)


@contextmanager
def server_that_refuses_to_talk(reply: bytes = b"Not talking to you") -> Iterator[int]:
    """A port whose server greets, then answers every command with 554 and `reply`: smtplib
    reports it as an error the command has no name of its own for."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        connection, _ = listener.accept()
        with connection, connection.makefile("rb") as lines:
            connection.sendall(b"220 grumpy.example ESMTP\r\n")
            for line in lines:
                connection.sendall(b"554 5.7.1 " + reply + b"\r\n")
                if line[:4].upper() == b"QUIT":
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    with listener:
        yield int(listener.getsockname()[1])
        thread.join(timeout=5)


@contextmanager
def server_that_hangs_up_during_data() -> Iterator[int]:
    """A port whose server answers like SMTP until the message text starts, then hangs up."""
    listener = socket.create_server(("127.0.0.1", 0))
    replies = {b"EHLO": b"250 fake.example\r\n", b"MAIL": b"250 OK\r\n", b"RCPT": b"250 OK\r\n"}

    def serve() -> None:
        connection, _ = listener.accept()
        with connection, connection.makefile("rb") as lines:
            connection.sendall(b"220 fake.example ESMTP\r\n")
            for line in lines:
                if line[:4].upper() == b"DATA":
                    connection.sendall(b"354 Go ahead\r\n")
                    lines.readline()
                    return
                connection.sendall(replies.get(line[:4].upper(), b"502 Not here\r\n"))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    with listener:
        yield int(listener.getsockname()[1])
        thread.join(timeout=5)


@contextmanager
def server_that_repeats_the_password(
    accept_login: bool, echo: Callable[[bytes], bytes] = lambda answer: answer.split(b"\0")[-1]
) -> Iterator[int]:
    """A port whose server offers AUTH PLAIN and quotes the login it was given back: in its
    refusal of the login, or, once logged in, in its refusal of a recipient at refused.example.
    `echo` makes the quote of the decoded AUTH PLAIN answer (`\0user\0password`): by default,
    the password as it is."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        connection, _ = listener.accept()
        quoted = b""
        with connection, connection.makefile("rb") as lines:
            connection.sendall(b"220 echo.example ESMTP\r\n")
            for line in lines:
                command = line[:4].upper()
                if command == b"EHLO":
                    connection.sendall(b"250-echo.example\r\n250 AUTH PLAIN\r\n")
                elif command == b"AUTH":
                    quoted = echo(base64.b64decode(line.split()[-1]))
                    answer = b"235 2.7.0 Welcome" if accept_login else b"535 5.7.8 No " + quoted
                    connection.sendall(answer + b"\r\n")
                elif command == b"RCPT" and REFUSED_DOMAIN.encode() in line:
                    connection.sendall(b"550 5.1.1 Not for " + quoted + b"\r\n")
                elif command == b"DATA":
                    connection.sendall(b"354 Go ahead\r\n")
                    while lines.readline() not in (b".\r\n", b""):
                        pass
                    connection.sendall(b"250 Accepted\r\n")
                elif command == b"QUIT":
                    connection.sendall(b"221 Bye\r\n")
                    return
                else:
                    connection.sendall(b"250 OK\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    with listener:
        yield int(listener.getsockname()[1])
        thread.join(timeout=5)
