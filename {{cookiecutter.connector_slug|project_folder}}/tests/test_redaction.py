"""Secrets taken out in every form a server plausibly echoes them (redaction.py): each form made
here with the standard library's own encoders, as a server would make it, inside other text."""

import base64
import html
import json
import logging
import re
import time
from collections.abc import Callable
from urllib.parse import quote, quote_plus

import pytest

from {{ cookiecutter.__import_name }}.redaction import (
    REDACTED,
    LibraryLogFilter,
    redacted,
    secret_forms,
)

# Letters that each encoding writes its own way: a slash, quotes, an ampersand, a space,
# brackets, a dollar, non-ASCII.
SECRET = 's3cr3t/it\'s "wörd" & <key>$'
USER = "ada.lovelace"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


SECRET_BYTES = SECRET.encode()
FORMS = {
    "as it is": SECRET,
    "URL-encoded": quote(SECRET, safe=""),
    "URL-encoded, hex in lower case": re.sub("%..", lambda hex: hex[0].lower(), quote(SECRET)),
    "URL-encoded for a form": quote_plus(SECRET, safe=""),
    "URL-encoded, slashes left": quote(SECRET),
    "JSON-escaped": json.dumps(SECRET)[1:-1],
    "JSON-escaped, non-ASCII kept": json.dumps(SECRET, ensure_ascii=False)[1:-1],
    "JSON-escaped, slash escaped too": json.dumps(SECRET)[1:-1].replace("/", "\\/"),
    "HTML-escaped": html.escape(SECRET),
    "HTML-escaped, quotes left": html.escape(SECRET, quote=False),
    "HTML-escaped, apostrophe as &#39;": html.escape(SECRET).replace("&#x27;", "&#39;"),
    "a Python repr of text": repr(SECRET)[1:-1],
    "a Python repr of bytes": repr(SECRET_BYTES)[2:-1],
    "base64": b64(SECRET_BYTES),
    "base64 without padding": b64(SECRET_BYTES).rstrip("="),
    "base64url": b64url(SECRET_BYTES),
}


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_each_form_of_a_secret_is_taken_out_and_the_text_around_it_stays(form: str) -> None:
    text = f"the server said: {form} (and nothing else)"

    out = redacted(text, secret_forms([SECRET]))

    assert out == f"the server said: {REDACTED} (and nothing else)"


@pytest.mark.parametrize("before", [b"", b"x", b"xy", b"Basic: ", b"\0ada\0"])
@pytest.mark.parametrize("encode", [b64, b64url])
def test_a_secret_inside_longer_base64_is_taken_out_wherever_it_starts(
    before: bytes, encode: Callable[[bytes], str]
) -> None:
    encoded = encode(before + SECRET_BYTES + b" and more after it")

    out = redacted(encoded, secret_forms([SECRET]))

    # One span is taken out: every letter made of the secret's bits alone (a base64 letter holds
    # 6 bits; the one at each end that mixes in bits of what is around it stays).
    kept_before, _, kept_after = out.partition(REDACTED)
    assert encoded.startswith(kept_before) and encoded.endswith(kept_after)
    assert len(kept_before) == -(-len(before) * 4 // 3)
    assert len(encoded) - len(kept_after) == (len(before) + len(SECRET_BYTES)) * 4 // 3


def test_http_basic_and_smtp_auth_plain_answers_are_taken_out_whole() -> None:
    basic = b64(f"{USER}:{SECRET}".encode())
    plain = b64(f"\0{USER}\0{SECRET}".encode())
    forms = secret_forms([USER, SECRET, f"{USER}:{SECRET}", f"\0{USER}\0{SECRET}"])

    assert redacted(f"Authorization: Basic {basic}", forms) == f"Authorization: Basic {REDACTED}"
    assert redacted(f"AUTH PLAIN {plain}", forms) == f"AUTH PLAIN {REDACTED}"
    assert redacted(b64url(f"{USER}:{SECRET}".encode()), forms) == REDACTED


def test_a_longer_form_is_taken_out_whole_before_a_shorter_one_inside_it() -> None:
    forms = secret_forms([USER, SECRET, f"{USER}:{SECRET}"])

    assert redacted(f"{USER}:{SECRET}", forms) == REDACTED
    assert redacted({"pair": f"{USER}:{SECRET}"}, forms) == {"pair": REDACTED}


def test_the_longest_public_text_is_kept_whole() -> None:
    # "a" is in both public texts, and the shorter one starts the longer one.
    out = redacted("to ada@example.com", secret_forms(["a"]), public=["ada@ex", "ada@example.com"])

    assert out == "to ada@example.com"


def test_public_text_stays_readable_inside_data_too() -> None:
    reply = {"550": "<ada@example.com>: no such user; example"}

    out = redacted(reply, secret_forms(["example"]), public=["ada@example.com"])

    assert out == {"550": f"<ada@example.com>: no such user; {REDACTED}"}


def test_data_json_cannot_write_is_searched_text_by_text() -> None:
    value = [b"raw bytes", f"echo {SECRET}", {"k": [f"{SECRET}!"]}]

    assert redacted(value, secret_forms([SECRET])) == [
        b"raw bytes",
        f"echo {REDACTED}",
        {"k": [f"{REDACTED}!"]},
    ]


def test_a_secret_glued_to_other_letters_is_taken_out() -> None:
    out = redacted(f"535 bad login x{SECRET}y", secret_forms([SECRET]))

    assert out == "535 bad login x[redacted]y"


def test_a_user_equal_to_the_password_leaves_nothing_that_tells_them_apart() -> None:
    forms = secret_forms(["ada", "ada", "ada:ada"])

    assert redacted("user ada, password ada", forms) == "user [redacted], password [redacted]"


def test_public_text_stays_readable_even_with_a_short_secret_inside_it() -> None:
    forms = secret_forms(["example"])
    reply = "550 5.1.1 <ada@example.com>: no such user; example"

    out = redacted(reply, forms, public=["ada@example.com"])

    assert out == "550 5.1.1 <ada@example.com>: no such user; [redacted]"


def test_inside_dicts_and_lists_keys_too() -> None:
    value = {SECRET: [1, None, f"Bearer {SECRET}", {"k": quote(SECRET, safe="")}], "n": 2.5}

    out = redacted(value, secret_forms([SECRET]))

    assert out == {REDACTED: [1, None, f"Bearer {REDACTED}", {"k": REDACTED}], "n": 2.5}


def test_an_answer_of_many_texts_is_redacted_in_time_and_keeps_its_shape() -> None:
    # Text by text, 300,000 rows took 15 s: the data is searched as one JSON text instead.
    rows = [{"id": n, "name": f"row {n}", "note": f"a longer text, {n}"} for n in range(100_000)]
    rows[7]["note"] = f"echo {SECRET}"
    forms = secret_forms([USER, SECRET, f"{USER}:{SECRET}"])

    # In CPU seconds: a machine busy with other work does not lengthen them.
    started = time.process_time()
    out = redacted(rows, forms)
    took = time.process_time() - started

    assert out[7] == {"id": 7, "name": "row 7", "note": f"echo {REDACTED}"}
    assert out[:7] == rows[:7] and out[8:] == rows[8:]
    assert took < 2, f"{took:.1f} s"


def test_a_secret_that_reads_as_a_number_is_taken_out_of_texts_and_numbers_stay() -> None:
    assert redacted({"n": 2024, "s": "pin 2024"}, secret_forms(["2024"])) == {
        "n": 2024,
        "s": f"pin {REDACTED}",
    }


def test_a_secret_that_spans_two_texts_leaves_both_as_they_are() -> None:
    assert redacted(['a"', "b"], secret_forms(['a", "b'])) == ['a"', "b"]


@pytest.mark.parametrize("secret", [None, "", 42, b"bytes", ["list"]])
def test_what_is_not_text_is_no_secret(secret: object) -> None:
    assert secret_forms([secret]) == []
    assert redacted("nothing to take out: 42", secret_forms([secret])) == "nothing to take out: 42"


def test_text_without_the_secret_is_left_as_it_is() -> None:
    text = json.dumps({"rows": list(range(50)), "note": "base64 of other things: aGVsbG8gd29ybGQ="})

    assert redacted(text, secret_forms(["s3cret-token-0123456789", USER])) == text


def test_half_a_surrogate_pair_in_a_secret_is_still_found() -> None:
    # No encoding writes it, but JSON carries it and an echo may repeat it.
    secret = "half \ud800 pair"

    assert redacted(f"echo: {secret}", secret_forms([secret])) == f"echo: {REDACTED}"


def record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("a.client", logging.DEBUG, __file__, 1, message, args, None)


def test_a_library_log_shows_an_address_of_each_url_and_the_first_word_of_a_whole_message() -> None:
    # As an HTTP client logs a request (its arguments), and an event with its details (whole).
    url = "https://api.example.com:8443/v1/orders?api_key=K3Y"
    request = record("Request: %s %s %d", "GET", url, 302)
    plain = record("Redirect to %s", "http://user:K3Y@api.example.com/next?api_key=K3Y")
    event = record("response_headers.complete [(b'Location', b'https://x.example/?api_key=K3Y')]")
    log_filter = LibraryLogFilter()

    assert log_filter.filter(request) and log_filter.filter(event) and log_filter.filter(plain)
    assert request.getMessage() == "Request: GET https://api.example.com:8443/ 302"
    assert plain.getMessage() == "Redirect to http://api.example.com/"
    assert event.getMessage() == "response_headers.complete"


def test_the_library_log_filter_is_installed_once_on_each_logger() -> None:
    names = ("a.client", "a.client.connection")
    LibraryLogFilter.install(*names)
    LibraryLogFilter.install(*names)

    for name in names:
        filters = logging.getLogger(name).filters
        assert sum(isinstance(known, LibraryLogFilter) for known in filters) == 1
