from dataclasses import dataclass
from typing import Any

from {{ cookiecutter.__import_name }}.callback import envelope
from {{ cookiecutter.__import_name }}.job_api import run
from {{ cookiecutter.__import_name }}.job_errors import JOB_ERROR_CODES, error_from
from {{ cookiecutter.__import_name }}.job_parameters import credentials, read_job
from {{ cookiecutter.__import_name }}.job_runner import settings_of, start
from {{ cookiecutter.__import_name }}.parameters import InvalidParameter, within_limits
from {{ cookiecutter.__import_name }}.protocol import (
    CommandResult,
    ConnectorCommand,
    error_response,
    success_response,
)
from {{ cookiecutter.__import_name }}.redaction import redacted

# Every error code this command returns, and when: a BPMN error boundary event can catch each.
ERROR_CODES = JOB_ERROR_CODES

# The most characters each text parameter takes (a dict or a list counts as its JSON text):
# anything longer is refused before it is read.
TEXT_LIMITS = {
    "url": 8_000,
    "json_body": 1_000_000,
    "auth": 10,
    "auth_user": 1_000,
    "auth_secret": 10_000,
    "api_key_header": 200,
}


@dataclass(frozen=True)
class {{ cookiecutter.command_class }}(ConnectorCommand):
    """Start a job at an HTTP API, wait for it to end and return its result.

    Its fields are the parameters a diagram gives it, as the proxy lists them. SpiffArena gives a
    call 45 seconds: it calls `execute_async`, which answers at once and calls SpiffArena back
    when the job ends (the task waits until then). `execute`, for a caller that sends no
    callback URL, waits for the job itself. Credentials go in `auth_secret` (and `auth_user` for
    HTTP Basic), given in the diagram as `"secret:NAME"`: they are never logged or returned, in
    any encoding.
    """

    url: str
    json_body: dict[str, Any] | list[Any] | str | None = None
    auth: str = "none"
    auth_user: str | None = None
    auth_secret: str | None = None
    api_key_header: str = "X-API-Key"
    poll_seconds: int = 5
    timeout: int = 3600
    max_response_bytes: int = 1_000_000

    def execute(self, config: Any, task_data: Any) -> CommandResult:
        logs: list[str] = []
        try:
            within_limits(vars(self), TEXT_LIMITS)
        except InvalidParameter as problem:
            return error_response("InvalidParameter", str(problem), logs)

        secrets = credentials(self.auth_user, self.auth_secret)
        try:
            job = read_job(vars(self))
            result = run(job, logs)
        except Exception as error:
            code, message = error_from(error)
            return error_response(code, redacted(message, secrets), logs)
        return success_response({"state": "succeeded", "result": redacted(result, secrets)}, logs)

    def execute_async(self, config: Any, task_data: Any, callback_url: str) -> dict[str, Any]:
        logs: list[str] = []
        try:
            within_limits(vars(self), TEXT_LIMITS)
        except InvalidParameter as problem:
            return envelope({}, {"error_code": "InvalidParameter", "message": str(problem)}, logs)

        secrets = credentials(self.auth_user, self.auth_secret)
        try:
            job = read_job(vars(self))
            where = start(job, callback_url, settings_of(config))
        except Exception as error:
            code, message = error_from(error)
            return envelope({}, {"error_code": code, "message": redacted(message, secrets)}, logs)
        logs.append(f"the job runs in {where}; SpiffArena is called back when it ends")
        return envelope({"state": "started"}, None, logs)
