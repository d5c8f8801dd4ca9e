"""An example is one folder: a copy of the blank example's folder under a new name, offered as a
new choice in cookiecutter.json, bakes a project that passes its own tests, ruff and mypy, and a
file of it whose name renders to nothing is not written. Nothing else of the template is edited,
and the copy counts the files a new example needs."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from generated_project import files_of, run_tool
from template_paths import EXAMPLES, copy_template


def test_a_copied_example_folder_is_a_new_working_example(tmp_path: Path) -> None:
    template = copy_template(tmp_path / "template")
    new_example = template / "examples" / "greeter"
    shutil.copytree(template / "examples" / "blank", new_example)
    settings = template / "cookiecutter.json"
    context = json.loads(settings.read_text(encoding="utf-8"))
    context["example"].append("greeter")
    settings.write_text(json.dumps(context, indent=2), encoding="utf-8")
    # A file only some answers need: Jinja in its name, as in the project's own folder.
    for protocol in ("v1", "v2"):
        name = f"{{% if cookiecutter.protocol == '{protocol}' %}}{protocol}.md{{% endif %}}"
        (new_example / "docs" / name).write_text("{{ cookiecutter.protocol }}\n")

    bake = subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--no-input", str(template), "example=greeter"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert bake.returncode == 0, bake.stdout + bake.stderr
    project = tmp_path / "connector-my-service"
    assert (project / "docs/v2.md").read_text() == "v2\n"
    assert not (project / "docs/v1.md").exists()
    assert "class MyCommand(ConnectorCommand):" in (
        project / "src/connector_my_service/commands/myCommand.py"
    ).read_text(encoding="utf-8")
    for command in (
        ("ruff", "check", "--no-cache", "."),
        ("ruff", "format", "--check", "--no-cache", "."),
        ("mypy",),
        ("pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q"),
    ):
        run = run_tool(project, *command)
        assert run.returncode == 0, run.stdout + run.stderr
    files_in_an_example = len(files_of(EXAMPLES / "blank"))
    print(f"\na new example is {files_in_an_example} files in one folder, plus one choice")
