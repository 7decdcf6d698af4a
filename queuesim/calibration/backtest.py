"""Backtest: does the hall's scenario reproduce the days it is meant to describe?

The observed days of a visit log and the simulated days of the scenario go through the same
code: every observed day becomes the simulator's tables (:func:`.observed.customers_table`) and
its KPIs come from :func:`queuesim.metrics.customer_kpis` over the same measured window, the
function :func:`queuesim.metrics.replication_kpis` computes a simulated day's with (overall, per
class; per period of arrival on both sides).
Each KPI is then compared: observed as the mean over days with their spread (sd, min, max),
simulated as the mean over replications with its 95 % CI.

**Verdict rule.** A KPI passes when the observed mean of *n* days is where the simulated hall
would put the mean of *n* days: ``|observed − simulated| ≤ max(t · sd_sim · √(1/n + 1/R),
tolerance)``, with *R* replications, ``sd_sim`` the simulated day-to-day standard deviation and
*t* the two-sided Student quantile with *R* − 1 degrees of freedom at level 5 %/*m*, where *m* is
the number of verdicts in the table (Bonferroni): a hall that is right fails any verdict of a
table with a chance of at most 5 %, however many periods and classes it has. The tolerance is
the practical accuracy asked of a calibrated hall (:data:`TOLERANCES`): a difference smaller than
it passes however many days there are. A KPI that cannot be computed on one side is ``n/a``,
with the reason in the notes.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from .. import metrics
from ..clock import format_time
from ..errors import ScenarioError
from ..loader import load_scenario
from ..runner import simulate
from ..scenario import Scenario
from .observed import customers_table
from .prepare import hall_classes
from .visitlog import VisitLog

KPIS = ("arrivals", "abandon_rate", "wait_mean", "wait_p90", "service_level", "utilization")
TOLERANCES = {"arrivals": ("relative", 0.05), "abandon_rate": ("absolute", 0.02),
              "wait_mean": ("relative", 0.15), "wait_p90": ("relative", 0.20),
              "service_level": ("absolute", 0.05), "utilization": ("absolute", 0.05)}
"""Differences that pass whatever the spread: 5 % of arrivals, 2 points of abandonment, 15 % of
the mean wait, 20 % of the 90th-percentile wait, 5 points of service level and utilization."""
WAIT_FLOOR = 0.1
"""Minutes: waits closer than this (6 s) pass, since a relative tolerance of a near-zero wait
means nothing."""
RULE = ("pass if |observed − simulated| ≤ max(t·sd_sim·√(1/days + 1/replications), tolerance), "
        "t the Student quantile at 5 % over the number of verdicts in the table; tolerances: "
        "arrivals 5 %, abandonment 2 points, mean wait 15 %, 90th-percentile wait 20 % (at "
        "least 0.1 min), service level and utilization 5 points")


@dataclass
class Backtest:
    """Observed against simulated, per KPI; tables with one row per KPI (and period/class)."""

    overall: pd.DataFrame
    by_period: pd.DataFrame
    by_class: pd.DataFrame
    days: list[str] = field(default_factory=list)
    replications: int = 0
    notes: list[str] = field(default_factory=list)
    curves: dict = field(default_factory=dict)
    """Per KPI, per period: observed days and simulated replications (for the report)."""

    def to_dict(self) -> dict:
        """Everything as plain JSON-ready values (NaN → None)."""
        def records(table: pd.DataFrame) -> list[dict]:
            return [{key: _plain(value) for key, value in row.items()}
                    for row in table.to_dict(orient="records")]
        return {"rule": RULE, "days": self.days, "replications": self.replications,
                "notes": self.notes, "overall": records(self.overall),
                "by_period": records(self.by_period), "by_class": records(self.by_class)}

    @property
    def passed(self) -> bool:
        """Every computable verdict passes."""
        tables = (self.overall, self.by_period, self.by_class)
        return not any((table["verdict"] == "fail").any() for table in tables)


def _plain(value):
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def backtest(scenario: Scenario | str | Path | Mapping, log: VisitLog, replications: int = 50,
             seed: int | None = None, workers: int | None = None,
             period: int = 60) -> Backtest:
    """Simulate ``scenario`` for ``replications`` days and compare it with the days of ``log``.

    ``period`` (minutes) is the length of the periods of the day that are compared one by one.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if scenario.clock.steady:
        raise ScenarioError("a backtest compares days: give the hall clock.open and clock.close, "
                            "not a steady-state horizon")
    # a fitted hall may split a log's class by priority (PS-p1, PS-p0): name visits its way
    log = dataclasses.replace(log, table=log.table.assign(
        **{"class": hall_classes(log.table, scenario.class_names)}))
    results = simulate(scenario, replications=replications, seed=seed, workers=workers)
    open_time, notes = _counter_hours(scenario, results, log)
    joined_only = not (log.table["outcome"] == "balked").any()
    if joined_only:
        notes.append("arrivals: the log has no balked visits (a ticket machine or a switch does "
                     "not see who left without joining), so arrivals are counted on both sides "
                     "as customers who joined")
    ids = [c.id for c in scenario.counters]
    observed = _stack([_observed_kpis(scenario, customers_table(
        rows, scenario.clock.open, scenario.class_names, ids, open_time), period, joined_only)
                       for _, rows in log.table.groupby("day", sort=True)])
    simulated = _simulated(scenario, results, period, joined_only)
    tables = {part: _compare(observed[part], simulated[part], keys)
              for part, keys in (("overall", []), ("by_period", ["period"]),
                                 ("by_class", ["class"]))}
    curves = {"observed": observed["by_period"], "simulated": simulated["by_period"]}
    return Backtest(tables["overall"], tables["by_period"], tables["by_class"],
                    [d.isoformat() for d in log.days], results.replications, notes, curves)


def _simulated(scenario, results, period: int, joined_only: bool) -> dict[str, pd.DataFrame]:
    """The compared KPIs of the simulated days: overall and per class as the runner computed
    them (:func:`queuesim.metrics.replication_kpis`), per period as :func:`_period_kpis`."""
    customers = results.customers
    if joined_only:
        customers = customers[customers["outcome"] != "balked"]
    by_period = [_period_kpis(scenario, group, period).assign(day=r)
                 for r, group in customers.groupby("replication", sort=True)]

    def joined(table: pd.DataFrame) -> pd.DataFrame:
        table = table.rename(columns={"replication": "day"})
        return table.assign(arrivals=table["arrivals"] - table["balked"]) if joined_only else table
    return {"overall": joined(results.kpis["overall"]),
            "by_class": joined(results.kpis["by_class"].rename(columns={"group": "class"})),
            "by_period": pd.concat(by_period, ignore_index=True)}


def _counter_hours(scenario, results, log: VisitLog) -> tuple[dict[str, float] | None, list]:
    """Open minutes per counter for observed utilization: the scenario's, when every counter of
    the log is one of its counters; otherwise none (the log does not say when counters were
    open)."""
    seen = set(log.table["counter"]) - {""}
    ids = {c.id for c in scenario.counters}
    if seen and seen <= ids:
        hours = results.counters.groupby("counter")["open_time"].mean().to_dict()
        return hours, ["observed utilization: busy time from the log over the opening hours of "
                       "the scenario's counters (the log does not record when counters were open)"]
    return None, ["observed utilization: n/a — the log does not record when counters were "
                  "open, and its counters are not the scenario's"]


def _observed_kpis(scenario, frames: dict, period: int,
                   joined_only: bool) -> dict[str, pd.DataFrame]:
    """The compared KPIs of an observed day, by the functions
    :func:`queuesim.metrics.replication_kpis` computes them with: :func:`metrics.customer_kpis`
    of the customers who arrived in the measured window (overall, per class, per period) and the
    counters' busy time over their open time. (Its fairness and perception KPIs, which a backtest
    does not compare, are left out: they cost more than all the rest.)"""
    low, high = metrics.window(scenario, frames)
    customers = frames["customers"]
    if joined_only:
        customers = customers[customers["outcome"] != "balked"]
    inside = customers[(customers["arrival"] >= low) & (customers["arrival"] < high)]
    target = scenario.targets.wait_minutes
    overall = metrics.customer_kpis(inside, target, False, high - low)
    counters = frames["counters"]
    opened = counters["open_time"].sum()
    overall["utilization"] = counters["busy_time"].sum() / opened if opened > 0 else math.nan
    by_class = [{"class": name, **metrics.customer_kpis(group, target, False, high - low)}
                for name, group in inside.groupby("class", observed=False, sort=True)]
    return {"overall": pd.DataFrame([overall]), "by_class": pd.DataFrame(by_class),
            "by_period": _period_kpis(scenario, customers, period)}


def _period_kpis(scenario, customers: pd.DataFrame, period: int) -> pd.DataFrame:
    """KPIs of the customers who arrived in each period of the opening hours."""
    clock = scenario.clock
    edges = np.arange(0.0, clock.end + period, period)
    inside = customers[(customers["arrival"] >= 0) & (customers["arrival"] < clock.end)]
    index = np.floor(inside["arrival"].to_numpy() / period).astype(int)
    rows = []
    for k, start in enumerate(edges[:-1]):
        group = inside[index == k]
        kpis = metrics.customer_kpis(group, scenario.targets.wait_minutes, False, period)
        rows.append({"period": format_time(clock.start + start), **kpis})
    return pd.DataFrame(rows)


def _stack(days: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    return {part: pd.concat([d[part].assign(day=i) for i, d in enumerate(days)],
                            ignore_index=True) for part in ("overall", "by_class", "by_period")}


def _compare(observed: pd.DataFrame, simulated: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    kpis = [k for k in KPIS if k in observed.columns and (keys == [] or k != "utilization")]
    rows = []
    groups = ([((), observed, simulated)] if not keys else
              [((key,), observed[observed[keys[0]] == key], simulated[simulated[keys[0]] == key])
               for key in pd.unique(simulated[keys[0]].astype(str))])
    verdicts = len(groups) * len(kpis)
    for key, seen, made in groups:
        for kpi in kpis:
            rows.append({**dict(zip(keys, key, strict=True)), "kpi": kpi,
                         **compare_values(kpi, seen[kpi].to_numpy(float),
                                          made[kpi].to_numpy(float), verdicts)})
    return pd.DataFrame(rows)


def compare_values(kpi: str, observed: np.ndarray, simulated: np.ndarray,
                   verdicts: int = 1) -> dict:
    """One KPI: observed days against simulated replications, with the verdict of
    :data:`RULE` (``verdicts``: how many the table holds)."""
    observed, simulated = observed[~np.isnan(observed)], simulated[~np.isnan(simulated)]
    ci = metrics.confidence_interval(simulated, kpi=kpi)
    row = {"observed_mean": _mean(observed), "observed_sd": _sd(observed),
           "observed_min": float(observed.min()) if len(observed) else math.nan,
           "observed_max": float(observed.max()) if len(observed) else math.nan,
           "days": len(observed), "simulated_mean": _mean(simulated),
           "ci_low": _number(ci["ci95"][0]), "ci_high": _number(ci["ci95"][1]),
           "replications": len(simulated)}
    error = row["simulated_mean"] - row["observed_mean"]
    row["error"] = error
    row["relative_error"] = error / row["observed_mean"] if row["observed_mean"] else math.nan
    if len(observed) == 0 or len(simulated) < 2:
        return {**row, "allowed": math.nan, "verdict": "n/a"}
    # the two-sample t band with the pooled sd: if the hall is right, both samples are days of
    # one distribution, and the observed days also tell how wide it is (heavy-tailed waits)
    days, reps = len(observed), len(simulated)
    spread = (days - 1) * _sd(observed) ** 2 if days > 1 else 0.0
    pooled = math.sqrt((spread + (reps - 1) * _sd(simulated) ** 2) / (days - 1 + reps - 1))
    t = stats.t.ppf(1 - 0.025 / verdicts, days - 1 + reps - 1)
    band = t * pooled * math.sqrt(1 / days + 1 / reps)
    allowed = max(band, _tolerance(kpi, row["observed_mean"]))
    return {**row, "allowed": allowed, "verdict": "pass" if abs(error) <= allowed else "fail"}


def _tolerance(kpi: str, observed: float) -> float:
    kind, size = TOLERANCES[kpi]
    value = size * abs(observed) if kind == "relative" else size
    return max(value, WAIT_FLOOR) if kpi.startswith("wait") else value


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else math.nan


def _sd(values: np.ndarray) -> float:
    return float(values.std(ddof=1)) if len(values) > 1 else math.nan


def _number(value) -> float:
    return math.nan if value is None else float(value)
