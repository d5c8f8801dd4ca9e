"""Remove the files that the chosen options do not use.

Runs inside the generated project after every file is written. It touches nothing outside the
project folder, uses no network and is safe to run twice (cruft re-runs it on updates).
"""

import json
import sys
from pathlib import Path

TEMPLATE_ROOT = Path(json.loads({{ template_root | tojson | tojson }}))
EXAMPLE = json.loads({{ cookiecutter.example | tojson | tojson }})
LICENSE = json.loads({{ cookiecutter.license | tojson | tojson }})

sys.path.insert(0, str(TEMPLATE_ROOT / "hooks"))
from project_layout import remove_unused_files  # noqa: E402

remove_unused_files(Path.cwd(), EXAMPLE, LICENSE)
