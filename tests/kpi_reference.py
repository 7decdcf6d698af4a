"""The KPIs of one replication as first written, with pandas group-bys: the reference that the
numpy implementation in :mod:`queuesim.metrics` must reproduce to the last bit.

Kept verbatim (docstrings shortened) from the version before KPIs were computed over category
codes; only :func:`queuesim.experience.overtakes` is shared, since its own test checks it against
the pairwise definition.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from queuesim import experience
from queuesim.experience import CATEGORIES, STRUCTURES, _lookup
from queuesim.metrics import ANNOUNCEMENT_KPIS, COUNTER_KPIS, COUNTS, KPI_NAMES, window


def replication_kpis(scenario, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
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
        "by_class": _grouped(customers, "class", target, steady, high - low, feel),
        "by_hour": pd.DataFrame() if steady else _grouped(
            customers.assign(hour=_hour_labels(scenario, customers["arrival"])), "hour", target,
            steady, high - low, feel),
        "by_counter": counters.set_index("counter")[list(COUNTER_KPIS)].rename_axis("group"),
    }


def customer_kpis(customers, target_wait, steady, span) -> dict[str, float]:
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


def _wait_stats(waits):
    if len(waits) == 0:
        return dict.fromkeys(("wait_mean", "wait_p50", "wait_p90", "wait_p95", "wait_max"),
                             math.nan)
    p50, p90, p95 = np.percentile(waits, [50, 90, 95])
    return {"wait_mean": float(waits.mean()), "wait_p50": float(p50), "wait_p90": float(p90),
            "wait_p95": float(p95), "wait_max": float(waits.max())}


def _ratio(numerator, denominator):
    return numerator / denominator if denominator > 0 else math.nan


def time_average(timeline, column, low, high):
    times = timeline["time"].to_numpy()
    values = timeline[column].to_numpy()
    starts = np.clip(times, low, high)
    ends = np.clip(np.append(times[1:], high), low, high)
    return float(np.sum(values * (ends - starts)) / (high - low))


def _in_window(customers, low, high):
    arrival = customers["arrival"]
    return customers[(arrival >= low) & (arrival < high)]


def _experience(scenario, everyone):
    priorities, eligible = experience.queue_rules(scenario)
    overtaken = experience.overtakes(everyone, priorities, eligible)

    def kpis(customers):
        return experience_kpis(
            customers, scenario.queue.structure, scenario.experience, priorities, eligible,
            scenario.targets.wait_minutes, announced=customers.get("announced"),
            overtaken=overtaken)
    return kpis


def announcement_kpis(customers):
    served = customers[(customers["outcome"] == "served") & customers["announced"].notna()]
    error = (served["announced"] - served["wait"]).to_numpy()
    if len(error) == 0:
        return dict.fromkeys(ANNOUNCEMENT_KPIS, math.nan)
    return {"announce_error": float(error.mean()), "announce_error_abs": float(
        np.abs(error).mean()), "announce_within_5": float(np.mean(np.abs(error) <= 5))}


def _grouped(customers, column, target, steady, span, feel):
    rows = {key: {**customer_kpis(group, target, steady, span), **feel(group)}
            for key, group in customers.groupby(column, observed=False, sort=True)}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("group")


def _hour_labels(scenario, arrival):
    first = scenario.clock.start
    hours = np.floor((arrival.to_numpy() + first) / 60).astype(int)
    last = math.ceil((first + scenario.clock.end) / 60)
    labels = [f"{h:02d}:00" for h in range(int(first // 60), last)]
    return pd.Categorical([f"{h:02d}:00" for h in hours], categories=labels)


def perceived_wait(customers, structure, settings, announced=None):
    if structure not in STRUCTURES:
        raise ValueError(f"unknown queue structure {structure!r}, expected one of {STRUCTURES}")
    weight = settings.seated if structure == "ticket" else settings.standing
    wait = customers["wait"].to_numpy(float)
    promise = (np.full(len(customers), math.nan) if announced is None
               else announced.reindex(customers.index).to_numpy(float))
    unknown = np.isnan(promise)
    within = np.where(unknown, settings.uncertain * wait, np.fmin(wait, promise))
    beyond = np.where(unknown, 0.0, np.maximum(wait - promise, 0.0))
    felt = weight * (within + settings.beyond_announced * beyond)
    felt[customers["outcome"].astype(str).to_numpy() == "balked"] = 0.0
    return pd.Series(felt, index=customers.index, name="perceived_wait")


def expectation(customers, perceived, settings, default_wait):
    fallback = settings.default_expected_wait or default_wait
    waits = {**dict.fromkeys(customers["class"].astype(str).unique(), fallback),
             **settings.expected_wait}
    expected = _lookup(waits, customers["class"].astype(str).to_numpy(), "expected wait for")
    felt = perceived.reindex(customers.index).to_numpy(float)
    band = settings.tolerance
    codes = np.select([felt < expected * (1 - band) - 1e-9, felt > expected * (1 + band) + 1e-9],
                      [0, 2], default=1)
    codes[np.isnan(felt) | (customers["outcome"].astype(str).to_numpy() == "balked")] = -1
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(CATEGORIES)),
                     index=customers.index, name="expectation")


def experience_kpis(customers, structure, settings, priorities, eligible, default_wait,
                    announced=None, overtaken=None):
    if overtaken is None:
        overtaken = experience.overtakes(customers, priorities, eligible)
    joined = customers["outcome"].astype(str).to_numpy() != "balked"
    slips = overtaken.loc[customers.index, ["slips", "slips_illegitimate"]].to_numpy()[joined]
    felt = perceived_wait(customers, structure, settings, announced)
    judged = expectation(customers, felt, settings, default_wait)[joined].value_counts()
    kpis = {
        "overtaken_share": _mean(slips[:, 0] > 0),
        "illegitimate_overtakes": _mean(slips[:, 1]),
        "perceived_wait_mean": _mean(felt.to_numpy()[joined]),
    }
    total = int(judged.sum())
    kpis.update({name: float(judged[name] / total) if total else math.nan
                 for name in reversed(CATEGORIES)})
    return kpis


def _mean(values):
    values = np.asarray(values, float)
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else math.nan
