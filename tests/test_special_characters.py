"""Free text with quotes, backslashes, non-ASCII or Jinja-looking text still bakes into valid
TOML and Python, and keeps the text as cookiecutter received it."""

import py_compile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from generated_project import run_tool

SPECIAL_TEXT = [
    pytest.param('The "best" connector', id="double-quotes"),
    pytest.param("O'Brien's connector", id="apostrophes"),
    pytest.param("C:\\new\\table\\", id="backslashes"),
    pytest.param("Zoë Ångström, 東京", id="non-ascii"),
    pytest.param("Ship it 🚀", id="emoji"),
    pytest.param("tab\tinside", id="tab"),
    pytest.param('""" \'\'\' \\"', id="triple-quotes"),
    pytest.param("{{ cookiecutter.connector_name }} rocks", id="jinja-expression"),
    pytest.param("{% raw %}{{ literal }}{% endraw %}", id="jinja-raw"),
]


@pytest.mark.parametrize("field", ["description", "author_name"])
@pytest.mark.parametrize("text", SPECIAL_TEXT)
def test_text_is_kept_and_everything_stays_valid(
    cookies: Any, tmp_path: Path, field: str, text: str
) -> None:
    result = cookies.bake(extra_context={field: text, "example": "blank"})

    assert result.exception is None, result.exception
    # With --no-input, cookiecutter renders overrides as Jinja first: compare with what it kept.
    received = result.context[field]
    project = result.project_path
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    if field == "description":
        assert pyproject["project"]["description"] == received
        assert received in (project / "README.md").read_text(encoding="utf-8")
    else:
        assert pyproject["project"]["authors"][0]["name"] == received
    for path in project.rglob("*.py"):
        py_compile.compile(str(path), cfile=str(tmp_path / "compiled.pyc"), doraise=True)


def test_special_text_everywhere_still_passes_the_project_checks(cookies: Any) -> None:
    text = 'Zoë "Q" O\'Brien \\ 🚀 {{ 6 * 7 }}'
    result = cookies.bake(
        extra_context={"connector_name": text, "description": text, "author_name": text}
    )

    assert result.exception is None, result.exception
    assert result.project_path.name == "connector-zoe-q-o-brien-42"
    for command in (("ruff", "check", "--no-cache", "."), ("mypy",)):
        run = run_tool(result.project_path, *command)
        assert run.returncode == 0, run.stdout + run.stderr
