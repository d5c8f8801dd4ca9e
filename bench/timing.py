"""Timing: medians of interleaved runs, after a warm-up."""

import statistics
from collections.abc import Callable


def interleaved(
    runs: int, measures: dict[str, Callable[[], float]], warm_up: bool = True
) -> dict[str, float]:
    """Median of `runs` runs of each measure, after one warm-up unless told not to, taking turns
    so that a slower moment of a shared machine falls on both sides alike."""
    samples: dict[str, list[float]] = {name: [] for name in measures}
    warm_up_rounds = 1 if warm_up else 0
    for round_number in range(warm_up_rounds + runs):
        for name, measure in measures.items():
            seconds = measure()
            if round_number >= warm_up_rounds:
                samples[name].append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}
