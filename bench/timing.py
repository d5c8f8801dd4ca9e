"""Timing helpers: medians of interleaved runs, after a warm-up, and the figure that compares
two of them."""

import statistics
from collections.abc import Callable
from typing import Any


def interleaved(runs: int, measures: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Median of `runs` runs of each measure, after one warm-up, taking turns so that a slower
    moment of a shared machine falls on both sides alike."""
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for round_number in range(runs + 1):
        for name, measure in measures.items():
            seconds = measure()
            if round_number:
                samples[name].append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}


def ratio_figure(
    figure: str, medians: dict[str, float], ours: str, baseline: str, target: float = 1.10
) -> dict[str, Any]:
    """The benchmark's row for `ours` against `baseline`: both medians, their ratio, the target."""
    ratio = medians[ours] / medians[baseline]
    return {
        "figure": figure,
        "value": f"{medians[ours]:.2f} s vs {medians[baseline]:.2f} s",
        "ratio": round(ratio, 3),
        "target": f"ratio <= {target:.2f}",
        "met": ratio <= target,
    }
