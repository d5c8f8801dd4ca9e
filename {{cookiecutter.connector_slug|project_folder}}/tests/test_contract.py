"""The connector meets the proxy's contract: every command it would list, checked the same way.

Parametrized over what discovery finds, so a command added later is covered without editing this
file.
"""

import ast
import importlib
import inspect
import time
from pathlib import Path
from typing import Any

import pytest
from command_results import assert_valid_response, error_of
from emulated_proxy import Command, commands_of, connector_packages, parameters_of
from protocol_schemas import assert_matches

PACKAGE = "{{ cookiecutter.__import_name }}"
CALLBACK_URL = "http://127.0.0.1:9/api/v1.0/tasks/1/t/callback"


def discover() -> tuple[list[Command], str | None]:
    """The commands, or why the proxy could not load them (it would then fail every request)."""
    try:
        return commands_of(PACKAGE), None
    except Exception as error:
        return [], f"{type(error).__name__}: {error}"


COMMANDS, DISCOVERY_ERROR = discover()
COMMANDS_DIR = Path(importlib.import_module(f"{PACKAGE}.commands").__path__[0])
COMMAND_MODULES = sorted(COMMANDS_DIR.glob("*.py"))
SAMPLE_VALUES = {"str": "contract-test", "int": 1, "bool": False}


def test_the_proxy_finds_the_package_and_its_commands() -> None:
    assert PACKAGE in connector_packages()
    package = importlib.import_module(PACKAGE)
    commands = importlib.import_module(f"{PACKAGE}.commands")
    assert package.__file__ is not None, "the package's __init__.py is missing"
    assert commands.__file__ is not None, "commands/__init__.py is missing: no command is listed"
    assert DISCOVERY_ERROR is None, f"the proxy answers HTTP 500 for everything: {DISCOVERY_ERROR}"
    assert COMMANDS, "the proxy would list no command"


@pytest.mark.parametrize("path", COMMAND_MODULES, ids=lambda path: path.name)
def test_command_module_imports_absolutely(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        where = f"{path.name}, line {node.lineno}"
        assert node.level == 0, f"{where}: the proxy runs it by its bare name: import absolutely"
        names = {alias.name for alias in node.names}
        assert not (node.module == "__future__" and "annotations" in names), (
            f"{where}: `from __future__ import annotations` turns every parameter type into `any`"
        )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_a_parameter_listed_as_any_is_declared_so(command: Command) -> None:
    # The proxy lists str, int, bool (and X | None) as such, everything else as `any`, which the
    # editor takes as any expression: right for a dict, but a parameter without a type says so
    # by accident.
    init = command.cls.__init__  # type: ignore[misc]
    untyped = [
        name
        for name, parameter in inspect.signature(init).parameters.items()
        if name not in ("self", "kwargs") and parameter.annotation is inspect.Parameter.empty
    ]
    assert not untyped, f"{command.id}: give {untyped} a type: str, int, bool, X | None, or Any"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_command_has_execute_with_config_and_task_data(command: Command) -> None:
    execute = getattr(command.cls, "execute", None)
    assert callable(execute), f"{command.id} has no execute(): helpers belong outside commands/"
    assert list(inspect.signature(execute).parameters) == ["self", "config", "task_data"]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_command_declares_its_error_codes(command: Command) -> None:
    codes = getattr(command.module, "ERROR_CODES", None)
    assert isinstance(codes, dict) and codes, (
        f"{command.id}: its module must declare ERROR_CODES, a dict of each code to when"
    )
    assert all(isinstance(code, str) and isinstance(when, str) for code, when in codes.items())


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_command_declares_a_length_limit_for_each_text_parameter(command: Command) -> None:
    # Text is what can be of any length: a parameter listed as str or any takes text.
    texts = [p["id"] for p in parameters_of(command.cls) if p["type"] in ("str", "any")]
    limits = getattr(command.module, "TEXT_LIMITS", None)
    assert isinstance(limits, dict), (
        f"{command.id}: its module must declare TEXT_LIMITS, a dict of the most characters each "
        f"text parameter takes: {texts}"
    )
    assert list(limits) == texts, f"{command.id}: TEXT_LIMITS must name {texts}, in that order"
    assert all(isinstance(limit, int) and limit > 0 for limit in limits.values())


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_text_longer_than_its_limit_is_refused_at_once_naming_the_limit(command: Command) -> None:
    # Ten million characters is past every limit: refused before any of it is read, and with
    # nothing else to wait for (every other parameter is None).
    huge = "x" * 10_000_000
    limits = getattr(command.module, "TEXT_LIMITS", {})
    for name, limit in limits.items():
        arguments = {p["id"]: None for p in parameters_of(command.cls)} | {name: huge}
        started = time.monotonic()
        result = command.cls(**arguments).execute({}, {})
        took = time.monotonic() - started

        assert_valid_response(result)
        assert error_of(result) == {
            "error_code": "InvalidParameter",
            "message": f"{name} takes at most {limit:,} characters; got 10,000,000",
        }
        assert took < 1, f"{command.id}: {name} refused after {took:.1f} s"
        if hasattr(command.cls, "execute_async"):
            answer = command.cls(**arguments).execute_async({}, {}, callback_url=CALLBACK_URL)
            assert answer["error"] == error_of(result)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_text_of_exactly_its_limit_is_not_refused_for_its_length(command: Command) -> None:
    limits = getattr(command.module, "TEXT_LIMITS", {})
    for name, limit in limits.items():
        arguments = {p["id"]: None for p in parameters_of(command.cls)} | {name: "x" * limit}
        result = command.cls(**arguments).execute({}, {})

        assert "takes at most" not in str(result), f"{command.id}: {name} at its limit"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_execute_returns_a_valid_response(command: Command) -> None:
    arguments: dict[str, Any] = {
        p["id"]: SAMPLE_VALUES[p["type"]] for p in parameters_of(command.cls) if p["required"]
    }
    result = command.cls(**arguments).execute({}, {})
    assert_valid_response(result)


def test_a_long_running_command_takes_the_callback_url_and_answers_with_an_envelope() -> None:
    # The proxy calls execute_async(config, task_data, callback_url=...) when SpiffArena sends a
    # callback URL, and answers 202 with what it returns: a protocol v2 envelope, whatever
    # protocol execute speaks. Checked for every command that has one.
    for command in [command for command in COMMANDS if hasattr(command.cls, "execute_async")]:
        execute_async = command.cls.execute_async  # type: ignore[attr-defined]
        parameters = list(inspect.signature(execute_async).parameters)
        assert parameters == ["self", "config", "task_data", "callback_url"], command.id
        arguments: dict[str, Any] = {
            p["id"]: SAMPLE_VALUES[p["type"]] for p in parameters_of(command.cls) if p["required"]
        }
        answer = command.cls(**arguments).execute_async({}, {}, callback_url="http://127.0.0.1:9")
        assert_matches("accepted", answer)
