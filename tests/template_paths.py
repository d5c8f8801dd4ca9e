"""Where the parts of this template live."""

from pathlib import Path

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent
PROJECT_TEMPLATE = TEMPLATE_ROOT / "{{cookiecutter.connector_slug|project_folder}}"
HOOKS = TEMPLATE_ROOT / "hooks"
