"""The sample diagram, bpmn/{{ cookiecutter.__command_module }}.bpmn, run by the real SpiffWorkflow
engine with {{ cookiecutter.command_class }} behind its service task, called as SpiffArena calls it
(tests/emulated_backend.py): a process variable as the JSON body, the API's address and token from
secrets, and each way an error ends.
"""

import json
import logging

import pytest
from command_results import result_body, upstream_error_code
from emulated_backend import (
    UncaughtServiceTaskError,
    caught_error,
    ended_at,
    run_diagram,
    task_data,
)
from http_server import free_port
from pytest_httpserver import HTTPServer

DIAGRAM = "{{ cookiecutter.__command_module }}.bpmn"
SERVICE_TASK = "Activity_{{ cookiecutter.__command_module }}"
OPERATOR = "{{ cookiecutter.__display_name }}/{{ cookiecutter.command_class }}"
TOKEN = "workflow-token-0123456789"


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    """pytest-httpserver's server, shared by the whole run: cleared after each test."""
    return httpserver


def settings(base_url: str) -> dict[str, str]:
    """The secrets the diagram reads: where the API is, and the token to call it with."""
    return {"API_BASE_URL": base_url, "API_TOKEN": TOKEN}


def test_the_order_set_by_the_process_is_posted_with_the_token(
    server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.expect_request("/anything", method="POST").respond_with_json({"id": 7}, status=201)

    workflow = run_diagram(DIAGRAM, settings(server.url_for("").rstrip("/")))

    assert ended_at(workflow) == ["Order sent"]
    [(request, _)] = server.log
    assert request.get_json() == {"item": "tea", "count": 2}
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    stored = task_data(workflow, SERVICE_TASK)["{{ cookiecutter.__variable_prefix }}_result"]
    assert result_body(stored)["data"] == {"id": 7}
    for task in workflow.get_tasks():
        assert TOKEN not in json.dumps(task.data, default=str)
    assert TOKEN not in caplog.text


def test_an_unreachable_api_takes_the_path_of_the_boundary_event() -> None:
    workflow = run_diagram(DIAGRAM, settings(f"http://127.0.0.1:{free_port()}"))

    assert ended_at(workflow) == ["API unreachable"]
    error = caught_error(workflow, "{{ cookiecutter.__variable_prefix }}_error")
    assert error["error_code"] == "ConnectError"
    assert error["status_code"] == 200  # the proxy answers a command's failure with 200
    assert error["operator_identifier"] == OPERATOR


def test_an_answer_of_404_fails_the_task_unless_the_diagram_catches_it(server: HTTPServer) -> None:
    server.expect_request("/anything").respond_with_json({"detail": "no such thing"}, status=404)
    expected = f"Received error code '{upstream_error_code(404)}' from service '{OPERATOR}'"

    with pytest.raises(UncaughtServiceTaskError, match=expected):
        run_diagram(DIAGRAM, settings(server.url_for("").rstrip("/")))
