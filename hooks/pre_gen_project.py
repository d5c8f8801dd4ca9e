"""Stop before any file is written when an answer breaks the connector naming rules.

Cookiecutter renders this file with Jinja, then runs it from inside the new project folder, and
removes that folder again when this script exits non-zero. The answers arrive as Python literals
(`python_literal` writes them with `repr`), so nothing a user types can break this script. The
rules are in template_helpers/naming_rules.py, the message in template_helpers/naming_report.py.
"""

import json
import os
import sys

TEMPLATE_ROOT = {{ template_root | python_literal }}
ANSWERS = {{ cookiecutter | python_literal }}
# The names the chosen example defines beside the command class (its example.toml).
EXAMPLE_NAMES = {{ (cookiecutter.example | example_settings).reserved_class_names | python_literal }}

sys.path.insert(0, TEMPLATE_ROOT)  # this file runs from a temporary folder
from template_helpers.naming_report import format_report  # noqa: E402
from template_helpers.naming_rules import check_answers  # noqa: E402

problems = check_answers(ANSWERS, EXAMPLE_NAMES)
if problems:
    # cookiecutter.json as written: each question's default, or its choices in their order.
    with open(os.path.join(TEMPLATE_ROOT, "cookiecutter.json"), encoding="utf-8") as questions:
        print(format_report(problems, ANSWERS, json.load(questions)), file=sys.stderr)
    sys.exit(1)
