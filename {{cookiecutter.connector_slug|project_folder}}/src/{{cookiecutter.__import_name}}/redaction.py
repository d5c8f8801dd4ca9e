"""Secrets taken out of whatever a command returns or logs, in every form a server plausibly
echoes them: as they are, URL-encoded, escaped for JSON, HTML or a Python repr, and in base64,
alone or inside longer base64 (HTTP Basic's `user:password`, a mail login's AUTH PLAIN).

A secret is replaced wherever it stands, glued to other letters too. Text the call was given in
the open (`public`: an address, say) stays readable even when a short secret is part of it.
"""

import base64
import contextlib
import html
import json
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

REDACTED = "[redacted]"
# An escape written with hex digits, which servers write in either case (%2f and %2F): its
# prefix, then its digits.
HEX_ESCAPE = re.compile(r"(%|\\x)([0-9A-Fa-f]{2})|(\\u)([0-9A-Fa-f]{4})|(&#x)([0-9A-Fa-f]+;)")
APOSTROPHES = ("&#x27;", "&#39;", "&#039;", "&apos;")


def secret_forms(secrets: Iterable[Any]) -> list[str]:
    """Every form of each secret to take out, longest first (so that a longer form is taken out
    whole before a shorter one inside it). What is not text, or is empty, is no secret."""
    forms: set[str] = set()
    for secret in secrets:
        if isinstance(secret, str) and secret:
            # Half a surrogate pair cannot be sent, but can still be echoed: encode it as it is.
            data = secret.encode(errors="surrogatepass")
            forms |= text_forms(secret, data) | base64_forms(data)
    return sorted(forms, key=len, reverse=True)


def text_forms(secret: str, data: bytes) -> set[str]:
    forms = {
        secret,
        quote(data, safe=""),
        quote(data),  # leaves slashes as they are
        quote_plus(data, safe=""),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        html.escape(secret),
        html.escape(secret, quote=False),
        repr(secret)[1:-1],
        repr(data)[2:-1],
    }
    forms |= {form.replace("/", "\\/") for form in forms}  # JSON may escape a slash
    forms |= {form.replace(APOSTROPHES[0], other) for form in forms for other in APOSTROPHES}
    return {in_case(form, case) for form in forms for case in (str.lower, str.upper)}


def in_case(form: str, case: Callable[[str], str]) -> str:
    """`form` with the hex digits of its escapes in one case."""

    def digits_in_case(escape: re.Match[str]) -> str:
        prefix, digits = (part for part in escape.groups() if part is not None)
        return prefix + case(digits)

    return HEX_ESCAPE.sub(digits_in_case, form)


def base64_forms(data: bytes) -> set[str]:
    """The secret's base64, alone, and the part of it that stays the same inside longer base64,
    wherever the secret starts there (each of the three places in a group of three bytes)."""
    forms: set[str] = set()
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        alone = encode(data).decode()
        forms |= {alone, alone.rstrip("=")}
        for offset in (0, 1, 2):
            encoded = encode(bytes(offset) + data).decode().rstrip("=")
            # Leave out the letters that also hold bits of the bytes before or after the secret.
            start = (0, 2, 3)[offset]
            end = len(encoded) - (1 if (offset + len(data)) % 3 else 0)
            if end - start >= 4:  # shorter, it would match by chance
                forms.add(encoded[start:end])
    return forms


def redacted(value: Any, forms: list[str], public: Iterable[str] = ()) -> Any:
    """`value` with every form replaced, in text and inside dicts and lists (keys too)."""
    kept = [text for text in public if text]
    if isinstance(value, str):
        return redacted_text(value, forms, kept)
    if not forms:
        return value
    # Data is searched as its JSON text, all at once: a search per form and per text took 15 s
    # for an answer of a million short texts. Each form is searched for as JSON writes it; what
    # no longer reads as JSON once redacted (a form across two texts) is redacted text by text.
    with contextlib.suppress(TypeError, ValueError, RecursionError):
        as_text = json.dumps(value, ensure_ascii=False)
        escaped = sorted({as_json(form) for form in forms}, key=len, reverse=True)
        return json.loads(redacted_text(as_text, escaped, [as_json(text) for text in kept]))
    return redacted_one_by_one(value, forms, kept)


def as_json(text: str) -> str:
    """`text` as it stands inside a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def redacted_one_by_one(value: Any, forms: list[str], public: list[str]) -> Any:
    if isinstance(value, str):
        return redacted_text(value, forms, public)
    if isinstance(value, dict):
        return {
            redacted_one_by_one(key, forms, public): redacted_one_by_one(item, forms, public)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redacted_one_by_one(item, forms, public) for item in value]
    return value


def redacted_text(text: str, forms: list[str], public: list[str]) -> str:
    at_risk = [kept for kept in public if any(form in kept for form in forms)]
    if not at_risk:
        for form in forms:
            text = text.replace(form, REDACTED)
        return text
    # Split around the public texts (the odd parts) and redact only what lies between them.
    longest_first = sorted(at_risk, key=len, reverse=True)
    parts = re.split("(" + "|".join(map(re.escape, longest_first)) + ")", text)
    return "".join(
        part if index % 2 else redacted_text(part, forms, []) for index, part in enumerate(parts)
    )


class LibraryLogFilter(logging.Filter):
    """For the loggers of a library a command calls, whose records hold what the call sent and
    received: a URL among a record's arguments shows as its scheme, host and port only (its path
    and query can hold a key), and a message logged whole, without arguments (an event and its
    details: headers, a redirect's address), as its first word only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(address(arg) if is_url(arg) else arg for arg in record.args)
        elif not record.args:
            record.msg = str(record.msg).split(" ", 1)[0]
        return True

    @classmethod
    def install(cls, *names: str) -> None:
        """On the loggers of these names, once each."""
        for name in names:
            logger = logging.getLogger(name)
            if not any(isinstance(known, cls) for known in logger.filters):
                logger.addFilter(cls())


def is_url(value: object) -> bool:
    return str(value).startswith(("http://", "https://"))


def address(url: object) -> str:
    """A URL's scheme, host and port only."""
    parts = urlsplit(str(url))
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/"
