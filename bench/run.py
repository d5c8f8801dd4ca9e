"""Measure the template: bake time, the generated test suite, the benchmark each example's bake
carries (`tests/benchmark_<command module>.py`, where there is one), and the template's own
suite. Prints a table and writes it as JSON.

Run it with the template's test environment (see README):

    .venv/bin/python bench/run.py                 # the full measurement
    .venv/bin/python bench/run.py --quick         # a small, fast run that only checks it works

Each figure is the median of several runs after a warm-up (a quick run does not warm up the
generated suite, its slowest). Ratios compare two things measured side by side, interleaved in
the same run, since absolute times drift on a shared machine.
The benchmark fails only when a call goes missing or is answered wrongly, never on a time.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from timing import interleaved

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from template_helpers.template_data import choices  # noqa: E402

# A bake against cookiecutter's one-file floor, and a command against the bare library it calls.
BAKE_RATIO_TARGET = 2.0
COMMAND_RATIO_TARGET = 1.15

Figure = dict[str, Any]


def elapsed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall time of a whole process, which must succeed."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def write_one_file_template(folder: Path) -> Path:
    """The floor: a template with one variable, one file and no hooks."""
    (folder / "{{cookiecutter.name}}").mkdir(parents=True)
    (folder / "cookiecutter.json").write_text('{"name": "floor"}\n')
    (folder / "{{cookiecutter.name}}" / "README.md").write_text("# {{ cookiecutter.name }}\n")
    return folder


def bake_command(template: Path, output: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "cookiecutter",
        "--no-input",
        "-f",
        str(template),
        "-o",
        str(output),
    ]


def bench_bake(runs: int, work: Path) -> Figure:
    floor = write_one_file_template(work / "one-file-template")
    medians = interleaved(
        runs,
        {
            "connector": lambda: elapsed(bake_command(ROOT, work / "baked"), work),
            "one-file": lambda: elapsed(bake_command(floor, work / "floor"), work),
        },
    )
    ratio = medians["connector"] / medians["one-file"]
    return {
        "figure": "bake: cookiecutter --no-input, whole process",
        "value": f"{medians['connector']:.3f} s vs {medians['one-file']:.3f} s one-file floor",
        "ratio": round(ratio, 3),
        "target": f"ratio <= {BAKE_RATIO_TARGET}",
        "met": ratio <= BAKE_RATIO_TARGET,
    }


def generated_project(work: Path) -> Path:
    """The default bake."""
    elapsed(bake_command(ROOT, work / "project"), work)
    [project] = (work / "project").iterdir()
    return project


def bench_generated_suite(runs: int, project: Path, warm_up: bool) -> Figure:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    medians = interleaved(runs, {"suite": lambda: elapsed(command, project)}, warm_up)
    return {
        "figure": f"generated project ({choices('example')[0]}): pytest, whole process",
        "value": f"{medians['suite']:.2f} s",
        "target": "< 5 s",
        "met": medians["suite"] < 5,
    }


def bench_examples(quick: bool, runs: int, calls: int, work: Path) -> list[Figure]:
    """Bake each example and run the benchmarks its project carries."""
    figures = []
    for example in choices("example"):
        elapsed([*bake_command(ROOT, work / example), f"example={example}"], work)
        [project] = (work / example).iterdir()
        for benchmark in sorted(project.glob("tests/benchmark_*.py")):
            size = ["--quick"] if quick else ["--calls", str(calls), "--runs", str(runs)]
            environment = {**os.environ, "PYTHONPATH": str(project / "src")}
            done = subprocess.run(
                [sys.executable, str(benchmark), *size],
                cwd=project,
                env=environment,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise SystemExit(f"{benchmark.name} failed:\n{done.stdout}\n{done.stderr}")
            measured = json.loads(done.stdout.splitlines()[-1])
            ratio = measured["ratio"]
            figures.append(
                {
                    "figure": measured["figure"],
                    "value": f"{measured['command']:.2f} s vs {measured['baseline']:.2f} s",
                    "ratio": ratio,
                    # A benchmark may name its own goal; else the command's cost over the bare
                    # library it calls.
                    "target": measured.get("target", f"ratio <= {COMMAND_RATIO_TARGET}"),
                    "met": measured.get("met", ratio <= COMMAND_RATIO_TARGET),
                    **({"details": measured["details"]} if "details" in measured else {}),
                }
            )
    return figures


def bench_template_suite() -> Figure:
    environment = {**os.environ, "CI": "true"}
    seconds = elapsed([sys.executable, "-m", "pytest", "-q"], ROOT, environment)
    return {
        "figure": "the template's own suite, as CI runs it (pytest -n auto)",
        "value": f"{seconds:.0f} s",
        "target": "< 180 s",
        "met": seconds < 180,
    }


def print_table(figures: list[Figure]) -> None:
    rows = [("figure", "measured", "ratio", "target", "met")]
    rows += [
        (f["figure"], f["value"], str(f.get("ratio", "")), f["target"], "yes" if f["met"] else "NO")
        for f in figures
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few runs and calls, no suite")
    parser.add_argument("--runs", type=int, help="measured runs per figure (default 5, quick 1)")
    parser.add_argument(
        "--bake-runs", type=int, help="measured bakes (default 25, quick 3): short and noisy"
    )
    parser.add_argument("--calls", type=int, help="calls per side (default 1000, quick 50)")
    parser.add_argument("--skip-template-suite", action="store_true")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    options = parser.parse_args()
    runs = options.runs or (1 if options.quick else 5)
    calls = options.calls or (50 if options.quick else 1000)
    bake_runs = options.bake_runs or (3 if options.quick else 25)

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        project = generated_project(work)
        # A quick run checks that the benchmark works: the suite's warm-up would only double it.
        figures = [
            bench_bake(bake_runs, work),
            bench_generated_suite(runs, project, warm_up=not options.quick),
        ]
        figures += bench_examples(options.quick, runs, calls, work)
    if not (options.quick or options.skip_template_suite):
        figures.append(bench_template_suite())

    print_table(figures)
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps({"runs": runs, "figures": figures}, indent=2) + "\n")
    print(f"\nwritten to {options.json}")


if __name__ == "__main__":
    main()
