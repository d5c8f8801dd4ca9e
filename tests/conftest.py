"""Shared fixtures: a session-wide bake cache, so each variant is baked once per worker."""

import sys
from typing import Any

import pytest
from bake_matrix import Bake
from template_paths import HOOKS, TEMPLATE_ROOT

# naming_rules and the Jinja helpers (template root) and project_layout (hooks), for the unit tests.
sys.path[:0] = [str(TEMPLATE_ROOT), str(HOOKS)]


@pytest.fixture(scope="session")
def bake_once(cookies_session: Any) -> Bake:
    """Bake a context once per session and hand out the same result afterwards."""
    results: dict[tuple[tuple[str, str], ...], Any] = {}

    def bake(context: dict[str, str]) -> Any:
        key = tuple(sorted(context.items()))
        if key not in results:
            results[key] = cookies_session.bake(extra_context=context)
        return results[key]

    return bake
