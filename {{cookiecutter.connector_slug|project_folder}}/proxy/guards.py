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


def settings_from(environment: Mapping[str, str]) -> dict[str, str]:
    """Every CONNECTOR_PROXY_<NAME> variable as the setting <NAME>: API_KEY, CORS_ORIGINS, and
    whatever else commands read from their `config` (SECRET_KEY, an API's credentials...)."""
    return {
        name.removeprefix(PREFIX): value
        for name, value in environment.items()
        if name.startswith(PREFIX) and name != PREFIX
    }


def require_api_key(app: Flask, api_key: str) -> None:
    """Answer 401 to every guarded call that does not carry `api_key` in the header SpiffArena
    sends it in; the comparison takes the same time whatever the key given."""
    expected = api_key.encode()

    def check() -> Any:
        if not request.path.startswith(GUARDED_PATHS):
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
            response.headers["Vary"] = "Origin"
        return response

    app.after_request(add_headers)
