"""Measure the template: bake time, the generated test suite, each example's own benchmark
(`examples/<name>/benchmark.py`, where there is one), and the template's own suite. Prints a
table and writes it as JSON.

Run it with the template's test environment (see README):

    .venv/bin/python bench/run.py                 # the full measurement
    .venv/bin/python bench/run.py --quick         # a small, fast run that only checks it works

Each figure is the median of several runs after a warm-up. Ratios compare two things measured
side by side, interleaved in the same run, since absolute times drift on a shared machine.
The benchmark fails only when a call goes missing or is answered wrongly, never on a time.
"""

import argparse
import importlib.util
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
EXAMPLES = ROOT / "examples"

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
        "target": "ratio <= 1.5",
        "met": ratio <= 1.5,
    }


def generated_project(work: Path) -> Path:
    elapsed(bake_command(ROOT, work / "project"), work)
    return work / "project" / "connector-smtp"


def bench_generated_suite(runs: int, project: Path) -> Figure:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    medians = interleaved(runs, {"suite": lambda: elapsed(command, project)})
    return {
        "figure": "generated SMTP project: pytest, whole process",
        "value": f"{medians['suite']:.2f} s",
        "target": "< 5 s",
        "met": medians["suite"] < 5,
    }


def example_benchmarks() -> list[Path]:
    return sorted(EXAMPLES.glob("*/benchmark.py"))


def bench_example(benchmark: Path, runs: int, calls: int, work: Path) -> Figure:
    """Bake the example as `connector-<example>` and run its benchmark's `compare`."""
    example = benchmark.parent.name
    answers = [f"example={example}", f"connector_name={example}"]
    elapsed([*bake_command(ROOT, work / example), *answers], work)
    project = work / example / f"connector-{example}"
    sys.path[:0] = [str(project / "src"), str(project / "tests")]
    spec = importlib.util.spec_from_file_location(f"{example}_benchmark", benchmark)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figure: Figure = module.compare(project, calls, runs)
    return figure


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
        figures = [bench_bake(bake_runs, work), bench_generated_suite(runs, project)]
        figures += [bench_example(path, runs, calls, work) for path in example_benchmarks()]
    if not (options.quick or options.skip_template_suite):
        figures.append(bench_template_suite())

    print_table(figures)
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps({"runs": runs, "figures": figures}, indent=2) + "\n")
    print(f"\nwritten to {options.json}")


if __name__ == "__main__":
    main()
