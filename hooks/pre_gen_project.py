"""Stop before any file is written when an answer breaks the connector naming rules.

Cookiecutter renders this file with Jinja, then runs it from inside the new project folder, and
removes that folder again when this script exits non-zero. The answers arrive as one JSON text
inside a Python string literal (`tojson` twice), so nothing a user types (quotes, backslashes,
emoji, Jinja-looking text) can break this script or change what it runs.
"""

import json
import sys
from pathlib import Path

TEMPLATE_ROOT = Path(json.loads({{ template_root | tojson | tojson }}))
ANSWERS = json.loads(
    {{ {
        "connector_name": cookiecutter.connector_name,
        "connector_slug": cookiecutter.connector_slug,
        "__import_name": cookiecutter.__import_name,
        "description": cookiecutter.description,
        "author_name": cookiecutter.author_name,
        "author_email": cookiecutter.author_email,
        "version": cookiecutter.version,
        "command_class": cookiecutter.command_class,
        "__command_module": cookiecutter.__command_module,
    } | tojson | tojson }}
)
TEMPLATE_AS_GIVEN = json.loads({{ cookiecutter._template | tojson | tojson }})

sys.path.insert(0, str(TEMPLATE_ROOT / "hooks"))
from naming_rules import check_answers, format_report  # noqa: E402

problems = check_answers(ANSWERS)
if problems:
    print(format_report(problems, TEMPLATE_AS_GIVEN, TEMPLATE_ROOT.name), file=sys.stderr)
    sys.exit(1)
