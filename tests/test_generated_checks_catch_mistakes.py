"""The generated project's own checks catch each mistake they exist for: the contract test fails
for each of the proxy's traps and covers a command added later without being edited; the diagram
test fails when a diagram no longer matches the command it calls; the docs test when a command's
page no longer says what its code does."""

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bake_matrix import project_path
from generated_project import run_tool

VALID_COMMAND = """
from typing import Any

from connector_smtp.parameters import InvalidParameter, within_limits
from connector_smtp.protocol import (
    CommandResult,
    ConnectorCommand,
    error_response,
    success_response,
)

ERROR_CODES = {"InvalidParameter": "name is longer than its limit"}
TEXT_LIMITS = {"name": 100}


class GetStatus(ConnectorCommand):
    def __init__(self, name: str, retries: int | None = None) -> None:
        self.name = name

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        try:
            within_limits(vars(self), TEXT_LIMITS)
        except InvalidParameter as problem:
            return error_response("InvalidParameter", str(problem), [])
        return success_response({"name": self.name}, [])
"""


def add_command(source: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        module = project / "src/connector_smtp/commands/getStatus.py"
        module.write_text(textwrap.dedent(source), encoding="utf-8")

    return change


def replace_in(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    return change


def remove(relative: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        (project / relative).unlink()

    return change


# Each trap, and the contract test that must catch it.
MISTAKES = [
    pytest.param(
        add_command(VALID_COMMAND.replace("from connector_smtp.protocol", "from ..protocol")),
        "tests/test_contract.py::test_command_module_imports_absolutely[getStatus.py]",
        id="relative-import",
    ),
    pytest.param(
        add_command("from __future__ import annotations\n" + VALID_COMMAND),
        "tests/test_contract.py::test_command_module_imports_absolutely[getStatus.py]",
        id="future-annotations",
    ),
    pytest.param(
        add_command(VALID_COMMAND + "\n\nclass Helper:\n    pass\n"),
        "tests/test_contract.py::test_command_has_execute_with_config_and_task_data[smtp/Helper]",
        id="helper-class-in-commands",
    ),
    pytest.param(
        add_command(VALID_COMMAND.replace("name: str", "name")),
        "tests/test_contract.py::test_a_parameter_listed_as_any_is_declared_so[smtp/GetStatus]",
        id="untyped-param",
    ),
    pytest.param(
        add_command(VALID_COMMAND.replace('{"name": self.name}', 'json.dumps({"name": 1})')),
        "tests/test_contract.py::test_execute_returns_a_valid_response[smtp/GetStatus]",
        id="body-as-json-text",
    ),
    pytest.param(
        add_command(VALID_COMMAND.replace("[])", "[]) | {'command_response_version': '2'}")),
        "tests/test_contract.py::test_execute_returns_a_valid_response[smtp/GetStatus]",
        id="envelope-outside-the-protocol",
    ),
    pytest.param(
        replace_in(
            "src/connector_smtp/commands/sendEmail.py", "email_bcc: str", "email_blind_copy: str"
        ),
        "tests/test_catalog.py::test_no_change_breaks_a_diagram_in_production",
        id="parameter-renamed-under-a-diagram",
    ),
    pytest.param(
        replace_in("src/connector_smtp/commands/sendEmail.py", "smtp_ssl: bool", "smtp_ssl: int"),
        "tests/test_catalog.py::test_no_change_breaks_a_diagram_in_production",
        id="parameter-retyped-under-a-diagram",
    ),
    pytest.param(
        add_command(VALID_COMMAND.replace("TEXT_LIMITS = {", "LIMITS = {")),
        "tests/test_contract.py::test_command_declares_a_length_limit_for_each_text_parameter"
        "[smtp/GetStatus]",
        id="no-text-limits",
    ),
    pytest.param(
        add_command(VALID_COMMAND.replace("within_limits(vars(self), TEXT_LIMITS)", "pass")),
        "tests/test_contract.py::test_text_longer_than_its_limit_is_refused_at_once_naming_the_limit"
        "[smtp/GetStatus]",
        id="limit-not-enforced",
    ),
    pytest.param(
        add_command(VALID_COMMAND.replace("ERROR_CODES = ", "CODES = ")),
        "tests/test_contract.py::test_command_declares_its_error_codes[smtp/GetStatus]",
        id="no-error-codes",
    ),
    pytest.param(
        add_command(
            VALID_COMMAND.replace(
                'return success_response({"name": self.name}, [])',
                'return error_response("Oops", "undeclared", [])',
            ).replace("success_response", "error_response")
        ),
        "tests/test_any_value.py::test_any_value_gets_an_answer_never_an_exception[smtp/GetStatus]",
        id="undeclared-error-code",
    ),
    pytest.param(
        add_command(VALID_COMMAND.replace('{"name": self.name}', '{"name": self.name.upper()}')),
        "tests/test_any_value.py::test_any_value_gets_an_answer_never_an_exception[smtp/GetStatus]",
        id="raises-on-a-value-of-another-type",
    ),
    pytest.param(
        remove("src/connector_smtp/commands/__init__.py"),
        "tests/test_contract.py::test_the_proxy_finds_the_package_and_its_commands",
        id="no-commands-init",
    ),
    pytest.param(
        remove("src/connector_smtp/__init__.py"),
        "tests/test_contract.py::test_the_proxy_finds_the_package_and_its_commands",
        id="namespace-package",
    ),
    pytest.param(
        replace_in("src/connector_smtp/commands/sendEmail.py", "smtp_port: int", "smtp_port: str"),
        "tests/test_bpmn.py::test_the_task_calls_a_command_with_its_exact_parameters",
        id="diagram-parameter-retyped",
    ),
    pytest.param(
        add_command(VALID_COMMAND),
        "tests/test_docs.py::test_the_page_lists_the_parameters_as_the_proxy_does[smtp/GetStatus]",
        id="command-without-a-page",
    ),
    pytest.param(
        replace_in(
            "docs/sendEmail.md",
            "| `smtp_timeout` | int | no (`30`)",
            "| `smtp_timeout` | int | no (`60`)",
        ),
        "tests/test_docs.py::test_the_page_lists_the_parameters_as_the_proxy_does[smtp/SendEmail]",
        id="page-with-another-default",
    ),
    pytest.param(
        replace_in("docs/sendEmail.md", "| `email_bcc` | str |", "| `email_blind_copy` | str |"),
        "tests/test_docs.py::test_the_page_lists_the_parameters_as_the_proxy_does[smtp/SendEmail]",
        id="page-with-a-renamed-parameter",
    ),
    pytest.param(
        replace_in(
            "src/connector_smtp/commands/sendEmail.py",
            '    "UnexpectedError": ',
            '    "QuotaExceeded": "The server says the mailbox is full",\n    "UnexpectedError": ',
        ),
        "tests/test_docs.py::test_the_page_lists_exactly_the_declared_error_codes[smtp/SendEmail]",
        id="error-code-not-on-the-page",
    ),
    pytest.param(
        replace_in("docs/sendEmail.md", "`SMTP_HOST`", "the host"),
        "tests/test_docs.py::test_every_secret_a_diagram_reads_is_on_the_page_of_the_command_it_calls",
        id="secret-not-on-the-page",
    ),
    pytest.param(
        replace_in(
            "bpmn/sendEmail.bpmn",
            'value="&#34;Workflow &lt;workflow@example.com&gt;&#34;"',
            'value="workflow@example.com"',
        ),
        "tests/test_bpmn.py::test_every_value_is_an_expression_of_the_right_type",
        id="diagram-string-without-quotes",
    ),
    pytest.param(
        replace_in(
            "compose.yaml", '"${ARENA_BIND:-127.0.0.1}:${MAILPIT_PORT:-8025}:8025"', "8025:8025"
        ),
        "tests/test_arena.py::test_every_service_has_a_health_check_and_listens_on_localhost_only",
        id="compose-port-open-to-the-network",
    ),
    pytest.param(
        replace_in(
            "compose.yaml",
            "      retries: 30\n\n  spiffworkflow-frontend",
            "      retry: 30\n\n  spiffworkflow-frontend",
        ),
        "tests/test_arena.py::test_the_compose_file_is_valid_by_the_compose_specification",
        id="compose-file-outside-the-specification",
    ),
    pytest.param(
        replace_in("bpmn/process_model.json", '"Process_sendEmail"', '"Process_send"'),
        "tests/test_arena.py::test_the_process_model_names_the_diagram_and_its_process",
        id="model-naming-another-process",
    ),
    pytest.param(
        replace_in("bpmn/test_sendEmail.json", '"Hello from SpiffWorkflow"', '"Hello"'),
        "tests/test_arena.py::test_the_bpmn_unit_test_passes_as_spiffarena_runs_it[test_sendEmail.json]",
        id="bpmn-unit-test-expecting-other-data",
    ),
]


@pytest.fixture(scope="module")
def pristine(cookies_session: Any) -> Path:
    return project_path(cookies_session.bake())


def copy_of(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / pristine.name))


def generated_tests(project: Path, *paths: str) -> Any:
    options = ("-p", "no:cacheprovider", "-p", "no:xdist", "-v", "-rf")
    return run_tool(project, "pytest", *options, *paths)


def test_a_command_added_later_is_checked_without_editing_the_test(
    pristine: Path, tmp_path: Path
) -> None:
    project = copy_of(pristine, tmp_path)
    add_command(VALID_COMMAND)(project)

    run = generated_tests(project, "tests/test_contract.py")

    assert run.returncode == 0, run.stdout + run.stderr
    assert "[smtp/GetStatus]" in run.stdout
    assert "[smtp/SendEmail]" in run.stdout


@pytest.mark.parametrize(("mistake", "caught_by"), MISTAKES)
def test_each_mistake_fails_the_check_made_for_it(
    pristine: Path, tmp_path: Path, mistake: Callable[[Path], None], caught_by: str
) -> None:
    project = copy_of(pristine, tmp_path)
    mistake(project)

    run = generated_tests(project, caught_by.split("::")[0])

    assert run.returncode == 1, run.stdout + run.stderr
    assert f"FAILED {caught_by}" in run.stdout
