"""Deciding: every option on the same simulated horizons, compared with doing nothing.

All options run on common random numbers — replication r draws the same customers (those inside
now and those still to come) whatever the option — so the per-replication difference between an
option and "nothing" removes most of the noise both share, and "nothing" against itself differs
by exactly 0. Every figure is a mean over replications with a Student-t 95 % interval; every
difference is the mean of paired differences with its own interval. Replications are split
between worker processes; the numbers do not depend on how.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from ..interrupts import worker_pool
from ..metrics import confidence_interval
from ..model import run_replication
from .forward import Forward, draw, option_scenario, prepare
from .options import NOTHING, Option
from .outcomes import kpi_names, outcomes
from .today import level_for


@dataclass
class Decision:
    """The options' figures: ``values[option, replication, kpi]``, KPIs named by ``kpis``."""

    options: list[str]
    kpis: tuple[str, ...]
    values: np.ndarray
    waiting_now: int
    level: float
    horizon: float
    seed: int

    def summary(self, option: int, kpi: str) -> dict:
        """Mean and 95 % CI of a KPI under an option."""
        return _mean_ci(self.values[option, :, self.kpis.index(kpi)])

    def difference(self, option: int, kpi: str) -> dict:
        """Mean and 95 % CI of the paired difference option − nothing."""
        column = self.kpis.index(kpi)
        return _mean_ci(self.values[option, :, column] - self.values[0, :, column])


def decide(scenario, state, options: list[Option], horizon: float = 120.0,
           replications: int = 200, seed: int | None = None, workers: int | None = None,
           today_so_far: int | None = None) -> Decision:
    """Simulate "nothing" and each option from ``state`` over ``horizon`` minutes.

    ``today_so_far`` (default: the state's ``arrived_today``) scales the arrivals by the day's
    level, drawn per replication from its posterior (:mod:`.today`).
    """
    observed = state.arrived_today if today_so_far is None else today_so_far
    level, level_cv = level_for(scenario, state.minutes, observed)
    forward = prepare(scenario, state, horizon, level, level_cv)
    options = [Option(NOTHING), *(o for o in options if o.text != NOTHING)]
    scenarios = [option_scenario(forward, o) for o in options]
    seed = scenario.seed if seed is None else seed
    target = scenario.targets.wait_minutes
    jobs = _chunks(replications, workers)
    span = forward.close - forward.now
    args = [(forward, scenarios, seed, chunk, (horizon, target, span)) for chunk in jobs]
    if len(jobs) == 1:
        parts = [_run_chunk(*args[0])]
    else:
        with worker_pool(len(jobs)) as pool:  # Ctrl-C stops the workers, quietly
            parts = list(pool.map(_run_chunk, *zip(*args, strict=True)))
    values = np.concatenate(parts, axis=1)
    return Decision([o.text for o in options], kpi_names(span), values,
                    len(forward.waiting), level, horizon, seed)


def _chunks(replications: int, workers: int | None) -> list[range]:
    workers = max(1, min(workers or os.cpu_count() or 1, replications // 20 or 1))
    edges = np.linspace(0, replications, workers + 1).astype(int)
    return [range(a, b) for a, b in pairwise(edges)]


def _run_chunk(forward: Forward, scenarios, seed: int, chunk: range, measure: tuple
               ) -> np.ndarray:
    """values[option, replication in chunk, kpi]; ``measure`` is what :func:`outcomes` takes
    after the log and the start (horizon, target wait, minutes of arrivals)."""
    out = []
    for replication in chunk:
        customers, start = draw(forward, scenarios[0], seed, replication)
        out.append([outcomes(run_replication(s, seed, replication, customers, start), start,
                             *measure) for s in scenarios])
    return np.transpose(np.array(out), (1, 0, 2))


def _mean_ci(values: np.ndarray) -> dict:
    """Mean and Student-t 95 % interval of the finite values (NaN: nobody was counted), not
    clipped: a paired difference may be negative."""
    return confidence_interval(values[np.isfinite(values)], bounded=False)
