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

import math

import numpy as np
import pandas as pd
from scipy import stats

from . import experience

KPI_NAMES = ("arrivals", "served", "balked", "reneged", "no_show", "unserved", "wait_mean",
             "wait_p50", "wait_p90", "wait_p95", "wait_max", "service_level", "abandon_rate",
             "balk_rate", "utilization", "waiting_mean", "waiting_max", "overtime",
             *experience.KPI_NAMES)
ANNOUNCEMENT_KPIS = ("announce_error", "announce_error_abs", "announce_within_5")
COUNTS = ("arrivals", "served", "balked", "reneged", "no_show", "unserved")
COUNTER_KPIS = ("utilization", "served", "open_time", "busy_time", "absent_time")


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
    outcome = customers["outcome"].to_numpy()
    counts = {name: int(np.count_nonzero(outcome == name)) for name in COUNTS}
    counts["arrivals"] = len(outcome)
    joined = counts["arrivals"] - counts["balked"]
    served = outcome == "served"
    waits = customers["wait"].to_numpy()[served]
    censored = counts["unserved"] if steady else 0
    quick = np.count_nonzero(waits <= target_wait + 1e-9)
    waiting_time = np.nansum(customers["wait"].to_numpy()) if span > 0 else math.nan
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
    times = timeline["time"].to_numpy()
    values = timeline[column].to_numpy()
    starts = np.clip(times, low, high)
    ends = np.clip(np.append(times[1:], high), low, high)
    return float(np.sum(values * (ends - starts)) / (high - low))


def replication_kpis(scenario, frames: dict[str, pd.DataFrame],
                     grouped: bool = True) -> dict[str, pd.DataFrame]:
    """All KPIs of one replication: one row ``overall``, and rows per class, hour and counter.
    ``grouped=False`` leaves ``by_class`` and ``by_hour`` empty: they are most of the cost, and a
    network's league needs only the overall row and the counters."""
    low, high = window(scenario, frames)
    customers = _in_window(frames["customers"], low, high)
    steady, target = scenario.clock.steady, scenario.targets.wait_minutes
    overall = customer_kpis(customers, target, steady, high - low)
    timeline, counters = frames["timeline"], frames["counters"]
    overall["waiting_mean"] = time_average(timeline, "waiting", low, high)
    inside = timeline[(timeline["time"] >= low) & (timeline["time"] <= high)]
    overall["waiting_max"] = float(inside["waiting"].max()) if len(inside) else 0.0
    overall["utilization"] = _ratio(counters["busy_time"].sum(), counters["open_time"].sum())
    overall["overtime"] = 0.0 if steady else max(0.0, high - scenario.clock.end)
    feel = _experience(scenario, frames["customers"])
    overall.update(feel(customers))
    overall = {name: overall[name] for name in KPI_NAMES} | (
        announcement_kpis(customers) if scenario.announcement else {})
    return {
        "overall": pd.DataFrame([overall], index=pd.Index(["all"], name="group")),
        "by_class": _grouped(customers, "class", target, steady, high - low, feel) if grouped
        else pd.DataFrame(),
        "by_hour": pd.DataFrame() if steady or not grouped else _grouped(
            customers.assign(hour=_hour_labels(scenario, customers["arrival"])), "hour", target,
            steady, high - low, feel),
        "by_counter": counters.set_index("counter")[list(COUNTER_KPIS)].rename_axis("group"),
    }


def _in_window(customers: pd.DataFrame, low: float, high: float) -> pd.DataFrame:
    arrival = customers["arrival"]
    return customers[(arrival >= low) & (arrival < high)]


def _experience(scenario, everyone: pd.DataFrame):
    """The experience KPIs of any subset of a replication's customers (overtakes counted over
    the whole replication, so a class is also passed by customers of other classes)."""
    priorities, eligible = experience.queue_rules(scenario)
    overtaken = experience.overtakes(everyone, priorities, eligible)

    def kpis(customers: pd.DataFrame) -> dict:
        return experience.experience_kpis(
            customers, scenario.queue.structure, scenario.experience, priorities, eligible,
            scenario.targets.wait_minutes, announced=customers.get("announced"),
            overtaken=overtaken)
    return kpis


def announcement_kpis(customers: pd.DataFrame) -> dict[str, float]:
    """How good the announced waits were, over served customers who were shown one: mean error
    (announced − actual, minutes; positive = the hall overstated), mean absolute error, and the
    share announced within ±5 minutes."""
    served = customers[(customers["outcome"] == "served") & customers["announced"].notna()]
    error = (served["announced"] - served["wait"]).to_numpy()
    if len(error) == 0:
        return dict.fromkeys(ANNOUNCEMENT_KPIS, math.nan)
    return {"announce_error": float(error.mean()), "announce_error_abs": float(
        np.abs(error).mean()), "announce_within_5": float(np.mean(np.abs(error) <= 5))}


def _grouped(customers, column, target, steady, span, feel) -> pd.DataFrame:
    rows = {key: {**customer_kpis(group, target, steady, span), **feel(group)}
            for key, group in customers.groupby(column, observed=False, sort=True)}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("group")


def _hour_labels(scenario, arrival: pd.Series) -> pd.Categorical:
    first = scenario.clock.start
    hours = np.floor((arrival.to_numpy() + first) / 60).astype(int)
    last = math.ceil((first + scenario.clock.end) / 60)
    labels = [f"{h:02d}:00" for h in range(int(first // 60), last)]
    return pd.Categorical([f"{h:02d}:00" for h in hours], categories=labels)


_SHARES = {"service_level", "abandon_rate", "balk_rate", "utilization", "announce_within_5",
           *experience.SHARE_KPIS}


def confidence_interval(values, level: float = 0.95, kpi: str = "") -> dict:
    """Mean, Student-t confidence interval and number of replications of ``values``.

    Replications where the KPI is undefined (NaN: e.g. no served customer of that class) are
    left out; with fewer than two values the interval is ``[None, None]``. Every KPI is
    non-negative and shares are at most 1, so the interval is clipped to that range.
    """
    data = np.asarray(values, float)
    data = data[~np.isnan(data)]
    n = len(data)
    if n == 0:
        return {"mean": None, "ci95": [None, None], "n": 0}
    mean = float(data.mean())
    if n < 2:
        return {"mean": mean, "ci95": [None, None], "n": n}
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * data.std(ddof=1) / math.sqrt(n))
    high = min(mean + half, 1.0) if kpi in _SHARES else mean + half
    return {"mean": mean, "ci95": [max(mean - half, 0.0), high], "n": n}


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
