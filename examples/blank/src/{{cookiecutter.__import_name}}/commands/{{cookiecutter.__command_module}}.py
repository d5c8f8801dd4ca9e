from dataclasses import dataclass
from typing import Any

from {{ cookiecutter.__import_name }}.parameters import (
    InvalidParameter,
    boolean,
    required_text,
    whole_number,
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
TEXT_LIMITS = {"greeting": 1_000}


@dataclass(frozen=True)
class {{ cookiecutter.command_class }}(ConnectorCommand):
    """A starter command: the diagram editor shows one field per field of this dataclass.

    Field types are what the editor understands: str, int, bool, and `X | None` for an optional
    one. Values arrive as the workflow evaluated them, of any type: read each one with a function
    of the parameters module, which refuses what does not fit.
    """

    greeting: str
    repeat: int
    shout: bool | None = None

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        logs: list[str] = []
        try:
            within_limits(vars(self), TEXT_LIMITS)
            greeting = required_text("greeting", self.greeting, example='"hello"')
            repeat = whole_number("repeat", self.repeat, low=1, high=100, example=3)
            shout = boolean("shout", self.shout, default=False)
        except InvalidParameter as problem:
            return error_response("InvalidParameter", str(problem), logs)

        # The real work goes here: call the external system with the parameters, reading secrets
        # from `config` (the proxy's configuration) or from "secret:NAME" parameter values (take
        # them out of what you return with the redaction module, every encoding at once). Catch
        # its failures and return them with error_response, each code listed in ERROR_CODES: an
        # exception that escapes becomes a bare HTTP 500 that the workflow cannot handle.
        message = " ".join([greeting] * repeat)
        if shout:
            message = message.upper()
        logs.append(f"greeted {repeat} time(s)")
        return success_response({"message": message}, logs)
