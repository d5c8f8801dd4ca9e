"""How commands read their parameters (parameters.py): what each reader accepts, on both sides of
each bound, and the exact message a workflow gets for what it refuses."""

from typing import Any

import pytest

from {{ cookiecutter.__import_name }}.parameters import (
    InvalidParameter,
    boolean,
    one_line,
    optional_text,
    required_text,
    secret_text,
    shown,
    whole_number,
    within_limits,
)


@pytest.mark.parametrize(
    ("value", "number"),
    [(1, 1), (65535, 65535), ("443", 443), (" 25 ", 25), ("00025", 25), ("65535", 65535)],
)
def test_whole_numbers_come_as_numbers_or_digits(value: Any, number: int) -> None:
    assert whole_number("port", value, 1, 65535, example=443) == number


@pytest.mark.parametrize(
    "value",
    [0, 65536, -1, "0", "65536", "000065535", "", " ", "5 87", "+5", "-5", "5.0", 5.0, True, None],
)
def test_other_values_are_not_whole_numbers_in_range(value: Any) -> None:
    with pytest.raises(InvalidParameter) as refused:
        whole_number("port", value, 1, 65535, example=443)

    expected = f"port must be a whole number from 1 to 65535, e.g. 443; got {value!r}"
    assert str(refused.value) == expected


def test_digits_that_python_alone_reads_as_numbers_are_refused() -> None:
    with pytest.raises(InvalidParameter):
        whole_number("repeat", "\u0663", 1, 9, example=3)  # an Arabic-Indic three


@pytest.mark.parametrize(
    ("value", "meant"),
    [
        (True, True),
        (False, False),
        ("true", True),
        (" TRUE ", True),
        ("False", False),
        ("false", False),
    ],
)
def test_yes_or_no_as_a_boolean_or_as_text(value: Any, meant: bool) -> None:
    assert boolean("verify", value, default=not meant) is meant


@pytest.mark.parametrize("default", [True, False])
def test_none_means_the_default(default: bool) -> None:
    assert boolean("verify", None, default=default) is default


@pytest.mark.parametrize("value", ["yes", "1", "", 1, 0, [], "truth"])
def test_anything_else_is_not_taken_as_yes(value: Any) -> None:
    with pytest.raises(InvalidParameter) as refused:
        boolean("verify", value, default=False)

    assert str(refused.value) == f"verify must be True or False; got {value!r}"


def test_required_text() -> None:
    assert required_text("email_body", " hi ", '"Hello"') == " hi "
    for value in ("", "   ", None, 42, ["hi"]):
        with pytest.raises(InvalidParameter) as refused:
            required_text("email_body", value, '"Hello"')
        expected = f'email_body needs text, in quotes: "Hello"; got {value!r}'
        assert str(refused.value) == expected


def test_optional_text() -> None:
    assert optional_text("email_cc", None, '"a@example.com"') is None
    assert optional_text("email_cc", "  ", '"a@example.com"') is None
    assert optional_text("email_cc", "a@example.com", '"a@example.com"') == "a@example.com"
    with pytest.raises(InvalidParameter) as refused:
        optional_text("email_cc", 7, '"a@example.com"')
    assert str(refused.value) == 'email_cc needs text, in quotes: "a@example.com"; got 7'


@pytest.mark.parametrize(
    "value", ["a\nb", "a\rb", "a\x00b", "a\tb", "a\u2028b", "a\u2029b", "a\x85b"]
)
def test_one_line_refuses_what_could_start_a_line(value: str) -> None:
    with pytest.raises(InvalidParameter) as refused:
        one_line("email_subject", value, '"Hi"')

    expected = 'email_subject must be one line of text, without control characters, e.g. "Hi"'
    assert str(refused.value) == expected


def test_one_line_needs_text() -> None:
    with pytest.raises(InvalidParameter) as refused:
        one_line("email_subject", None, '"Hi"')

    assert str(refused.value) == 'email_subject needs text, in quotes: "Hi"; got None'


def test_one_line_keeps_any_other_text() -> None:
    text = "Grüße, 東京 🚀 = ? : ; <a@b.c>"

    assert one_line("email_subject", text, '"Hi"') == text


def test_secret_text_never_repeats_the_value() -> None:
    assert secret_text("password", None, '"secret:PW"') is None
    assert secret_text("password", "", '"secret:PW"') is None
    assert secret_text("password", "hunter2", '"secret:PW"') == "hunter2"
    with pytest.raises(InvalidParameter) as refused:
        secret_text("password", 123456789, '"secret:PW"')

    assert str(refused.value) == 'password must be text, e.g. "secret:PW"; got a value of type int'
    assert "123456789" not in str(refused.value)


def test_shown_cuts_long_values_short() -> None:
    assert shown("x" * 58) == repr("x" * 58)  # 60 characters with its quotes
    assert shown("x" * 59) == repr("x" * 59)[:57] + "..."
    assert len(shown(list(range(1000)))) == 60


def nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def circular() -> list[Any]:
    value: list[Any] = ["x" * 100]
    value.append(value)
    return value


@pytest.mark.parametrize(
    ("value", "size"),
    [
        ("x" * 11, 11),
        ("東" * 11, 11),  # characters, not bytes
        ({"a": "xxxxx"}, 14),  # {"a": "xxxxx"}: data counts as its JSON text
        (["x", "y"], 10),  # ["x", "y"]
    ],
)
def test_within_limits_refuses_what_is_longer_than_its_limit_naming_both(
    value: Any, size: int
) -> None:
    with pytest.raises(InvalidParameter) as refused:
        within_limits({"note": value, "other": "y" * 100}, {"note": size - 1})

    assert str(refused.value) == f"note takes at most {size - 1:,} characters; got {size:,}"


@pytest.mark.parametrize(
    "value",
    [
        "x" * 20,
        {"a": "x" * 11},  # {"a": "xxxxxxxxxxx"}, 20 characters
        None,
        10**100,
        True,
        [float("nan")],
        b"x" * 100,
        {(1, 2): "x" * 100},
        {"x" * 100: b"bytes"},
        nested(100_000),
        circular(),
    ],
)
def test_within_limits_takes_what_fits_and_leaves_other_values_to_their_readers(
    value: Any,
) -> None:
    # Bytes, a key that is not text, nesting too deep, a list in itself: JSON cannot write them,
    # and their reader refuses them.
    within_limits({"note": value}, {"note": 20})


def test_within_limits_counts_thousands_in_its_message() -> None:
    with pytest.raises(InvalidParameter) as refused:
        within_limits({"note": "x" * 12_345}, {"note": 1_000})

    assert str(refused.value) == "note takes at most 1,000 characters; got 12,345"
