"""SendEmail's parameters, read once into an Email: nothing is sent until every one fits.

An address field is parsed once, by the email package's own parser, and that one reading gives
both the header the recipients see and the addresses the server delivers to, so the two cannot
disagree. A field the parser has to guess at (a stray quote or bracket, a word that is not an
address) is refused rather than read one way for the header and another for delivery.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import AddressHeader
from email.message import EmailMessage
from email.policy import default as email_policy
from email.utils import localtime, make_msgid
from typing import Any

from {{ cookiecutter.__import_name }}.parameters import (
    InvalidParameter,
    boolean,
    one_line,
    optional_text,
    required_text,
    secret_text,
    whole_number,
)

ADDRESS_EXAMPLE = '"Ada <ada@example.com>, bob@example.com"'
# The fields that become header lines, each with an example for the message that refuses it.
HEADER_EXAMPLES = {
    "email_subject": '"Quarterly report"',
    "email_from": '"Reports <reports@example.com>"',
    "email_to": ADDRESS_EXAMPLE,
    "email_cc": '"carol@example.com"',
    "email_bcc": '"audit@example.com"',
}
ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
NO_TLS, STARTTLS, IMPLICIT_TLS = "no TLS", "STARTTLS", "implicit TLS"


class InsecureLoginRefused(Exception):
    """The password would travel over a connection that is not encrypted."""

    def __str__(self) -> str:
        return (
            "refusing to send the SMTP password over an unencrypted connection: set "
            "smtp_starttls (port 587) or smtp_ssl (port 465), or allow_login_without_tls for a "
            "trusted local server"
        )


@dataclass(frozen=True)
class Email:
    """One message and the server to send it through, every part checked."""

    host: str
    port: int
    timeout: int
    tls: str  # NO_TLS, STARTTLS or IMPLICIT_TLS
    user: str | None
    password: str | None
    subject: str
    body: str
    sender: AddressHeader
    to: AddressHeader
    cc: AddressHeader | None
    bcc: AddressHeader | None

    @property
    def server(self) -> str:
        """Where the message goes, and how, as the log says it."""
        return f"{self.host}:{self.port} ({self.tls}, timeout {self.timeout} s)"

    @property
    def sender_address(self) -> str:
        return self.sender.addresses[0].addr_spec

    @property
    def recipients(self) -> list[str]:
        """Everyone the server delivers to, each once: To, Cc and Bcc."""
        headers = [header for header in (self.to, self.cc, self.bcc) if header is not None]
        everyone = [address.addr_spec for header in headers for address in header.addresses]
        return list(dict.fromkeys(everyone))

    def message(self) -> EmailMessage:
        """The message as the recipients see it: Bcc recipients are not in it."""
        message = EmailMessage()
        message["Subject"] = self.subject
        message["From"] = self.sender
        message["To"] = self.to
        if self.cc is not None:
            message["Cc"] = self.cc
        message["Date"] = localtime()
        # An explicit domain: the default looks the host name up, which can hang on DNS.
        message["Message-ID"] = make_msgid(domain=self.sender.addresses[0].domain)
        # Quoted-printable keeps every line 7-bit, for servers without 8BITMIME too.
        message.set_content(self.body, cte="quoted-printable")
        return message


def read_email(parameters: Mapping[str, Any]) -> Email:
    """SendEmail's parameters, by name, read into an Email; InvalidParameter names the first one
    that does not fit, with an example that does."""
    host = one_line("smtp_host", parameters["smtp_host"], '"smtp.example.com"')
    port = whole_number("smtp_port", parameters["smtp_port"], 1, 65535, example=587)
    timeout = whole_number("smtp_timeout", parameters["smtp_timeout"], 1, 3600, example=30)
    starttls = boolean("smtp_starttls", parameters["smtp_starttls"], default=False)
    implicit_tls = boolean("smtp_ssl", parameters["smtp_ssl"], default=False)
    allow_login_without_tls = boolean(
        "allow_login_without_tls", parameters["allow_login_without_tls"], default=False
    )
    if starttls and implicit_tls:
        raise InvalidParameter(
            "set smtp_starttls (usually port 587) or smtp_ssl (usually 465), not both"
        )
    body = required_text("email_body", parameters["email_body"], '"Hi Ada, ..."')
    cc = optional_text("email_cc", parameters["email_cc"], HEADER_EXAMPLES["email_cc"])
    bcc = optional_text("email_bcc", parameters["email_bcc"], HEADER_EXAMPLES["email_bcc"])
    subject = header_text("email_subject", parameters["email_subject"])
    sender = header_text("email_from", parameters["email_from"])
    to = header_text("email_to", parameters["email_to"])
    cc = header_text("email_cc", cc) if cc is not None else None
    bcc = header_text("email_bcc", bcc) if bcc is not None else None
    user, password = credentials(parameters["smtp_user"], parameters["smtp_password"])
    email = Email(
        host=host,
        port=port,
        timeout=timeout,
        tls=IMPLICIT_TLS if implicit_tls else STARTTLS if starttls else NO_TLS,
        user=user,
        password=password,
        subject=subject,
        body=body,
        sender=addresses("email_from", sender, exactly_one=True),
        to=addresses("email_to", to),
        cc=addresses("email_cc", cc) if cc is not None else None,
        bcc=addresses("email_bcc", bcc) if bcc is not None else None,
    )
    if email.user and email.tls == NO_TLS and not allow_login_without_tls:
        raise InsecureLoginRefused
    return email


def header_text(name: str, value: Any) -> str:
    """Text for a header line: one line, and no encoded word."""
    text = one_line(name, value, HEADER_EXAMPLES[name])
    # An RFC 2047 encoded word (=?utf-8?q?...?=) can hide a line break that some Python releases
    # write out as a new header line: email text never needs one, Python encodes by itself.
    if "=?" in text:
        raise InvalidParameter(f'{name} must not contain "=?": write the text as it is')
    return text


def credentials(user: Any, password: Any) -> tuple[str | None, str | None]:
    """The login, if any: never repeated in a message, only its type."""
    user = secret_text("smtp_user", user, '"secret:SMTP_USER"')
    password = secret_text("smtp_password", password, '"secret:SMTP_PASSWORD"')
    if user and not password:
        raise InvalidParameter('smtp_user needs smtp_password too, e.g. "secret:SMTP_PASSWORD"')
    if not f"{user or ''}{password or ''}".isascii():
        raise InvalidParameter("smtp_user and smtp_password must be ASCII, as SMTP sends them")
    return user, password


def addresses(name: str, text: str, exactly_one: bool = False) -> AddressHeader:
    """The addresses of a field, as one header: parsed once, with nothing the parser had to
    guess at, and each a plain address."""
    malformed = InvalidParameter(f"{name} takes comma-separated addresses like {ADDRESS_EXAMPLE}")
    field = name.removeprefix("email_").capitalize()
    try:
        header = email_policy.header_factory(field, text)
    except Exception:  # the parser fails in more ways than one on some malformed text
        raise malformed from None
    if header.defects or not isinstance(header, AddressHeader) or not header.addresses:
        raise malformed
    if not all(ADDRESS.fullmatch(address.addr_spec) for address in header.addresses):
        raise malformed
    if exactly_one and len(header.addresses) != 1:
        raise InvalidParameter(f'{name} must be exactly one address, e.g. "ada@example.com"')
    return header
