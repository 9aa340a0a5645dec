"""CivDesk's timing benchmarks, run on demand with ``python -m benchmarks`` and never from pytest.

Every ``benchmarks/bench_*.py`` module exposes ``run() -> list[Row]``; ``python -m benchmarks``
imports each one it can and prints all their rows as one table against the targets.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One measured figure. ``target`` is shown as given (a number is read as "at most, in
    ``unit``"); ``passed`` is None for figures reported without a target."""

    name: str
    value: float
    unit: str
    target: str | float | None = None
    passed: bool | None = None


def at_most(name: str, value: float, unit: str, limit: float | None) -> Row:
    """A row judged against an upper limit (no limit: reported only)."""
    if limit is None:
        return Row(name, value, unit)
    return Row(name, value, unit, f"≤ {limit:g} {unit}", value <= limit)


def time_ms(fn: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    """Wall-clock milliseconds of ``repeat`` calls of ``fn`` after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return times


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def percentile(xs: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank), e.g. p=99."""
    ordered = sorted(xs)
    rank = max(1, min(len(ordered), -(-len(ordered) * p // 100)))
    return ordered[int(rank) - 1]


__all__ = ["Row", "at_most", "median", "percentile", "time_ms"]
