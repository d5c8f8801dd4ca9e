{%- if cookiecutter.protocol == "v2" -%}
"""What a command returns to the SpiffWorkflow connector proxy: protocol version 2.

The names match `spiffworkflow_connector_command.command_interface`, which is not published on
PyPI. They live outside `commands/` on purpose: the proxy lists every class defined in a command
module as a command, and skips only classes imported from elsewhere, like these.
"""

from abc import ABC, abstractmethod
from typing import Any, TypedDict

JSON_MIMETYPE = "application/json"


class CommandErrorDict(TypedDict):
    """A failure a BPMN error boundary event can catch by `error_code`."""

    error_code: str
    message: str


class CommandResponseDict(TypedDict):
    """What SpiffArena stores in the service task's result variable."""

    body: dict[str, Any]
    mimetype: str
    http_status: int


class ConnectorProxyResponseDict(TypedDict):
    command_response: CommandResponseDict
    error: CommandErrorDict | None
    command_response_version: int
    spiff__logs: list[str]


class ConnectorCommand(ABC):
    """A command: its `__init__` parameters are what the diagram editor shows."""

    @abstractmethod
    def execute(self, config: Any, task_data: Any) -> ConnectorProxyResponseDict:
        """Do the work. `config` is the proxy's Flask config (where secrets live), `task_data`
        the task's data. Report failures with `error_response`: never raise."""


def success_response(body: dict[str, Any], logs: list[str]) -> ConnectorProxyResponseDict:
    return {
        "command_response": {"body": body, "mimetype": JSON_MIMETYPE, "http_status": 200},
        "error": None,
        "command_response_version": 2,
        "spiff__logs": logs,
    }


def error_response(error_code: str, message: str, logs: list[str]) -> ConnectorProxyResponseDict:
    return {
        "command_response": {"body": {}, "mimetype": JSON_MIMETYPE, "http_status": 500},
        "error": {"error_code": error_code, "message": message},
        "command_response_version": 2,
        "spiff__logs": logs,
    }
{%- else -%}
"""What a command returns to the SpiffWorkflow connector proxy: the tutorial's protocol (v1).

The proxy sends this dict back as the HTTP response as it is: `response` is the JSON text the
workflow receives, and failures travel inside it with status 200, so that the diagram can look
at them. This module lives outside `commands/` on purpose: the proxy lists every class defined
in a command module as a command, and skips only classes imported from elsewhere, like these.
"""

import json
import logging
from abc import ABC, abstractmethod
from typing import Any, TypedDict

JSON_MIMETYPE = "application/json"

logger = logging.getLogger(__name__)


class CommandResultDictV1(TypedDict):
    response: str
    status: int
    mimetype: str


class ConnectorCommand(ABC):
    """A command: its `__init__` parameters are what the diagram editor shows."""

    @abstractmethod
    def execute(self, config: Any, task_data: Any) -> CommandResultDictV1:
        """Do the work. `config` is the proxy's Flask config (where secrets live), `task_data`
        the task's data. Report failures with `error_response`: never raise."""


def _respond(payload: dict[str, Any], logs: list[str]) -> CommandResultDictV1:
    # Protocol v1 has no log field: the lines go to the proxy's own log instead.
    for line in logs:
        logger.info(line)
    return {"response": json.dumps(payload), "status": 200, "mimetype": JSON_MIMETYPE}


def success_response(body: dict[str, Any], logs: list[str]) -> CommandResultDictV1:
    return _respond(body, logs)


def error_response(error_code: str, message: str, logs: list[str]) -> CommandResultDictV1:
    return _respond({"error": {"error_code": error_code, "message": message}}, logs)
{%- endif %}
