"""{{ cookiecutter.command_class }} given what a BPMN author may type: values of the wrong type,
yes/no as text, text that would forge headers or recipients, a server that drips. Each case runs
against a real server on 127.0.0.1 and checks what arrived there, not only what came back.
"""

import json
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from command_results import assert_valid_response, body_of, error_of
from smtp_server import (
    PASSWORD,
    USER,
    SMTPServer,
    free_port,
    running_smtp_server,
    server_that_drips_its_greeting,
)

from {{ cookiecutter.__import_name }}.commands.{{ cookiecutter.__command_module }} import (
    TEXT_LIMITS,
    {{ cookiecutter.command_class }},
)
from {{ cookiecutter.__import_name }}.protocol import CommandResult


@pytest.fixture
def server() -> Iterator[SMTPServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def send(port: int, **parameters: Any) -> CommandResult:
    arguments: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "email_subject": "Quarterly report",
        "email_body": "The report is ready.",
        "email_to": "ada@example.com",
        "email_from": "reports@example.com",
        "smtp_timeout": 2,
        **parameters,
    }
    result = {{ cookiecutter.command_class }}(**arguments).execute({}, {})
    assert_valid_response(result)
    return result


def refusal(result: CommandResult, field: str) -> str:
    error = error_of(result)
    assert error["error_code"] == "InvalidParameter"
    assert error["message"].startswith(field), error["message"]
    return error["message"]


@pytest.mark.parametrize("text", ["False", "false", " FALSE "])
def test_false_as_text_keeps_the_password_off_an_unencrypted_line(
    server: SMTPServer, text: str
) -> None:
    result = send(server.port, smtp_user=USER, smtp_password=PASSWORD, allow_login_without_tls=text)

    assert error_of(result)["error_code"] == "InsecureLoginRefused"
    assert server.deliveries == []


def test_false_as_text_does_not_start_tls(server: SMTPServer) -> None:
    body_of(send(server.port, smtp_starttls="false", smtp_ssl="False"))

    [delivery] = server.deliveries
    assert delivery.rcpt_tos == ["ada@example.com"]


def test_true_as_text_starts_tls(server: SMTPServer) -> None:
    # This server offers no STARTTLS: asking for it must stop before anything is sent.
    assert error_of(send(server.port, smtp_starttls="True"))["error_code"] == (
        "SMTPNotSupportedError"
    )
    assert server.deliveries == []


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        pytest.param({"smtp_starttls": "yes"}, "smtp_starttls", id="yes-is-not-a-boolean"),
        pytest.param({"smtp_ssl": 1}, "smtp_ssl", id="one-is-not-a-boolean"),
        pytest.param({"smtp_host": None}, "smtp_host", id="host-none"),
        pytest.param({"smtp_host": 42}, "smtp_host", id="host-number"),
        pytest.param({"smtp_host": "127.0.0.1\x00"}, "smtp_host", id="host-nul"),
        pytest.param({"smtp_port": "\u0663"}, "smtp_port", id="port-arabic-digit"),
        pytest.param({"smtp_port": 587.0}, "smtp_port", id="port-float"),
        pytest.param({"smtp_port": 0}, "smtp_port", id="port-zero"),
        pytest.param({"smtp_port": 65536}, "smtp_port", id="port-too-high"),
        pytest.param({"smtp_timeout": 3601}, "smtp_timeout", id="timeout-too-long"),
        pytest.param({"email_body": ["a", "list"]}, "email_body", id="body-list"),
        pytest.param({"email_body": None}, "email_body", id="body-none"),
        pytest.param({"email_subject": "Hi\u2028Bcc: x@evil.example"}, "email_subject", id="u2028"),
        pytest.param({"email_subject": "Hi\x00there"}, "email_subject", id="nul"),
        pytest.param({"email_to": {"ada": "ada@example.com"}}, "email_to", id="to-dict"),
        pytest.param({"email_cc": 7}, "email_cc", id="cc-number"),
        pytest.param({"smtp_user": USER, "smtp_password": 1234}, "smtp_password", id="pw-int"),
        pytest.param({"smtp_user": USER}, "smtp_user needs smtp_password", id="no-password"),
    ],
)
def test_values_that_do_not_fit_are_named_and_nothing_is_sent(
    server: SMTPServer, parameters: dict[str, Any], field: str
) -> None:
    refusal(send(server.port, allow_login_without_tls=True, **parameters), field)

    assert server.deliveries == []


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"smtp_host": None}, 'smtp_host needs text, in quotes: "smtp.example.com"; got None'),
        ({"smtp_port": 0}, "smtp_port must be a whole number from 1 to 65535, e.g. 587; got 0"),
        ({"smtp_timeout": 0}, "smtp_timeout must be a whole number from 1 to 3600, e.g. 30; got 0"),
        ({"smtp_starttls": "y"}, "smtp_starttls must be True or False; got 'y'"),
        ({"smtp_ssl": "y"}, "smtp_ssl must be True or False; got 'y'"),
        (
            {"allow_login_without_tls": "y"},
            "allow_login_without_tls must be True or False; got 'y'",
        ),
        (
            {"smtp_starttls": True, "smtp_ssl": True},
            "set smtp_starttls (usually port 587) or smtp_ssl (usually 465), not both",
        ),
        ({"email_body": None}, 'email_body needs text, in quotes: "Hi Ada, ..."; got None'),
        ({"email_subject": 1}, 'email_subject needs text, in quotes: "Quarterly report"; got 1'),
        (
            {"email_from": 1},
            'email_from needs text, in quotes: "Reports <reports@example.com>"; got 1',
        ),
        (
            {"email_to": 1},
            'email_to needs text, in quotes: "Ada <ada@example.com>, bob@example.com"; got 1',
        ),
        ({"email_cc": 1}, 'email_cc needs text, in quotes: "carol@example.com"; got 1'),
        ({"email_bcc": 1}, 'email_bcc needs text, in quotes: "audit@example.com"; got 1'),
        (
            {"email_subject": "=?utf-8?q?x?="},
            'email_subject must not contain "=?": write the text as it is',
        ),
        (
            {"email_to": "ada at example.com"},
            "email_to takes comma-separated addresses like "
            '"Ada <ada@example.com>, bob@example.com"',
        ),
        (
            {"email_to": "undisclosed-recipients:;"},
            "email_to takes comma-separated addresses like "
            '"Ada <ada@example.com>, bob@example.com"',
        ),
        (
            {"email_from": "a@example.com, b@example.com"},
            'email_from must be exactly one address, e.g. "ada@example.com"',
        ),
        (
            {"email_to": " "},
            "email_to needs text, in quotes: \"Ada <ada@example.com>, bob@example.com\"; got ' '",
        ),
        (
            {"smtp_user": 5},
            'smtp_user must be text, e.g. "secret:SMTP_USER"; got a value of type int',
        ),
        (
            {"smtp_user": USER, "smtp_password": 5},
            'smtp_password must be text, e.g. "secret:SMTP_PASSWORD"; got a value of type int',
        ),
        (
            {"smtp_user": USER},
            'smtp_user needs smtp_password too, e.g. "secret:SMTP_PASSWORD"',
        ),
    ],
)
def test_each_refusal_says_what_fits(
    server: SMTPServer, parameters: dict[str, Any], message: str
) -> None:
    error = error_of(send(server.port, **{"allow_login_without_tls": True, **parameters}))

    assert (error["error_code"], error["message"]) == ("InvalidParameter", message)
    assert server.deliveries == []


@pytest.mark.parametrize(
    "parameters",
    [{"smtp_port": 1}, {"smtp_port": 65535}, {"smtp_timeout": 1}, {"smtp_timeout": 3600}],
)
def test_the_bounds_themselves_are_accepted(parameters: dict[str, Any]) -> None:
    # Nothing listens on 127.0.0.2: the values pass, the connection does not.
    result = send(free_port(), smtp_host="127.0.0.2", **parameters)

    assert error_of(result)["error_code"] == "ConnectionRefusedError"


def test_none_for_a_yes_or_no_parameter_means_no(server: SMTPServer) -> None:
    parameters = {"smtp_starttls": None, "smtp_ssl": None, "allow_login_without_tls": None}

    body_of(send(server.port, **parameters))

    assert len(server.deliveries) == 1, "no TLS was tried: this server has none"
    refused = send(server.port, smtp_user=USER, smtp_password=PASSWORD, **parameters)
    assert error_of(refused)["error_code"] == "InsecureLoginRefused"


def test_a_blank_cc_is_no_cc(server: SMTPServer) -> None:
    body_of(send(server.port, email_cc="", email_bcc="  "))

    [delivery] = server.deliveries
    assert delivery.rcpt_tos == ["ada@example.com"]
    assert delivery.message["Cc"] is None


def test_a_password_without_a_user_logs_in_as_nobody(server: SMTPServer) -> None:
    body_of(send(server.port, smtp_password=PASSWORD))

    [delivery] = server.deliveries
    assert not delivery.authenticated


def test_a_non_ascii_user_is_refused(server: SMTPServer) -> None:
    result = send(
        server.port, smtp_user="zoë", smtp_password=PASSWORD, allow_login_without_tls=True
    )

    refusal(result, "smtp_user and smtp_password must be ASCII")


def test_what_fails_in_an_unforeseen_way_is_an_unexpected_error(server: SMTPServer) -> None:
    # A lone surrogate is text to Python, but no encoding can write it.
    error = error_of(send(server.port, email_body="half of a pair: \ud800"))

    assert error == {
        "error_code": "UnexpectedError",
        "message": "UnicodeEncodeError while sending",
    }
    assert server.deliveries == []


def test_a_non_text_password_is_refused_before_any_network_error() -> None:
    result = send(free_port(), smtp_user=USER, smtp_password=["not", "text"])

    assert "got a value of type list" in refusal(result, "smtp_password")


def test_a_non_ascii_password_is_refused_without_repeating_it(server: SMTPServer) -> None:
    secret = "pässwörd-ünïcode"
    result = send(server.port, smtp_user=USER, smtp_password=secret, allow_login_without_tls=True)

    refusal(result, "smtp_user and smtp_password must be ASCII")
    assert secret not in json.dumps(result)


@pytest.mark.parametrize(
    "field", ["email_subject", "email_from", "email_to", "email_cc", "email_bcc"]
)
def test_an_encoded_word_cannot_forge_a_header(server: SMTPServer, field: str) -> None:
    # Some Python releases write the encoded line break out as a real one: Bcc would be sent.
    forged = "=?utf-8?q?Hi=0D=0ABcc:_everyone@evil.example?="
    value = f"{forged} <ada@example.com>" if field != "email_subject" else forged

    refusal(send(server.port, **{field: value}), field)

    assert server.deliveries == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        # The envelope would add mallory, whom the To header does not show.
        ("email_to", 'ada@example.com"mallory@evil.example"'),
        ("email_to", "alice@example.org)<bob@example.org>"),
        ("email_to", "ada@example.com (x, y) mallory@evil.example"),
        ("email_cc", '"carol@example.com" <mallory@evil.example>, x@'),
        ("email_from", "reports@example.com)<mallory@evil.example>"),
    ],
)
def test_an_address_field_that_reads_two_ways_is_refused(
    server: SMTPServer, field: str, value: str
) -> None:
    refusal(send(server.port, **{field: value}), field)

    assert server.deliveries == []


def test_every_recipient_on_the_envelope_is_named_in_the_headers(server: SMTPServer) -> None:
    body_of(
        send(
            server.port,
            email_to='"Lovelace, Ada" <ada@example.com>, grace@example.com',
            email_cc="Carol <carol@example.com>",
        )
    )

    [delivery] = server.deliveries
    shown = [delivery.message["To"], delivery.message["Cc"]]
    assert delivery.rcpt_tos == ["ada@example.com", "grace@example.com", "carol@example.com"]
    assert all(any(address in str(header) for header in shown) for address in delivery.rcpt_tos)


def test_the_timeout_bounds_a_server_that_drips_its_greeting() -> None:
    with server_that_drips_its_greeting(seconds_per_byte=0.05) as port:
        started = time.monotonic()
        error = error_of(send(port, smtp_timeout=1))
        elapsed = time.monotonic() - started

    assert error == {"error_code": "TimeoutError", "message": "no complete answer within 1 s"}
    assert elapsed < 1 + 1


def test_one_token_for_user_and_password_never_shows(
    server: SMTPServer, logs: pytest.LogCaptureFixture
) -> None:
    result = send(
        server.port, smtp_user=PASSWORD, smtp_password=PASSWORD, allow_login_without_tls=True
    )

    body_of(result)
    assert server.deliveries[0].authenticated
    assert PASSWORD not in json.dumps(result)
    assert PASSWORD not in logs.text


def longest_list(address: Callable[[int], str], limit: int) -> str:
    """As many addresses as fit in `limit` characters, comma-separated."""
    addresses: list[str] = []
    while len(", ".join([*addresses, address(len(addresses))])) <= limit:
        addresses.append(address(len(addresses)))
    return ", ".join(addresses)


def test_a_message_with_every_text_at_its_limit_is_read_and_sent_in_bounded_time(
    server: SMTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="mail.log")  # the test server's line-by-line log

    # The slowest text to read of each kind: display names to encode, non-ASCII everywhere.
    def named(field: str) -> Callable[[int], str]:
        return lambda number: f'"Zoë {number}" <{field}{number}@example.com>'

    parameters = {
        "email_subject": "Grüße 東京 " * (TEXT_LIMITS["email_subject"] // 10),
        "email_body": ("東" * 99 + "\n") * (TEXT_LIMITS["email_body"] // 100),
        "email_to": longest_list(named("to"), TEXT_LIMITS["email_to"]),
        "email_cc": longest_list(named("cc"), TEXT_LIMITS["email_cc"]),
        "email_bcc": longest_list(named("bcc"), TEXT_LIMITS["email_bcc"]),
        "smtp_timeout": 30,  # the default: the bound that matters is the one below
    }

    # In CPU seconds (the test server's included): a machine busy with other work does not
    # lengthen them. Without the limits, 100 KB of addresses alone took 22 s.
    started = time.process_time()
    body = body_of(send(server.port, **parameters))
    took = time.process_time() - started

    assert len(body["accepted"]) == len(server.deliveries[0].rcpt_tos) > 150
    assert took < 3, f"{took:.1f} s"


def test_a_non_ascii_body_goes_out_as_7_bit_text(server: SMTPServer) -> None:
    body = "Grüße aus Zürich, 東京 🚀\n"

    body_of(send(server.port, email_body=body))

    [delivery] = server.deliveries
    assert delivery.raw.isascii(), "8-bit bytes reached a server that may not take them"
    assert delivery.message.get_content() == body
