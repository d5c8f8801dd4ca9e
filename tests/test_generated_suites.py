"""A baked project's own test suite passes (against real servers, for the worked examples): once
per example and protocol, and for the names at the edges of the rules (bake_matrix.py says why
not for every Python)."""

import re

import pytest
from bake_matrix import SUITE_VARIANTS, Bake, Variant, project_path, variant_params
from generated_project import run_tool


@pytest.mark.parametrize("variant", variant_params(SUITE_VARIANTS))
def test_its_own_test_suite_passes(bake_once: Bake, variant: Variant) -> None:
    project = project_path(bake_once(variant.context))

    run = run_tool(project, "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q")

    assert run.returncode == 0, run.stdout + run.stderr
    passed = re.search(r"(\d+) passed", run.stdout)
    assert passed and int(passed.group(1)) >= 10, run.stdout
    assert "failed" not in run.stdout and "skipped" not in run.stdout
