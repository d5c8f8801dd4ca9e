"""Looking at a baked project: its files, and its own tools run on it in a subprocess."""

import ast
import os
import re
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from template_paths import EXAMPLES

from template_helpers.naming_rules import CLASS_NAME
from template_helpers.template_data import example_settings

LEFTOVER_JINJA = re.compile(r"\{\{|\{%|\{#")
# GitHub Actions expressions, written on purpose in workflow files.
ACTIONS_EXPRESSION = re.compile(r"\$\{\{[^{}]*\}\}")


def files_of(project: Path) -> set[str]:
    return {
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and ".mypy_cache" not in path.parts
    }


def holds_jinja(relative: str, text: str) -> bool:
    """Whether a generated file (path and text) still holds Jinja syntax, not counting the GitHub
    Actions expressions that workflow files hold on purpose."""
    if relative.startswith(".github/"):
        text = ACTIONS_EXPRESSION.sub("", text)
    return bool(LEFTOVER_JINJA.search(relative) or LEFTOVER_JINJA.search(text))


def leftover_jinja(project: Path) -> list[str]:
    """Generated paths and files that still hold Jinja syntax."""
    return [
        path.relative_to(project).as_posix()
        for path in sorted(project.rglob("*"))
        if holds_jinja(
            path.relative_to(project).as_posix(),
            path.read_text(encoding="utf-8") if path.is_file() else "",
        )
    ]


def run_tool(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Run a Python tool (`ruff`, `mypy`, `pytest`) of this environment inside the project."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "PYTHONPATH", "COV_"))
    }
    # mypy's cache of the standard library is the slow part: keep one per worker.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    cache = Path(tempfile.gettempdir(), "connector-template-mypy-cache", worker)
    environment["MYPY_CACHE_DIR"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def expected_files(context: dict[str, str]) -> set[str]:
    """The files a bake with these answers (cookiecutter's context) must hold: the project's own,
    and the chosen example's at the same places, named for this connector and command."""
    package = f"src/{context['__import_name']}"
    files = {
        ".dockerignore",
        ".editorconfig",
        ".github/workflows/ci.yml",
        ".github/workflows/release.yml",
        "Dockerfile",
        ".gitignore",
        ".pre-commit-config.yaml",
        "CHANGELOG.md",
        "compose.yaml",
        "bpmn/process_model.json",
        "spiffarena/process_models/connectors/process_group.json",
        "README.md",
        "proxy/__init__.py",
        "proxy/app.py",
        "proxy/guards.py",
        "proxy/gunicorn.conf.py",
        "pyproject.toml",
        f"{package}/__init__.py",
        f"{package}/py.typed",
        f"{package}/protocol.py",
        f"{package}/parameters.py",
        f"{package}/redaction.py",
        f"{package}/commands/__init__.py",
        "tests/catalog.py",
        "tests/command_results.py",
        "tests/emulated_backend.py",
        "tests/emulated_proxy.py",
        "tests/protocol_schemas.py",
        "tests/schemas/accepted.schema.json",
        "tests/schemas/callback.schema.json",
        "tests/schemas/commands.schema.json",
        "tests/schemas/envelope.schema.json",
        "tests/test_any_value.py",
        "tests/test_arena.py",
        "tests/test_bpmn.py",
        "tests/test_catalog.py",
        "tests/test_command_results.py",
        "tests/test_contract.py",
        "tests/test_docs.py",
        "tests/test_emulated_backend.py",
        "tests/test_parameters.py",
        "tests/test_protocol_schemas.py",
        "tests/test_proxy_app.py",
        "tests/test_redaction.py",
    }
    if context["protocol"] == "v1":
        files.add("tests/schemas/answer_v1.schema.json")
    if example_settings(context["example"])["arena"]["service"] == "try-api":
        files.add("spiffarena/try_api.py")
    if context["license"] != "none":
        files.add("LICENSE")
    names = {
        "{{cookiecutter.__import_name}}": context["__import_name"],
        "{{cookiecutter.__command_module}}": context["__command_module"],
    }
    example = EXAMPLES / context["example"]
    for path in example.rglob("*"):
        if path.is_file() and path.name != "example.toml" and "__pycache__" not in path.parts:
            relative = path.relative_to(example).as_posix()
            for placeholder, name in names.items():
                relative = relative.replace(placeholder, name)
            files.add(relative)
    return files


def pascal_case_names_beside(project: Path, class_name: str) -> set[str]:
    """The PascalCase names that stand beside a command class in the modules where it stands (its
    own, and those that import it), but the class itself: a class of such a name shadows them."""
    beside = set()
    for path in project.rglob("*.py"):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        names = {
            alias.name for node in body if isinstance(node, ast.ImportFrom) for alias in node.names
        }
        names |= {node.name for node in body if isinstance(node, ast.ClassDef)}
        if class_name not in names:
            continue
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                beside |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ClassDef | ast.FunctionDef):
                beside.add(node.name)
            elif isinstance(node, ast.Assign):
                beside |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    return {name for name in beside if CLASS_NAME.fullmatch(name)} - {class_name}


# Installed with this environment's packages, whether or not its scripts are on PATH.
ACTIONLINT = Path(sysconfig.get_path("scripts"), "actionlint")


def run_actionlint(workflow: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ACTIONLINT, "-no-color", workflow], capture_output=True, text=True, check=False
    )
