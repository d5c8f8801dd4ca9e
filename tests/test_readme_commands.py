"""Every command that a shell block of either README shows works as written: on a fresh copy of
this template, in fresh virtualenvs from the package index, prompts answered as a person would.
The template's README (quick start, the generated project, add-command, cruft) and the README of
the connector it bakes (develop, add a command) are read for their commands, so a README that
changes is tested as it now reads. A few commands need what no machine of this project has; they
are listed with the reason, and any other command that is not run fails the test.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest
from template_paths import copy_template

# Commands that cannot run here, each with why (matched on the command's text).
CANNOT_RUN = {
    ".venv/bin/python -m pytest": "the template's own suite: CI runs it through .ci/run",
    "--group proxy": "installs spiffworkflow-proxy from GitHub, which no machine here can reach",
    "gunicorn": "needs that proxy installed; it was run by hand against the real proxy",
    "docker ": "needs a container daemon",
    "curl ": "calls that proxy, running",
}
PLACEHOLDERS = ("<path-or-url-of-this-template>", "<git-url-or-path-of-this-template>")


def shell_commands(readme: Path) -> list[tuple[str, str]]:
    """(section, command) for each command of the README's ```sh blocks, in order: a line, with
    the lines it continues onto (a trailing backslash)."""
    commands, section, in_block, continued = [], "", False, ""
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line.removeprefix("## ")
        elif line.startswith("```"):
            in_block = line == "```sh"
        elif in_block and line.endswith("\\"):
            continued += line.removesuffix("\\")
        elif in_block and line.strip():
            commands.append((section, continued + line))
            continued = ""
    return commands


class Terminal:
    """Runs README lines one by one, like a person at a shell: each starts where the last one
    `cd`-ed to, and gets its own answers on standard input."""

    def __init__(self, folder: Path, placeholders: dict[str, str]) -> None:
        self.folder = folder
        self.placeholders = placeholders
        self.ran: list[str] = []
        self.environment = {
            **os.environ,
            # A fresh machine's git has no identity: give the commit in the README one.
            "GIT_AUTHOR_NAME": "README Reader",
            "GIT_AUTHOR_EMAIL": "reader@example.com",
            "GIT_COMMITTER_NAME": "README Reader",
            "GIT_COMMITTER_EMAIL": "reader@example.com",
        }
        for name in ("VIRTUAL_ENV", "PYTHONPATH", "PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST"):
            self.environment.pop(name, None)

    def run(self, command: str, answers: str = "") -> subprocess.CompletedProcess[str]:
        written = command
        for placeholder, value in self.placeholders.items():
            command = command.replace(placeholder, value)
        where = self.folder / ".where"
        done = subprocess.run(
            ["bash", "-c", f"{command}\nstatus=$?\npwd > {where}\nexit $status"],
            cwd=self.folder,
            input=answers,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, f"{written}\n{done.stdout}\n{done.stderr}"
        self.folder = Path(where.read_text().strip())
        where.unlink()
        self.ran.append(written)
        return done


def cannot_run(command: str) -> bool:
    return any(text in command for text in CANNOT_RUN)


@pytest.mark.slowest
@pytest.mark.xdist_group("readme-commands")
def test_every_readme_command_works_as_written(tmp_path: Path) -> None:
    template = copy_template(tmp_path / "template")
    for git in (["init", "-q"], ["add", "--all"], ["commit", "-qm", "template"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *git],
            cwd=template,
            check=True,
        )
    readme = shell_commands(template / "README.md")
    steps = {section: [c for s, c in readme if s == section] for section, _ in readme}
    placeholders = dict.fromkeys(PLACEHOLDERS, str(template))

    # Quick start, from the clone: it bakes ../connector-smtp and says what to do next.
    shell = Terminal(template, placeholders)
    for command in steps["Quick start"]:
        if not cannot_run(command):
            baked = shell.run(command)
            assert "Created" in baked.stdout and "connector-smtp" in baked.stdout
    project = tmp_path / "connector-smtp"

    # The generated project, as the template's README and the project's own README say.
    in_project = Terminal(project, placeholders)
    for command in steps["What you get"]:
        in_project.run(command)
    generated = shell_commands(project / "README.md")
    for _, command in generated:
        if cannot_run(command) or command in in_project.ran:
            continue
        answers = "GetStatus\n" if "add-command" in command else ""
        in_project.run(command, answers)
    assert (project / "src/connector_smtp/commands/getStatus.py").is_file()

    # Add a command, from the clone as the template's README says.
    for command in steps["Add a command to an existing connector"]:
        answers = "ListRecipients\n" if "add-command" in command else ""
        shell.run(command, answers)
    # That the project's suite passes with the commands added is test_add_command's.
    assert (project / "tests/test_listRecipients.py").is_file()

    # cruft, in a folder of its own, every question answered with its default.
    own_folder = tmp_path / "with-cruft"
    own_folder.mkdir()
    with_cruft = Terminal(own_folder, placeholders)
    for command in steps["Keep a connector up to date with the template"]:
        answers = "\n" * 20 if "cruft create" in command else ""
        with_cruft.run(command, answers)
    assert (own_folder / "connector-smtp" / ".cruft.json").is_file()

    every_command = [command for _, command in readme + generated]
    ran = set(shell.ran + in_project.ran + with_cruft.ran)
    not_run = [c for c in every_command if c not in ran and not cannot_run(c)]
    assert not_run == [], "README commands that no test runs"
    assert all(re.search(r"\S", reason) for reason in CANNOT_RUN.values())
