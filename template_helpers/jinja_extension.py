"""Jinja helpers for this template, loaded through `_extensions` in cookiecutter.json.

Cookiecutter puts the template folder on `sys.path` while it renders, which is how it finds this
module (and the modules beside it). The hooks run as separate processes from a temporary copy,
so they learn where the template lives from `template_root`.
"""

import ast
import re
from collections.abc import Mapping

from jinja2 import Environment, pass_context
from jinja2.ext import Extension
from jinja2.runtime import Context

from template_helpers.naming_rules import IMPORT_PREFIX, command_module_name
from template_helpers.template_data import EXAMPLES, TEMPLATE_ROOT, choices, example_settings

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
    holds: `repr` escapes quotes, backslashes, line breaks and lone surrogates by construction."""
    return repr(_plain(value))


@pass_context
def example_file(context: Context, example: str, relative: str) -> str:
    """The file `examples/<example>/<relative>`, rendered with the variables of the template that
    asks for it: cookiecutter's own file loader does not reach the examples folder."""
    source = (EXAMPLES / example / relative).read_text(encoding="utf-8")
    return context.environment.from_string(source).render(context.get_all())


def example_test_files(example: str) -> list[str]:
    """The files of `examples/<example>/tests/`: servers, helpers and more tests."""
    folder = EXAMPLES / example / "tests"
    return (
        sorted(path.name for path in folder.glob("*") if path.is_file()) if folder.is_dir() else []
    )


def example_error_codes(example: str) -> dict[str, str]:
    """The ERROR_CODES of an example's command module, where each code it returns is declared:
    the generated README's table of error codes is written from it."""
    source = (EXAMPLES / example / "command.py").read_text(encoding="utf-8")
    tree = ast.parse(re.sub(r"\{\{.*?\}\}", "name", source))  # the Jinja names are names
    for node in tree.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "ERROR_CODES":
            codes: dict[str, str] = ast.literal_eval(node.value)
            return codes
    raise ValueError(f"examples/{example}/command.py declares no ERROR_CODES")


class TemplateHelpers(Extension):
    """Adds the filters `toml_string`, `project_folder`, `pythons_from`, `display_name`,
    `command_module`, `python_literal`, `example_settings`, `example_error_codes` and
    `example_test_files`, and the globals `example_file` and `template_root`."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(
            toml_string=toml_string,
            project_folder=project_folder,
            pythons_from=pythons_from,
            display_name=display_name,
            command_module=command_module_name,
            python_literal=python_literal,
            example_settings=example_settings,
            example_error_codes=example_error_codes,
            example_test_files=example_test_files,
        )
        environment.globals["example_file"] = example_file
        environment.globals["template_root"] = str(TEMPLATE_ROOT)
