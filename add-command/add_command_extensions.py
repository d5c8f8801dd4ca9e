"""Jinja helpers for the add-command template: the main template's helpers, plus the settings
this template reads from the connector project it runs in.

Cookiecutter puts only this folder on `sys.path`; the main template's helpers live one up.
"""

import re
import sys
from pathlib import Path

from jinja2 import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from local_extensions import TemplateHelpers

SETTINGS_TABLE = "[tool.spiffworkflow-connector]"
SETTING = re.compile(r'^(?P<key>[a-z-]+) = "(?P<value>[^"\\]*)"$', re.MULTILINE)


def connector_setting(key: str) -> str:
    """A value from the `[tool.spiffworkflow-connector]` table of ./pyproject.toml, which every
    generated connector has; "" when there is no such value (the hook then explains)."""
    pyproject = Path("pyproject.toml")
    if not pyproject.is_file():
        return ""
    _, _, after = pyproject.read_text(encoding="utf-8").partition(SETTINGS_TABLE + "\n")
    table = after.split("\n[", 1)[0]
    return {found["key"]: found["value"] for found in SETTING.finditer(table)}.get(key, "")


class ConnectorProject(TemplateHelpers):
    """The main template's helpers, and the `connector_setting` global."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals["connector_setting"] = connector_setting
