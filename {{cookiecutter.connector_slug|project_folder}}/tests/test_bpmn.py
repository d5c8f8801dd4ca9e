"""The diagrams in bpmn/ call commands this connector has, with exactly their parameters.

A renamed or retyped parameter fails here rather than in a running workflow. Parametrized over
every service task of every diagram, so a diagram added later is covered too.
"""

import ast
from pathlib import Path
from xml.etree import ElementTree

import pytest
from emulated_proxy import commands_of, parameters_of
from SpiffWorkflow.bpmn.script_engine import TaskDataEnvironment

PACKAGE = "{{ cookiecutter.__import_name }}"
DIAGRAMS = sorted((Path(__file__).parent.parent / "bpmn").glob("*.bpmn"))
NAMESPACES = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
LITERAL_TYPES = {"str": str, "int": int, "bool": bool}
SERVICE_TASKS = [
    pytest.param(task, id=f"{diagram.name}:{task.get('id')}")
    for diagram in DIAGRAMS
    for task in ElementTree.parse(diagram).iterfind(".//bpmn:serviceTask", NAMESPACES)
]


def operator_of(task: ElementTree.Element) -> ElementTree.Element:
    operator = task.find("bpmn:extensionElements/spiffworkflow:serviceTaskOperator", NAMESPACES)
    assert operator is not None, "a service task without spiffworkflow:serviceTaskOperator"
    return operator


def test_every_variable_a_diagram_names_is_one_its_scripts_can_read() -> None:
    # SpiffArena's scripts and expressions are Python, run by the engine: a result or error
    # variable named `123_result` could be stored but never read.
    engine = TaskDataEnvironment()
    for diagram in DIAGRAMS:
        tree = ElementTree.parse(diagram)
        results = tree.iterfind(".//spiffworkflow:serviceTaskOperator", NAMESPACES)
        errors = tree.iterfind(".//spiffworkflow:variableName", NAMESPACES)
        names = [
            *(operator.get("resultVariable", "") for operator in results),
            *(name.text or "" for name in errors),
        ]
        assert names, f"{diagram.name} names no variable"
        for name in names:
            assert engine.evaluate(name, {name: "stored"}) == "stored", f"{diagram.name}: {name}"


def test_every_script_and_value_runs_in_the_engine() -> None:
    # Each script task's script runs; each parameter value is an expression the engine reads
    # (given the names the diagram's scripts set before it).
    engine = TaskDataEnvironment()
    for diagram in DIAGRAMS:
        tree = ElementTree.parse(diagram)
        data: dict[str, object] = {}
        for script in tree.iterfind(".//bpmn:scriptTask/bpmn:script", NAMESPACES):
            engine.execute(script.text or "", data)
        for parameter in tree.iterfind(".//spiffworkflow:parameter", NAMESPACES):
            value = parameter.get("value", "")
            try:
                engine.evaluate(value, dict(data))
            except Exception as error:
                pytest.fail(f"{diagram.name}: {parameter.get('id')} = {value}: {error}")


def test_every_diagram_starts_and_ends() -> None:
    assert DIAGRAMS
    for diagram in DIAGRAMS:
        process = ElementTree.parse(diagram).find("bpmn:process", NAMESPACES)
        assert process is not None and process.get("isExecutable") == "true", diagram.name
        for event in ("startEvent", "endEvent"):
            assert process.find(f"bpmn:{event}", NAMESPACES) is not None, (diagram.name, event)


@pytest.mark.parametrize("task", SERVICE_TASKS)
def test_the_task_calls_a_command_with_its_exact_parameters(task: ElementTree.Element) -> None:
    operator = operator_of(task)
    commands = {command.id: command for command in commands_of(PACKAGE)}
    assert operator.get("id") in commands, f"no command {operator.get('id')} in {sorted(commands)}"
    assert operator.get("resultVariable"), "the task needs a result variable"

    given = operator.findall("spiffworkflow:parameters/spiffworkflow:parameter", NAMESPACES)
    expected = parameters_of(commands[str(operator.get("id"))].cls)

    assert sorted((p.get("id"), p.get("type")) for p in given) == sorted(
        (p["id"], p["type"]) for p in expected
    )


@pytest.mark.parametrize("task", SERVICE_TASKS)
def test_every_value_is_an_expression_of_the_right_type(task: ElementTree.Element) -> None:
    for parameter in operator_of(task).iterfind(".//spiffworkflow:parameter", NAMESPACES):
        name, value = parameter.get("id"), parameter.get("value", "")
        # SpiffArena evaluates each value as Python: a literal string needs its quotes, and an
        # unquoted address like api.example.com parses as something else entirely.
        expression = ast.parse(value, mode="eval").body
        assert isinstance(expression, (ast.Constant, ast.Name)), f"{name} = {value}: quote it"
        if isinstance(expression, ast.Constant) and expression.value is not None:
            if str(expression.value).startswith("secret:"):
                continue  # SpiffArena puts the secret's text in: the command reads it
            expected = LITERAL_TYPES[str(parameter.get("type"))]
            assert type(expression.value) is expected, f"{name} = {value}"
