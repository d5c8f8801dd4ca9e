"""What compose.yaml, spiffarena/ and bpmn/ set up to try this connector in SpiffArena, checked
without Docker: the compose file is valid by the Compose Specification's own schema (with
check-jsonschema) and wires SpiffArena to this proxy, on localhost only; the process model's
files agree with the diagram; the diagram's BPMN unit test passes as SpiffArena's test runner
runs it (each service task completed with the test's data, no call made, the process's data
compared with the expected output)."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

PROJECT = Path(__file__).parent.parent
COMPOSE = PROJECT / "compose.yaml"
MODEL = PROJECT / "bpmn"
GROUP = PROJECT / "spiffarena" / "process_models" / "connectors"
MODEL_IN_SPIFFARENA = "/app/process_models/connectors/{{ cookiecutter.connector_slug }}"
NAMESPACES = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
UNIT_TESTS = sorted(MODEL.glob("test_*.json"))


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def test_the_compose_file_is_valid_by_the_compose_specification() -> None:
    check = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run(
        [check, "--builtin-schema", "vendor.compose-spec", COMPOSE],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_service_has_a_health_check_and_listens_on_localhost_only() -> None:
    services = compose()["services"]
    assert {"spiffworkflow-backend", "spiffworkflow-frontend", "connector"} <= set(services)
    for name, service in services.items():
        assert "test" in service.get("healthcheck", {}), f"{name} has no health check"
        for port in service.get("ports", []):
            assert port.startswith("${ARENA_BIND:-127.0.0.1}:"), f"{name} publishes {port}"


def test_spiffarena_calls_this_proxy_with_its_api_key() -> None:
    services = compose()["services"]
    backend, connector = services["spiffworkflow-backend"], services["connector"]
    assert connector["build"] == "."
    assert connector["network_mode"] == "service:spiffworkflow-backend"
    proxy_port = connector["healthcheck"]["test"][-1].split("127.0.0.1:")[1].split("/")[0]
    assert backend["environment"]["SPIFFWORKFLOW_BACKEND_CONNECTOR_PROXY_URL"] == (
        f"http://localhost:{proxy_port}"
    )
    key = "${CONNECTOR_PROXY_API_KEY:-change-me}"
    assert backend["environment"]["SPIFFWORKFLOW_BACKEND_CONNECTOR_PROXY_API_KEY"] == key
    assert connector["environment"]["CONNECTOR_PROXY_API_KEY"] == key


def test_spiffarena_reads_the_process_model_from_bpmn_itself() -> None:
    volumes = compose()["services"]["spiffworkflow-backend"]["volumes"]
    group = json.loads((GROUP / "process_group.json").read_text(encoding="utf-8"))
    assert group["display_name"]
    assert "./spiffarena/process_models:/app/process_models" in volumes
    assert f"./bpmn:{MODEL_IN_SPIFFARENA}" in volumes


def test_the_process_model_names_the_diagram_and_its_process() -> None:
    model = json.loads((MODEL / "process_model.json").read_text(encoding="utf-8"))

    diagram = MODEL / model["primary_file_name"]
    assert diagram.is_file(), f"no {diagram.name} in bpmn/"
    processes = ElementTree.parse(diagram).iterfind("bpmn:process", NAMESPACES)
    executable = [p.get("id") for p in processes if p.get("isExecutable") == "true"]
    assert executable == [model["primary_process_id"]]
    assert model["display_name"] and model["fault_or_suspend_on_exception"] == "fault"


def run_as_spiffarena_tests(diagram: Path, case: dict[str, Any]) -> BpmnWorkflow:
    """A BPMN unit test case, run as SpiffArena's test runner runs it: a ready boundary event
    first, else the first ready task; a service task (or user task) is completed with the next
    of the case's data for it, found by its id or `<process id>:<task id>`; the others run."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(diagram))
    [process_id] = parser.get_process_ids()
    workflow = BpmnWorkflow(parser.get_spec(process_id))
    given = {key: list(task["data"]) for key, task in case.get("tasks", {}).items()}
    while ready := workflow.get_tasks(state=TaskState.READY):
        task = ready[0]
        spec = task.task_spec
        key = spec.bpmn_id if spec.bpmn_id in given else f"{workflow.spec.name}:{spec.bpmn_id}"
        if type(spec).__name__ in ("ServiceTask", "UserTask"):
            assert given.get(key), f"the case needs data for {key}, a {type(spec).__name__}"
            task.data.update(given[key].pop(0))
            task.complete()
        else:
            task.run()
    return workflow


@pytest.mark.parametrize("unit_test", UNIT_TESTS, ids=lambda path: path.name)
def test_the_bpmn_unit_test_passes_as_spiffarena_runs_it(unit_test: Path) -> None:
    diagram = MODEL / (unit_test.stem.removeprefix("test_") + ".bpmn")
    assert diagram.is_file(), f"{unit_test.name} tests {diagram.name}, which bpmn/ lacks"
    cases = json.loads(unit_test.read_text(encoding="utf-8"))
    assert cases

    ids = {element.get("id") for element in ElementTree.parse(diagram).iter()}
    for name, case in cases.items():
        for key in case.get("tasks", {}):
            assert key.split(":")[-1] in ids, f"{name}: no task {key} in {diagram.name}"
        workflow = run_as_spiffarena_tests(diagram, case)

        assert workflow.is_completed(), name
        assert workflow.data == case["expected_output_json"], name
