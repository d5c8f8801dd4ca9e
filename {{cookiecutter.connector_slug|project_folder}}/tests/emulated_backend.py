"""SpiffArena's backend, emulated: runs a diagram of bpmn/ in the real SpiffWorkflow engine, with
this connector's commands behind its service tasks, called the way the backend calls them
through the connector proxy (emulated_proxy):

1. the engine evaluates each parameter's expression in the task's data;
2. the backend puts the secrets in: a value "secret:NAME" becomes the secret NAME, and
   "SPIFF_SECRET:NAME" inside longer text is replaced where it stands (dicts are walked, lists
   are not), then adds the spiff__ keys and sends the parameters as JSON to the proxy;
3. it reads the proxy's answer as this connector's protocol says (command_results): the lines
   the command logged, the error it throws, what the result variable gets. A code it throws is a
   BPMN error and an escalation: an event that catches it gets the error in the data variable
   its error names, else the task fails with "Received error code ...".
"""

import json
import logging
import re
from pathlib import Path
from typing import Any

from command_results import error_in, logs_in, stored_result
from emulated_proxy import EmulatedProxy
from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.specs.event_definitions import (
    ErrorEventDefinition,
    EscalationEventDefinition,
)
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

PACKAGE = "{{ cookiecutter.__import_name }}"
DIAGRAMS = Path(__file__).parent.parent / "bpmn"

logger = logging.getLogger("emulated_backend")


class UncaughtServiceTaskError(Exception):
    """A connector's error code that no event of the diagram catches: the task fails."""


def run_diagram(name: str, secrets: dict[str, str], config: Any = None) -> BpmnWorkflow:
    """Run `bpmn/<name>` from its start to where it stops, calling this connector's commands."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(DIAGRAMS / name))
    [process_id] = parser.get_process_ids()
    backend = EmulatedBackend(secrets, EmulatedProxy(PACKAGE, config or {}))
    workflow = BpmnWorkflow(parser.get_spec(process_id), script_engine=backend)
    workflow.do_engine_steps()
    return workflow


def ended_at(workflow: BpmnWorkflow) -> list[str]:
    """The names of the end events the workflow reached."""
    return [
        str(task.task_spec.bpmn_name)
        for task in workflow.get_tasks(state=TaskState.COMPLETED)
        if type(task.task_spec).__name__ == "EndEvent"
    ]


def caught_error(workflow: BpmnWorkflow, variable: str) -> dict[str, Any]:
    """The error a boundary event caught, as the backend stores it in the variable its error
    names: the code and message, the command, the proxy's status and its answer."""
    error: dict[str, Any] = workflow.data[variable]
    keys = {"error_code", "message", "operator_identifier", "status_code", "command_response_body"}
    assert set(error) == keys, error
    return error


def task_data(workflow: BpmnWorkflow, task_id: str) -> dict[str, Any]:
    """The data of the task with this id in the diagram, once it ran."""
    [task] = [t for t in workflow.get_tasks() if t.task_spec.bpmn_id == task_id]
    data: dict[str, Any] = task.data
    return data


class EmulatedBackend(PythonScriptEngine):  # type: ignore[misc]
    """The script engine, with service tasks called as SpiffArena's backend calls them."""

    def __init__(self, secrets: dict[str, str], proxy: EmulatedProxy) -> None:
        super().__init__()
        self.secrets = secrets
        self.proxy = proxy

    def call_service(
        self, task: Task, operation_name: str, operation_params: dict[str, Any]
    ) -> str:
        parameters = {name: self.with_secrets(p["value"]) for name, p in operation_params.items()}
        request = {
            **parameters,
            "spiff__process_instance_id": 1,
            "spiff__task_id": str(task.id),
            "spiff__task_data": task.data,
            "spiff__callback_url": "http://localhost:7000/v1.0/tasks/1/callback",
        }
        status, text = self.proxy.call(operation_name, json.loads(json.dumps(request)))
        answer = json.loads(text)
        for line in logs_in(answer):
            logger.info("Log from connector %s: %s", operation_name, line)
        stored = json.dumps(stored_result(answer, operation_name))
        error = error_in(answer, status)
        if error is not None:
            self.throw(
                task,
                {
                    **error,
                    "operator_identifier": operation_name,
                    "status_code": status,
                    "command_response_body": stored,
                },
            )
        return stored

    @staticmethod
    def throw(task: Task, error: dict[str, Any]) -> None:
        """Throw the code as a BPMN error and as an escalation; if nothing catches it, the task
        fails."""
        workflow, code, caught = task.workflow, error["error_code"], False
        for definition in (ErrorEventDefinition, EscalationEventDefinition):
            event = BpmnEvent(definition(name=code, code=code), payload=error)
            if workflow.get_tasks(catches_event=event, state=TaskState.NOT_FINISHED_MASK):
                workflow.catch(event)
                caught = True
        if not caught:
            raise UncaughtServiceTaskError(
                f"Received error code '{code}' from service '{error['operator_identifier']}'"
                f" ::: The original message: {error['message']}"
            )

    def with_secrets(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: self.with_secrets(item) for key, item in value.items()}
        if not isinstance(value, str):
            return value
        if value.startswith("secret:"):
            return self.secrets[value.removeprefix("secret:")]
        found = re.search(r"SPIFF_SECRET:(\w+)", value)
        return value.replace(found.group(0), self.secrets[found.group(1)]) if found else value
