"""What comes with a connector to run it in a proxy, tested without the proxy itself (it is not on
PyPI) and without a container daemon: the API-key and CORS guards on a small Flask app of this
test's own, the app's wiring with stand-in routes for the proxy's blueprint, the settings read
from the environment, the Dockerfile under hadolint, the release workflow under actionlint, the
proxy's dependencies pinned to a commit and kept out of the published package."""

import importlib.util
import re
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from bake_matrix import Bake, project_path
from flask import Blueprint, Flask
from generated_project import run_actionlint

from template_helpers.jinja_extension import pythons_from
from template_helpers.template_data import choices

HADOLINT = Path(sysconfig.get_path("scripts"), "hadolint")
PINNED_ACTION = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")
KEY = "s3cret-proxy-key"


def guards_of(project: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("baked_guards", project / "proxy" / "guards.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def project(cookies_session: Any) -> Path:
    return project_path(cookies_session.bake())


@pytest.fixture
def app(project: Path) -> Flask:
    """A Flask app with the proxy's routes as stand-ins, and the guards of the baked project."""
    guards = guards_of(project)
    app = Flask("stand-in")
    for rule in ("/v1/liveness", "/v1/commands", "/v1/auths", "/v1/do/<a>/<b>", "/elsewhere"):
        app.add_url_rule(rule, rule, lambda **_: "ok", methods=["GET", "POST"])
    guards.require_api_key(app, KEY)
    guards.allow_origins(app, ["http://localhost:7001"])
    return app


@pytest.mark.parametrize("path", ["/v1/commands", "/v1/auths", "/v1/do/smtp/SendEmail"])
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


def test_cors_lets_only_the_configured_origins_read(app: Flask) -> None:
    client = app.test_client()
    allowed = client.get("/v1/liveness", headers={"Origin": "http://localhost:7001"})
    other = client.get("/v1/liveness", headers={"Origin": "http://evil.example"})

    assert allowed.headers["Access-Control-Allow-Origin"] == "http://localhost:7001"
    assert "Spiff-Connector-Proxy-Api-Key" in allowed.headers["Access-Control-Allow-Headers"]
    assert allowed.headers["Vary"] == "Origin"  # a cache must not serve it to another origin
    assert "Access-Control-Allow-Origin" not in other.headers


def test_settings_come_from_the_prefixed_environment(project: Path) -> None:
    environment = {
        "CONNECTOR_PROXY_API_KEY": KEY,
        "CONNECTOR_PROXY_SECRET_KEY": "flask-sessions",
        "CONNECTOR_PROXY_": "no name",
        "OTHER_CONNECTOR_PROXY_KEY": "not ours",
        "HOME": "/root",
    }

    assert guards_of(project).settings_from(environment) == {
        "API_KEY": KEY,
        "SECRET_KEY": "flask-sessions",
    }


@pytest.fixture
def create_app(project: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The baked proxy/app.py's create_app, with a blueprint of stand-in routes where the
    connector proxy's would be: the proxy itself cannot be installed from a package index."""
    blueprint = Blueprint("stand-in", __name__)
    for rule in ("/v1/liveness", "/v1/commands", "/v1/do/<a>/<b>"):
        blueprint.add_url_rule(rule, rule.replace("/", "_"), lambda **_: "ok", methods=["POST"])
    stand_in = ModuleType("spiffworkflow_proxy.blueprint")
    stand_in.proxy_blueprint = blueprint  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "spiffworkflow_proxy", ModuleType("spiffworkflow_proxy"))
    monkeypatch.setitem(sys.modules, "spiffworkflow_proxy.blueprint", stand_in)
    monkeypatch.syspath_prepend(str(project))
    for name in ("proxy", "proxy.app", "proxy.guards"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return importlib.import_module("proxy.app").create_app


def test_the_app_needs_the_key_only_when_one_is_set(create_app: Any) -> None:
    open_app = create_app({}).test_client()
    guarded = create_app({"CONNECTOR_PROXY_API_KEY": KEY}).test_client()

    assert open_app.post("/v1/do/smtp/SendEmail").status_code == 200
    # SpiffArena sends its key whenever it has one, also to a proxy that needs none.
    any_key = {"Spiff-Connector-Proxy-Api-Key": "whatever"}
    assert open_app.post("/v1/do/smtp/SendEmail", headers=any_key).status_code == 200
    assert guarded.post("/v1/do/smtp/SendEmail").status_code == 401
    headers = {"Spiff-Connector-Proxy-Api-Key": KEY}
    assert guarded.post("/v1/do/smtp/SendEmail", headers=headers).status_code == 200


def test_the_app_reads_its_origins_and_settings_from_the_environment(create_app: Any) -> None:
    app = create_app(
        {
            "CONNECTOR_PROXY_CORS_ORIGINS": " http://a.example , ,http://b.example",
            "CONNECTOR_PROXY_SMTP_HOST": "mail.example.com",
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
    assert app.config["SMTP_HOST"] == "mail.example.com"


@pytest.mark.parametrize("python_min", choices("python_min"))
def test_the_dockerfile_lints_clean_and_runs_a_slim_image_as_a_user(
    bake_once: Bake, python_min: str
) -> None:
    dockerfile = project_path(bake_once({"python_min": python_min})) / "Dockerfile"

    lint = subprocess.run([HADOLINT, dockerfile], capture_output=True, text=True, check=False)

    assert lint.returncode == 0, lint.stdout + lint.stderr
    text = dockerfile.read_text(encoding="utf-8")
    newest = pythons_from(python_min)[-1]
    assert re.findall(r"^FROM (\S+)", text, flags=re.MULTILINE) == [f"python:{newest}-slim"] * 2
    assert re.search(r"^USER [1-9]\d*$", text, flags=re.MULTILINE)
    assert "/v1/liveness" in text.split("HEALTHCHECK", 1)[1]
    assert "EXPOSE 7004" in text


def test_the_image_gets_only_what_it_needs(project: Path) -> None:
    ignored = (project / ".dockerignore").read_text(encoding="utf-8").splitlines()

    assert ignored[1] == "*", "everything is left out unless named"
    assert {line for line in ignored if line.startswith("!")} == {
        "!pyproject.toml",
        "!README.md",
        "!src/",
        "!proxy/",
    }


def test_the_release_workflow_is_pinned_and_least_privileged(project: Path) -> None:
    workflow_file = project / ".github" / "workflows" / "release.yml"
    workflow = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))

    lint = run_actionlint(workflow_file)
    assert lint.returncode == 0, lint.stdout
    assert workflow[True]["push"]["tags"] == ["v*"]
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["pypi"]["permissions"] == {"id-token": "write"}
    assert jobs["pypi"]["environment"] == "pypi"
    assert jobs["image"]["permissions"] == {"contents": "read", "packages": "write"}
    assert "permissions" not in jobs["package"]
    uses = [
        step["uses"].split(" ")[0]
        for job in jobs.values()
        for step in job["steps"]
        if "uses" in step
    ]
    assert len(uses) == 8 and all(PINNED_ACTION.match(action) for action in uses), uses


def test_the_proxy_group_pins_the_proxy_to_a_commit(project: Path) -> None:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))

    group = pyproject["dependency-groups"]["proxy"]

    proxy = re.compile(
        r"spiffworkflow-proxy @ git\+https://github\.com/sartography/spiffworkflow-proxy@[0-9a-f]{40}"
    )
    assert any(proxy.fullmatch(requirement) for requirement in group), group
    assert all("==" in requirement for requirement in group if " @ " not in requirement)
    assert "proxy" not in pyproject["project"].get("optional-dependencies", {})


def test_the_package_needs_no_proxy_to_install(project: Path, tmp_path: Path) -> None:
    build = "import sys; from poetry.core.masonry.api import build_wheel; build_wheel(sys.argv[1])"
    subprocess.run([sys.executable, "-c", build, tmp_path], cwd=project, check=True)
    [wheel] = tmp_path.glob("*.whl")

    metadata = next(
        zipfile.ZipFile(wheel).read(name).decode()
        for name in zipfile.ZipFile(wheel).namelist()
        if name.endswith("/METADATA")
    )

    requirements = [line for line in metadata.splitlines() if line.startswith("Requires-Dist")]
    assert not [line for line in requirements if "proxy" in line.lower() or "git+" in line]
    assert not any(name.startswith("proxy/") for name in zipfile.ZipFile(wheel).namelist())
