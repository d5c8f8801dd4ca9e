"""Stop before any file is written unless the new command can be added cleanly.

Cookiecutter renders this file with Jinja, then runs it from inside the connector project (which
already exists, and so is never removed). The answers arrive as Python literals (`python_literal`
writes them with `repr`), so nothing a user types can break this script. The checks are in
add_command.py.
"""

import json
import sys
from pathlib import Path

ADD_COMMAND_FOLDER = {{ (template_root ~ "/add-command") | python_literal }}
ANSWERS = {{ cookiecutter | python_literal }}

sys.path.insert(0, ADD_COMMAND_FOLDER)  # this file runs from a temporary folder
from add_command import OPTIONS, check_new_command  # noqa: E402
from template_helpers.naming_report import format_report  # noqa: E402

problems = check_new_command(Path.cwd(), ANSWERS)
if problems:
    # cookiecutter.json as written: the question's default.
    questions = json.loads(Path(ADD_COMMAND_FOLDER, "cookiecutter.json").read_text("utf-8"))
    report = format_report(problems, ANSWERS, questions, OPTIONS, "add this command")
    print(report, file=sys.stderr)
    sys.exit(1)
