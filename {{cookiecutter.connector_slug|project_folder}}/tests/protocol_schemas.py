"""The connector-proxy protocol's messages as JSON Schemas, and a check of a message against one.

SpiffArena publishes the protocol; tests/schemas/ holds one schema per message this connector
produces or receives, written from it: `commands` (GET /v1/commands, and catalog.json),
`envelope` (a protocol v2 answer), `accepted` (the 202 answer of execute_async), `callback` (the
body PUT to SpiffArena's callback URL){% if cookiecutter.protocol == 'v1' %} and `answer_v1` (a protocol v1 answer){% endif %}.
"""

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMAS = Path(__file__).parent / "schemas"
SUFFIX = ".schema.json"
# Each schema under its file name, which is how one refers to another.
REGISTRY: Registry[Any] = Registry().with_resources(
    (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8"))))
    for path in sorted(SCHEMAS.glob(f"*{SUFFIX}"))
)
NAMES = sorted(path.name.removesuffix(SUFFIX) for path in SCHEMAS.glob(f"*{SUFFIX}"))


def violations(name: str, message: Any) -> list[str]:
    """Where `message` breaks the schema `name`, one line each; none when it fits."""
    schema = REGISTRY.contents(name + SUFFIX)
    validator = Draft202012Validator(schema, registry=REGISTRY)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(the message)'}: {error.message}"
        for error in validator.iter_errors(message)
    ]


def assert_matches(name: str, message: Any) -> None:
    """`message` is a valid `name` message of the protocol, and JSON: it survives going through
    JSON unchanged (no NaN, no tuple, no key that is not text)."""
    found = violations(name, message)
    assert not found, f"not a valid {name} message of the protocol:\n" + "\n".join(found)
    try:
        survived = json.loads(json.dumps(message, allow_nan=False)) == message
    except (TypeError, ValueError) as error:
        raise AssertionError(f"the {name} message is not JSON: {error}") from None
    assert survived, f"the {name} message changes going through JSON: {message!r}"
