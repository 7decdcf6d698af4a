"""Per-period performance of a staffing, over replications with common random numbers.

The optimiser asks one question thousands of times: with these counters, what share of the
customers arriving in each period starts service within the target wait, how many give up, and
how many are in the hall? This module answers it with arrays (replication × period), using the
fast exact evaluator (:mod:`queuesim.fastline`) where it applies and the SimPy model otherwise.
Replication *r* always sees the same customers, so two staffings are compared on the same days.
Times in minutes.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from .. import fastline
from ..log import BALKED, RENEGED, SERVED, UNSERVED
from ..model import draw_customers, run_replication

SAMPLES = 5
"""Instants per period at which the number in the hall is read."""
CHUNKS = 4
"""Tasks per evaluation with the fast evaluator on a pool: few, so that sending the hall and
the customers costs little; several, so that the workers finish together."""


@dataclass(frozen=True)
class PeriodResults:
    """Counts per replication (rows) and period of arrival (columns)."""

    arrivals: np.ndarray
    joined: np.ndarray
    on_time: np.ndarray
    """Customers whose service started within the target wait."""
    reneged: np.ndarray
    in_system: np.ndarray
    """Customers in the hall (waiting or served) at five instants evenly spread over each
    period (replication × period × instant)."""

    def service_level(self) -> np.ndarray:
        """Pooled share of joined customers served within the target, per period (NaN: none)."""
        return _ratio(self.on_time.sum(axis=0), self.joined.sum(axis=0))

    def abandon_rate(self) -> np.ndarray:
        """Pooled share of joined customers who gave up, per period (NaN: none joined)."""
        return _ratio(self.reneged.sum(axis=0), self.joined.sum(axis=0))

    def per_replication(self, kpi: str) -> np.ndarray:
        """``service_level`` or ``abandon_rate`` of each replication and period."""
        numerator = self.on_time if kpi == "service_level" else self.reneged
        return _ratio(numerator, self.joined)


def _ratio(numerator, denominator):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / np.maximum(denominator, 1), np.nan)


def evaluate(scenario, period: float, replications: int, seed: int,
             pool: Executor | None = None, draws: list | None = None) -> PeriodResults:
    """Simulate ``replications`` days of ``scenario`` and count per period of ``period`` minutes.

    The fast evaluator runs on ``draws`` when given (the customers of each replication, which
    do not depend on the counters), in :data:`CHUNKS` runs of consecutive days on ``pool`` when
    one is given (sending a chunk's customers costs about 5 % of replaying them), else in this
    process; the SimPy model uses ``pool`` when one is given, a task per day.
    """
    if fastline.applies(scenario) is None:
        draws = draws or [draw_customers(scenario, seed, r) for r in range(replications)]
        size = -(-len(draws) // CHUNKS)
        chunks = [(scenario, period, draws[i:i + size]) for i in range(0, len(draws), size)]
        send = pool.map if pool and len(chunks) > 1 else map
        results = send(_fast_chunk, *zip(*chunks, strict=True))
        rows = [row for chunk in results for row in chunk]
    else:
        jobs = [(scenario, period, seed, r) for r in range(replications)]
        rows = list((pool.map if pool else map)(period_counts, *zip(*jobs, strict=True)))
    return PeriodResults(*(np.array([row[i] for row in rows]) for i in range(5)))


def _fast_chunk(scenario, period: float, draws: list) -> list[tuple]:
    """:func:`period_counts` of consecutive days with the fast evaluator (a pool's task)."""
    return [_log_counts(fastline.evaluate_outcomes(scenario, d), d, scenario, period)
            for d in draws]


def period_counts(scenario, period: float, seed: int, replication: int, draws=None,
                  fast: bool = False) -> tuple:
    """Counts of one replication: arrivals, joined, on time, reneged, and in system; with the
    fast evaluator when ``fast`` (the caller checked that it applies), else the SimPy model."""
    draws = draws or draw_customers(scenario, seed, replication)
    if fast:
        log = fastline.evaluate_outcomes(scenario, draws)
    else:
        log = run_replication(scenario, seed, replication, draws)
    return _log_counts(log, draws, scenario, period)


def _log_counts(log, draws, scenario, period: float) -> tuple:
    start, outcome = np.asarray(log.service_start, float), np.asarray(log.outcome)
    leave = np.where(outcome == SERVED, np.asarray(log.service_end, float),
                     np.asarray(log.exit, float))
    return _count(draws.arrival, start, leave, outcome, scenario, period)


def _count(arrival, start, leave, outcome, scenario, period):
    periods = int(np.ceil(scenario.clock.end / period))
    index = np.minimum((arrival // period).astype(int), periods - 1)
    counted = np.ones(len(arrival), bool)
    if scenario.clock.steady:  # leave out the warm-up and those still inside at the horizon
        counted = (arrival >= scenario.clock.warmup) & (outcome != UNSERVED)
    joined = outcome != BALKED
    wait = np.where(np.isnan(start), np.inf, start - arrival)
    on_time = joined & (wait <= scenario.targets.wait_minutes + 1e-9)

    def per_period(mask):
        return np.bincount(index[mask & counted], minlength=periods)

    instants = (np.arange(periods)[:, None] + (np.arange(SAMPLES) + 0.5) / SAMPLES) * period
    entered = np.sort(arrival[joined])
    left = np.sort(np.nan_to_num(leave[joined], nan=np.inf))
    in_system = (np.searchsorted(entered, instants, side="right")
                 - np.searchsorted(left, instants, side="right"))
    return (per_period(np.ones_like(joined)), per_period(joined), per_period(on_time),
            per_period(outcome == RENEGED), in_system)
