"""The add-command template, run from inside a generated connector as the README says: it adds
a command and its test for the project's protocol, and refuses clashes with nothing written."""

import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from add_command import OPTIONS, STARTER_NAMES
from bake_matrix import project_path
from generated_project import pascal_case_names_beside, run_tool
from template_paths import TEMPLATE_ROOT
from terminal import run_on_a_terminal

from template_helpers.naming_rules import SHARED_NAMES
from template_helpers.template_data import choices


def add_command(project: Path, class_name: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "cookiecutter",
        str(TEMPLATE_ROOT),
        *OPTIONS.split(),
    ]
    return subprocess.run(
        [*command, "--no-input", f"command_class={class_name}"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` with a hash of its content."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module", params=["smtp-v2", "blank-v1"])
def connector(request: pytest.FixtureRequest, cookies_session: Any) -> Path:
    example, protocol = request.param.split("-")
    return project_path(
        cookies_session.bake(extra_context={"example": example, "protocol": protocol})
    )


@pytest.fixture
def project(connector: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(connector, tmp_path / connector.name))


def test_adds_two_commands_that_pass_the_project_checks(project: Path) -> None:
    before = snapshot(project)

    for class_name in ("GetStatus", "ListRecipients"):
        run = add_command(project, class_name)
        assert run.returncode == 0, run.stderr

    after = snapshot(project)
    package = next((project / "src").iterdir()).name
    display = package.removeprefix("connector_")
    recorded = ("catalog.json", "CHANGELOG.md")
    unchanged = {name: after[name] for name in before if name not in recorded}
    assert unchanged == {name: before[name] for name in unchanged}, "an existing file changed"
    listed = [command["id"] for command in json.loads((project / "catalog.json").read_text())]
    assert {f"{display}/GetStatus", f"{display}/ListRecipients"} < set(listed)
    changelog = (project / "CHANGELOG.md").read_text(encoding="utf-8")
    unreleased = changelog.split("## [Unreleased]\n\n")[1].split("\n\n")[0].splitlines()
    assert unreleased == [
        f"- `{display}/ListRecipients` is a new command.",
        f"- `{display}/GetStatus` is a new command.",
    ]
    assert set(after) - set(before) == {
        f"src/{package}/commands/getStatus.py",
        f"src/{package}/commands/listRecipients.py",
        "tests/test_getStatus.py",
        "tests/test_listRecipients.py",
        "docs/getStatus.md",
        "docs/listRecipients.md",
    }
    for command in (
        ("ruff", "check", "--no-cache", "."),
        ("ruff", "format", "--check", "."),
        ("mypy",),
    ):
        lint = run_tool(project, *command)
        assert lint.returncode == 0, lint.stdout + lint.stderr
    tests = run_tool(project, "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-v")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert pascal_case_names_beside(project, "GetStatus") - SHARED_NAMES == set(STARTER_NAMES)
    for command_id in (f"{display}/GetStatus", f"{display}/ListRecipients"):
        assert f"test_execute_returns_a_valid_response[{command_id}] PASSED" in tests.stdout
        assert f"test_the_page_lists_the_parameters_as_the_proxy_does[{command_id}] PASSED" in (
            tests.stdout
        )


@pytest.mark.parametrize(
    ("class_name", "reason"),
    [
        pytest.param("ExistingCommand", "already a command", id="duplicate"),
        pytest.param("getStatus", "PascalCase", id="lowercase"),
        pytest.param("Exception", "builtin", id="builtin"),
        pytest.param("Return", "keyword", id="keyword-module"),
        pytest.param("Contract", "tests/test_contract.py", id="clashes-with-a-test-file"),
    ],
)
def test_refuses_with_nothing_written(project: Path, class_name: str, reason: str) -> None:
    if class_name == "ExistingCommand":
        [module] = (project / "src").glob("*/commands/[!_]*.py")
        class_name = module.stem[0].upper() + module.stem[1:]
    before = snapshot(project)

    run = add_command(project, class_name)

    assert run.returncode != 0
    assert run.stderr.startswith("Cannot add this command"), run.stderr
    assert "command_class" in run.stderr and reason in run.stderr
    assert snapshot(project) == before


def test_on_a_terminal_a_refusal_ends_with_the_report_and_its_command(project: Path) -> None:
    before = snapshot(project)
    command = [sys.executable, "-m", "cookiecutter", str(TEMPLATE_ROOT), *OPTIONS.split()]

    status, screen = run_on_a_terminal(
        [*command, "--no-input", "command_class=get_status"], project
    )

    assert status == 1
    *_, said, rerun = screen.rstrip().splitlines()
    assert said == "Nothing was written. Run it again with the answers corrected:"
    assert rerun.startswith("  ") and rerun.endswith("command_class=GetStatus")
    assert "Traceback" not in screen and "Hook script failed" not in screen
    assert snapshot(project) == before


def test_a_suggested_class_that_is_taken_too_is_not_suggested(project: Path) -> None:
    assert add_command(project, "GetStatus").returncode == 0

    refused = add_command(project, "get_status")  # GetStatus, the plain suggestion, is taken

    assert refused.returncode == 1
    rerun = refused.stderr.splitlines()[-1]
    assert rerun.endswith("command_class=GetStatus2"), refused.stderr
    again = subprocess.run(shlex.split(rerun), cwd=project, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert (project / "tests/test_getStatus2.py").is_file()


def test_a_derived_answer_given_on_the_command_line_is_checked_too(project: Path) -> None:
    # __here names the folder it writes into: anything but the project is refused.
    before = snapshot(project)
    command = [sys.executable, "-m", "cookiecutter", str(TEMPLATE_ROOT), *OPTIONS.split()]

    run = subprocess.run(
        [*command, "--no-input", "command_class=GetStatus", "__here=../elsewhere"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )

    assert run.returncode == 1
    assert "__here = '../elsewhere'" in run.stderr
    assert snapshot(project) == before and not (project.parent / "elsewhere").exists()


def test_refuses_outside_a_connector_project_before_asking_anything(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "cookiecutter", str(TEMPLATE_ROOT), *OPTIONS.split()]

    # Interactive, with nobody to answer: it must stop before its first question.
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)

    assert run.returncode == 1
    assert run.stderr.startswith("Cannot add a command here"), run.stderr
    assert "cd connector-<name>" in run.stderr and OPTIONS in run.stderr
    assert "command_class" not in run.stdout, "a question was asked"
    assert "Traceback" not in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_both_readmes_give_the_command_these_tests_run(connector: Path) -> None:
    for readme in (TEMPLATE_ROOT / "README.md", connector / "README.md"):
        assert f"add-command {OPTIONS.split(' ', 2)[2]}" in readme.read_text(), readme


def test_add_command_names_no_example() -> None:
    texts = [
        path.read_text(encoding="utf-8")
        for path in (TEMPLATE_ROOT / "add-command").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]

    for example in choices("example"):
        assert not any(re.search(rf"\b{example}\b", text) for text in texts), example
