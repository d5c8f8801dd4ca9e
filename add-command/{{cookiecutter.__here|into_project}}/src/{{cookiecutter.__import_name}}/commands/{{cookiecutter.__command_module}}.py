from dataclasses import dataclass
from typing import Any

from {{ cookiecutter.__import_name }}.parameters import (
    InvalidParameter,
    required_text,
    within_limits,
)
from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    ConnectorCommand,
    error_response,
    success_response,
)

# Every error code this command returns, and when: a BPMN error boundary event can catch each.
ERROR_CODES = {
    "InvalidParameter": "A parameter is malformed (the message names it)",
}

# The most characters each text parameter takes: anything longer is refused before it is read.
TEXT_LIMITS = {"name": 1_000}


@dataclass(frozen=True)
class {{ cookiecutter.command_class }}(ConnectorCommand):
    """Say here, in a line, what {{ cookiecutter.command_class }} does.

    The diagram editor shows one field per field of this dataclass. Field types are what the
    editor understands: str, int, bool, and `X | None` for an optional one.
    """

    name: str

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        logs: list[str] = []
        try:
            within_limits(vars(self), TEXT_LIMITS)
            name = required_text("name", self.name, example='"Ada"')
        except InvalidParameter as problem:
            return error_response("InvalidParameter", str(problem), logs)

        # The work goes here, with the parameters as read above. Return what fails with
        # error_response and a code of ERROR_CODES: an exception that escapes becomes a bare
        # HTTP 500 that the workflow cannot handle.
        logs.append(f"{{ cookiecutter.command_class }} for {name}")
        return success_response({"name": name}, logs)
