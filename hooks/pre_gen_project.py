"""Stop before any file is written when an answer breaks the connector naming rules.

Cookiecutter renders this file with Jinja, then runs it from inside the new project folder, and
removes that folder again when this script exits non-zero. The rules (naming_rules.py) run while
cookiecutter renders it, through the `naming_report` filter of local_extensions.py: this process
then imports nothing, which keeps every bake fast. The report arrives as a Python literal
(`python_literal` is `repr`), so nothing a user types can break this script or change what it runs.
"""

import sys

REPORT = {{ cookiecutter | naming_report | python_literal }}

if REPORT:
    print(REPORT, file=sys.stderr)
    sys.exit(1)
