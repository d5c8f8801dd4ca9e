"""Shared fixtures: a session-wide bake cache, so each variant is baked once per worker."""

from typing import Any

import pytest
from bake_matrix import Bake


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
