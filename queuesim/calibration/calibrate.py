"""The one factor the log cannot show, calibrated by simulation.

Capacity is measured where customers waited (see :mod:`queuesim.calibration.counters`); what
share of it a counter really offers across a whole period, outside those instants, the log
cannot tell. The fitted hall's profile is therefore ``factor`` × measured capacity, and the
factor is chosen so that the simulated hall reproduces the observed mean wait of the *fitting*
days: a bisection on the factor (the mean wait falls as capacity grows), every candidate
simulated with the same seed (common random numbers, so candidates differ by their capacity
only, not by their luck). Times in minutes.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from ..loader import load_scenario
from ..runner import simulate

LOW, HIGH = 0.3, 3.0
"""Range searched for the factor."""
TOLERANCE = 0.02
"""Relative gap between simulated and observed mean wait at which the search stops."""
EVALUATIONS = 6
"""Most candidate factors simulated."""


def observed_kpis(visits: pd.DataFrame, hours: tuple[int, int]) -> pd.DataFrame:
    """Per day, the KPIs the calibration matches, defined as :mod:`queuesim.metrics` does:
    ``wait_mean`` (served customers' mean wait, minutes) and ``abandon_rate`` (gave up, or
    were not there when called, over joined)."""
    inside = visits[(visits["joined"] >= hours[0]) & (visits["joined"] < hours[1])
                    & (visits["outcome"] != "balked")]
    served = inside[inside["outcome"] == "served"]
    wait = (served["start"] - served["joined"]).groupby(served["day"]).mean()
    abandoned = (inside["outcome"] == "abandoned").groupby(inside["day"]).mean()
    return pd.DataFrame({"wait_mean": wait, "abandon_rate": abandoned})


def simulated_kpis(mapping: dict, replications: int, seed: int,
                   workers: int | None) -> dict[str, float]:
    """Mean over replications of the simulated ``wait_mean`` and ``abandon_rate``."""
    results = simulate(load_scenario(mapping), replications, seed, workers)
    overall = results.kpis["overall"]
    return {"wait_mean": float(overall["wait_mean"].mean()),
            "abandon_rate": float(overall["abandon_rate"].mean())}


def calibrate_factor(build: Callable[[float], dict], target_wait: float, replications: int,
                     seed: int = 0, workers: int | None = None) -> tuple[float, list[dict]]:
    """The factor whose simulated mean wait is closest to ``target_wait`` (minutes), and the
    trace of every candidate tried (``factor``, ``wait_mean``, ``abandon_rate``).

    ``build(factor)`` gives the scenario mapping. The search starts at 1 (the capacity as
    measured), then moves by the secant of log(wait) against the factor, kept inside the
    bracket found so far (bisection when the secant leaves it); it stops within
    ``TOLERANCE`` or after ``EVALUATIONS`` candidates. Candidates giving the same mapping (the
    profile is rounded to whole counters) are simulated once.
    """
    trace: list[dict] = []
    seen: dict[str, dict] = {}

    def gap(factor: float) -> float:
        mapping = build(factor)
        key = repr(mapping["counters"])
        if key not in seen:
            seen[key] = simulated_kpis(mapping, replications, seed, workers)
        trace.append({"factor": factor, **seen[key]})
        return math.log(max(seen[key]["wait_mean"], 1e-6) / target_wait)

    low, high = LOW, HIGH  # wait above target at low capacity, below at high
    factor, previous = 1.0, None
    for _ in range(EVALUATIONS):
        value = gap(factor)
        if abs(value) <= TOLERANCE:
            break
        if value > 0:
            low = max(low, factor)
        else:
            high = min(high, factor)
        factor, previous = _next(factor, value, previous, low, high), (factor, value)
    best = min(trace, key=lambda row: abs(math.log(max(row["wait_mean"], 1e-6) / target_wait)))
    return best["factor"], trace


def _next(factor: float, value: float, previous: tuple[float, float] | None, low: float,
          high: float) -> float:
    """The next candidate: the secant's root inside the bracket, else the bracket's geometric
    middle once both ends are known, else 15 % more (or less) capacity."""
    step = _secant(previous, (factor, value))
    if step is not None and low < step < high:
        return step
    if low > LOW and high < HIGH:
        return math.sqrt(low * high)
    return min(max(factor * (1.15 if value > 0 else 1 / 1.15), LOW), HIGH)


def _secant(first: tuple[float, float] | None, second: tuple[float, float]) -> float | None:
    """Where the line through two (factor, gap) points crosses zero, if it does."""
    if first is None or first[1] == second[1]:
        return None
    (x0, y0), (x1, y1) = first, second
    return x1 - y1 * (x1 - x0) / (y1 - y0)
