"""Remove the files that the chosen options do not use.

Runs inside the generated project after every file is written. It touches nothing outside the
project folder, uses no network and is safe to run twice (cruft re-runs it on updates).
"""

import os
import sys

TEMPLATE_ROOT = {{ template_root | python_literal }}
EXAMPLE = {{ cookiecutter.example | python_literal }}
LICENSE = {{ cookiecutter.license | python_literal }}

# Cookiecutter runs this file from a temporary folder, which Python puts first on sys.path: put
# the hooks folder there instead, so that no stray module in that folder is imported, and the
# imports do not have to list a crowded temporary folder.
sys.path[0] = os.path.join(TEMPLATE_ROOT, "hooks")
from project_layout import remove_unused_files  # noqa: E402

remove_unused_files(os.getcwd(), EXAMPLE, LICENSE)
