from typing import Any

from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    ConnectorCommand,
    error_response,
    success_response,
)


class {{ cookiecutter.command_class }}(ConnectorCommand):
    """A starter command: the diagram editor shows one field per `__init__` parameter.

    Parameter types are what the editor understands: str, int, bool, and `X | None` for an
    optional one. Values arrive as the workflow evaluated them, and the proxy converts nothing.
    """

    def __init__(self, greeting: str, repeat: int, shout: bool | None = None) -> None:
        self.greeting = greeting
        self.repeat = repeat
        self.shout = shout

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        logs: list[str] = []
        try:
            repeat = int(self.repeat)  # a number may arrive as the text "3"
        except (TypeError, ValueError):
            problem = f"repeat must be a whole number, e.g. 3; got {self.repeat!r}"
            return error_response("InvalidParameter", problem, logs)

        # The real work goes here: call the external system with the parameters, reading secrets
        # from `config` (the proxy's configuration) rather than from the workflow. Catch its
        # failures and return them with error_response: an exception that escapes becomes a bare
        # HTTP 500 that the workflow cannot handle.
        message = " ".join([self.greeting] * repeat)
        if self.shout:
            message = message.upper()
        logs.append(f"greeted {repeat} time(s)")
        return success_response({"message": message}, logs)
