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

import numpy as np
import pandas as pd

from ..loader import load_scenario
from ..runner import simulate

LOW, HIGH = 0.4, 2.5
"""Range searched for the factor."""
STEPS = 7
"""Bisection steps: the range shrinks to (HIGH − LOW) / 2⁷ ≈ 0.016."""


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

    ``build(factor)`` gives the scenario mapping; candidates giving the same mapping (the
    profile is rounded to whole counters) are simulated once.
    """
    trace: list[dict] = []
    seen: dict[str, dict] = {}
    low, high = LOW, HIGH
    for _ in range(STEPS):
        middle = math.sqrt(low * high)
        mapping = build(middle)
        key = repr(mapping["counters"])
        if key not in seen:
            seen[key] = simulated_kpis(mapping, replications, seed, workers)
        trace.append({"factor": middle, **seen[key]})
        if seen[key]["wait_mean"] > target_wait:
            low = middle
        else:
            high = middle
    best = min(trace, key=lambda row: abs(np.log(max(row["wait_mean"], 1e-9) / target_wait)))
    return best["factor"], trace
