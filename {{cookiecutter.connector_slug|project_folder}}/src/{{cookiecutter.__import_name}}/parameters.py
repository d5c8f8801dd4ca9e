"""How commands read their parameters.

In SpiffArena every parameter value is a Python expression evaluated in the task's data, and the
proxy converts nothing: a command receives whatever the expression produced. Text where a number
was meant, None, a list, a number too big to use. Each function here turns one value into what
the command needs, or raises InvalidParameter with a message that names the parameter, says what
came and gives an example that fits. Commands answer that with error_response, never an exception.

This module lives outside `commands/` on purpose: the proxy lists every class defined in a
command module as a command.
"""

import contextlib
import json
import unicodedata
from collections.abc import Mapping
from typing import Any

BOOLEAN_TEXTS = {"true": True, "false": False}


class InvalidParameter(ValueError):
    """A parameter value a command cannot use; its text is the message for the workflow."""


def within_limits(parameters: Mapping[str, Any], limits: Mapping[str, int]) -> None:
    """Refuse a parameter longer than its limit, before any is read: reading a long address list
    or body can take seconds, and the timeout counts them. Text counts its characters; a dict or
    a list counts the characters of the JSON text it is sent as."""
    for name, limit in limits.items():
        value = parameters[name]
        if isinstance(value, dict | list):
            # Data JSON cannot write (nested too deep, a key that is no text) is refused when read.
            with contextlib.suppress(RecursionError, TypeError, ValueError):
                value = json.dumps(value)
        if isinstance(value, str) and len(value) > limit:
            raise InvalidParameter(f"{name} takes at most {limit:,} characters; got {len(value):,}")


def whole_number(name: str, value: Any, low: int, high: int, example: int) -> int:
    """A whole number from `low` to `high`, given as a number or as its digits ("30")."""
    text = value.strip() if isinstance(value, str) else None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif text and text.isascii() and text.isdigit() and len(text) <= len(str(high)):
        number = int(text)
    else:
        number = low - 1
    if not low <= number <= high:
        raise InvalidParameter(
            f"{name} must be a whole number from {low} to {high}, e.g. {example}; "
            f"got {shown(value)}"
        )
    return number


def boolean(name: str, value: Any, default: bool) -> bool:
    """True or False. A form field gives text, so "true" and "false" (any case) count too;
    None means `default`. Anything else is refused, rather than taken as True."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in BOOLEAN_TEXTS:
        return BOOLEAN_TEXTS[value.strip().lower()]
    raise InvalidParameter(f"{name} must be True or False; got {shown(value)}")


def required_text(name: str, value: Any, example: str) -> str:
    """Text that is not blank, given in quotes in the diagram."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidParameter(f"{name} needs text, in quotes: {example}; got {shown(value)}")
    return value


def optional_text(name: str, value: Any, example: str) -> str | None:
    """Text, or None (or blank text) when the parameter is not used."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return required_text(name, value, example)


def one_line(name: str, value: Any, example: str) -> str:
    """Text for one header line: no line breaks, separators or other control characters, which
    could start a header of their own."""
    text = required_text(name, value, example)
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in text):
        raise InvalidParameter(
            f"{name} must be one line of text, without control characters, e.g. {example}"
        )
    return text


def secret_text(name: str, value: Any, example: str) -> str | None:
    """A credential: text, or None (or "") when there is none. Its value is never repeated in a
    message, only its type."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value:
        raise InvalidParameter(
            f"{name} must be text, e.g. {example}; got a value of type {type(value).__name__}"
        )
    return value


def shown(value: Any) -> str:
    """A value as a message shows it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
