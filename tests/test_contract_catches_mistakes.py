"""The generated contract test fails for each of the proxy's traps, and covers a command added
later without being edited."""

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from generated_project import run_tool

VALID_COMMAND = """
from typing import Any

from connector_smtp.protocol import ConnectorCommand, ConnectorProxyResponseDict, success_response


class GetStatus(ConnectorCommand):
    def __init__(self, name: str, retries: int | None = None) -> None:
        self.name = name

    def execute(self, config: Any, task_data: Any) -> ConnectorProxyResponseDict:
        return success_response({"name": self.name}, [])
"""


def add_command(source: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        module = project / "src/connector_smtp/commands/getStatus.py"
        module.write_text(textwrap.dedent(source), encoding="utf-8")

    return change


def remove(relative: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        (project / relative).unlink()

    return change


# Each trap, and the contract test that must catch it.
MISTAKES = [
    pytest.param(
        add_command(VALID_COMMAND.replace("from connector_smtp.protocol", "from ..protocol")),
        "test_command_module_imports_absolutely[getStatus.py]",
        id="relative-import",
    ),
    pytest.param(
        add_command("from __future__ import annotations\n" + VALID_COMMAND),
        "test_parameters_have_types_the_editor_supports[smtp/GetStatus]",
        id="future-annotations",
    ),
    pytest.param(
        add_command(VALID_COMMAND + "\n\nclass Helper:\n    pass\n"),
        "test_command_has_execute_with_config_and_task_data[smtp/Helper]",
        id="helper-class-in-commands",
    ),
    pytest.param(
        add_command(VALID_COMMAND.replace("name: str", "name: float")),
        "test_parameters_have_types_the_editor_supports[smtp/GetStatus]",
        id="float-param",
    ),
    pytest.param(
        add_command(VALID_COMMAND.replace("name: str", "name")),
        "test_parameters_have_types_the_editor_supports[smtp/GetStatus]",
        id="untyped-param",
    ),
    pytest.param(
        add_command(VALID_COMMAND.replace('{"name": self.name}', 'json.dumps({"name": 1})')),
        "test_execute_returns_a_valid_envelope[smtp/GetStatus]",
        id="body-as-json-text",
    ),
    pytest.param(
        remove("src/connector_smtp/commands/__init__.py"),
        "test_the_proxy_finds_the_package_and_its_commands",
        id="no-commands-init",
    ),
    pytest.param(
        remove("src/connector_smtp/__init__.py"),
        "test_the_proxy_finds_the_package_and_its_commands",
        id="namespace-package",
    ),
]


@pytest.fixture(scope="module")
def pristine(cookies_session: Any) -> Path:
    result = cookies_session.bake()
    assert result.exception is None, result.exception
    return Path(result.project_path)


def copy_of(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / pristine.name))


def contract_tests(project: Path) -> Any:
    return run_tool(
        project,
        "pytest",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "-v",
        "tests/test_contract.py",
    )


def test_a_command_added_later_is_checked_without_editing_the_test(
    pristine: Path, tmp_path: Path
) -> None:
    project = copy_of(pristine, tmp_path)
    add_command(VALID_COMMAND)(project)

    run = contract_tests(project)

    assert run.returncode == 0, run.stdout + run.stderr
    assert "[smtp/GetStatus]" in run.stdout
    assert "[smtp/SendEmail]" in run.stdout


@pytest.mark.parametrize(("mistake", "caught_by"), MISTAKES)
def test_each_trap_fails_the_contract_test(
    pristine: Path, tmp_path: Path, mistake: Callable[[Path], None], caught_by: str
) -> None:
    project = copy_of(pristine, tmp_path)
    mistake(project)

    run = contract_tests(project)

    assert run.returncode == 1, run.stdout + run.stderr
    assert f"FAILED tests/test_contract.py::{caught_by}" in run.stdout
