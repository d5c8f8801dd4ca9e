"""A connector proxy that serves this connector's commands, and those of every other connector_*
package installed beside it: the SpiffWorkflow connector proxy's blueprint in a small Flask app,
with an optional API key and CORS origins (guards.py). Start it with `gunicorn --config
proxy/gunicorn.conf.py proxy.app:app`, or in the container image the Dockerfile builds.

Settings come from the environment (guards.settings_from):
- CONNECTOR_PROXY_API_KEY: when set, /v1/commands, /v1/auths and /v1/do/... need it in the header
  Spiff-Connector-Proxy-Api-Key, where SpiffArena sends its
  SPIFFWORKFLOW_BACKEND_CONNECTOR_PROXY_API_KEY; /v1/liveness stays open;
- CONNECTOR_PROXY_CORS_ORIGINS: comma-separated origins a browser may call it from;
- any other CONNECTOR_PROXY_<NAME>: the Flask setting <NAME>, which commands get as `config`.
"""

import os
from collections.abc import Mapping

from flask import Flask
from spiffworkflow_proxy.blueprint import proxy_blueprint

from proxy.guards import allow_origins, require_api_key, settings_from


def create_app(environment: Mapping[str, str] = os.environ) -> Flask:
    settings = settings_from(environment)
    app = Flask(__name__)
    app.config.update(settings)
    app.register_blueprint(proxy_blueprint)
    if settings.get("API_KEY"):
        require_api_key(app, settings["API_KEY"])
    origins = [origin.strip() for origin in settings.get("CORS_ORIGINS", "").split(",")]
    if any(origins):
        allow_origins(app, [origin for origin in origins if origin])
    return app


app = create_app()
