"""Each command's page in docs/ says what its code does: the parameters as the proxy lists them,
in order, with their types, whether they are required and their defaults; exactly the error codes
the command declares, each with when; and every secret a diagram that calls the command reads.

Parametrized over what discovery finds, so a command added later needs its page too.
"""

import inspect
import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from emulated_proxy import Command, commands_of, listing, parameters_of

PACKAGE = "{{ cookiecutter.__import_name }}"
PROJECT = Path(__file__).parent.parent
COMMANDS = commands_of(PACKAGE)
OPERATOR = "{http://spiffworkflow.org/bpmn/schema/1.0/core}serviceTaskOperator"


def page_of(command: Command) -> str:
    page = PROJECT / "docs" / f"{command.module.__name__}.md"
    assert page.is_file(), f"{command.id} needs its page, docs/{page.name}"
    return page.read_text(encoding="utf-8")


def table(page: str, heading: str) -> list[list[str]]:
    """The rows of the table under `## <heading>`, each as its cells, without the header."""
    assert f"\n## {heading}\n" in page, f"the page needs a section '## {heading}'"
    section = page.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def shown(default: object) -> str:
    """A default as the page shows it: as it is written in Python."""
    return f'"{default}"' if isinstance(default, str) else repr(default)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_the_page_lists_the_parameters_as_the_proxy_does(command: Command) -> None:
    signature = inspect.signature(command.cls)
    expected = [
        [
            f"`{parameter['id']}`",
            parameter["type"],
            "yes"
            if parameter["required"]
            else f"no (`{shown(signature.parameters[parameter['id']].default)}`)",
        ]
        for parameter in parameters_of(command.cls)
    ]

    documented = [row[:3] for row in table(page_of(command), "Parameters")]

    assert documented == expected


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_the_page_lists_exactly_the_declared_error_codes(command: Command) -> None:
    documented = {row[0].strip("`"): row[1] for row in table(page_of(command), "Error codes")}

    assert documented == command.module.ERROR_CODES


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_the_page_lists_the_length_limits_the_command_declares(command: Command) -> None:
    documented = {row[0].strip("`"): row[1] for row in table(page_of(command), "Limits")}

    limits = command.module.TEXT_LIMITS
    assert documented == {name: f"{limit:,}" for name, limit in limits.items()}


def test_every_secret_a_diagram_reads_is_on_the_page_of_the_command_it_calls() -> None:
    commands = {command.id: command for command in COMMANDS}
    for diagram in sorted((PROJECT / "bpmn").glob("*.bpmn")):
        for operator in ElementTree.parse(diagram).iter(OPERATOR):
            values = " ".join(str(p.get("value")) for p in operator.iter() if p.get("value"))
            page = page_of(commands[str(operator.get("id"))])
            for secret in re.findall(r"(?:secret:|SPIFF_SECRET:)(\w+)", values):
                assert f"`{secret}`" in page, f"{diagram.name} reads the secret {secret}"


def test_the_readme_calls_a_command_as_the_proxy_takes_it() -> None:
    # The proxy calls the class with the JSON object's keys: an unknown or a missing parameter
    # is an HTTP 500, and without the Content-Type header it answers 415.
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    [curl] = [block for block in readme.split("```sh\n") if block.startswith("curl -X POST")]
    words = shlex.split(curl.split("```", 1)[0].replace("\\\n", " "))
    headers = [words[at + 1] for at, word in enumerate(words) if word == "-H"]
    body = json.loads(words[words.index("-d") + 1])
    url = urlsplit(next(word for word in words if word.startswith("http://")))

    assert "Content-Type: application/json" in headers
    assert "Spiff-Connector-Proxy-Api-Key: change-me" in headers
    listed = {command["id"]: command["parameters"] for command in listing(PACKAGE)}
    parameters = listed[url.path.removeprefix("/v1/do/")]
    assert set(body) <= {parameter["id"] for parameter in parameters}, "an unknown parameter"
    assert {p["id"] for p in parameters if p["required"]} <= set(body), "a required one missing"
    types = {"str": str, "int": int, "bool": bool, "any": object}
    for parameter in [parameter for parameter in parameters if parameter["id"] in body]:
        assert isinstance(body[parameter["id"]], types[parameter["type"]]), parameter
