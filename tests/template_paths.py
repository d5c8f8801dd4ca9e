"""Where the parts of this template live. Importing this puts the template's own modules (the
naming rules, the data readers, the Jinja helpers and add-command's checks) on `sys.path`."""

import sys
from pathlib import Path

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent
PROJECT_TEMPLATE = TEMPLATE_ROOT / "{{cookiecutter.connector_slug|project_folder}}"
EXAMPLES = TEMPLATE_ROOT / "examples"
ADD_COMMAND = TEMPLATE_ROOT / "add-command"

sys.path[:0] = [str(TEMPLATE_ROOT), str(ADD_COMMAND)]
