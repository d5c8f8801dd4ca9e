"""Runs a diagram of bpmn/ in the real SpiffWorkflow engine, with this connector's commands behind
its service tasks, called the way SpiffArena's backend and the connector proxy call them:

1. the engine evaluates each parameter's expression in the task's data;
2. the backend puts the secrets in: a value "secret:NAME" becomes the secret NAME, and
   "SPIFF_SECRET:NAME" inside longer text is replaced where it stands (dicts are walked, lists
   are not), then adds the spiff__ keys and sends the parameters as JSON;
3. the proxy finds the command as the proxy does (proxy_rules), drops the spiff__ keys and calls
   `Command(**parameters).execute(config, task_data)`; it answers v2 results with status 200 and
   the result as JSON, v1 results with their `status` and their `response` text;
4. the backend reads the answer in its own order: an `error` dict with an `error_code`, else (v2)
   a `command_response.http_status` of 300 or more (ServiceTaskHttpError<status>), else a proxy
   status of 300 or more (ServiceTaskOperatorReturnedBadStatusError). Such a code is thrown as a
   BPMN error and escalation: an event that catches it gets the error in the data variable its
   error names, else the task fails with "Received error code ...". The result variable gets
   `command_response` with `operator_identifier` (v2) or the decoded response (v1).
"""

import json
import logging
import re
from pathlib import Path
from typing import Any

from proxy_rules import commands_of
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

logger = logging.getLogger("spiffarena")


class UncaughtServiceTaskError(Exception):
    """A connector's error code that no event of the diagram catches: the task fails."""


def run_diagram(name: str, secrets: dict[str, str], config: Any = None) -> BpmnWorkflow:
    """Run `bpmn/<name>` from its start to where it stops, calling this connector's commands."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(DIAGRAMS / name))
    [process_id] = parser.get_process_ids()
    workflow = BpmnWorkflow(
        parser.get_spec(process_id), script_engine=SpiffArenaBackend(secrets, config or {})
    )
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


class SpiffArenaBackend(PythonScriptEngine):  # type: ignore[misc]
    """The script engine, with service tasks called as SpiffArena's backend calls them."""

    def __init__(self, secrets: dict[str, str], config: Any) -> None:
        super().__init__()
        self.secrets = secrets
        self.config = config
        self.commands = {command.id: command.cls for command in commands_of(PACKAGE)}

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
        status, response_text = self.proxy(operation_name, json.loads(json.dumps(request)))
        answer = json.loads(response_text)
        for line in answer.get("spiff__logs", []):
            logger.info("Log from connector %s: %s", operation_name, line)
        if answer.get("command_response_version", 0) > 1:
            stored = {**answer["command_response"], "operator_identifier": operation_name}
            response_text = json.dumps(stored)
        error = self.error_in(answer, status)
        if error is not None:
            self.throw(
                task,
                {
                    **error,
                    "operator_identifier": operation_name,
                    "status_code": status,
                    "command_response_body": response_text,
                },
            )
        return response_text

    def proxy(self, operation_name: str, request: dict[str, Any]) -> tuple[int, str]:
        """What the connector proxy does with a call: its status and the text it answers."""
        task_data = request.pop("spiff__task_data", {})
        parameters = {k: v for k, v in request.items() if not k.startswith("spiff__")}
        result = self.commands[operation_name](**parameters).execute(self.config, task_data)
        if result.get("command_response_version", 0) > 1:
            return 200, json.dumps(result)
        return int(result["status"]), str(result["response"])

    @staticmethod
    def error_in(answer: dict[str, Any], status: int) -> dict[str, str] | None:
        """The error the backend finds in an answer, in the backend's own order."""
        error = answer.get("error")
        if isinstance(error, dict) and "error_code" in error:
            return {"error_code": error["error_code"], "message": error.get("message", "")}
        upstream = answer.get("command_response", {}).get("http_status", 0)
        if answer.get("command_response_version", 0) > 1 and upstream >= 300:
            return {"error_code": f"ServiceTaskHttpError{upstream}", "message": f"HTTP {upstream}"}
        if status >= 300:
            code = "ServiceTaskOperatorReturnedBadStatusError"
            return {"error_code": code, "message": json.dumps(answer)}
        return None

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
