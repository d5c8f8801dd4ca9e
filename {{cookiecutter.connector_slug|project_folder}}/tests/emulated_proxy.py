"""The SpiffWorkflow connector proxy, emulated: how it finds commands, describes their parameters
and calls them.

The proxy (spiffworkflow-proxy) is not published on PyPI, so this module reproduces its rules,
so that a command it would not list, would list wrongly or could not call fails a test here first:
- it scans every top-level module whose name starts with `connector_`;
- it runs every module directly inside `<package>.commands` under its bare name, outside
  `sys.modules` (so a relative import fails), and lists every class defined there;
- it reads the parameters from `inspect.signature(cls.__init__)`;
- it calls a command with the request's keys but its `spiff__` ones, and answers with what
  `execute` returned, as this connector's protocol says (command_results.proxy_answer); when the
  request has a `spiff__callback_url` and the command an `execute_async`, it calls that instead
  and answers 202 with what it returned as JSON;
- what it answers is a message of the published protocol: checked against tests/schemas/.
"""

import importlib
import importlib.util
import inspect
import json
import pkgutil
import types
import typing
from dataclasses import dataclass
from typing import Any

from command_results import ANSWER_SCHEMA, proxy_answer
from protocol_schemas import assert_matches

PREFIX = "connector_"
SUPPORTED_TYPES = {str: "str", int: "int", bool: "bool"}


@dataclass(frozen=True)
class Command:
    id: str
    cls: type
    module: types.ModuleType


def connector_packages() -> list[str]:
    """Every top-level module the proxy would consider a connector."""
    return sorted(info.name for info in pkgutil.iter_modules() if info.name.startswith(PREFIX))


def display_name(package: str) -> str:
    return package.removeprefix(PREFIX)


def load_command_modules(package: str) -> list[types.ModuleType]:
    """Run each module of `<package>.commands` the way the proxy does: by its bare name."""
    commands = importlib.import_module(f"{package}.commands")
    modules = []
    for info in pkgutil.iter_modules(commands.__path__):
        spec = info.module_finder.find_spec(info.name, None)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def commands_of(package: str) -> list[Command]:
    """The commands the proxy would list for `package`: every class defined in a command module."""
    return [
        Command(f"{display_name(package)}/{name}", cls, module)
        for module in load_command_modules(package)
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__
    ]


def listing(package: str) -> list[dict[str, Any]]:
    """What GET /v1/commands lists for `package`: each command's id and parameters."""
    return [
        {"id": command.id, "parameters": parameters_of(command.cls)}
        for command in sorted(commands_of(package), key=lambda command: command.id)
    ]


def _type_and_optional(annotation: Any) -> tuple[str, bool]:
    if annotation in SUPPORTED_TYPES:
        return SUPPORTED_TYPES[annotation], False
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in args
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            return _type_and_optional(rest[0])[0], optional
        return "any", optional
    if origin is list and args and args[0] in SUPPORTED_TYPES:
        return SUPPORTED_TYPES[args[0]], False  # the proxy shows list[str] as str
    return "any", False


def parameters_of(cls: type) -> list[dict[str, Any]]:
    """The parameters the diagram editor shows for a command: id, type and whether required."""
    parameters = []
    # As the proxy does; mypy warns about __init__ on a class in general, not about this use.
    init = cls.__init__  # type: ignore[misc]
    for name, parameter in inspect.signature(init).parameters.items():
        if name in ("self", "kwargs"):
            continue
        type_name, optional = _type_and_optional(parameter.annotation)
        required = parameter.default is inspect.Parameter.empty and not optional
        parameters.append({"id": name, "type": type_name, "required": required})
    return parameters


class EmulatedProxy:
    """The proxy serving one connector package: its commands, and a call to one of them."""

    def __init__(self, package: str, config: Any) -> None:
        self.config = config
        self.commands = {command.id: command.cls for command in commands_of(package)}

    def call(self, command_id: str, request: dict[str, Any]) -> tuple[int, str]:
        """POST /v1/do/<command_id> with `request` as its JSON: the status and text it answers."""
        task_data = request.pop("spiff__task_data", {})
        callback_url = request.pop("spiff__callback_url", None)
        parameters = {k: v for k, v in request.items() if not k.startswith("spiff__")}
        command = self.commands[command_id](**parameters)
        if callback_url is not None and hasattr(command, "execute_async"):
            answer = command.execute_async(self.config, task_data, callback_url=callback_url)
            assert_matches("accepted", answer)
            return 202, json.dumps(answer)
        result = command.execute(self.config, task_data)
        assert_matches(ANSWER_SCHEMA, result)
        return proxy_answer(result)
