"""The connector proxy app of proxy/: its API key, its CORS origins and its settings from the
environment. The connector proxy itself is not on a package index, so its blueprint is stood in
for by routes of the same paths."""

import sys
from types import ModuleType
from typing import Any

import pytest
from flask import Blueprint, Flask

from proxy.guards import allow_origins, require_api_key, settings_from

KEY = "s3cret-proxy-key"
ROUTES = ("/v1/liveness", "/v1/commands", "/v1/auths", "/v1/do/<a>/<b>", "/elsewhere")


@pytest.fixture
def app() -> Flask:
    """A Flask app with the proxy's routes as stand-ins, guarded as proxy/app.py guards it."""
    app = Flask("stand-in")
    for rule in ROUTES:
        app.add_url_rule(rule, rule, lambda **_: "ok", methods=["GET", "POST"])
    require_api_key(app, KEY)
    allow_origins(app, ["http://localhost:7001"])
    return app


@pytest.mark.parametrize("path", ["/v1/commands", "/v1/auths", "/v1/do/example/Command"])
def test_the_api_key_guards_the_commands(app: Flask, path: str) -> None:
    client = app.test_client()

    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Spiff-Connector-Proxy-Api-Key": "wrong"}).status_code == 401
    assert client.get(path, headers={"Spiff-Connector-Proxy-Api-Key": KEY[:-1]}).status_code == 401
    assert client.get(path, headers={"Spiff-Connector-Proxy-Api-Key": KEY + "x"}).status_code == 401
    answer = client.post(path, headers={"Spiff-Connector-Proxy-Api-Key": KEY})
    assert answer.status_code == 200
    refused = client.get(path)
    assert refused.is_json and refused.get_json()["error"]["error_code"] == "Unauthorized"
    assert KEY not in refused.get_data(as_text=True)


def test_liveness_stays_open_for_health_checks(app: Flask) -> None:
    assert app.test_client().get("/v1/liveness").status_code == 200
    assert app.test_client().get("/elsewhere").status_code == 200


def test_cors_lets_only_the_configured_origins_read(app: Flask) -> None:
    client = app.test_client()
    allowed = client.get("/v1/liveness", headers={"Origin": "http://localhost:7001"})
    other = client.get("/v1/liveness", headers={"Origin": "http://evil.example"})

    assert allowed.headers["Access-Control-Allow-Origin"] == "http://localhost:7001"
    assert "Spiff-Connector-Proxy-Api-Key" in allowed.headers["Access-Control-Allow-Headers"]
    assert allowed.headers["Vary"] == "Origin"  # a cache must not serve it to another origin
    assert "Access-Control-Allow-Origin" not in other.headers


def test_settings_come_from_the_prefixed_environment() -> None:
    environment = {
        "CONNECTOR_PROXY_API_KEY": KEY,
        "CONNECTOR_PROXY_SECRET_KEY": "flask-sessions",
        "CONNECTOR_PROXY_": "no name",
        "OTHER_CONNECTOR_PROXY_KEY": "not ours",
        "HOME": "/root",
    }

    assert settings_from(environment) == {"API_KEY": KEY, "SECRET_KEY": "flask-sessions"}


@pytest.fixture
def create_app(monkeypatch: pytest.MonkeyPatch) -> Any:
    """proxy/app.py's create_app, with a blueprint of stand-in routes where the connector
    proxy's would be."""
    blueprint = Blueprint("stand-in", __name__)
    for rule in ROUTES[:4]:
        blueprint.add_url_rule(rule, rule.replace("/", "_"), lambda **_: "ok", methods=["POST"])
    stand_in = ModuleType("spiffworkflow_proxy.blueprint")
    stand_in.proxy_blueprint = blueprint  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "spiffworkflow_proxy", ModuleType("spiffworkflow_proxy"))
    monkeypatch.setitem(sys.modules, "spiffworkflow_proxy.blueprint", stand_in)
    monkeypatch.delitem(sys.modules, "proxy.app", raising=False)
    from proxy.app import create_app

    return create_app


def test_the_app_needs_the_key_only_when_one_is_set(create_app: Any) -> None:
    open_app = create_app({}).test_client()
    guarded = create_app({"CONNECTOR_PROXY_API_KEY": KEY}).test_client()

    assert open_app.post("/v1/do/example/Command").status_code == 200
    # SpiffArena sends its key whenever it has one, also to a proxy that needs none.
    any_key = {"Spiff-Connector-Proxy-Api-Key": "whatever"}
    assert open_app.post("/v1/do/example/Command", headers=any_key).status_code == 200
    assert guarded.post("/v1/do/example/Command").status_code == 401
    headers = {"Spiff-Connector-Proxy-Api-Key": KEY}
    assert guarded.post("/v1/do/example/Command", headers=headers).status_code == 200


def test_the_app_reads_its_origins_and_settings_from_the_environment(create_app: Any) -> None:
    app = create_app(
        {
            "CONNECTOR_PROXY_CORS_ORIGINS": " http://a.example , ,http://b.example",
            "CONNECTOR_PROXY_REPORTS_HOST": "reports.example.com",
        }
    )
    client = app.test_client()

    for origin in ("http://a.example", "http://b.example"):
        answer = client.post("/v1/liveness", headers={"Origin": origin})
        assert answer.headers["Access-Control-Allow-Origin"] == origin
    other = client.post("/v1/liveness", headers={"Origin": "http://c.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    empty = client.post("/v1/liveness", headers={"Origin": ""})  # the list's empty items
    assert "Access-Control-Allow-Origin" not in empty.headers
    assert app.config["REPORTS_HOST"] == "reports.example.com"
