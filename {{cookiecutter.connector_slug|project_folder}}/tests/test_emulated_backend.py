"""The emulated proxy and backend (emulated_proxy.py, emulated_backend.py) on their own: the rules
of SpiffArena's backend and of the connector proxy they follow, with commands written here for
the purpose, so that each rule is checked whatever this connector's own commands return: among
them the path of a command that answers 202 and calls back. The rules that differ by protocol
are checked in test_command_results.py."""

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, ClassVar

import pytest
from command_results import error_in, upstream_error_code
from emulated_backend import (
    SERVICE_ACCOUNT_KEY,
    EmulatedBackend,
    UncaughtServiceTaskError,
    caught_error,
    ended_at,
)
from emulated_proxy import EmulatedProxy

from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    error_response,
    success_response,
)

SECRETS = {"TOKEN": "t-123"}
CONFIG = {"API_BASE": "https://api.example.com"}


class Recorder:
    """A command that records how the proxy called it and answers as it is told."""

    calls: ClassVar[list[tuple[dict[str, Any], Any, Any]]] = []
    answer: ClassVar[CommandResult]

    def __init__(self, **parameters: Any) -> None:
        self.parameters = parameters

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        Recorder.calls.append((self.parameters, config, task_data))
        return Recorder.answer


@pytest.fixture
def proxy() -> EmulatedProxy:
    proxy = EmulatedProxy("{{ cookiecutter.__import_name }}", CONFIG)
    proxy.commands["test/Recorder"] = Recorder
    Recorder.calls = []
    return proxy


def call(proxy: EmulatedProxy, answer: CommandResult) -> tuple[int, dict[str, Any]]:
    """Call Recorder through the proxy as the backend does; the status and the decoded answer."""
    Recorder.answer = answer
    request = {"to": "ada", "spiff__task_data": {"order": 7}, "spiff__task_id": "t1"}
    status, text = proxy.call("test/Recorder", request)
    return status, json.loads(text)


def test_the_proxy_drops_the_spiff_keys_and_passes_config_and_task_data(
    proxy: EmulatedProxy,
) -> None:
    call(proxy, success_response({"sent": True}, []))

    assert Recorder.calls == [({"to": "ada"}, CONFIG, {"order": 7})]


def test_a_success_is_no_error(proxy: EmulatedProxy) -> None:
    status, answer = call(proxy, success_response({"sent": True}, []))

    assert status == 200
    assert error_in(answer, status) is None


@pytest.mark.parametrize("upstream", [300, 404])
def test_an_upstream_status_of_300_or_more_is_thrown(proxy: EmulatedProxy, upstream: int) -> None:
    status, answer = call(proxy, success_response({"detail": "x"}, [], upstream))

    error = error_in(answer, status)

    assert error is not None and error["error_code"] == upstream_error_code(upstream)


def test_an_upstream_status_below_300_is_not(proxy: EmulatedProxy) -> None:
    status, answer = call(proxy, success_response({"detail": "x"}, [], 299))

    assert error_in(answer, status) is None


def test_an_error_code_comes_before_any_status(proxy: EmulatedProxy) -> None:
    status, answer = call(proxy, error_response("ConnectionRefusedError", "refused", []))

    assert error_in(answer, status) == {
        "error_code": "ConnectionRefusedError",
        "message": "refused",
    }
    assert error_in(answer, 502) == error_in(answer, status)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("secret:TOKEN", "t-123"),
        ("Bearer SPIFF_SECRET:TOKEN", "Bearer t-123"),
        ({"auth": {"token": "secret:TOKEN"}}, {"auth": {"token": "t-123"}}),
        (["secret:TOKEN"], ["secret:TOKEN"]),  # lists are not walked
        ("my secret:TOKEN", "my secret:TOKEN"),  # only at the start
        (7, 7),
        (None, None),
    ],
)
def test_secrets_are_put_in_as_the_backend_puts_them(
    proxy: EmulatedProxy, value: Any, expected: Any
) -> None:
    assert EmulatedBackend(SECRETS, proxy).with_secrets(value) == expected


class Waiter:
    """A command that answers 202 with the envelope it is told, and keeps its callback URL."""

    callback_url: ClassVar[str] = ""
    answer: ClassVar[dict[str, Any]]

    def __init__(self, **parameters: Any) -> None:
        self.parameters = parameters

    def execute(self, config: Any, task_data: Any) -> Any:
        raise AssertionError("SpiffArena sends a callback URL: execute_async is called")

    def execute_async(self, config: Any, task_data: Any, callback_url: str) -> Any:
        Waiter.callback_url = callback_url
        return Waiter.answer


def envelope(body: Any, error: dict[str, str] | None = None, status: int = 200) -> dict[str, Any]:
    """A protocol v2 envelope, as a 202 answer and a callback carry it."""
    response = {"body": body, "mimetype": "application/json", "http_status": status}
    return {
        "command_response": response,
        "error": error,
        "command_response_version": 2,
        "spiff__logs": [],
    }


DIAGRAM = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Definitions_wait">
  <bpmn:error id="Error_failed" name="JobFailed" errorCode="JobFailed">
    <bpmn:extensionElements>
      <spiffworkflow:variableName>wait_error</spiffworkflow:variableName>
    </bpmn:extensionElements>
  </bpmn:error>
  <bpmn:process id="Process_wait" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_wait" />
    <bpmn:serviceTask id="Task_wait" name="Wait">
      <bpmn:extensionElements>
        <spiffworkflow:serviceTaskOperator id="test/Waiter" resultVariable="wait_result">
          <spiffworkflow:parameters>
            <spiffworkflow:parameter id="job" type="str" value="&quot;J-1&quot;" />
          </spiffworkflow:parameters>
        </spiffworkflow:serviceTaskOperator>
      </bpmn:extensionElements>
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_wait" targetRef="EndEvent_done" />
    <bpmn:endEvent id="EndEvent_done" name="Done">
      <bpmn:incoming>Flow_2</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:boundaryEvent id="Event_caught" attachedToRef="Task_wait">
      <bpmn:outgoing>Flow_3</bpmn:outgoing>
      <bpmn:errorEventDefinition errorRef="Error_failed" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Event_caught" targetRef="EndEvent_failed" />
    <bpmn:endEvent id="EndEvent_failed" name="Failed">
      <bpmn:incoming>Flow_3</bpmn:incoming>
    </bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""


@pytest.fixture
def waiting_backend(proxy: EmulatedProxy, tmp_path: Path) -> Any:
    """A backend taking callbacks, and a diagram whose service task calls Waiter."""
    proxy.commands["test/Waiter"] = Waiter
    Waiter.answer = envelope({"accepted": True}, status=202)
    diagram = tmp_path / "wait.bpmn"
    diagram.write_text(DIAGRAM, encoding="utf-8")
    backend = EmulatedBackend(SECRETS, proxy)
    with backend.taking_callbacks():
        yield backend, diagram


def put(
    url: str,
    body: Any,
    content_type: str = "application/json",
    key: str | None = SERVICE_ACCOUNT_KEY,
) -> tuple[int, dict[str, Any]]:
    """PUT `body` as JSON to a callback URL, as a command does: the status and decoded answer."""
    headers = {"Content-Type": content_type, **({"SpiffWorkflow-Api-Key": key} if key else {})}
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers=headers, method="PUT"
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_a_202_leaves_the_task_waiting_until_its_callback_completes_it(
    waiting_backend: Any,
) -> None:
    backend, diagram = waiting_backend
    workflow = backend.run(diagram)

    assert ended_at(workflow) == []
    assert Waiter.callback_url.endswith("/callback")
    assert put(Waiter.callback_url, envelope({"rows": 3})) == (
        200,
        {"ok": True, "status": "completed"},
    )
    backend.wait_for_callbacks(5)
    assert ended_at(workflow) == ["Done"]
    assert workflow.data["wait_result"] == {"rows": 3}, "the body alone, not command_response"


def test_a_body_of_json_text_is_stored_decoded(waiting_backend: Any) -> None:
    backend, diagram = waiting_backend
    workflow = backend.run(diagram)

    put(Waiter.callback_url, envelope(json.dumps({"rows": 3})))

    backend.wait_for_callbacks(5)
    assert workflow.data["wait_result"] == {"rows": 3}


def test_an_error_in_the_202_envelope_is_thrown_at_once(waiting_backend: Any) -> None:
    backend, diagram = waiting_backend
    Waiter.answer = envelope({}, {"error_code": "JobFailed", "message": "no such queue"}, 500)

    workflow = backend.run(diagram)

    assert ended_at(workflow) == ["Failed"]
    assert caught_error(workflow, "wait_error")["message"] == "no such queue"
    assert backend.waiting == {}


def test_an_error_in_the_callback_is_thrown(waiting_backend: Any) -> None:
    backend, diagram = waiting_backend
    workflow = backend.run(diagram)

    failed = {"error_code": "JobFailed", "message": "the job failed"}
    assert put(Waiter.callback_url, envelope({}, failed, 500))[0] == 200
    backend.wait_for_callbacks(5)

    assert ended_at(workflow) == ["Failed"]
    assert caught_error(workflow, "wait_error")["error_code"] == "JobFailed"


def test_an_error_nothing_catches_fails_the_task(waiting_backend: Any) -> None:
    backend, diagram = waiting_backend
    backend.run(diagram)

    put(Waiter.callback_url, envelope({}, {"error_code": "QuotaExceeded", "message": "full"}))

    with pytest.raises(UncaughtServiceTaskError, match="Received error code 'QuotaExceeded'"):
        backend.wait_for_callbacks(5)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"content_type": "text/plain"}, (400, {"error_code": "invalid_mimetype"})),
        ({"key": None}, (401, {"error_code": "not_authorized"})),
        ({"key": "another-key"}, (401, {"error_code": "not_authorized"})),
        ({"body": {"command_response": {}}}, (400, {"error_code": "invalid_callback_body"})),
        ({"body": ["not", "an", "envelope"]}, (400, {"error_code": "invalid_callback_body"})),
        (
            {"url": "/api/v1.0/tasks/1/no-such-task/callback"},
            (400, {"error_code": "not_waiting_for_callback"}),
        ),
    ],
)
def test_a_callback_it_cannot_take_is_refused_and_the_task_still_waits(
    waiting_backend: Any, changes: dict[str, Any], expected: tuple[int, dict[str, str]]
) -> None:
    backend, diagram = waiting_backend
    workflow = backend.run(diagram)
    arguments = {"body": envelope({"rows": 3}), **changes}
    url = Waiter.callback_url
    if "url" in arguments:
        url = url.split("/api/", 1)[0] + arguments.pop("url")

    assert put(url, **arguments) == expected
    assert list(backend.waiting) == [Waiter.callback_url.split("/")[-2]]
    assert ended_at(workflow) == []


def test_a_second_callback_is_refused(waiting_backend: Any) -> None:
    backend, diagram = waiting_backend
    backend.run(diagram)

    assert put(Waiter.callback_url, envelope({"rows": 3}))[0] == 200
    backend.wait_for_callbacks(5)

    assert put(Waiter.callback_url, envelope({"rows": 4})) == (
        400,
        {"error_code": "not_waiting_for_callback"},
    )
