"""Condensing the run tables into the few hundred numbers a chart needs.

A report must stay small and open fast whatever the number of replications, so no chart gets
raw customers or raw timeline rows: waits become pre-binned histograms (numpy) and ECDFs on at
most 200 quantile points, the timeline's step functions are read on a regular grid of at most
400 instants (all replications at once, vectorised) and summarised across replications. Pure
functions on the tables of :mod:`queuesim.log`; times in minutes from the scenario's start.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

GRID_POINTS = 400
ECDF_POINTS = 200
MAX_BINS = 40
_BIN_WIDTHS = (0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120)
_DIGITS = 3


@dataclass
class Histogram:
    """Waits of served customers per class: ``edges`` (minutes) and mean customers per
    replication in each bin (the last bin also holds longer waits)."""

    edges: np.ndarray
    counts: dict[str, np.ndarray]
    width: float


@dataclass
class DayProfile:
    """Timeline columns read on a regular grid and summarised across replications.

    ``grid`` in minutes from the start; ``waiting_*`` people (mean, 10 % and 90 % quantiles over
    replications); ``busy``, ``open`` mean counters.
    """

    grid: np.ndarray
    waiting_mean: np.ndarray
    waiting_low: np.ndarray
    waiting_high: np.ndarray
    busy: np.ndarray
    open: np.ndarray


def time_window(scenario, timeline: pd.DataFrame) -> tuple[float, float]:
    """The measured period (start, end) in minutes: the whole day including overtime, or
    ``[warmup, horizon]`` in steady state (as in :func:`queuesim.metrics.window`)."""
    clock = scenario.clock
    if clock.steady:
        return clock.warmup, clock.horizon
    last = float(timeline["time"].max()) if len(timeline) else clock.end
    return 0.0, max(clock.end, last)


def measured_customers(customers: pd.DataFrame, scenario) -> pd.DataFrame:
    """Customers who arrived inside the measured period (steady state leaves out the warm-up)."""
    clock = scenario.clock
    if not clock.steady:
        return customers
    arrival = customers["arrival"]
    return customers[(arrival >= clock.warmup) & (arrival < clock.horizon)]


def step_values(timeline: pd.DataFrame, grid: np.ndarray, columns: list[str]) -> dict:
    """Each column's step function read at ``grid`` for every replication.

    The timeline holds values from each row's ``time`` until the next row of the same
    replication. All replications are searched at once: a key ``replication index × span +
    time`` keeps them apart in one sorted array. Returns one (replications × grid) array per
    column.
    """
    replications = timeline["replication"].to_numpy()
    times = timeline["time"].to_numpy(dtype=float)
    labels = np.unique(replications)
    index = np.searchsorted(labels, replications)
    span = max(float(times.max()), float(grid[-1])) + 1.0
    keys = index * span + times
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    queries = np.arange(len(labels))[:, None] * span + grid[None, :]
    rows = np.searchsorted(keys, queries, side="right") - 1
    first = np.searchsorted(keys, np.arange(len(labels)) * span)
    rows = np.maximum(rows, first[:, None])
    return {name: timeline[name].to_numpy()[order][rows] for name in columns}


def day_profile(timeline: pd.DataFrame, low: float, high: float,
                points: int = GRID_POINTS) -> DayProfile:
    """People waiting, busy and open counters over ``[low, high]`` minutes, on ``points``
    instants: mean and 10–90 % band across replications."""
    grid = np.linspace(low, high, points)
    values = step_values(timeline, grid, ["waiting", "busy", "open"])
    waiting = values["waiting"].astype(float)
    low_band, high_band = np.quantile(waiting, [0.1, 0.9], axis=0)
    return DayProfile(grid=_round(grid), waiting_mean=_round(waiting.mean(axis=0)),
                      waiting_low=_round(low_band), waiting_high=_round(high_band),
                      busy=_round(values["busy"].mean(axis=0)),
                      open=_round(values["open"].mean(axis=0)))


def served_waits(customers: pd.DataFrame) -> pd.DataFrame:
    """Class and wait (minutes) of the customers who were served."""
    served = customers[customers["outcome"].astype(str) == "served"]
    return pd.DataFrame({"class": served["class"].astype(str).to_numpy(),
                         "wait": served["wait"].to_numpy(dtype=float)})


def wait_histogram(customers: pd.DataFrame, class_names: list[str], replications: int,
                   max_bins: int = MAX_BINS) -> Histogram:
    """Waits of served customers binned per class, in customers per replication.

    The bin width is the smallest round number of minutes that covers the 99th percentile of
    waits in at most ``max_bins`` bins; longer waits are counted in the last bin.
    """
    waits = served_waits(customers)
    values = waits["wait"].to_numpy()
    reach = float(np.percentile(values, 99)) if len(values) else 1.0
    width = next((w for w in _BIN_WIDTHS if reach / w <= max_bins - 1), _BIN_WIDTHS[-1])
    bins = max(1, int(np.ceil(reach / width)) + 1)
    edges = np.arange(bins + 1) * width
    counts = {}
    for name in class_names:
        chosen = np.minimum(values[waits["class"].to_numpy() == name], edges[-1] - width / 2)
        counts[name] = _round(np.histogram(chosen, edges)[0] / max(replications, 1))
    return Histogram(edges=edges, counts=counts, width=width)


def wait_ecdf(customers: pd.DataFrame, steady: bool,
              points: int = ECDF_POINTS) -> tuple[np.ndarray, np.ndarray] | None:
    """Share (0–1) of customers who joined whose service started within each wait (minutes).

    Customers who gave up or were not served never count as served within any wait, so the
    curve ends at the share served; at the target wait it is the pooled service level (in
    steady state customers still inside at the end are left out, as in the service level).
    Returns ``points`` (wait, share) pairs at evenly spaced quantiles, or ``None`` when nobody
    was served.
    """
    outcome = customers["outcome"].astype(str).to_numpy()
    joined = np.count_nonzero(outcome != "balked")
    if steady:
        joined -= np.count_nonzero(outcome == "unserved")
    waits = customers["wait"].to_numpy(dtype=float)[outcome == "served"]
    if len(waits) == 0 or joined <= 0:
        return None
    levels = np.linspace(0.0, 1.0, points)
    return _round(np.quantile(waits, levels)), _round(levels * len(waits) / joined, 5)


def counter_hours(scenario) -> list[tuple[str, float, float]]:
    """(counter id, start, end) of every opening interval, minutes from the start."""
    return [(counter.id, start, end) for counter in scenario.counters
            for start, end in scenario.counter_hours(counter)]


def _round(values, digits: int = _DIGITS) -> np.ndarray:
    """Fewer digits make a smaller page; charts do not need more."""
    return np.round(np.asarray(values, dtype=float), digits)
