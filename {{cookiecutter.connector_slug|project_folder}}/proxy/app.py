"""A connector proxy that serves this connector's commands, and those of every other connector_*
package installed beside it: the SpiffWorkflow connector proxy's blueprint in a small Flask app,
with an optional API key and CORS origins (guards.py). Start it with `gunicorn --config
proxy/gunicorn.conf.py proxy.app:app`, or in the container image the Dockerfile builds.

Settings come from the environment (guards.settings_from):
- CONNECTOR_PROXY_API_KEY: when set, /v1/commands, /v1/auths and /v1/do/... need it in the header
  Spiff-Connector-Proxy-Api-Key, where SpiffArena sends its
  SPIFFWORKFLOW_BACKEND_CONNECTOR_PROXY_API_KEY; /v1/liveness stays open. Set but empty, the
  proxy refuses to start: unset, it runs without a key;
- CONNECTOR_PROXY_CORS_ORIGINS: comma-separated origins a browser may call it from;
- any other CONNECTOR_PROXY_<NAME>: the Flask setting <NAME>, which commands get as `config`
  (a number or a boolean where Flask expects one, or the proxy refuses to start).
"""

import os
from collections.abc import Mapping

from flask import Flask
from spiffworkflow_proxy.blueprint import proxy_blueprint

from proxy.guards import SettingError, allow_origins, require_api_key, settings_from


def create_app(environment: Mapping[str, str] = os.environ) -> Flask:
    settings = settings_from(environment)
    # The proxy's own settings: commands never see them in their `config`.
    api_key = settings.pop("API_KEY", None)
    origins = [origin.strip() for origin in settings.pop("CORS_ORIGINS", "").split(",")]
    app = Flask(__name__)
    app.config.update(settings)
    app.register_blueprint(proxy_blueprint)
    if api_key is not None:
        require_api_key(app, api_key)
    if any(origins):
        allow_origins(app, [origin for origin in origins if origin])
    return app


try:
    app = create_app()
except SettingError as error:  # refuse to start, saying which setting and why
    raise SystemExit(f"The connector proxy cannot start: {error}") from None
