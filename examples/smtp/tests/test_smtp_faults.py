"""{{ cookiecutter.command_class }} when the server or the network misbehaves, or TLS is involved.

Every case runs against a real server on 127.0.0.1. In each, the command returns the protocol's
error shape with a stable error code instead of raising, and the password appears nowhere.
"""

import base64
import errno
import json
import logging
import smtplib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import trustme
from command_results import assert_valid_response, body_of, error_of, logs_of
from smtp_server import (
    PASSWORD,
    TLS,
    USER,
    free_port,
    hanging_name_lookup,
    running_smtp_server,
    server_that_hangs_up_during_data,
    server_that_never_accepts,
    server_that_refuses_to_talk,
    server_that_repeats_the_password,
    silent_server,
)

from {{ cookiecutter.__import_name }}.commands.{{ cookiecutter.__command_module }} import (
    ERROR_CODES,
    {{ cookiecutter.command_class }},
)
from {{ cookiecutter.__import_name }}.email_errors import error_from
from {{ cookiecutter.__import_name }}.protocol import CommandResult
from {{ cookiecutter.__import_name }}.smtp_client import hang_up


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def trusted_ca(ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> trustme.CA:
    """The test authority, trusted the way a deployment trusts a private one: SSL_CERT_FILE."""
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return ca


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    yield caplog
    # caplog.text is this phase's alone (teardown's, here): read the records of every phase.
    records = [r for when in ("setup", "call", "teardown") for r in caplog.get_records(when)]
    assert all(PASSWORD not in logging.Formatter().format(r) for r in records)


def send(port: int, **parameters: Any) -> CommandResult:
    arguments: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "email_subject": "Quarterly report",
        "email_body": "The report is ready.",
        "email_to": "ada@example.com",
        "email_from": "reports@example.com",
        "smtp_user": USER,
        "smtp_password": PASSWORD,
        "smtp_timeout": 2,
        **parameters,
    }
    result = {{ cookiecutter.command_class }}(**arguments).execute({}, {})
    assert_valid_response(result)
    assert PASSWORD not in json.dumps(result)
    return result


def tls_parameters(tls: TLS) -> dict[str, bool]:
    return {"smtp_starttls": tls == "starttls", "smtp_ssl": tls == "implicit"}


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
def test_logs_in_and_delivers_over_tls_to_a_trusted_server(
    trusted_ca: trustme.CA, tls: TLS
) -> None:
    with running_smtp_server(tls, trusted_ca) as server:
        body_of(send(server.port, **tls_parameters(tls)))

    [delivery] = server.deliveries
    assert delivery.authenticated
    assert delivery.rcpt_tos == ["ada@example.com"]


def test_logs_the_tls_mode_and_the_login(
    trusted_ca: trustme.CA, logs: pytest.LogCaptureFixture
) -> None:
    with running_smtp_server("starttls", trusted_ca) as server:
        result = send(server.port, smtp_starttls=True)
    assert logs_of(result, logs) == [
        f"connecting to 127.0.0.1:{server.port} (STARTTLS, timeout 2 s)",
        "started TLS",
        "logged in",
        "sent to 1 of 1 recipients",
    ]

    logs.clear()
    with running_smtp_server("implicit", trusted_ca) as server:
        result = send(server.port, smtp_ssl=True)
    assert logs_of(result, logs) == [
        f"connecting to 127.0.0.1:{server.port} (implicit TLS, timeout 2 s)",
        "logged in",
        "sent to 1 of 1 recipients",
    ]


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
def test_refuses_a_certificate_it_does_not_trust(ca: trustme.CA, tls: TLS) -> None:
    with running_smtp_server(tls, ca) as server:
        error = error_of(send(server.port, **tls_parameters(tls)))

    assert error["error_code"] == "SSLCertVerificationError"
    assert "certificate" in error["message"]
    assert server.deliveries == []


def test_refuses_to_continue_without_tls_when_starttls_is_not_offered() -> None:
    with running_smtp_server() as server:
        error = error_of(send(server.port, smtp_starttls=True))

    assert error["error_code"] == "SMTPNotSupportedError"
    assert server.deliveries == []


def test_never_logs_in_without_tls_by_default() -> None:
    with running_smtp_server() as server:
        error = error_of(send(server.port))

    assert error == {
        "error_code": "InsecureLoginRefused",
        "message": "refusing to send the SMTP password over an unencrypted connection: set "
        "smtp_starttls (port 587) or smtp_ssl (port 465), or allow_login_without_tls for a "
        "trusted local server",
    }
    assert server.deliveries == []


def test_a_refused_connection() -> None:
    error = error_of(send(free_port(), allow_login_without_tls=True))

    assert error["error_code"] == "ConnectionRefusedError"


def test_a_server_that_never_answers_times_out_within_the_timeout() -> None:
    with silent_server() as port:
        started = time.monotonic()
        error = error_of(send(port, smtp_timeout=1, allow_login_without_tls=True))
        elapsed = time.monotonic() - started

    assert error["error_code"] == "TimeoutError"
    assert elapsed < 1 + 1


def test_a_connection_that_never_completes_is_bounded_by_the_timeout() -> None:
    # Plain and implicit TLS at once: each call has its own deadline, and the test waits once.
    def connect(tls: TLS, port: int) -> CommandResult:
        parameters = {"smtp_timeout": 1, "allow_login_without_tls": True, **tls_parameters(tls)}
        return send(port, **parameters)

    with server_that_never_accepts() as port, ThreadPoolExecutor() as pool:
        started = time.monotonic()
        results = list(pool.map(connect, ["none", "implicit"], [port, port]))
        elapsed = time.monotonic() - started

    assert [error_of(result)["error_code"] for result in results] == ["TimeoutError"] * 2
    assert elapsed < 1 + 1


def test_a_server_that_hangs_up_during_data() -> None:
    with server_that_hangs_up_during_data() as port:
        error = error_of(send(port, smtp_user=None, smtp_password=None))

    assert error["error_code"] == "SMTPServerDisconnected"


def test_a_rejected_login() -> None:
    with running_smtp_server() as server:
        result = send(server.port, smtp_password="wrong", allow_login_without_tls=True)

    error = error_of(result)
    assert error["error_code"] == "SMTPAuthenticationError"
    assert error["message"] == "535 5.7.8 Authentication credentials invalid"
    assert server.deliveries == []


def test_a_failure_smtplib_has_no_name_of_ours_for() -> None:
    with server_that_refuses_to_talk() as port:
        error = error_of(send(port, smtp_user=None, smtp_password=None))

    assert error["error_code"] == "SMTPError"
    assert error["message"] == "554 5.7.1 Not talking to you"


def test_a_reply_that_is_not_utf_8_is_read_with_replacement_characters() -> None:
    with server_that_refuses_to_talk(reply=b"Not \xff talking") as port:
        error = error_of(send(port, smtp_user=None, smtp_password=None))

    assert error == {"error_code": "SMTPError", "message": "554 5.7.1 Not \ufffd talking"}


def test_a_password_the_server_repeats_in_its_refusal_never_comes_back() -> None:
    with server_that_repeats_the_password(accept_login=False) as port:
        error = error_of(send(port, allow_login_without_tls=True))

    assert error == {"error_code": "SMTPAuthenticationError", "message": "535 5.7.8 No [redacted]"}


def password_of(plain: bytes) -> bytes:
    """The password in an AUTH PLAIN answer, `\0user\0password`."""
    return plain.split(b"\0")[-1]


@pytest.mark.parametrize(
    ("echo", "quoted"),
    [
        pytest.param(lambda plain: b"x" + password_of(plain) + b"y", "x[redacted]y", id="glued"),
        pytest.param(lambda plain: base64.b64encode(password_of(plain)), "[redacted]", id="base64"),
        pytest.param(lambda plain: quote(password_of(plain)).encode(), "[redacted]", id="url"),
        pytest.param(lambda plain: base64.b64encode(plain), "[redacted]", id="auth-plain"),
        pytest.param(lambda plain: plain.split(b"\0")[1], "[redacted]", id="the-user"),
    ],
)
def test_the_login_a_server_quotes_in_any_form_never_comes_back(
    echo: Callable[[bytes], bytes], quoted: str
) -> None:
    with server_that_repeats_the_password(accept_login=False, echo=echo) as port:
        error = error_of(send(port, allow_login_without_tls=True))

    assert error == {"error_code": "SMTPAuthenticationError", "message": f"535 5.7.8 No {quoted}"}


def test_a_user_equal_to_the_password_is_not_told_apart_by_the_redaction() -> None:
    def both(plain: bytes) -> bytes:
        return plain.replace(b"\0", b" ").strip()

    with server_that_repeats_the_password(accept_login=False, echo=both) as port:
        error = error_of(send(port, smtp_user=PASSWORD, allow_login_without_tls=True))

    assert error["message"] == "535 5.7.8 No [redacted] [redacted]"


def test_a_short_password_that_is_part_of_an_address_leaves_the_address_readable() -> None:
    def with_address(plain: bytes) -> bytes:
        return b"<nobody@refused.example>, " + password_of(plain)

    to = "ada@example.com, nobody@refused.example"
    with server_that_repeats_the_password(accept_login=True, echo=with_address) as port:
        result = send(port, email_to=to, smtp_password="example", allow_login_without_tls=True)

    body = body_of(result)
    assert body["accepted"] == ["ada@example.com"]
    reply = "550 5.1.1 Not for <nobody@refused.example>, [redacted]"
    assert body["refused"] == {"nobody@refused.example": reply}


def test_a_name_lookup_that_hangs_ends_with_the_timeout_and_nothing_is_sent_later() -> None:
    with running_smtp_server() as server, hanging_name_lookup(seconds=2) as answered:
        started = time.monotonic()
        result = send(server.port, smtp_host="localhost", smtp_user=None, smtp_timeout=1)
        took = time.monotonic() - started
        answered.wait(timeout=5)
        time.sleep(0.2)  # what the late answer could have started

    assert error_of(result) == {
        "error_code": "TimeoutError",
        "message": "no complete answer within 1 s",
    }
    assert took < 1.5, f"{took:.1f} s"
    assert server.deliveries == []


def test_a_password_the_server_repeats_for_a_refused_recipient_never_comes_back() -> None:
    to = "ada@example.com, nobody@refused.example"
    with server_that_repeats_the_password(accept_login=True) as port:
        body = body_of(send(port, email_to=to, allow_login_without_tls=True))

    assert body["accepted"] == ["ada@example.com"]
    assert body["refused"] == {"nobody@refused.example": "550 5.1.1 Not for [redacted]"}


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (smtplib.SMTPServerDisconnected("Connection closed"), "SMTPServerDisconnected"),
        (smtplib.SMTPHeloError(501, b"Who are you"), "SMTPError"),
        (OSError(errno.ENETUNREACH, "Network is unreachable"), "ConnectionError"),
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), "ConnectionError"),
        (TimeoutError("timed out"), "TimeoutError"),
        (ValueError("half a pair"), "UnexpectedError"),
    ],
)
def test_each_failure_has_a_declared_code(error: Exception, code: str) -> None:
    assert error_from(error, ERROR_CODES)[0] == code
    assert code in ERROR_CODES


def test_a_read_that_timed_out_is_a_timeout_whatever_smtplib_calls_it() -> None:
    # smtplib turns a read that timed out into SMTPServerDisconnected, with the timeout behind it.
    try:
        try:
            raise TimeoutError("timed out")
        except TimeoutError:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed") from None
    except smtplib.SMTPServerDisconnected as error:
        assert error_from(error, ERROR_CODES) == ("TimeoutError", "Connection unexpectedly closed")


def test_hanging_up_a_connection_that_is_already_closed_is_quiet() -> None:
    with running_smtp_server() as server:
        client = smtplib.SMTP("127.0.0.1", server.port, timeout=2)
        # As client.close() does, just as the deadline passes and reads client.sock.
        assert client.file is not None and client.sock is not None
        client.file.close()
        client.sock.close()

        hang_up(client)


def test_one_refused_recipient_among_accepted_ones(logs: pytest.LogCaptureFixture) -> None:
    to = "ada@example.com, nobody@refused.example, grace@example.com"
    with running_smtp_server() as server:
        result = send(server.port, email_to=to, allow_login_without_tls=True)
    body = body_of(result)

    assert logs_of(result, logs)[-1] == "sent to 2 of 3 recipients"
    assert body["accepted"] == ["ada@example.com", "grace@example.com"]
    assert body["refused"] == {"nobody@refused.example": "550 5.1.1 No such user here"}
    assert [delivery.rcpt_tos for delivery in server.deliveries] == [body["accepted"]]


def test_every_recipient_refused() -> None:
    to = "nobody@refused.example, noone@refused.example"
    with running_smtp_server() as server:
        error = error_of(send(server.port, email_to=to, allow_login_without_tls=True))

    assert error["error_code"] == "SMTPRecipientsRefused"
    assert error["message"] == (
        "every recipient was refused: nobody@refused.example (550 5.1.1 No such user here), "
        "noone@refused.example (550 5.1.1 No such user here)"
    )
    assert server.deliveries == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email_subject", "Hello\r\nBcc: everyone@example.com"),
        ("email_to", "ada@example.com\nBcc: everyone@example.com"),
        ("email_from", "Reports\r <reports@example.com>"),
        ("email_cc", "Carol\n <carol@example.com>"),
        ("email_bcc", "audit@example.com\r\nX-Injected: yes"),
    ],
)
def test_header_injection_is_refused_before_anything_is_sent(field: str, value: str) -> None:
    with running_smtp_server() as server:
        error = error_of(send(server.port, allow_login_without_tls=True, **{field: value}))

    assert error["error_code"] == "InvalidParameter"
    assert field in error["message"]
    assert server.deliveries == []
