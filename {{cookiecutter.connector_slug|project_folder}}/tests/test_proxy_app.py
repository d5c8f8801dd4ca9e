"""The connector proxy app of proxy/: its API key, its CORS origins and its settings from the
environment. The connector proxy itself is not on a package index, so its blueprint is stood in
for by routes of the same paths."""

import sys
from types import ModuleType
from typing import Any

import pytest
from flask import Blueprint, Flask, request

from proxy.guards import SettingError, allow_origins, require_api_key, settings_from

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


def test_a_browser_preflight_from_an_allowed_origin_needs_no_key(app: Flask) -> None:
    # Browsers never send the key on a CORS preflight: a 401 there blocks every call.
    client = app.test_client()
    asking = {"Origin": "http://localhost:7001", "Access-Control-Request-Method": "POST"}

    preflight = client.options("/v1/do/example/Command", headers=asking)
    other = client.options("/v1/commands", headers={**asking, "Origin": "http://evil.example"})

    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "http://localhost:7001"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in other.headers
    assert client.post("/v1/do/example/Command", headers=asking).status_code == 401


def test_settings_come_from_the_prefixed_environment() -> None:
    environment = {
        "CONNECTOR_PROXY_API_KEY": KEY,
        "CONNECTOR_PROXY_SECRET_KEY": "flask-sessions",
        "CONNECTOR_PROXY_": "no name",
        "OTHER_CONNECTOR_PROXY_KEY": "not ours",
        "HOME": "/root",
    }

    assert settings_from(environment) == {"API_KEY": KEY, "SECRET_KEY": "flask-sessions"}


def read_the_request(**_: str) -> str:
    """A stand-in route that reads the request's body, as the proxy's own routes do."""
    request.get_data()
    return "ok"


@pytest.fixture
def create_app(monkeypatch: pytest.MonkeyPatch) -> Any:
    """proxy/app.py's create_app, with a blueprint of stand-in routes where the connector
    proxy's would be."""
    blueprint = Blueprint("stand-in", __name__)
    for rule in ROUTES[:4]:
        blueprint.add_url_rule(rule, rule.replace("/", "_"), read_the_request, methods=["POST"])
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


@pytest.mark.parametrize("empty", ["", "   ", "\t"])
def test_an_empty_key_is_refused_at_start_not_read_as_no_key(create_app: Any, empty: str) -> None:
    with pytest.raises(SettingError, match="CONNECTOR_PROXY_API_KEY is set but empty"):
        create_app({"CONNECTOR_PROXY_API_KEY": empty})


def test_commands_do_not_see_the_proxy_key_in_their_config(create_app: Any) -> None:
    app = create_app({"CONNECTOR_PROXY_API_KEY": KEY, "CONNECTOR_PROXY_CORS_ORIGINS": "http://a"})

    assert KEY not in repr(dict(app.config))
    assert "API_KEY" not in app.config and "CORS_ORIGINS" not in app.config


def test_numbers_and_booleans_flask_expects_are_converted(create_app: Any) -> None:
    app = create_app(
        {"CONNECTOR_PROXY_MAX_CONTENT_LENGTH": "100", "CONNECTOR_PROXY_TESTING": "true"}
    )
    client = app.test_client()

    assert (app.config["MAX_CONTENT_LENGTH"], app.config["TESTING"]) == (100, True)
    assert client.post("/v1/do/example/Command", data="x" * 50).status_code == 200
    assert client.post("/v1/do/example/Command", data="x" * 150).status_code == 413


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CONNECTOR_PROXY_MAX_CONTENT_LENGTH", "lots"),
        ("CONNECTOR_PROXY_MAX_CONTENT_LENGTH", "-1"),
        ("CONNECTOR_PROXY_TESTING", "maybe"),
    ],
)
def test_a_setting_flask_cannot_use_is_refused_at_start(
    create_app: Any, variable: str, value: str
) -> None:
    with pytest.raises(SettingError, match=variable):
        create_app({variable: value})
