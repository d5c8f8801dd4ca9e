"""The Jinja filters of this template, loaded through `_extensions` in cookiecutter.json.

Cookiecutter puts the template folder on `sys.path` while it renders, which is how it finds this
package. The hooks run as separate processes from a temporary copy, so they learn where the
template lives from `template_root`.
"""

import pprint
import re
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.ext import Extension
from jinja2.runtime import Context

from template_helpers.naming_report import format_report, rerun_answers
from template_helpers.naming_rules import (
    IMPORT_PREFIX,
    Problem,
    check_answers,
    command_module_name,
    slug_of,
    variable_prefix,
)
from template_helpers.template_data import (
    TEMPLATE_ROOT,
    choices,
    example_settings,
    questions,
)

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


def folder_name(slug: str) -> str:
    """The name of the folder to generate into: the slug itself whenever the slug is valid, and
    one plain new folder for any text (never a path with separators, `..`, the output folder
    itself or an overlong name)."""
    return re.sub(r"[^a-z0-9_-]+", "-", str(slug).lower())[:100].strip("-_") or "connector"


@pass_context
def project_folder(context: Context, slug: str) -> str:
    """The project folder's name, once every answer passes the naming rules.

    Cookiecutter renders this name first of all when it generates, in its own process, with
    every answer known and nothing written yet. So the answers are checked here: on a problem,
    the naming report is the last thing printed and the bake stops, leaving nothing behind (a
    hook runs in a process of its own, after which cookiecutter prints a traceback of its own).
    """
    answers = context["cookiecutter"]
    problems = checked(answers)
    if problems:

        def render(default: str, so_far: Mapping[str, object]) -> str:
            return context.environment.from_string(default).render(cookiecutter=so_far)

        rerun = rerun_answers(problems, answers, questions(), render, checked)
        print(format_report(problems, answers, rerun), file=sys.stderr)
        raise SystemExit(1)
    return folder_name(slug)


def checked(answers: Mapping[str, Any]) -> list[Problem]:
    """Every problem with the answers, the chosen example's reserved names included."""
    return check_answers(answers, example_settings(answers["example"])["reserved_class_names"])


@pass_context
def template_source(context: Context) -> str:
    """Where this template was baked from, in a form that works from anywhere: what cookiecutter
    or cruft was given when that is a URL, an abbreviation (gh:...) or an absolute path, else
    (a relative path) the template's folder."""
    given = str(context["cookiecutter"].get("_template", ""))
    return given if ":" in given or Path(given).is_absolute() else str(TEMPLATE_ROOT)


def template_commit() -> str:
    """The commit this template is at when it is a git checkout (cookiecutter and cruft clone a
    git URL), else ""."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "HEAD"],
            cwd=TEMPLATE_ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:  # no git
        return ""
    lines = found.stdout.split()
    if found.returncode != 0 or len(lines) != 2 or Path(lines[0]) != TEMPLATE_ROOT:
        return ""
    return lines[1]


def shell_quote(value: object) -> str:
    """`value` as one word of a POSIX shell command, quoted when it needs to be."""
    return shlex.quote(str(value))  # str(): Jinja's Markup would escape the quotes again


def public_answers(answers: Mapping[str, object]) -> dict[str, object]:
    """The answers to the questions, without cookiecutter's own and the derived values."""
    return {key: value for key, value in answers.items() if not key.startswith("_")}


def pythons_from(minimum: str) -> list[str]:
    """The Python versions cookiecutter.json offers, from `minimum` to the newest."""
    offered = choices("python_min")
    return offered[offered.index(minimum) :]


def display_name(import_name: str) -> str:
    """What the proxy calls a connector: its import name without the prefix."""
    return import_name.removeprefix(IMPORT_PREFIX)


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def python_literal(value: object) -> str:
    """`value` (text, or lists and dicts of text) as a Python literal, whatever characters it
    holds, laid out over short lines where it can be: pprint writes each piece with `repr`, which
    escapes quotes, backslashes, line breaks and lone surrogates by construction."""
    return pprint.pformat(_plain(value), width=88, sort_dicts=False)


class TemplateHelpers(Extension):
    """Adds the filters `toml_string`, `project_folder`, `pythons_from`, `display_name`,
    `slug_of`, `variable_prefix`, `command_module`, `python_literal`, `example_settings`,
    `public_answers` and `shell_quote`, and the globals `template_root`, `template_source` and
    `template_commit`."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(
            toml_string=toml_string,
            project_folder=project_folder,
            pythons_from=pythons_from,
            display_name=display_name,
            slug_of=slug_of,
            variable_prefix=variable_prefix,
            command_module=command_module_name,
            python_literal=python_literal,
            example_settings=example_settings,
            public_answers=public_answers,
            shell_quote=shell_quote,
        )
        environment.globals.update(
            template_root=str(TEMPLATE_ROOT),
            template_source=template_source,
            template_commit=template_commit,
        )
