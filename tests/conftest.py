"""Shared fixtures: a session-wide bake cache, so each variant is baked once per worker; and the
slowest tests first."""

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked `slowest` first: workers take tests in this order, and a minute-long test
    taken last kept one worker busy for 84 s after the other had finished."""
    items.sort(key=lambda item: item.get_closest_marker("slowest") is None)
