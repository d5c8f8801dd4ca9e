"""Jinja helpers for this template, loaded through `_extensions` in cookiecutter.json.

Cookiecutter puts the template folder on `sys.path` while it renders, which is how it finds this
module (and naming_rules beside it). The hooks run as separate processes from a temporary copy,
so they learn where the template lives from `template_root` rather than from their own file name.
"""

import contextlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket
from jinja2.ext import Extension

from naming_rules import check_answers, format_report

TEMPLATE_ROOT = Path(__file__).resolve().parent
# The Python versions a generated connector can support, oldest first (cookiecutter.json offers
# each as its lowest).
SUPPORTED_PYTHONS = ("3.10", "3.11", "3.12", "3.13")

_TOML_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(value: str) -> str:
    """Return `value` as a TOML basic string, quotes included, whatever characters it holds.

    Unlike `tojson`, it keeps non-ASCII characters (emoji included) as they are: TOML rejects the
    surrogate pairs that JSON uses for characters outside the Basic Multilingual Plane.
    """
    escaped = []
    for char in str(value):
        if char in _TOML_ESCAPES:
            escaped.append(_TOML_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def project_folder(slug: str) -> str:
    """The name of the folder to generate into: the slug itself whenever the slug is valid.

    Cookiecutter creates this folder before the pre-generation hook checks the slug, and removes
    only that innermost folder when the hook refuses. So a refused slug must still name one plain
    new folder: never a path with separators, `..`, the output folder itself or an overlong name.
    """
    return re.sub(r"[^a-z0-9_-]+", "-", str(slug).lower())[:100].strip("-_") or "connector"


def pythons_from(minimum: str) -> list[str]:
    """The supported Python versions from `minimum` to the newest."""
    return list(SUPPORTED_PYTHONS[SUPPORTED_PYTHONS.index(minimum) :])


def python_literal(value: object) -> str:
    """`value` (text, or lists and dicts of text) as a Python literal, whatever characters it
    holds: `repr` escapes quotes, backslashes, line breaks and lone surrogates by construction."""
    return repr(value)


def naming_report(answers: Mapping[str, Any]) -> str:
    """The naming rules' verdict on a bake's answers: "" when they pass, otherwise the message
    that the pre-generation hook shows before it stops the bake.

    The rules run here, in cookiecutter's own process while it renders the hook, so that the hook
    process imports nothing and every bake stays fast. Whatever goes wrong becomes a refusal too:
    an exception escaping here would leave the half-made project folder behind.
    """
    try:
        problems = check_answers(answers)
        template = str(answers["_template"])
    except Exception as error:
        return f"Cannot generate this connector: the answers could not be checked ({error!r})."
    return format_report(problems, template, TEMPLATE_ROOT.name) if problems else ""


class BestEffortBytecodeCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in the temporary folder, minus its failures: where
    that folder cannot be used, baking only loses the speed-up."""

    def load_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache() -> BestEffortBytecodeCache | None:
    try:
        return BestEffortBytecodeCache()
    except (OSError, RuntimeError):  # no usable temporary folder, or one owned by someone else
        return None


class TemplateHelpers(Extension):
    """Adds the filters `toml_string`, `project_folder`, `pythons_from`, `python_literal` and
    `naming_report`, and the global `template_root`."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters["toml_string"] = toml_string
        environment.filters["project_folder"] = project_folder
        environment.filters["pythons_from"] = pythons_from
        environment.filters["python_literal"] = python_literal
        environment.filters["naming_report"] = naming_report
        environment.globals["template_root"] = str(TEMPLATE_ROOT)
        # Compiled templates are kept in the user's temporary folder (Jinja's default place) and
        # reused while their source is unchanged: the bulk of a bake's rendering time.
        environment.bytecode_cache = bytecode_cache()
