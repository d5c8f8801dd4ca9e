"""Whatever a BPMN author types, every command answers: hypothesis gives each parameter values
that fit it and, a quarter of the time, values of every JSON type (and a few that JSON cannot
carry, or carries only as an escape, like half a surrogate pair); `execute` never raises, its
result survives JSON in the protocol's shape, any error code is one the command declares in
ERROR_CODES, and a secret never comes back; the same for `execute_async`, where there is one.

Parametrized over the commands the proxy would discover, so a command added later is covered
without editing this file. Nothing leaves this machine: while it runs, every connection except
to one closed port on 127.0.0.1 is refused, and every host name but localhost is unknown.
"""

import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from command_results import assert_valid_response, error_of
from emulated_proxy import Command, commands_of, parameters_of
from hypothesis import given, settings
from hypothesis import strategies as st
from protocol_schemas import assert_matches

PACKAGE = "{{ cookiecutter.__import_name }}"
EXAMPLES_PER_COMMAND = 60
CALLBACK_URL = "http://127.0.0.1:9/api/v1.0/tasks/1/t/callback"
SECRET_WORDS = ("password", "secret", "token")

# Letters, digits and the characters that break things: quotes, escapes, line breaks, NUL,
# separators, non-ASCII, and what addresses, URLs and encoded words are made of. (A fixed
# alphabet also spares hypothesis building its Unicode tables, a second on a fresh machine.)
TEXT = st.text(alphabet="aZ09 \t\r\n\x00\x7f\u2028\u0663é東🚀\"'\\{}[]=?:;,.@<>/%&#-_", max_size=20)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
ODD_VALUES = st.sampled_from(
    [b"bytes", (1, 2), {1, 2}, 10**100, -(10**20), float("inf"), "\x00", "\u2028", "\ud800", " "]
)


def fitting_values(name: str, type_name: str, port: int) -> list[Any]:
    """Values that fit a parameter, guessed from the first word of this list in its name (or
    else its type), so that most calls get past the first checks and the deeper paths run."""
    by_word: dict[str, list[Any]] = {
        "host": ["127.0.0.1", "localhost"],
        "port": [port, str(port)],
        "url": [f"http://127.0.0.1:{port}/v1", f"https://localhost:{port}/v1?page=2"],
        "password": ["correct horse", None],
        "secret": ["s3cret-token", None],
        "user": ["ada", None],
        "to": ["ada@example.com", "Ada <ada@example.com>, bob@example.com"],
        "from": ["Reports <reports@example.com>"],
        "cc": ["carol@example.com", None],
        "method": ["GET", "post"],
        "key_header": ["X-API-Key"],
        "headers": [{"Accept": "application/json"}, None],
        "auth": ["none", "bearer", "basic", "api_key"],
        "timeout": [1, "2"],
    }
    by_type: dict[str, list[Any]] = {
        "str": ["hello", "Zoë 🚀", '{"page": 2}'],
        "int": [1, 3, "3"],
        "bool": [True, False, "false"],
        "any": ["hello", 1, None],
    }
    return next((values for word, values in by_word.items() if word in name), by_type[type_name])


def value_for(fitting: list[Any]) -> st.SearchStrategy[Any]:
    """Mostly a value that fits, else anything at all (hypothesis draws small numbers more
    often, so the roll that picks anything is the largest)."""
    anything = JSON_VALUES | ODD_VALUES
    fits = st.sampled_from(fitting)
    return st.integers(0, 3).flatmap(lambda roll: anything if roll == 3 else fits)


@pytest.fixture(scope="module")
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def only_this_machine(port: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse every connection but to 127.0.0.1:`port` (where nothing listens), and resolve
    no host name but localhost: whatever value a parameter gets, no call leaves this machine
    and none can hang."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in ("127.0.0.1", "localhost", b"127.0.0.1", b"localhost"):
            raise socket.gaierror(socket.EAI_NONAME, "unknown host in this test")
        return real_getaddrinfo("127.0.0.1", *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> None:
        if not (isinstance(address, tuple) and address[:2] == ("127.0.0.1", port)):
            raise ConnectionRefusedError(f"no connection to {address!r} in this test")
        real_connect(self, address)

    with monkeypatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        patch.setattr(socket.socket, "connect", connect)
        yield


COMMANDS = commands_of(PACKAGE)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.id)
def test_any_value_gets_an_answer_never_an_exception(
    command: Command, closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    declared = command.module.ERROR_CODES
    values = {
        p["id"]: value_for(fitting_values(p["id"], p["type"], closed_port))
        for p in parameters_of(command.cls)
    }
    required = {p["id"] for p in parameters_of(command.cls) if p["required"]}
    arguments = st.fixed_dictionaries(
        {name: values[name] for name in required},
        optional={name: value for name, value in values.items() if name not in required},
    )

    @settings(max_examples=EXAMPLES_PER_COMMAND, derandomize=True, database=None, deadline=None)
    @given(arguments=arguments)
    def answers(arguments: dict[str, Any]) -> None:
        result = command.cls(**arguments).execute({}, {})

        assert_valid_response(result)
        text = json.dumps(result)
        if '"error": null' not in text and '"error"' in text:
            assert error_of(result)["error_code"] in declared, error_of(result)
        if hasattr(command.cls, "execute_async"):
            # A proxy without settings: nothing is started, whatever the values.
            answer = command.cls(**arguments).execute_async({}, {}, callback_url=CALLBACK_URL)
            assert_matches("accepted", answer)
            assert answer["error"] is not None and answer["error"]["error_code"] in declared
            text += json.dumps(answer)
        for name, secret in arguments.items():
            others = [str(v) for key, v in arguments.items() if key != name]
            is_secret = any(word in name for word in SECRET_WORDS) and isinstance(secret, str)
            if is_secret and len(secret) >= 6 and not any(secret in other for other in others):
                assert secret not in text, f"{name} came back in the result"

    with only_this_machine(closed_port, monkeypatch):
        answers()
