"""The sample diagram, bpmn/{{ cookiecutter.__command_module }}.bpmn, run by the real SpiffWorkflow
engine with {{ cookiecutter.command_class }} behind its service task, called as SpiffArena calls it
(tests/emulated_backend.py): a process variable and a secret in, the result in task data, and the
path of the error boundary event.
"""

from command_results import result_body
from emulated_backend import caught_error, ended_at, run_diagram, task_data

DIAGRAM = "{{ cookiecutter.__command_module }}.bpmn"
SERVICE_TASK = "Activity_{{ cookiecutter.__command_module }}"


def test_the_greeting_set_by_the_process_comes_back_repeated() -> None:
    workflow = run_diagram(DIAGRAM, {"GREETING_REPEAT": "2"})

    assert ended_at(workflow) == ["Greeted"]
    stored = task_data(workflow, SERVICE_TASK)["{{ cookiecutter.__variable_prefix }}_result"]
    assert result_body(stored) == {"message": "Hello, Ada Hello, Ada"}


def test_a_setting_that_is_not_a_number_takes_the_path_of_the_boundary_event() -> None:
    workflow = run_diagram(DIAGRAM, {"GREETING_REPEAT": "twice"})

    assert ended_at(workflow) == ["Could not greet"]
    error = caught_error(workflow, "{{ cookiecutter.__variable_prefix }}_error")
    assert error["error_code"] == "InvalidParameter"
    assert error["status_code"] == 200  # the proxy answers a command's failure with 200
    assert "repeat" in error["message"]
