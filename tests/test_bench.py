"""The benchmark keeps working: a small run produces every figure, the benchmark each example's
bake carries included, and accounts for every call. It never fails on a time: that is for a
person to read."""

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from bake_matrix import Bake, project_path
from template_paths import EXAMPLES, TEMPLATE_ROOT

from template_helpers.template_data import choices, example_settings


@pytest.mark.slowest
def test_a_quick_benchmark_run_reports_every_figure(tmp_path: Path) -> None:
    output = tmp_path / "bench.json"

    run = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--json", str(output)],
        cwd=TEMPLATE_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    figures = json.loads(output.read_text())["figures"]
    commands = [
        example_settings(example)["command_class"]
        for example in choices("example")
        if list((EXAMPLES / example / "tests").glob("benchmark_*.py"))
    ]
    assert len(commands) >= 2
    assert [figure["figure"].split(" ")[0].rstrip(",:") for figure in figures] == [
        "bake",
        "generated",
        *commands,
    ]
    assert all(isinstance(figure["met"], bool) for figure in figures)


def baked_benchmark(bake_once: Bake, example: str) -> Iterator[ModuleType]:
    """The benchmark module of the example's bake, imported as its script imports it (and
    forgotten again with what it imported, which another bake names alike)."""
    project = project_path(bake_once({"example": example}))
    [path] = (project / "tests").glob("benchmark_*.py")
    modules_before = set(sys.modules)
    sys.path[:0] = [str(project / "src"), str(project / "tests")]
    try:
        spec = importlib.util.spec_from_file_location(f"benchmark_{example}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.path[:2]
        for name in set(sys.modules) - modules_before:
            del sys.modules[name]


@pytest.fixture
def smtp_benchmark(bake_once: Bake) -> Iterator[ModuleType]:
    yield from baked_benchmark(bake_once, "smtp")


@pytest.fixture
def http_benchmark(bake_once: Bake) -> Iterator[ModuleType]:
    yield from baked_benchmark(bake_once, "http")


class Arrived:
    def __init__(self, message_id: str, recipients: list[str]) -> None:
        self.message = {"Message-ID": message_id}
        self.rcpt_tos = recipients


def test_the_smtp_accounting_fails_loudly_on_a_lost_duplicated_or_misrouted_message(
    smtp_benchmark: ModuleType,
) -> None:
    recipients, account_for = smtp_benchmark.RECIPIENTS, smtp_benchmark.account_for
    sent = ["<1@x>", "<2@x>"]

    account_for(sent, [Arrived(m, recipients) for m in sent])
    for arrived in (
        [Arrived("<1@x>", recipients)],
        [Arrived(m, recipients) for m in [*sent, "<2@x>"]],
        [Arrived("<1@x>", recipients), Arrived("<2@x>", recipients[:1])],
    ):
        with pytest.raises(SystemExit):
            account_for(sent, arrived)


def test_the_http_accounting_fails_loudly_on_a_lost_or_crossed_answer(
    http_benchmark: ModuleType,
) -> None:
    account_for = http_benchmark.account_for

    account_for([0, 1, 2], [2, 0, 1], 3)
    for answers, arrived in (([0, 1, 2], [0, 1]), ([0, 1, 2], [0, 1, 1]), ([0, 2, 1], [0, 1, 2])):
        with pytest.raises(SystemExit):
            account_for(answers, arrived, 3)
