"""Stop before any file is written when an answer breaks the connector naming rules.

Cookiecutter renders this file with Jinja, then runs it from inside the new project folder, and
removes that folder again when this script exits non-zero. The answers arrive as Python literals
(`python_literal` is `repr`), so nothing a user types (quotes, backslashes, emoji, Jinja-looking
text) can break this script or change what it runs. It imports as little as it can: every bake
waits for it.
"""

import os
import sys

TEMPLATE_ROOT = {{ template_root | python_literal }}
ANSWERS = {{ {
    "connector_name": cookiecutter.connector_name,
    "connector_slug": cookiecutter.connector_slug,
    "__import_name": cookiecutter.__import_name,
    "description": cookiecutter.description,
    "author_name": cookiecutter.author_name,
    "author_email": cookiecutter.author_email,
    "version": cookiecutter.version,
    "command_class": cookiecutter.command_class,
    "__command_module": cookiecutter.__command_module,
} | python_literal }}
TEMPLATE_AS_GIVEN = {{ cookiecutter._template | python_literal }}

# Cookiecutter runs this file from a temporary folder, which Python puts first on sys.path: put
# the hooks folder there instead, so that no stray module in that folder is imported, and the
# imports do not have to list a crowded temporary folder.
sys.path[0] = os.path.join(TEMPLATE_ROOT, "hooks")
from naming_rules import check_answers, format_report  # noqa: E402

problems = check_answers(ANSWERS)
if problems:
    replay_name = os.path.basename(TEMPLATE_ROOT)
    print(format_report(problems, TEMPLATE_AS_GIVEN, replay_name), file=sys.stderr)
    sys.exit(1)
