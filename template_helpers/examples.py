"""How the chosen example reaches a new project: every file of `examples/<example>/` but its
settings file lands at the same place in the project, its path and its text rendered the way
cookiecutter renders the project's own files. The post-generation hook calls `add_example`."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined

from template_helpers.jinja_extension import TemplateHelpers
from template_helpers.template_data import EXAMPLES, SETTINGS_FILE


def example_files(example: str) -> list[Path]:
    """The files `example` adds to a project, relative to its folder (their names still hold
    Jinja): every file of the folder but its settings."""
    folder = EXAMPLES / example
    return sorted(
        path.relative_to(folder)
        for path in folder.rglob("*")
        if path.is_file() and path.name != SETTINGS_FILE and "__pycache__" not in path.parts
    )


def add_example(context: Mapping[str, Any], project: Path) -> None:
    """Write the files of the example the answers in `context` chose into `project`.

    As cookiecutter renders the project's own files: the answers are `cookiecutter`, the
    template's filters are there, an unknown name is an error, a file keeps its last line break,
    and a file whose name renders to nothing is not written.
    """
    environment = Environment(
        undefined=StrictUndefined, keep_trailing_newline=True, extensions=[TemplateHelpers]
    )
    folder = EXAMPLES / context["example"]
    for relative in example_files(context["example"]):
        name = environment.from_string(relative.as_posix()).render(cookiecutter=context)
        if not name or name.endswith("/"):  # its name rendered to nothing
            continue
        source = (folder / relative).read_text(encoding="utf-8")
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(environment.from_string(source).render(cookiecutter=context), "utf-8")
