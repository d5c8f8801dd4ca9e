"""An SMTP client that a deadline can hang up on, whatever it is waiting for."""

import contextlib
import smtplib
import socket
import ssl

from {{ cookiecutter.__import_name }}.email_parameters import IMPLICIT_TLS, Email


def unconnected_client(email: Email) -> smtplib.SMTP:
    """A client for the server of `email` that connects when asked, so that a deadline is
    already running by then, and that still checks the server's certificate against its name."""
    if email.tls == IMPLICIT_TLS:
        context = ssl.create_default_context()
        client: smtplib.SMTP = smtplib.SMTP_SSL(timeout=email.timeout, context=context)
    else:
        client = smtplib.SMTP(timeout=email.timeout)
    # smtplib takes the name to check the certificate against from here; it is set only when
    # the constructor connects (and is not in the type stubs).
    client._host = email.host  # type: ignore[attr-defined]
    return client


def hang_up(client: smtplib.SMTP) -> None:
    """Shut the client's connection down: whatever it waits for fails at once."""
    sock = client.sock  # once: the conversation may be closing it right now
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)
