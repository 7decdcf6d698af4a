"""Running replications: in this process or in worker processes, always the same numbers.

Replication *r* depends only on the scenario, the root seed and *r* (its random streams are
spawned with key ``(r, source)``), so results are identical whatever the number of workers and
whichever worker runs which replication. Each worker returns the tables and KPIs of a batch
of consecutive replications, already stacked with a ``replication`` column; the batches are put
together in replication order.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import metrics
from .interrupts import worker_pool
from .loader import load_scenario
from .model import run_replication
from .scenario import Scenario

BATCHES_PER_WORKER = 4
"""Replications are sent to workers in this many batches per worker: few enough that stacking
and sending tables costs little, enough that the workers finish together."""


TABLES = ("customers", "timeline", "counters")
"""The per-replication tables a run can keep; ``customers`` and ``timeline`` are the big ones
(a row per customer, a row per change of state)."""


@dataclass
class Results:
    """Everything a run produced. Tables have a ``replication`` column; times in minutes.
    A table the run was asked not to keep (see :func:`simulate`) is None."""

    scenario: Scenario
    replications: int
    seed: int
    customers: pd.DataFrame | None
    timeline: pd.DataFrame | None
    counters: pd.DataFrame
    kpis: dict[str, pd.DataFrame]
    """Per-replication KPIs: ``overall``, ``by_class``, ``by_hour``, ``by_counter``."""
    summary: dict = field(default_factory=dict)
    """Mean and 95 % CI of each KPI (see :func:`queuesim.metrics.summarise`)."""


def simulate_one(scenario: Scenario, seed: int, replication: int,
                 keep: Collection[str] = TABLES) -> dict[str, pd.DataFrame]:
    """Tables and KPIs of one replication (what a worker computes); of the tables, only those
    named in ``keep``."""
    log = run_replication(scenario, seed, replication)
    clock = scenario.clock
    measured = (clock.warmup, clock.horizon) if clock.steady else (0.0, float("inf"))
    frames = log.frames(scenario.class_names, [c.id for c in scenario.counters], measured)
    kpis = metrics.replication_kpis(scenario, frames)
    return {**{name: frames[name] for name in TABLES if name in keep},
            **{f"kpi_{name}": table for name, table in kpis.items()}}


def simulate(scenario: Scenario | str | Path | Mapping, replications: int | None = None,
             seed: int | None = None, workers: int | None = None,
             progress: Callable[[int], None] | None = None,
             keep: Collection[str] = TABLES) -> Results:
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
        Called with the number of finished replications after each batch of them.
    keep
        The tables of :data:`TABLES` to keep. The KPIs and the summary are always computed
        from every table; leaving out ``customers`` and ``timeline`` saves memory and time in
        long runs.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    seed = scenario.seed if seed is None else seed
    return simulate_many([scenario], replications or scenario.replications, seed, workers,
                         progress, keep)[0]


def simulate_many(scenarios: Sequence[Scenario], replications: int, seed: int,
                  workers: int | None = None, progress: Callable[[int], None] | None = None,
                  keep: Collection[str] = TABLES) -> list[Results]:
    """:func:`simulate` several scenarios on the same replications and seed (common random
    numbers), with one pool of workers for all of them: the batches of every scenario are
    queued at once, so no worker waits for the last batch of one scenario before starting the
    next. ``progress`` counts the replications finished over all scenarios. Each result is
    the one :func:`simulate` gives for that scenario alone."""
    workers = min(workers or os.cpu_count() or 1, replications * len(scenarios))
    keep = tuple(name for name in TABLES if name in keep)
    size = 1 if workers <= 1 else math.ceil(replications / (workers * BATCHES_PER_WORKER))
    jobs = [(index, range(first, min(first + size, replications)))
            for index in range(len(scenarios)) for first in range(0, replications, size)]
    parts: list[list] = [[] for _ in scenarios]
    done = 0
    # closing: an interruption here stops the workers at once too
    with contextlib.closing(_run(scenarios, seed, jobs, workers, keep)) as produced:
        for (index, _), part in zip(jobs, produced, strict=True):
            parts[index].append(part)
            done += len(part["kpi_overall"])
            if progress:
                progress(done)
    return [_combine(scenario, seed, replications, found)
            for scenario, found in zip(scenarios, parts, strict=True)]


def _run(scenarios, seed, jobs, workers, keep):
    """Stacked tables of each job (scenario index, batch of consecutive replications), in the
    order of ``jobs``. A worker stacks its batch itself, so that the parent receives a few
    large tables rather than many small ones."""
    if workers <= 1:
        for index, numbers in jobs:
            yield _simulate_batch(scenarios[index], seed, numbers, keep)
        return
    _import_before_forking()
    with worker_pool(workers) as pool:
        yield from pool.map(_simulate_batch, [scenarios[index] for index, _ in jobs],
                            [seed] * len(jobs), [numbers for _, numbers in jobs],
                            [keep] * len(jobs))


def _import_before_forking() -> None:
    """Import scipy's special functions, which sampling service times and the summary's
    intervals need, before the workers start: forked workers then share them instead of each
    importing them (about 0.2 s per process), and the summary waits for no import at the end."""
    importlib.import_module("scipy.special")


def _simulate_batch(scenario, seed, numbers: range, keep) -> dict[str, pd.DataFrame]:
    """The tables of replications ``numbers``, each stacked with a ``replication`` column."""
    parts = [simulate_one(scenario, seed, r, keep) for r in numbers]
    stacked = {}
    for name in parts[0]:
        tables = [part[name] for part in parts]
        table = pd.concat(tables, ignore_index=not name.startswith("kpi_"))
        if name.startswith("kpi_"):
            table = table.reset_index()
        table.insert(0, "replication", np.repeat(np.asarray(numbers), [len(t) for t in tables]))
        stacked[name] = table
    return stacked


def _combine(scenario, seed, replications, parts) -> Results:
    def stack(name: str) -> pd.DataFrame | None:
        if name not in parts[0]:
            return None
        return pd.concat([part[name] for part in parts], ignore_index=True)

    kpis = {name: stack(f"kpi_{name}") for name in ("overall", "by_class", "by_hour", "by_counter")}
    summary = {"scenario": scenario.name, "replications": replications, "seed": seed,
               **metrics.summarise(kpis)}
    return Results(scenario, replications, seed, *(stack(name) for name in TABLES), kpis,
                   summary)
