"""Timing: medians of interleaved runs, after a warm-up."""

import statistics
from collections.abc import Callable


def interleaved(
    runs: int, measures: dict[str, Callable[[], float]], warm_up: bool = True
) -> dict[str, float]:
    """Median of `runs` runs of each measure, after one warm-up unless told not to, taking turns
    so that a slower moment of a shared machine falls on both sides alike."""
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for round_number in range(runs + warm_up):
        for name, measure in measures.items():
            seconds = measure()
            if round_number >= warm_up:
                samples[name].append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}
