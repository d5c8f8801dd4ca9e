"""Record the new command in the connector's catalog.json, with the project's own tool
(tests/catalog.py, which also adds it to the CHANGELOG).

Cookiecutter runs this from inside the connector project, with the Python it runs on: the
project's .venv, when add-command is run as the project's README says.
"""

import os
import subprocess
import sys
from pathlib import Path

CATALOG_TOOL = Path("tests", "catalog.py")

if CATALOG_TOOL.is_file():
    search_path = os.pathsep.join(["src", os.environ.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, str(CATALOG_TOOL)],
        env={**os.environ, "PYTHONPATH": search_path},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 0:
        print(done.stdout, end="")
    else:
        print(
            f"The command is written, but catalog.json is not updated ({done.stderr.strip()}).\n"
            "Run `python tests/catalog.py` in this folder, with the project's environment.",
            file=sys.stderr,
        )
