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
   its error names, else the task fails with "Received error code ...";
4. an answer of 202 (a command with `execute_async`) leaves the task waiting, unless its
   envelope holds an error. The command then PUTs a protocol v2 envelope to the callback URL,
   which this backend serves on 127.0.0.1 as SpiffArena does: JSON only (else 400
   invalid_mimetype), with the key of a service account (else 401), for a task that waits (else
   400 not_waiting_for_callback), with `command_response.body` (else 400
   invalid_callback_body); its error is thrown as above, else the result variable gets the body
   alone and the process runs on.
"""

import json
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from command_results import error_in, logs_in, stored_result
from emulated_proxy import EmulatedProxy
from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.parser.task_spec import ServiceTaskParser
from SpiffWorkflow.spiff.specs.defaults import ServiceTask
from SpiffWorkflow.spiff.specs.event_definitions import (
    ErrorEventDefinition,
    EscalationEventDefinition,
)
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

PACKAGE = "{{ cookiecutter.__import_name }}"
DIAGRAMS = Path(__file__).parent.parent / "bpmn"
# The key of the SpiffArena service account that a command calls back with.
SERVICE_ACCOUNT_KEY = "emulated-service-account-key"

logger = logging.getLogger("emulated_backend")


class UncaughtServiceTaskError(Exception):
    """A connector's error code that no event of the diagram catches: the task fails."""


def run_diagram(
    name: str, secrets: dict[str, str], config: Any = None, wait: float = 10
) -> BpmnWorkflow:
    """Run `bpmn/<name>` from its start to where it stops, calling this connector's commands;
    a task left waiting for its callback is waited for, `wait` seconds at most."""
    backend = EmulatedBackend(secrets, EmulatedProxy(PACKAGE, config or {}))
    with backend.taking_callbacks():
        workflow = backend.run(DIAGRAMS / name)
        backend.wait_for_callbacks(wait)
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


class WaitingServiceTask(ServiceTask):  # type: ignore[misc]
    """A service task as SpiffArena runs it: it waits, started, when its command answers 202."""

    def _execute(self, task: Task) -> bool | None:
        result = task.workflow.script_engine.call_service(
            task, operation_name=self.operation_name, operation_params=self.evaluate_params(task)
        )
        if result is None:
            return None  # waiting for its callback
        task.data[self.result_variable] = json.loads(result)
        return True


class SpiffArenaParser(SpiffBpmnParser):  # type: ignore[misc]
    """SpiffWorkflow's parser, with service tasks that can wait."""

    OVERRIDE_PARSER_CLASSES: ClassVar = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        full_tag("serviceTask"): (ServiceTaskParser, WaitingServiceTask),
    }


class EmulatedBackend(PythonScriptEngine):  # type: ignore[misc]
    """The script engine, with service tasks called as SpiffArena's backend calls them."""

    def __init__(self, secrets: dict[str, str], proxy: EmulatedProxy) -> None:
        super().__init__()
        self.secrets = secrets
        self.proxy = proxy
        self.callback_address = "http://127.0.0.1:9"  # where nothing listens, until it does
        self.waiting: dict[str, Task] = {}
        self.failure: Exception | None = None
        self.changed = threading.Condition()

    def run(self, diagram: Path) -> BpmnWorkflow:
        parser = SpiffArenaParser()
        parser.add_bpmn_file(str(diagram))
        [process_id] = parser.get_process_ids()
        workflow = BpmnWorkflow(parser.get_spec(process_id), script_engine=self)
        with self.changed:
            workflow.do_engine_steps()
        return workflow

    def call_service(
        self, task: Task, operation_name: str, operation_params: dict[str, Any]
    ) -> str | None:
        parameters = {name: self.with_secrets(p["value"]) for name, p in operation_params.items()}
        request = {
            **parameters,
            "spiff__process_instance_id": 1,
            "spiff__task_id": str(task.id),
            "spiff__task_data": task.data,
            "spiff__callback_url": f"{self.callback_address}/api/v1.0/tasks/1/{task.id}/callback",
        }
        status, text = self.proxy.call(operation_name, json.loads(json.dumps(request)))
        answer = json.loads(text)
        if status == 202:
            return self.accepted(task, operation_name, answer)
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

    def accepted(self, task: Task, operation_name: str, envelope: Any) -> str | None:
        """A 202: the task waits for its callback, unless the envelope holds an error, which is
        thrown like any other."""
        error = envelope_error(envelope)
        if error is None:
            self.waiting[str(task.id)] = task
            return None
        stored = json.dumps({**envelope["command_response"], "operator_identifier": operation_name})
        self.throw(
            task,
            {
                **error,
                "operator_identifier": operation_name,
                "status_code": 202,
                "command_response_body": stored,
            },
        )
        return stored

    def called_back(self, path: str, headers: Any, text: bytes) -> tuple[int, dict[str, Any]]:
        """A PUT to a callback URL, as SpiffArena answers it."""
        if headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            return 400, {"error_code": "invalid_mimetype"}
        if headers.get("SpiffWorkflow-Api-Key") != SERVICE_ACCOUNT_KEY:
            return 401, {"error_code": "not_authorized"}
        found = re.fullmatch(r"/api/v1\.0/tasks/1/([\w-]+)/callback", path)
        task_id = found.group(1) if found else ""
        with self.changed:
            if task_id not in self.waiting:
                return 400, {"error_code": "not_waiting_for_callback"}
            try:
                envelope = json.loads(text)
                body = envelope["command_response"]["body"]
            except NOT_AN_ENVELOPE:
                return 400, {"error_code": "invalid_callback_body"}
            self.complete(self.waiting.pop(task_id), envelope, body)
            self.changed.notify_all()
        return 200, {"ok": True, "status": "completed"}

    def complete(self, task: Task, envelope: dict[str, Any], body: Any) -> None:
        """Throw the callback's error, or store its body alone and run the process on."""
        if isinstance(body, str) and envelope["command_response"].get("mimetype") == JSON:
            body = json.loads(body)
        error = envelope_error(envelope)
        try:
            if error is not None:
                self.throw(
                    task,
                    {
                        **error,
                        "operator_identifier": task.task_spec.operation_name,
                        "status_code": 200,
                        "command_response_body": json.dumps(body),
                    },
                )
            else:
                task.data[task.task_spec.result_variable] = body
                task.complete()
            task.workflow.do_engine_steps()
        except UncaughtServiceTaskError as uncaught:
            self.failure = uncaught

    @contextmanager
    def taking_callbacks(self) -> Iterator[None]:
        """Serve the callback URLs on 127.0.0.1 while the block runs."""
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(CallbackHandler, self))
        # A short poll: shutdown() waits for it, at the end of every diagram run.
        thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
        thread.start()
        self.callback_address = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            yield
        finally:
            server.shutdown()
            server.server_close()
            thread.join()

    def wait_for_callbacks(self, seconds: float) -> None:
        """Until no task waits, `seconds` at most; a code no event caught fails here."""
        with self.changed:
            self.changed.wait_for(lambda: not self.waiting or self.failure, timeout=seconds)
        if self.failure is not None:
            raise self.failure

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


JSON = "application/json"
# What reading a callback body without `command_response.body` raises.
# (Named, so that ruff formats this line alike for every Python: for 3.14 it drops the
# parentheses of an unnamed `except (A, B):`.)
NOT_AN_ENVELOPE = (ValueError, TypeError, KeyError)


def envelope_error(envelope: Any) -> dict[str, str] | None:
    """The error SpiffArena throws for a protocol v2 envelope (a 202 answer, a callback): an
    `error` with an `error_code`, else an `http_status` of 300 or more."""
    error = envelope.get("error") if isinstance(envelope, dict) else None
    if isinstance(error, dict) and "error_code" in error:
        return {"error_code": error["error_code"], "message": error.get("message", "")}
    status = envelope.get("command_response", {}).get("http_status", 0)
    if isinstance(status, int) and status >= 300:
        return {"error_code": f"ServiceTaskHttpError{status}", "message": f"HTTP {status}"}
    return None


class CallbackHandler(BaseHTTPRequestHandler):
    """SpiffArena's callback endpoint, for one emulated backend."""

    def __init__(self, backend: EmulatedBackend, *arguments: Any) -> None:
        self.backend = backend
        super().__init__(*arguments)

    def do_PUT(self) -> None:
        text = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, answer = self.backend.called_back(self.path, self.headers, text)
        content = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", JSON)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format: str, *arguments: Any) -> None:
        logger.info("callback: " + format, *arguments)
