"""What comes with a connector to run it in a proxy, tested without the proxy itself (it is not on
PyPI) and without a container daemon: the project's own tests of its proxy app (API key, CORS,
settings) run and pass, the Dockerfile under hadolint, the release workflow under actionlint,
the proxy's dependencies pinned to a commit and kept out of the published package."""

import re
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from bake_matrix import Bake, project_path
from generated_project import run_actionlint, run_tool

from template_helpers.jinja_extension import pythons_from
from template_helpers.template_data import choices

HADOLINT = Path(sysconfig.get_path("scripts"), "hadolint")
PINNED_ACTION = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def project(cookies_session: Any) -> Path:
    return project_path(cookies_session.bake())


def test_the_project_tests_its_proxy_app(project: Path) -> None:
    options = ("-p", "no:cacheprovider", "-p", "no:xdist", "-v")
    run = run_tool(project, "pytest", *options, "tests/test_proxy_app.py")

    assert run.returncode == 0, run.stdout + run.stderr
    checks = [line for line in run.stdout.splitlines() if "tests/test_proxy_app.py::" in line]
    assert len(checks) >= 8 and all("PASSED" in line for line in checks), run.stdout
    for name in ("api_key", "liveness", "cors", "settings", "needs_the_key_only_when_one_is_set"):
        assert any(name in line for line in checks), name


@pytest.mark.parametrize("python_min", choices("python_min"))
def test_the_dockerfile_lints_clean_and_runs_a_slim_image_as_a_user(
    bake_once: Bake, python_min: str
) -> None:
    dockerfile = project_path(bake_once({"python_min": python_min})) / "Dockerfile"

    lint = subprocess.run([HADOLINT, dockerfile], capture_output=True, text=True, check=False)

    assert lint.returncode == 0, lint.stdout + lint.stderr
    text = dockerfile.read_text(encoding="utf-8")
    newest = pythons_from(python_min)[-1]
    assert re.findall(r"^FROM (\S+)", text, flags=re.MULTILINE) == [f"python:{newest}-slim"] * 2
    assert re.search(r"^USER [1-9]\d*$", text, flags=re.MULTILINE)
    assert "/v1/liveness" in text.split("HEALTHCHECK", 1)[1]
    assert "EXPOSE 7004" in text


def test_the_image_gets_only_what_it_needs(project: Path) -> None:
    ignored = (project / ".dockerignore").read_text(encoding="utf-8").splitlines()

    assert ignored[1] == "*", "everything is left out unless named"
    assert {line for line in ignored if line.startswith("!")} == {
        "!pyproject.toml",
        "!README.md",
        "!src/",
        "!proxy/",
    }


def test_the_release_workflow_is_pinned_and_least_privileged(project: Path) -> None:
    workflow_file = project / ".github" / "workflows" / "release.yml"
    workflow = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))

    lint = run_actionlint(workflow_file)
    assert lint.returncode == 0, lint.stdout
    assert workflow[True]["push"]["tags"] == ["v*"]
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["pypi"]["permissions"] == {"id-token": "write"}
    assert jobs["pypi"]["environment"] == "pypi"
    assert jobs["image"]["permissions"] == {"contents": "read", "packages": "write"}
    assert "permissions" not in jobs["package"]
    uses = [
        step["uses"].split(" ")[0]
        for job in jobs.values()
        for step in job["steps"]
        if "uses" in step
    ]
    assert len(uses) == 8 and all(PINNED_ACTION.match(action) for action in uses), uses


def test_the_proxy_group_pins_the_proxy_to_a_commit(project: Path) -> None:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))

    group = pyproject["dependency-groups"]["proxy"]

    proxy = re.compile(
        r"spiffworkflow-proxy @ git\+https://github\.com/sartography/spiffworkflow-proxy@[0-9a-f]{40}"
    )
    assert any(proxy.fullmatch(requirement) for requirement in group), group
    assert all("==" in requirement for requirement in group if " @ " not in requirement)
    assert "proxy" not in pyproject["project"].get("optional-dependencies", {})


def test_the_package_needs_no_proxy_to_install(project: Path, tmp_path: Path) -> None:
    build = "import sys; from poetry.core.masonry.api import build_wheel; build_wheel(sys.argv[1])"
    subprocess.run([sys.executable, "-c", build, tmp_path], cwd=project, check=True)
    [wheel] = tmp_path.glob("*.whl")

    metadata = next(
        zipfile.ZipFile(wheel).read(name).decode()
        for name in zipfile.ZipFile(wheel).namelist()
        if name.endswith("/METADATA")
    )

    requirements = [line for line in metadata.splitlines() if line.startswith("Requires-Dist")]
    assert not [line for line in requirements if "proxy" in line.lower() or "git+" in line]
    assert not any(name.startswith("proxy/") for name in zipfile.ZipFile(wheel).namelist())
