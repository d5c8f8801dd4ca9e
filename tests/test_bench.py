"""The benchmark keeps working: a small run produces every figure, each example's included, and
accounts for every call. It never fails on a time: that is for a person to read."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from template_paths import EXAMPLES, TEMPLATE_ROOT

from template_helpers.template_data import example_settings


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
        example_settings(path.parent.name)["command_class"] + ".execute"
        for path in sorted(EXAMPLES.glob("*/benchmark.py"))
    ]
    assert [figure["figure"].split(":")[0].split(" ")[0] for figure in figures] == [
        "bake",
        "generated",
        *commands,
    ]
    assert all(isinstance(figure["met"], bool) for figure in figures)


class Arrived:
    def __init__(self, message_id: str, recipients: list[str]) -> None:
        self.message = {"Message-ID": message_id}
        self.rcpt_tos = recipients


def test_the_accounting_fails_loudly_on_a_lost_duplicated_or_misrouted_message() -> None:
    sys.path.insert(0, str(TEMPLATE_ROOT / "bench"))
    from examples.smtp.benchmark import RECIPIENTS, account_for

    sent = ["<1@x>", "<2@x>"]
    account_for(sent, [Arrived(m, RECIPIENTS) for m in sent])
    for arrived in (
        [Arrived("<1@x>", RECIPIENTS)],
        [Arrived(m, RECIPIENTS) for m in [*sent, "<2@x>"]],
        [Arrived("<1@x>", RECIPIENTS), Arrived("<2@x>", RECIPIENTS[:1])],
    ):
        with pytest.raises(SystemExit):
            account_for(sent, arrived)
