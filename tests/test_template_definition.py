"""cookiecutter.json and the default bake: what a person running the template sees."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from bake_matrix import Bake, project_path
from cookiecutter.environment import StrictEnvironment
from generated_project import run_actionlint, run_tool
from template_paths import EXAMPLES, PROJECT_TEMPLATE, TEMPLATE_ROOT

from template_helpers.template_data import choices, example_settings

CONTEXT = json.loads((TEMPLATE_ROOT / "cookiecutter.json").read_text(encoding="utf-8"))
QUESTIONS = [name for name in CONTEXT if not name.startswith("_")]
TEMPLATE_SOURCES = [
    path
    for folder in (PROJECT_TEMPLATE, EXAMPLES, TEMPLATE_ROOT / "hooks")
    for path in folder.rglob("*")
    if path.is_file() and "__pycache__" not in path.parts
]


def cookiecutter_cli(
    *arguments: str, answers: str | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cookiecutter", str(TEMPLATE_ROOT), *arguments]
    return subprocess.run(command, input=answers, capture_output=True, text=True, timeout=120)


def test_every_question_has_a_prompt() -> None:
    prompts = CONTEXT["__prompts__"]

    assert sorted(prompts) == sorted(QUESTIONS)
    for name, prompt in prompts.items():
        text = prompt["__prompt__"] if isinstance(prompt, dict) else prompt
        assert " " in text and "_" not in text.split("(")[0], f"{name}: say it in words"
        if isinstance(prompt, dict):
            assert sorted(set(prompt) - {"__prompt__"}) == sorted(CONTEXT[name]), name


def test_every_variable_is_used() -> None:
    sources = "\n".join(
        [path.as_posix() for path in TEMPLATE_SOURCES]
        + [path.read_text(encoding="utf-8") for path in TEMPLATE_SOURCES]
        + [json.dumps(CONTEXT)]
    )
    settings = {"__prompts__", "_extensions", "_copy_without_render"}
    variables = [name for name in CONTEXT if name not in settings]

    unused = [name for name in variables if not re.search(rf"cookiecutter\.{name}\b", sources)]

    assert unused == []


def test_the_default_bake_is_the_smtp_worked_example(tmp_path: Path) -> None:
    run = cookiecutter_cli("--no-input", "--output-dir", str(tmp_path))

    assert run.returncode == 0, run.stderr
    project = tmp_path / "connector-smtp"
    command = project / "src/connector_smtp/commands/sendEmail.py"
    assert "class SendEmail(ConnectorCommand):" in command.read_text(encoding="utf-8")
    assert "`smtp/SendEmail`" in (project / "README.md").read_text(encoding="utf-8")
    assert "command_response_version" in (project / "src/connector_smtp/protocol.py").read_text()
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["requires-python"] == ">=3.11"


def test_typed_answers_are_kept_exactly_as_typed(tmp_path: Path) -> None:
    # Unlike --no-input overrides, answers typed at a prompt are not rendered as Jinja.
    description = '{{ not jinja }} "quoted" O\'Brien \\ Zoë 🚀'
    # The first question is the example: its default, then a name, the slug derived from it.
    answers = "\n".join(["", "Mail Relay", "", description] + [""] * len(QUESTIONS)) + "\n"

    run = cookiecutter_cli("--output-dir", str(tmp_path), answers=answers)

    assert run.returncode == 0, run.stderr
    pyproject = tomllib.loads(
        (tmp_path / "connector-mail-relay" / "pyproject.toml").read_text("utf-8")
    )
    assert pyproject["project"]["description"] == description
    assert pyproject["project"]["name"] == "connector-mail-relay"


@pytest.mark.parametrize("example", choices("example"))
def test_generated_tools_are_the_versions_the_template_tests_with(
    bake_once: Bake, example: str
) -> None:
    pins = dict(
        line.split(";")[0].split("==")
        for requirements in ("requirements.txt", "requirements-test.txt")
        for line in (TEMPLATE_ROOT / requirements).read_text().splitlines()
        if "==" in line
    )
    pyproject = tomllib.loads(
        (project_path(bake_once({"example": example})) / "pyproject.toml").read_text("utf-8")
    )
    metadata = pyproject["project"]

    # Where a pin depends on the Python version, the last (newest Python's) is the one tested; a
    # runtime dependency's compatible range (~=) is tested at its lowest version.
    generated = dict(
        re.split("==|~=", requirement.split(";")[0])
        for requirement in metadata["dependencies"] + metadata["optional-dependencies"]["dev"]
    )

    assert generated == {name: pins[name] for name in generated}
    assert {"mypy", "pytest", "ruff", "hypothesis", "SpiffWorkflow"} <= set(generated)


def test_the_post_generation_hook_writes_the_same_files_again(tmp_path: Path) -> None:
    # cruft runs the hooks again on every update.
    run = cookiecutter_cli("--no-input", "--output-dir", str(tmp_path))
    assert run.returncode == 0, run.stderr
    project = tmp_path / "connector-smtp"
    before = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}

    again = cookiecutter_cli("--no-input", "--output-dir", str(tmp_path), "--overwrite-if-exists")

    assert again.returncode == 0, again.stderr
    assert {path: path.read_bytes() for path in project.rglob("*") if path.is_file()} == before


def test_ci_runs_the_readme_test_command() -> None:
    readme = (TEMPLATE_ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    ci_script = (TEMPLATE_ROOT / ".ci" / "run").read_text(encoding="utf-8")

    bake, test = quick_start.strip().splitlines()

    assert "cookiecutter --no-input ." in bake
    assert ci_script.strip().splitlines()[-1] == test


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "--no-cache", "."),
        ("ruff", "format", "--check", "--no-cache", "."),
        ("mypy",),
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_the_template_repository_passes_its_linters(command: tuple[str, ...]) -> None:
    run = run_tool(TEMPLATE_ROOT, *command)

    assert run.returncode == 0, run.stdout + run.stderr


def test_the_template_repository_has_its_own_ci_and_pre_commit() -> None:
    workflow_file = TEMPLATE_ROOT / ".github" / "workflows" / "ci.yml"
    workflow = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))
    pre_commit = yaml.safe_load((TEMPLATE_ROOT / ".pre-commit-config.yaml").read_text())

    steps = workflow["jobs"]["test"]["steps"]
    assert steps[-1]["run"] == "bash .ci/run"
    assert workflow["permissions"] == {"contents": "read"}
    assert {hook["id"] for repo in pre_commit["repos"] for hook in repo["hooks"]} == {
        "ruff-check",
        "ruff-format",
        "mypy",
    }
    lint = run_actionlint(workflow_file)
    assert lint.returncode == 0, lint.stdout


@pytest.mark.parametrize("example", choices("example"))
def test_the_default_answers_follow_the_chosen_example(bake_once: Bake, example: str) -> None:
    settings = example_settings(example)
    result = bake_once({"example": example})
    project = project_path(result)

    context = result.context
    assert context["connector_name"] == settings["connector_name"]
    assert context["command_class"] == settings["command_class"]
    assert (
        project.name
        == context["connector_slug"]
        == "connector-" + "-".join(re.findall(r"[a-z0-9]+", settings["connector_name"].lower()))
    )
    command_id = f"{context['__display_name']}/{settings['command_class']}"
    assert f"`{command_id}`" in (project / "README.md").read_text(encoding="utf-8")


def test_no_shared_file_speaks_of_one_example() -> None:
    shared = [
        path
        for folder in (PROJECT_TEMPLATE, TEMPLATE_ROOT / "hooks", TEMPLATE_ROOT / "add-command")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    # Each example's names and what it depends on.
    words = {
        word
        for settings in map(example_settings, choices("example"))
        for word in [
            settings["connector_name"],
            settings["command_class"],
            *(re.split(r"\W", dependency)[0] for dependency in settings["dependencies"]),
        ]
    }

    mentions = [
        f"{path.relative_to(TEMPLATE_ROOT)}: {word}"
        for path in shared
        for word in sorted(words)
        if re.search(rf"\b{word}\b", path.read_text(encoding="utf-8"), flags=re.IGNORECASE)
    ]

    assert mentions == []


@pytest.mark.parametrize("example", choices("example"))
def test_the_hooks_read_short_as_rendered(bake_once: Bake, example: str) -> None:
    # As cookiecutter renders a hook before it runs it (cookiecutter.hooks).
    context = {"cookiecutter": bake_once({"example": example}).context}
    environment = StrictEnvironment(context=context, keep_trailing_newline=True)

    for hook in sorted((TEMPLATE_ROOT / "hooks").glob("*.py")):
        rendered = environment.from_string(hook.read_text(encoding="utf-8")).render(**context)
        compile(rendered, hook.name, "exec")
        assert len(rendered.encode()) < 4000, hook.name
        assert max(len(line) for line in rendered.splitlines()) <= 100, hook.name
