"""Every variant bakes into a project that is complete, valid, lint-clean and typed (its own
test suite: test_generated_suites.py)."""

import py_compile
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from bake_matrix import Bake, Variant, project_path, variant_params
from generated_project import (
    expected_files,
    files_of,
    leftover_jinja,
    pascal_case_names_beside,
    run_tool,
)

from template_helpers.naming_rules import SHARED_NAMES
from template_helpers.template_data import example_settings

pytestmark = pytest.mark.parametrize("variant", variant_params())


def baked(bake_once: Bake, variant: Variant) -> tuple[Path, dict[str, Any]]:
    result = bake_once(variant.context)
    project = project_path(result)
    for key, value in variant.context.items():
        assert result.context[key] == value, f"{key} was not applied: a typo in the matrix?"
    return project, result.context


def test_bakes_exactly_the_expected_files(bake_once: Bake, variant: Variant) -> None:
    project, context = baked(bake_once, variant)

    assert files_of(project) == expected_files(context)
    assert project.name == context["connector_slug"]


def test_leaves_no_jinja_in_paths_or_files(bake_once: Bake, variant: Variant) -> None:
    project, _ = baked(bake_once, variant)

    assert leftover_jinja(project) == []


def test_pyproject_describes_an_installable_connector(bake_once: Bake, variant: Variant) -> None:
    project, context = baked(bake_once, variant)

    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))

    metadata = pyproject["project"]
    assert metadata["name"] == context["connector_slug"]
    assert metadata["version"] == context["version"]
    assert metadata["requires-python"] == f">={variant.python_min}"
    assert pyproject["build-system"]["build-backend"] == "poetry.core.masonry.api"
    assert pyproject["tool"]["poetry"]["packages"] == [
        {"include": context["__import_name"], "from": "src"}
    ]
    dev_tools = {
        re.split(r"[=<>]", requirement)[0]
        for requirement in metadata["optional-dependencies"]["dev"]
    }
    assert {"pytest", "ruff", "mypy"} <= dev_tools
    example_tools = example_settings(variant.example)["dev_dependencies"]
    assert set(metadata["optional-dependencies"]["dev"]) >= set(example_tools)
    assert pyproject["tool"]["mypy"]["python_version"] == variant.python_min
    assert pyproject["tool"]["ruff"]["target-version"] == "py" + variant.python_min.replace(".", "")


def test_every_python_file_compiles(bake_once: Bake, variant: Variant, tmp_path: Path) -> None:
    project, _ = baked(bake_once, variant)

    for path in sorted(project.rglob("*.py")):
        py_compile.compile(str(path), cfile=str(tmp_path / "compiled.pyc"), doraise=True)


def test_command_module_defines_exactly_one_class(bake_once: Bake, variant: Variant) -> None:
    project, context = baked(bake_once, variant)

    module = (
        project
        / "src"
        / context["__import_name"]
        / "commands"
        / f"{context['__command_module']}.py"
    )
    source = module.read_text(encoding="utf-8")
    assert re.findall(r"^class (\w+)", source, flags=re.MULTILINE) == [context["command_class"]]
    assert "from __future__" not in source


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(("ruff", "check", "--no-cache", "."), id="ruff-check"),
        pytest.param(("ruff", "format", "--check", "--no-cache", "."), id="ruff-format"),
        pytest.param(("mypy",), id="mypy"),
    ],
)
def test_passes_its_own_linters(
    bake_once: Bake, variant: Variant, command: tuple[str, ...]
) -> None:
    project, _ = baked(bake_once, variant)

    run = run_tool(project, *command)

    assert run.returncode == 0, run.stdout + run.stderr


def test_readme_names_the_command_and_links_its_page(bake_once: Bake, variant: Variant) -> None:
    project, context = baked(bake_once, variant)
    page = f"docs/{context['__command_module']}.md"

    readme = (project / "README.md").read_text(encoding="utf-8")

    assert f"| `{context['__display_name']}/{context['command_class']}` |" in readme
    assert f"[{page}]({page})" in readme
    assert "literal string needs quotes" in readme
    assert (
        (project / page)
        .read_text(encoding="utf-8")
        .startswith(f"# `{context['__display_name']}/{context['command_class']}`\n")
    )


def test_reserved_class_names_are_the_names_beside_the_command(
    bake_once: Bake, variant: Variant
) -> None:
    project, context = baked(bake_once, variant)

    beside = pascal_case_names_beside(project, context["command_class"])

    reserved = set(example_settings(variant.example)["reserved_class_names"])
    assert beside - SHARED_NAMES == reserved
