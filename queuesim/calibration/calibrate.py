"""The one factor the log cannot show, calibrated by simulation — per part of the day.

Capacity is measured where customers waited (see :mod:`queuesim.calibration.counters`); what
share of it a counter really offers across a whole period, outside those instants, the log
cannot tell. The busy-time measure is biased where agents log in and out within a period (at
the opening and towards closing): customers wait mostly at the instants when fewer agents are
on, so the mean number busy while they wait leans towards the fewer. The fitted hall's profile
is therefore ``factor`` × measured capacity, with one factor per part of the day — ``early``
(the periods before capacity first reaches :data:`GROUP_SHARE` of its peak), ``day`` and
``late`` (after it last does) — each chosen so that the simulated hall reproduces the observed
mean wait of that part of the day on the *fitting* days. A part with fewer than
:data:`MIN_GROUP_SERVED` served visits joins ``day``. Every candidate is simulated with the
same seed (common random numbers, so candidates differ by their capacity only, not by their
luck), and each part's factor moves by its own bracketed secant. Times in minutes.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..clock import parse_time
from ..loader import load_scenario
from ..runner import simulate

LOW, HIGH = 0.3, 3.0
"""Range searched for a factor."""
TOLERANCE = 0.02
"""Relative gap between simulated and observed mean wait at which a part's search stops."""
EVALUATIONS = 7
"""Most candidates simulated."""
GROUP_SHARE = 0.75
"""Share of the day's peak capacity that separates the early and late parts from the day."""
MIN_GROUP_SERVED = 200
"""Fewest served visits (all fitting days) for a part of the day to get its own factor."""
ELASTICITY = 4.0
"""Guess of −d log(wait) / d log(capacity) for the first step of a search (a loaded hall's mean
wait falls several times faster than its capacity grows); later steps use the secant."""


def period_groups(capacity: pd.Series, served: pd.Series) -> pd.Series:
    """Part of the day of each period (index: period starts, minutes after midnight): see the
    module docstring. ``served`` counts served visits per period over the fitting days."""
    starts = capacity.index.to_numpy()
    high = np.flatnonzero(capacity.to_numpy(float) >= GROUP_SHARE * float(capacity.max()))
    if len(high) == 0:
        return pd.Series("day", index=capacity.index)
    labels = np.where(starts < starts[high[0]], "early",
                      np.where(starts > starts[high[-1]], "late", "day")).astype(object)
    counts = served.reindex(capacity.index, fill_value=0).groupby(labels).sum()
    for part in ("early", "late"):
        if counts.get(part, 0) < MIN_GROUP_SERVED:
            labels[labels == part] = "day"
    return pd.Series(labels, index=capacity.index)


def observed_kpis(visits: pd.DataFrame, hours: tuple[int, int],
                  groups: pd.Series | None = None, period: int = 60) -> pd.DataFrame:
    """Per day, the KPIs the calibration matches, defined as :mod:`queuesim.metrics` does:
    ``wait_mean`` (served customers' mean wait, minutes) and ``abandon_rate`` (gave up, or
    were not there when called, over joined); with ``groups`` (part of the day per period
    start), also ``wait_<part>``, the mean wait of the served who joined in that part."""
    inside = visits[(visits["joined"] >= hours[0]) & (visits["joined"] < hours[1])
                    & (visits["outcome"] != "balked")]
    served = inside[inside["outcome"] == "served"]
    wait = served["start"] - served["joined"]
    table = pd.DataFrame({"wait_mean": wait.groupby(served["day"]).mean(),
                          "abandon_rate": (inside["outcome"] == "abandoned")
                          .groupby(inside["day"]).mean()})
    if groups is not None:
        part = (served["joined"] // period * period).map(groups)
        for name, waits in wait.groupby([part, served["day"]]).mean().unstack(0).items():
            table[f"wait_{name}"] = waits
    return table


def simulated_kpis(mapping: dict, replications: int, seed: int, workers: int | None,
                   groups: pd.Series | None = None, period: int = 60) -> dict[str, float]:
    """Mean over replications of the simulated ``wait_mean``, ``abandon_rate`` and, with
    ``groups``, ``wait_<part>`` (as :func:`observed_kpis` defines them)."""
    scenario = load_scenario(mapping)
    keep = ("customers",) if groups is not None else ()
    results = simulate(scenario, replications, seed, workers, keep=keep)
    overall = results.kpis["overall"]
    figures = {"wait_mean": float(overall["wait_mean"].mean()),
               "abandon_rate": float(overall["abandon_rate"].mean())}
    if groups is not None:
        customers = results.customers
        served = customers[customers["outcome"] == "served"]
        opening = parse_time(mapping["clock"]["open"])
        start = (served["arrival"] + opening) // period * period
        means = served["wait"].groupby([start.map(groups), served["replication"]]).mean()
        figures.update({f"wait_{part}": float(waits.mean())
                        for part, waits in means.groupby(level=0)})
    return figures


def calibrate_factors(build: Callable[[dict[str, float]], dict], targets: dict[str, float],
                      groups: pd.Series, period: int, replications: int, seed: int = 0,
                      workers: int | None = None) -> tuple[dict[str, float], list[dict]]:
    """The factor of each part of the day whose simulated mean wait is closest to its target
    (``targets``: part ↦ observed mean wait, minutes), and the trace of every candidate
    (``factors``, the simulated ``wait_mean``, ``abandon_rate`` and ``wait_<part>``).

    ``build(factors)`` gives the scenario mapping. Every part starts at 1 (the capacity as
    measured) and moves by the secant of log(wait) against its factor, kept inside the bracket
    found so far (bisection when the secant leaves it); a part stops within ``TOLERANCE``; the
    search stops when every part has, or after ``EVALUATIONS`` candidates. (Stopping within the
    simulated mean's standard error instead would leave a gap of up to that error on top of
    the simulation's noise, which common random numbers make the same for every candidate.)
    A part whose target is not a positive wait keeps the factor 1.
    """
    searches = {part: _Search() for part, wait in targets.items()
                if np.isfinite(wait) and wait > 0}
    factors = {part: 1.0 for part in targets}
    trace: list[dict] = []
    for _ in range(EVALUATIONS):
        figures = simulated_kpis(build(factors), replications, seed, workers, groups, period)
        gaps = {part: math.log(max(figures.get(f"wait_{part}", 0.0), 1e-6) / targets[part])
                for part in searches}
        trace.append({"factors": dict(factors), "gaps": gaps, **figures})
        open_parts = [part for part in searches if abs(gaps[part]) > TOLERANCE]
        if not open_parts:
            break
        factors = {**factors, **{part: searches[part].next(factors[part], gaps[part])
                                 for part in open_parts}}
    best = min(trace, key=lambda row: max(map(abs, row["gaps"].values()), default=0.0))
    return best["factors"], trace


class _Search:
    """The bracketed secant search of one part's factor (the mean wait falls as it grows)."""

    def __init__(self) -> None:
        self.low, self.high = LOW, HIGH
        self.previous: tuple[float, float] | None = None

    def next(self, factor: float, gap: float) -> float:
        """The next candidate after ``factor`` gave ``gap`` = log(simulated / observed wait):
        the secant's root inside the bracket, else the bracket's geometric middle once both
        ends are known, else a step as if the wait fell as capacity to the power
        ``-ELASTICITY`` (at most 50 % more or a third less capacity)."""
        if gap > 0:
            self.low = max(self.low, factor)
        else:
            self.high = min(self.high, factor)
        step = _secant(self.previous, (factor, gap))
        self.previous = (factor, gap)
        if step is not None and self.low < step < self.high:
            return step
        if self.low > LOW and self.high < HIGH:
            return math.sqrt(self.low * self.high)
        step = min(max(gap / ELASTICITY, -math.log(1.5)), math.log(1.5))
        return min(max(factor * math.exp(step), LOW), HIGH)


def _secant(first: tuple[float, float] | None, second: tuple[float, float]) -> float | None:
    """Where the line through two (factor, gap) points crosses zero, if it does."""
    if first is None or first[1] == second[1]:
        return None
    (x0, y0), (x1, y1) = first, second
    return x1 - y1 * (x1 - x0) / (y1 - y0)
