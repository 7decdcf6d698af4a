"""Key performance indicators: per replication, then mean and 95 % confidence interval.

Pure functions on the tables of :mod:`queuesim.log`. A replication is one independent
observation of every KPI; the summary reports the mean over replications and a Student-t 95 %
confidence interval, so every figure comes with its uncertainty. Times are minutes.

Definitions (stable names; scripts rely on them):

* ``arrivals`` customers who came in; ``served``, ``balked``, ``reneged``, ``no_show``,
  ``unserved`` how they ended (counts; they add up to ``arrivals``).
* ``wait_mean``, ``wait_p50``, ``wait_p90``, ``wait_p95``, ``wait_max``: waits of served
  customers, minutes.
* ``service_level``: share of customers who joined (did not balk) whose service started within
  ``targets.wait_minutes``. In a steady-state run customers still inside at the horizon are left
  out (their wait is unknown); in a day run nobody is left out.
* ``abandon_rate`` = reneged / joined; ``balk_rate`` = balked / arrivals.
* ``utilization`` busy time / open time of the counters; ``waiting_mean`` time-average number
  waiting; ``waiting_max`` the most waiting at once; ``overtime`` minutes from closing time until
  the last counter closes (0 in steady state).

The measured window is the whole day (from opening until the last counter closes, at least
until closing time) or, in steady state, ``[warmup, horizon]``; only customers who arrived
inside it count.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from . import experience
from .codes import codes, group_rows

KPI_NAMES = ("arrivals", "served", "balked", "reneged", "no_show", "unserved", "wait_mean",
             "wait_p50", "wait_p90", "wait_p95", "wait_max", "service_level", "abandon_rate",
             "balk_rate", "utilization", "waiting_mean", "waiting_max", "overtime",
             *experience.KPI_NAMES)
ANNOUNCEMENT_KPIS = ("announce_error", "announce_error_abs", "announce_within_5")
COUNTS = ("arrivals", "served", "balked", "reneged", "no_show", "unserved")
COUNTER_KPIS = ("utilization", "served", "open_time", "busy_time", "absent_time")
OUTCOMES = COUNTS[1:]
"""Outcomes, in the order of their codes in the arrays of a KPI computation."""
SERVED = OUTCOMES.index("served")


def window(scenario, frames: dict[str, pd.DataFrame]) -> tuple[float, float]:
    """The measured period of a replication, (start, end) in minutes."""
    clock = scenario.clock
    if clock.steady:
        return clock.warmup, clock.horizon
    timeline = frames["timeline"]
    return 0.0, max(clock.end, float(timeline["time"].iloc[-1]))


def customer_kpis(customers: pd.DataFrame, target_wait: float, steady: bool,
                  span: float) -> dict[str, float]:
    """The KPIs that depend on customers only, for any subset of them (a class, an hour)."""
    table = {"outcome": codes(customers["outcome"], OUTCOMES),
             "wait": customers["wait"].to_numpy(float)}
    return _customer_kpis(table, slice(None), target_wait, steady, span)


def _customer_kpis(table: dict[str, np.ndarray], rows, target_wait: float, steady: bool,
                   span: float) -> dict[str, float]:
    """:func:`customer_kpis` of the customers ``rows`` of ``table`` (outcome codes in
    :data:`OUTCOMES`, waits in minutes)."""
    outcome, wait = table["outcome"][rows], table["wait"][rows]
    tally = np.bincount(outcome[outcome >= 0], minlength=len(OUTCOMES))
    counts = {"arrivals": len(outcome), **{name: int(tally[code])
                                           for code, name in enumerate(OUTCOMES)}}
    joined = counts["arrivals"] - counts["balked"]
    waits = wait[outcome == SERVED]
    censored = counts["unserved"] if steady else 0
    quick = np.count_nonzero(waits <= target_wait + 1e-9)
    waiting_time = np.nansum(wait) if span > 0 else math.nan
    return {
        **counts,
        **_wait_stats(waits),
        "service_level": _ratio(quick, joined - censored),
        "abandon_rate": _ratio(counts["reneged"], joined),
        "balk_rate": _ratio(counts["balked"], counts["arrivals"]),
        "waiting_mean": waiting_time / span if span > 0 else math.nan,
    }


def _wait_stats(waits: np.ndarray) -> dict[str, float]:
    if len(waits) == 0:
        return dict.fromkeys(("wait_mean", "wait_p50", "wait_p90", "wait_p95", "wait_max"),
                             math.nan)
    p50, p90, p95 = np.percentile(waits, [50, 90, 95])
    return {"wait_mean": float(waits.mean()), "wait_p50": float(p50), "wait_p90": float(p90),
            "wait_p95": float(p95), "wait_max": float(waits.max())}


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else math.nan


def time_average(timeline: pd.DataFrame, column: str, low: float, high: float) -> float:
    """Time-average of a step-function column of the timeline over [low, high]."""
    return _time_average(timeline["time"].to_numpy(), timeline[column].to_numpy(), low, high)


def _time_average(times: np.ndarray, values: np.ndarray, low: float, high: float) -> float:
    starts = np.clip(times, low, high)
    ends = np.clip(np.append(times[1:], high), low, high)
    return float(np.sum(values * (ends - starts)) / (high - low))


def replication_kpis(scenario, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """All KPIs of one replication: one row ``overall``, and rows per class, hour and counter.

    Computed in numpy over category codes (:mod:`queuesim.codes`): each group is a list of row
    numbers in the original order, so sums and percentiles see the same numbers in the same
    order as a group-by would, and give the same values to the last bit.
    """
    low, high = window(scenario, frames)
    steady, target, span = scenario.clock.steady, scenario.targets.wait_minutes, high - low
    table = _customer_table(scenario, frames["customers"], low, high)
    overall = _customer_kpis(table, slice(None), target, steady, span)
    overall.update(_timeline_kpis(frames["timeline"], low, high))
    counters = frames["counters"]
    overall["utilization"] = _ratio(counters["busy_time"].sum(), counters["open_time"].sum())
    overall["overtime"] = 0.0 if steady else max(0.0, high - scenario.clock.end)
    overall.update(experience.kpis_of(table))
    overall = {name: overall[name] for name in KPI_NAMES} | (
        announcement_kpis(table) if scenario.announcement else {})

    def grouped(group: np.ndarray, labels: list[str]) -> pd.DataFrame:
        return _frame([{**_customer_kpis(table, members, target, steady, span),
                        **experience.kpis_of(table, members)}
                       for members in group_rows(group, len(labels))], labels)
    return {
        "overall": _frame([overall], ["all"]),
        "by_class": grouped(table["class"], list(scenario.class_names)),
        "by_hour": pd.DataFrame() if steady else grouped(*_hours(scenario, table["arrival"])),
        "by_counter": pd.DataFrame({kpi: counters[kpi].to_numpy() for kpi in COUNTER_KPIS},
                                   index=pd.Index(counters["counter"], name="group"),
                                   copy=False),
    }


def _frame(rows: list[dict], labels: list[str]) -> pd.DataFrame:
    """KPI rows as a table indexed by ``group``: built column by column from arrays, which
    pandas does several times faster than from a list of dicts (same values, same types)."""
    return pd.DataFrame({kpi: np.array([row[kpi] for row in rows]) for kpi in rows[0]},
                        index=_group_index(tuple(labels)).copy(), copy=False)


@functools.lru_cache(maxsize=64)
def _group_index(labels: tuple[str, ...]) -> pd.Index:
    """The index of a KPI table (every replication has the same groups; a copy is cheaper than
    building the index of text labels again)."""
    return pd.Index(list(labels), name="group")


def _customer_table(scenario, everyone: pd.DataFrame, low: float, high: float) -> dict:
    """The arrays the KPIs need of the customers who arrived in [low, high): outcome and class
    codes, arrival, wait and announced wait (minutes), and :func:`experience.experience_columns`
    (overtakes counted over everyone, so a class is also passed by customers of other
    classes)."""
    priorities, eligible = experience.queue_rules(scenario)
    announced = everyone.get("announced")
    feel = experience.experience_columns(
        everyone, scenario.queue.structure, scenario.experience, priorities, eligible,
        scenario.targets.wait_minutes, announced=announced)
    arrival = everyone["arrival"].to_numpy(float)
    inside = np.flatnonzero((arrival >= low) & (arrival < high))
    table = {**feel, "outcome": codes(everyone["outcome"], OUTCOMES),
             "class": codes(everyone["class"], scenario.class_names), "arrival": arrival,
             "wait": everyone["wait"].to_numpy(float),
             "announced": np.full(len(arrival), math.nan) if announced is None
             else announced.to_numpy(float)}
    return {name: column[inside] for name, column in table.items()}


def _timeline_kpis(timeline: pd.DataFrame, low: float, high: float) -> dict[str, float]:
    times, waiting = timeline["time"].to_numpy(), timeline["waiting"].to_numpy()
    inside = waiting[(times >= low) & (times <= high)]
    return {"waiting_mean": _time_average(times, waiting, low, high),
            "waiting_max": float(inside.max()) if len(inside) else 0.0}


def announcement_kpis(table: dict[str, np.ndarray]) -> dict[str, float]:
    """How good the announced waits were, over served customers who were shown one: mean error
    (announced − actual, minutes; positive = the hall overstated), mean absolute error, and the
    share announced within ±5 minutes. ``table`` holds ``outcome`` codes (:data:`OUTCOMES`),
    ``announced`` and ``wait`` arrays."""
    shown = (table["outcome"] == SERVED) & ~np.isnan(table["announced"])
    error = table["announced"][shown] - table["wait"][shown]
    if len(error) == 0:
        return dict.fromkeys(ANNOUNCEMENT_KPIS, math.nan)
    return {"announce_error": float(error.mean()), "announce_error_abs": float(
        np.abs(error).mean()), "announce_within_5": float(np.mean(np.abs(error) <= 5))}


def _hours(scenario, arrival: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The hour of arrival of each customer (as a position in the labels), and the labels
    ``"09:00"`` … of the hours of the day."""
    first = scenario.clock.start
    hours = np.floor((arrival + first) / 60).astype(int)
    last = math.ceil((first + scenario.clock.end) / 60)
    return hours - int(first // 60), [f"{h:02d}:00" for h in range(int(first // 60), last)]


_SHARES = {"service_level", "abandon_rate", "balk_rate", "utilization", "announce_within_5",
           *experience.SHARE_KPIS}


def confidence_interval(values, level: float = 0.95, kpi: str = "",
                        bounded: bool = True) -> dict:
    """Mean, Student-t confidence interval and number of replications of ``values``.

    Replications where the KPI is undefined (NaN: e.g. no served customer of that class) are
    left out; with fewer than two values the interval is ``[None, None]``. Every KPI is
    non-negative and shares are at most 1, so the interval is clipped to that range, unless
    ``bounded`` is false (a paired difference may be negative).
    """
    data = np.asarray(values, float)
    data = data[~np.isnan(data)]
    n = len(data)
    if n == 0:
        return {"mean": None, "ci95": [None, None], "n": 0}
    mean = float(data.mean())
    if n < 2:
        return {"mean": mean, "ci95": [None, None], "n": n}
    half = float(student_t_quantile(0.5 + level / 2, n - 1) * data.std(ddof=1) / math.sqrt(n))
    if not bounded:
        return {"mean": mean, "ci95": [mean - half, mean + half], "n": n}
    high = min(mean + half, 1.0) if kpi in _SHARES else mean + half
    return {"mean": mean, "ci95": [max(mean - half, 0.0), high], "n": n}


@functools.lru_cache(maxsize=256)
def student_t_quantile(probability: float, degrees: int) -> float:
    """Student-t quantile (what ``scipy.stats.t.ppf`` computes, without importing scipy.stats,
    and once per number of replications)."""
    from scipy import special

    return float(special.stdtrit(degrees, probability))


def summarise(per_replication: dict[str, pd.DataFrame]) -> dict:
    """Mean and 95 % CI of every KPI over replications.

    ``per_replication`` maps ``overall``, ``by_class``, ``by_hour`` and ``by_counter`` to tables
    with a ``replication`` column, a ``group`` column and one column per KPI.
    """
    summary = {"kpis": _summarise_table(per_replication["overall"])["all"]}
    for part in ("by_class", "by_counter", "by_hour"):
        summary[part] = _summarise_table(per_replication[part])
    return summary


def _summarise_table(table: pd.DataFrame) -> dict:
    if table.empty:
        return {}
    kpis = [c for c in table.columns if c not in ("replication", "group")]
    return {str(group): {kpi: confidence_interval(rows[kpi], kpi=kpi) for kpi in kpis}
            for group, rows in table.groupby("group", sort=False, observed=True)}
