"""What a connector author expects around the code: a CI workflow that follows the chosen
Python versions, pre-commit hooks, a license of the chosen kind, a changelog, editor settings."""

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from bake_matrix import Bake, Variant, project_path, variant_params
from generated_project import run_actionlint

from template_helpers.jinja_extension import pythons_from
from template_helpers.template_data import choices

PINNED_ACTION = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def baked_project(bake_once: Bake, context: dict[str, str]) -> Path:
    return project_path(bake_once(context))


@pytest.mark.parametrize("variant", variant_params())
def test_ci_workflow_tests_every_supported_python_with_pinned_actions(
    bake_once: Bake, variant: Variant
) -> None:
    workflow_file = baked_project(bake_once, variant.context) / ".github/workflows/ci.yml"
    workflow: dict[str, Any] = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))

    job = workflow["jobs"]["test"]
    assert job["strategy"]["matrix"]["python-version"] == pythons_from(variant.python_min)
    assert workflow["permissions"] == {"contents": "read"}
    uses = [step["uses"].split(" ")[0] for step in job["steps"] if "uses" in step]
    assert uses and all(PINNED_ACTION.match(action) for action in uses), uses
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert commands[1:] == ["ruff check .", "ruff format --check .", "mypy", "pytest"]
    lint = run_actionlint(workflow_file)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_actionlint_rejects_a_broken_workflow(bake_once: Bake, tmp_path: Path) -> None:
    source = baked_project(bake_once, {}) / ".github/workflows/ci.yml"
    broken = tmp_path / "ci.yml"
    broken.write_text(source.read_text().replace("matrix.python-version", "matrix.pyton"))

    assert run_actionlint(broken).returncode != 0


@pytest.mark.parametrize("variant", variant_params())
def test_pre_commit_runs_the_same_checks_as_ci(bake_once: Bake, variant: Variant) -> None:
    project = baked_project(bake_once, variant.context)
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))

    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}

    assert set(hooks) == {"ruff-check", "ruff-format", "mypy"}
    assert hooks["mypy"]["pass_filenames"] is False


LICENSES = [
    pytest.param("MIT", "MIT License", id="MIT"),
    pytest.param("Apache-2.0", "Apache License", id="Apache-2.0"),
    pytest.param("LGPL-2.1-or-later", "GNU LESSER GENERAL PUBLIC LICENSE", id="LGPL-2.1-or-later"),
    pytest.param("none", None, id="none"),
]


def test_every_license_choice_is_checked() -> None:
    assert [param.id for param in LICENSES] == choices("license")


@pytest.mark.parametrize(("license", "heading"), LICENSES)
def test_license_of_the_chosen_kind(bake_once: Bake, license: str, heading: str | None) -> None:
    project = baked_project(bake_once, {"license": license, "author_name": "Ada Lovelace"})
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))

    if heading is None:
        assert not (project / "LICENSE").exists()
        assert "license" not in pyproject["project"]
        return
    text = (project / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith(heading)
    assert pyproject["project"]["license"] == license
    if license == "MIT":
        assert re.search(r"Copyright \(c\) 20\d\d Ada Lovelace", text)


def test_changelog_and_editorconfig(bake_once: Bake) -> None:
    project = baked_project(bake_once, {"version": "1.2.0"})

    changelog = (project / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^## \[1\.2\.0\] - \d{4}-\d\d-\d\d$", changelog, flags=re.MULTILINE)
    assert "`smtp/SendEmail`" in changelog
    assert "root = true" in (project / ".editorconfig").read_text(encoding="utf-8")
