"""What SpiffArena's own demo proxy adds around the connector proxy's blueprint, as plain code:
its settings from the environment, an API key, and the origins a browser may call it from."""

import hmac
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request

PREFIX = "CONNECTOR_PROXY_"
API_KEY_HEADER = "Spiff-Connector-Proxy-Api-Key"
# Everything but the liveness check, which a container health check calls without a key.
GUARDED_PATHS = ("/v1/commands", "/v1/auths", "/v1/auth/", "/v1/do/")
# Flask settings that are numbers or booleans, where the environment holds text.
NUMBER_SETTINGS = frozenset(
    {
        "MAX_CONTENT_LENGTH",
        "MAX_FORM_MEMORY_SIZE",
        "MAX_FORM_PARTS",
        "MAX_COOKIE_SIZE",
        "SEND_FILE_MAX_AGE_DEFAULT",
        "PERMANENT_SESSION_LIFETIME",
    }
)
BOOLEAN_SETTINGS = frozenset(
    name for name, default in Flask.default_config.items() if isinstance(default, bool)
)
BOOLEAN_TEXTS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class SettingError(ValueError):
    """A setting the proxy cannot start with; the message names its variable."""


def settings_from(environment: Mapping[str, str]) -> dict[str, Any]:
    """Every CONNECTOR_PROXY_<NAME> variable as the setting <NAME>: API_KEY, CORS_ORIGINS, and
    whatever else commands read from their `config` (SECRET_KEY, an API's credentials...), the
    numbers and booleans Flask expects as such. SettingError names one that cannot be used."""
    return {
        name.removeprefix(PREFIX): typed(name, value)
        for name, value in environment.items()
        if name.startswith(PREFIX) and name != PREFIX
    }


def typed(variable: str, value: str) -> Any:
    """The setting of `variable` (CONNECTOR_PROXY_<NAME>), converted as Flask expects it."""
    name = variable.removeprefix(PREFIX)
    if name == "API_KEY" and not value.strip():
        raise SettingError(
            f"{variable} is set but empty: give it the key SpiffArena sends, or unset it to run "
            "the proxy without a key (anyone who can reach it can then call every command)"
        )
    if name in NUMBER_SETTINGS:
        if not (value.strip().isascii() and value.strip().isdigit()):
            raise SettingError(f"{variable} must be a whole number, e.g. 16777216; got {value!r}")
        return int(value)
    if name in BOOLEAN_SETTINGS:
        if value.strip().lower() not in BOOLEAN_TEXTS:
            raise SettingError(f"{variable} must be true or false; got {value!r}")
        return BOOLEAN_TEXTS[value.strip().lower()]
    return value


def require_api_key(app: Flask, api_key: str) -> None:
    """Answer 401 to every guarded call that does not carry `api_key` in the header SpiffArena
    sends it in; the comparison takes the same time whatever the key given."""
    expected = api_key.encode()

    def check() -> Any:
        # A browser's CORS preflight never carries the key, and reaches no command.
        if request.method == "OPTIONS" or not request.path.startswith(GUARDED_PATHS):
            return None
        given = request.headers.get(API_KEY_HEADER, "").encode()
        if hmac.compare_digest(given, expected):
            return None
        body = '{"error": {"error_code": "Unauthorized", "message": "a valid API key is needed"}}'
        return Response(body, status=401, mimetype="application/json")

    app.before_request(check)


def allow_origins(app: Flask, origins: list[str]) -> None:
    """Let a browser on one of `origins` read the proxy's answers (CORS)."""

    def add_headers(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if origin in origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = f"Content-Type, {API_KEY_HEADER}"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Vary"] = "Origin"
        return response

    app.after_request(add_headers)
