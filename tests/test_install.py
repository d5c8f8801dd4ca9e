"""The baked connector installs with pip (regular and editable) through poetry-core, and the
proxy's discovery finds its command in that environment."""

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bake_matrix import project_path

PURELIB = sysconfig.get_path("purelib")


def run(*command: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def connector(cookies_session: Any) -> Path:
    return project_path(cookies_session.bake())


def test_the_wheel_holds_the_package_the_proxy_needs(connector: Path, tmp_path: Path) -> None:
    pip_wheel = ("pip", "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", tmp_path)
    run(sys.executable, "-m", *pip_wheel, connector)

    [wheel] = tmp_path.glob("connector_smtp-0.1.0-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "connector_smtp/__init__.py",
        "connector_smtp/commands/__init__.py",
        "connector_smtp/commands/sendEmail.py",
        "connector_smtp/protocol.py",
        "connector_smtp/py.typed",
    } <= names
    assert not any(name.startswith("tests/") for name in names)
    metadata = zipfile.ZipFile(wheel).read("connector_smtp-0.1.0.dist-info/METADATA").decode()
    assert "Name: connector-smtp" in metadata
    assert "Requires-Python: >=3.11" in metadata
    assert "Provides-Extra: dev" in metadata


@pytest.mark.parametrize("editable", [False, True], ids=["pip-install", "pip-install-editable"])
def test_the_proxy_finds_the_installed_command(
    connector: Path, tmp_path: Path, editable: bool
) -> None:
    # The build backend runs here, as pip would run it; the wheel goes into a new environment
    # without any connector, through this environment's pip.
    hook = "build_editable" if editable else "build_wheel"
    build = f"import sys; from poetry.core.masonry.api import {hook}; {hook}(sys.argv[1])"
    run(sys.executable, "-c", build, tmp_path, cwd=connector)
    [wheel] = tmp_path.glob("*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", wheel)

    # The emulated proxy needs jsonschema (to check answers): from this environment, after the
    # new one's own packages, which hold the only connector.
    listing = (
        "import sys; sys.path += sys.argv[1:];"
        "from emulated_proxy import commands_of, connector_packages;"
        "print([c.id for p in connector_packages() for c in commands_of(p)])"
    )
    # From an empty folder, so that only the installed package can be found.
    output = run(python, "-c", listing, connector / "tests", PURELIB, cwd=tmp_path)

    assert output.strip() == "['smtp/SendEmail']"
