"""Running replications: in this process or in worker processes, always the same numbers.

Replication *r* depends only on the scenario, the root seed and *r* (its random streams are
spawned with key ``(r, source)``), so results are identical whatever the number of workers and
whichever worker runs which replication. Each worker returns the tables and KPIs of its
replications; they are put together in replication order, with a ``replication`` column.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import metrics
from .interrupts import worker_pool
from .loader import load_scenario
from .model import run_replication
from .scenario import Scenario


@dataclass
class Results:
    """Everything a run produced. Tables have a ``replication`` column; times in minutes."""

    scenario: Scenario
    replications: int
    seed: int
    customers: pd.DataFrame
    timeline: pd.DataFrame
    counters: pd.DataFrame
    kpis: dict[str, pd.DataFrame]
    """Per-replication KPIs: ``overall``, ``by_class``, ``by_hour``, ``by_counter``."""
    summary: dict = field(default_factory=dict)
    """Mean and 95 % CI of each KPI (see :func:`queuesim.metrics.summarise`)."""


def simulate_one(scenario: Scenario, seed: int, replication: int,
                 grouped: bool = True) -> dict[str, pd.DataFrame]:
    """Tables and KPIs of one replication (what a worker computes); ``grouped=False`` skips the
    KPIs by class and by hour (see :func:`queuesim.metrics.replication_kpis`)."""
    log = run_replication(scenario, seed, replication)
    clock = scenario.clock
    measured = (clock.warmup, clock.horizon) if clock.steady else (0.0, float("inf"))
    frames = log.frames(scenario.class_names, [c.id for c in scenario.counters], measured)
    kpis = metrics.replication_kpis(scenario, frames, grouped)
    return {**frames, **{f"kpi_{name}": table for name, table in kpis.items()}}


def simulate(scenario: Scenario | str | Path | Mapping, replications: int | None = None,
             seed: int | None = None, workers: int | None = None,
             progress: Callable[[int], None] | None = None) -> Results:
    """Simulate ``replications`` independent days (or steady-state runs) of a scenario.

    Parameters
    ----------
    scenario
        A :class:`Scenario`, or a path or mapping for :func:`queuesim.load_scenario`.
    replications, seed
        Override the scenario's own values.
    workers
        Worker processes; default: one per core, at most one per replication. The numbers do not
        depend on it.
    progress
        Called with the number of finished replications after each one.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    replications = replications or scenario.replications
    seed = scenario.seed if seed is None else seed
    workers = min(workers or os.cpu_count() or 1, replications)
    parts = []
    with contextlib.closing(_map(scenario, seed, replications, workers)) as produced:
        for done, part in enumerate(produced, start=1):  # closing: an interruption here
            parts.append(part)                           # stops the workers at once too
            if progress:
                progress(done)
    return _combine(scenario, seed, parts)


def _map(scenario, seed, replications, workers):
    if workers <= 1:
        for r in range(replications):
            yield simulate_one(scenario, seed, r)
        return
    with worker_pool(workers) as pool:
        yield from pool.map(simulate_one, [scenario] * replications, [seed] * replications,
                            range(replications))


def _combine(scenario, seed, parts) -> Results:
    def stack(name: str, index: bool = False) -> pd.DataFrame:
        tables = [(p[name].reset_index() if index else p[name]).assign(replication=r)
                  for r, p in enumerate(parts)]
        table = pd.concat(tables, ignore_index=True)
        return table[["replication", *[c for c in table.columns if c != "replication"]]]

    kpis = {name: stack(f"kpi_{name}", index=True)
            for name in ("overall", "by_class", "by_hour", "by_counter")}
    summary = {"scenario": scenario.name, "replications": len(parts), "seed": seed,
               **metrics.summarise(kpis)}
    return Results(scenario, len(parts), seed, stack("customers"), stack("timeline"),
                   stack("counters"), kpis, summary)
