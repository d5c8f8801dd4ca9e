"""What the template's data files say: the choices of cookiecutter.json and each example's
example.toml. The Jinja filters, the hooks, the tests and the benchmark all read them here, so
that a choice or a setting is written down once."""

import json
import tomllib
from pathlib import Path
from typing import Any

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = TEMPLATE_ROOT / "examples"
# In each example's folder: what must be known of it before any file is written.
SETTINGS_FILE = "example.toml"


def questions() -> dict[str, Any]:
    """cookiecutter.json: each question with its default (a list for a choice), and settings."""
    context: dict[str, Any] = json.loads(
        (TEMPLATE_ROOT / "cookiecutter.json").read_text(encoding="utf-8")
    )
    return context


def choices(question: str) -> list[str]:
    """The choices cookiecutter.json offers for `question`, the default first."""
    offered: list[str] = questions()[question]
    return offered


def example_settings(example: str) -> dict[str, Any]:
    """An example's example.toml: the default answers it suggests, its summary, dependencies and
    dev dependencies, and the class names it reserves."""
    with (EXAMPLES / example / SETTINGS_FILE).open("rb") as settings:
        return tomllib.load(settings)
