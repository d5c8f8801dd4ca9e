"""An SMTP client that a deadline can hang up on, whatever it is waiting for, name lookups
included."""

import contextlib
import smtplib
import socket
import ssl

from {{ cookiecutter.__import_name }}.deadline import Deadline
from {{ cookiecutter.__import_name }}.email_parameters import IMPLICIT_TLS, Email

# Failures of a server that was reached (a TLS handshake, a greeting): no other address of it
# is tried after one. (Named, so that ruff formats the except line alike for every Python.)
SERVER_FAILED = (ssl.SSLError, smtplib.SMTPException)


def unconnected_client(email: Email, deadline: Deadline) -> tuple[smtplib.SMTP, list[str]]:
    """A client for the server of `email` that connects when asked, and the server's addresses.
    Both look names up (the server's, and this machine's own for its greeting), so they are
    made in a thread the call stops waiting for at its deadline."""
    return deadline.run(lambda: (client(email), addresses_of(email)))


def client(email: Email) -> smtplib.SMTP:
    """A client that still checks the server's certificate against its name."""
    if email.tls == IMPLICIT_TLS:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(timeout=email.timeout, context=context)
    else:
        smtp = smtplib.SMTP(timeout=email.timeout)
    # smtplib takes the name to check the certificate against from here; it is set only when
    # the constructor connects (and is not in the type stubs).
    smtp._host = email.host  # type: ignore[attr-defined]
    return smtp


def addresses_of(email: Email) -> list[str]:
    found = socket.getaddrinfo(email.host, email.port, type=socket.SOCK_STREAM)
    return [str(address[0]) for *_, address in found]


def connect(smtp: smtplib.SMTP, addresses: list[str], port: int, deadline: Deadline) -> None:
    """Connect to the first of the server's addresses that answers, as socket.create_connection
    would, each try within what is left of the deadline."""
    failure: OSError = ConnectionError("the server has no address")
    for address in addresses:
        smtp.timeout = deadline.left()
        try:
            smtp.connect(address, port)
            return
        except SERVER_FAILED:
            raise
        except OSError as error:
            failure = error
    raise failure


def hang_up(client: smtplib.SMTP) -> None:
    """Shut the client's connection down: whatever it waits for fails at once."""
    sock = client.sock  # once: the conversation may be closing it right now
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)
