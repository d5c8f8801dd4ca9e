"""{{ cookiecutter.command_class }} against a real SMTP server on 127.0.0.1: what arrives.

Failures of the server, the network and TLS are in test_smtp_faults.py.
"""

import json
import logging
import time
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from command_results import assert_valid_response, body_of, error_of, logs_of, status_of
from smtp_server import PASSWORD, USER, SMTPServer, running_smtp_server

from {{ cookiecutter.__import_name }}.commands.{{ cookiecutter.__command_module }} import (
    {{ cookiecutter.command_class }},
)
from {{ cookiecutter.__import_name }}.protocol import CommandResult


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    with running_smtp_server() as server:
        yield server


def send(host: str, port: int | str, **parameters: Any) -> CommandResult:
    arguments: dict[str, Any] = {
        "smtp_host": host,
        "smtp_port": port,
        "email_subject": "Quarterly report",
        "email_body": "Hi Ada,\n\nthe report is ready.\n",
        "email_to": "Ada Lovelace <ada@example.com>",
        "email_from": "Reports <reports@example.com>",
        **parameters,
    }
    result = {{ cookiecutter.command_class }}(**arguments).execute({}, {})
    assert_valid_response(result)
    return result


def test_delivers_the_message_to_every_recipient(smtp_server: SMTPServer) -> None:
    result = send(
        smtp_server.host,
        smtp_server.port,
        email_to="Ada Lovelace <ada@example.com>, grace@example.com",
        email_cc="Charles <charles@example.com>",
        email_bcc="audit@example.com",
    )

    body = body_of(result)
    assert status_of(result) == 200
    [delivery] = smtp_server.deliveries
    everyone = ["ada@example.com", "grace@example.com", "charles@example.com", "audit@example.com"]
    assert delivery.mail_from == "reports@example.com"
    assert delivery.rcpt_tos == everyone
    assert body["accepted"] == everyone
    assert body["refused"] == {}
    message = delivery.message
    assert message["Subject"] == "Quarterly report"
    assert message["From"] == "Reports <reports@example.com>"
    assert message["To"] == "Ada Lovelace <ada@example.com>, grace@example.com"
    assert message["Cc"] == "Charles <charles@example.com>"
    assert message["Bcc"] is None, "bcc recipients must not be visible to the others"
    assert message["Message-ID"] == body["message_id"]
    assert message.get_content() == "Hi Ada,\n\nthe report is ready.\n"


def test_dates_the_message_and_names_it_after_the_sender_domain(smtp_server: SMTPServer) -> None:
    body = body_of(send(smtp_server.host, smtp_server.port, email_from="reports@mail.example.org"))

    [delivery] = smtp_server.deliveries
    sent_at = parsedate_to_datetime(delivery.message["Date"])
    assert abs(sent_at.timestamp() - time.time()) < 60
    assert sent_at.utcoffset() is not None, "the Date header carries a time zone"
    assert body["message_id"].endswith("@mail.example.org>")


def test_headers_go_out_under_their_usual_names(smtp_server: SMTPServer) -> None:
    body_of(send(smtp_server.host, smtp_server.port, email_cc="carol@example.com"))

    [delivery] = smtp_server.deliveries
    head = delivery.raw.split(b"\n\n", 1)[0].splitlines()
    names = {line.split(b":", 1)[0] for line in head if not line.startswith((b" ", b"\t"))}
    assert {b"Subject", b"From", b"To", b"Cc", b"Date", b"Message-ID"} <= names


def test_logs_what_it_did(smtp_server: SMTPServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    result = send(smtp_server.host, smtp_server.port, email_bcc="audit@example.com")

    assert logs_of(result, caplog) == [
        f"connecting to {smtp_server.host}:{smtp_server.port} (no TLS, timeout 30 s)",
        "sent to 2 of 2 recipients",
    ]


def test_connects_to_the_host_it_is_given(smtp_server: SMTPServer) -> None:
    # 127.0.0.2 is this machine too, but nothing listens there: the host must not be ignored.
    error = error_of(send("127.0.0.2", smtp_server.port))

    assert error["error_code"] == "ConnectionRefusedError"
    assert smtp_server.deliveries == []


def test_accepts_the_port_as_text(smtp_server: SMTPServer) -> None:
    body_of(send(smtp_server.host, str(smtp_server.port)))

    assert len(smtp_server.deliveries) == 1


def test_logs_in_with_valid_credentials(smtp_server: SMTPServer) -> None:
    result = send(
        smtp_server.host,
        smtp_server.port,
        smtp_user=USER,
        smtp_password=PASSWORD,
        allow_login_without_tls=True,
    )

    body_of(result)
    [delivery] = smtp_server.deliveries
    assert delivery.authenticated
    assert PASSWORD not in json.dumps(result)


@pytest.mark.parametrize(
    ("parameters", "named"),
    [
        pytest.param({"smtp_port": "smtp"}, "smtp_port", id="port-not-a-number"),
        pytest.param({"smtp_port": 70000}, "smtp_port", id="port-out-of-range"),
        pytest.param({"smtp_timeout": "soon"}, "smtp_timeout", id="timeout-not-a-number"),
        pytest.param({"smtp_timeout": 0}, "smtp_timeout", id="timeout-zero"),
        pytest.param({"email_subject": 42}, "email_subject", id="subject-not-text"),
        pytest.param({"smtp_starttls": True, "smtp_ssl": True}, "smtp_ssl", id="starttls-and-ssl"),
        pytest.param({"smtp_user": USER}, "smtp_password", id="user-without-password"),
        pytest.param({"email_to": "ada at example.com"}, "email_to", id="to-not-an-address"),
        pytest.param({"email_to": ""}, "email_to", id="no-recipient"),
        pytest.param({"email_from": "a@example.com, b@c.example"}, "email_from", id="two-senders"),
    ],
)
def test_invalid_parameters_are_named_in_the_error(
    smtp_server: SMTPServer, parameters: dict[str, Any], named: str
) -> None:
    error = error_of(send(smtp_server.host, smtp_server.port, **parameters))

    assert error["error_code"] == "InvalidParameter"
    assert named in error["message"]
    assert smtp_server.deliveries == []
