"""The sample diagram, bpmn/{{ cookiecutter.__command_module }}.bpmn, run by the real SpiffWorkflow
engine with {{ cookiecutter.command_class }} behind its service task, called as SpiffArena calls it
(tests/emulated_backend.py): process variables and secrets in, the message at a real SMTP
server, the result in task data, and each way an error ends.
"""

from collections.abc import Iterator

import pytest
from command_results import result_body
from emulated_backend import (
    UncaughtServiceTaskError,
    caught_error,
    ended_at,
    run_diagram,
    task_data,
)
from smtp_server import SMTPServer, free_port, running_smtp_server

DIAGRAM = "{{ cookiecutter.__command_module }}.bpmn"
SERVICE_TASK = "Activity_{{ cookiecutter.__command_module }}"
OPERATOR = "{{ cookiecutter.__display_name }}/{{ cookiecutter.command_class }}"


@pytest.fixture
def server() -> Iterator[SMTPServer]:
    with running_smtp_server() as server:
        yield server


def settings(port: int | str) -> dict[str, str]:
    """The secrets the diagram reads: where the mail server is."""
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port)}


def test_the_message_composed_by_the_process_arrives(server: SMTPServer) -> None:
    workflow = run_diagram(DIAGRAM, settings(server.port))

    assert ended_at(workflow) == ["Email sent"]
    [delivery] = server.deliveries
    assert delivery.rcpt_tos == ["ada@example.com"]
    assert delivery.message["Subject"] == "Hello from SpiffWorkflow"
    assert delivery.message["From"] == "Workflow <workflow@example.com>"
    assert delivery.message.get_content() == "This message was sent by a BPMN service task.\n"
    stored = task_data(workflow, SERVICE_TASK)["{{ cookiecutter.__variable_prefix }}_result"]
    body = result_body(stored)
    assert body["accepted"] == ["ada@example.com"]
    assert body["message_id"] == delivery.message["Message-ID"]


def test_a_refused_connection_takes_the_path_of_the_boundary_event() -> None:
    workflow = run_diagram(DIAGRAM, settings(free_port()))

    assert ended_at(workflow) == ["Mail server unreachable"]
    error = caught_error(workflow, "{{ cookiecutter.__variable_prefix }}_error")
    assert error["error_code"] == "ConnectionRefusedError"
    assert error["status_code"] == 200  # the proxy answers a command's failure with 200
    assert error["operator_identifier"] == OPERATOR


def test_an_error_no_event_catches_fails_the_task_as_the_backend_says() -> None:
    expected = f"Received error code 'InvalidParameter' from service '{OPERATOR}'"

    with pytest.raises(UncaughtServiceTaskError, match=expected):
        run_diagram(DIAGRAM, settings("not a port"))


def test_secrets_reach_the_command_but_not_the_task_data(server: SMTPServer) -> None:
    workflow = run_diagram(DIAGRAM, {"SMTP_HOST": "localhost", "SMTP_PORT": str(server.port)})

    assert len(server.deliveries) == 1, "the secrets were put in"
    for task in workflow.get_tasks():
        assert "localhost" not in str(task.data)
