"""The sample diagram, bpmn/{{ cookiecutter.__command_module }}.bpmn, run by the real SpiffWorkflow
engine with {{ cookiecutter.command_class }} behind its service task, called as SpiffArena calls it
(tests/emulated_backend.py): the task waits after the 202, the job runs at a local job API, and
SpiffArena's callback endpoint completes the task with the job's result or throws its error.
"""

import json

import pytest
from emulated_backend import (
    SERVICE_ACCOUNT_KEY,
    UncaughtServiceTaskError,
    caught_error,
    ended_at,
    run_diagram,
    task_data,
)
from job_servers import TOKEN, serve_jobs
from pytest_httpserver import HTTPServer

DIAGRAM = "{{ cookiecutter.__command_module }}.bpmn"
SERVICE_TASK = "Activity_{{ cookiecutter.__command_module }}"
OPERATOR = "{{ cookiecutter.__display_name }}/{{ cookiecutter.command_class }}"
# The proxy's settings: the key SpiffArena takes a callback with.
CONFIG = {"SPIFFWORKFLOW_API_KEY": SERVICE_ACCOUNT_KEY, "CALLBACK_FIRST_RETRY_SECONDS": "0.05"}


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    """pytest-httpserver's server, shared by the whole run: cleared after each test."""
    return httpserver


def settings(base_url: str) -> dict[str, str]:
    """The secrets the diagram reads: where the job API is, and the token to call it with."""
    return {"JOB_API_URL": base_url, "JOB_API_TOKEN": TOKEN}


def test_the_report_job_runs_and_its_result_completes_the_waiting_task(
    server: HTTPServer,
) -> None:
    jobs = serve_jobs(server, running_for=0, result={"pages": 12})

    workflow = run_diagram(DIAGRAM, settings(server.url_for("").rstrip("/")), CONFIG)

    assert ended_at(workflow) == ["Report ready"]
    [start] = jobs.started
    assert start.get_json() == {"report": "quarterly", "year": 2026}
    assert start.headers["Authorization"] == f"Bearer {TOKEN}"
    stored = task_data(workflow, SERVICE_TASK)["{{ cookiecutter.__variable_prefix }}_result"]
    assert stored == {"state": "succeeded", "result": {"pages": 12}}, "the body alone"
    for task in workflow.get_tasks():
        assert TOKEN not in json.dumps(task.data, default=str)


def test_a_failed_job_takes_the_path_of_the_boundary_event(server: HTTPServer) -> None:
    serve_jobs(server, running_for=0, ends="failed")

    workflow = run_diagram(DIAGRAM, settings(server.url_for("").rstrip("/")), CONFIG)

    assert ended_at(workflow) == ["Report failed"]
    error = caught_error(workflow, "{{ cookiecutter.__variable_prefix }}_error")
    assert (error["error_code"], error["message"]) == ("JobFailed", "the job failed")
    assert error["operator_identifier"] == OPERATOR


def test_a_parameter_that_does_not_fit_fails_the_task_at_once() -> None:
    expected = f"Received error code 'InvalidParameter' from service '{OPERATOR}'"

    with pytest.raises(UncaughtServiceTaskError, match=expected):
        run_diagram(DIAGRAM, settings("not an address"), CONFIG)
