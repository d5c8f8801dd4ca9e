"""Add the chosen example's files to the new project, then say what to do next.

Cookiecutter renders this file with Jinja and runs it from inside the new project. The answers
arrive as a Python literal (`python_literal` writes them with `repr`), so nothing a user types
can break it. Writing the example's files again gives the same files, as cruft does on every
update.
"""

import sys
import tempfile
from pathlib import Path

ANSWERS = {{ cookiecutter | python_literal }}

sys.path.insert(0, {{ template_root | python_literal }})  # this file runs from a temporary folder
from template_helpers.examples import add_example  # noqa: E402

add_example(ANSWERS, Path.cwd())
# cruft update, check and diff bake into temporary folders to compare, and nobody reads those
# bakes; cruft runs cookiecutter's generation itself, without the output folder in the answers.
if "_output_dir" not in ANSWERS and Path.cwd().is_relative_to(tempfile.gettempdir()):
    sys.exit(0)
print(f"""Created {Path.cwd()}
Next, in that folder, with Python {ANSWERS['python_min']} or newer as python3:
  python3 -m venv .venv && .venv/bin/pip install -e ".[dev]"
  .venv/bin/pytest
Its README.md says how to add commands and run it in a connector proxy.""")
