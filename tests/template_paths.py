"""Where the parts of this template live. Importing this puts the template's own modules (the
naming rules, the data readers, the Jinja helpers and add-command's checks) on `sys.path`."""

import subprocess
import sys
from pathlib import Path

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent
PROJECT_TEMPLATE = TEMPLATE_ROOT / "{{cookiecutter.connector_slug|project_folder}}"
EXAMPLES = TEMPLATE_ROOT / "examples"
ADD_COMMAND = TEMPLATE_ROOT / "add-command"

sys.path[:0] = [str(TEMPLATE_ROOT), str(ADD_COMMAND)]


def copy_template(target: Path) -> Path:
    """This template's files as they are now (committed or not, the symlinks as symlinks), copied
    into `target`, without the test environment or caches."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=TEMPLATE_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for relative in listed.stdout.splitlines():
        source, copy = TEMPLATE_ROOT / relative, target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(source.readlink())
        elif source.is_file():
            copy.write_bytes(source.read_bytes())
    return target
