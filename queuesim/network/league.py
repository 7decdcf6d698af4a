"""The league table of a network: every branch's KPIs, every what-if's effect, ranks and totals.

Built from the branches' stored per-replication tables only (never from results in memory), in
branch-name order, so the same stored results give byte-identical tables whatever engine, worker
count or order of completion produced them, and a resumed run gives the same tables as an
uninterrupted one.

* ``branches``: one row per branch: each league KPI's mean and 95 % CI (``kpi``, ``kpi_low``,
  ``kpi_high``; Student-t over replications, as in a single run), the branch's service-level
  target, ``gap`` = target − service level (positive: below target) and ``rank_gap`` (1 = the
  branch farthest below its target).
* ``effects``: one row per branch, what-if and KPI: the paired difference ``what-if − today`` on
  common random numbers, its 95 % CI, p-value and significance (:mod:`queuesim.compare`), and
  ``rank_gain``: the branch's rank by the what-if's gain in service level (1 = helped most).
* ``totals``: per option, the network's customers served, walk-outs (gave up while waiting +
  turned away at the door), counter-hours and staff cost (counter-hours × the network's
  ``cost_per_counter_hour``): summed over branches replication by replication, then the mean and
  95 % CI of the sum over replications (branches are independent, so the spread of the sum is
  right); for each what-if also the paired difference of the sum from today's.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..compare import paired_differences, paired_t, summarise
from ..metrics import confidence_interval
from .branches import TODAY

LEAGUE_KPIS = ("arrivals", "served", "balked", "reneged", "wait_mean", "wait_p90",
               "service_level", "abandon_rate", "utilization", "counter_hours")
TOTALS = ("served", "walk_outs", "counter_hours", "staff_cost")


def branch_statistics(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summary (option, kpi, mean, low, high, n) and paired differences of every branch."""
    summaries, differences = [], []
    columns = ["option", "replication", *[k for k in LEAGUE_KPIS if k in table.columns]]
    for branch, rows in table.groupby("branch", sort=True):
        kpis = {"overall": rows[columns].assign(group="all")}
        summaries.append(summarise(kpis).assign(branch=branch))
        differences.append(paired_differences(kpis).assign(branch=branch))
    return pd.concat(summaries, ignore_index=True), pd.concat(differences, ignore_index=True)


def branches_table(summary: pd.DataFrame, targets: dict[str, float]) -> pd.DataFrame:
    """One row per branch: today's league KPIs with CIs, target, gap and rank by gap."""
    today = summary[summary["option"] == TODAY]
    wide = today.pivot(index="branch", columns="kpi", values=["mean", "low", "high"])
    table = pd.DataFrame(index=wide.index)
    for kpi in LEAGUE_KPIS:
        if ("mean", kpi) in wide.columns:
            table[kpi] = wide[("mean", kpi)]
            table[f"{kpi}_low"] = wide[("low", kpi)]
            table[f"{kpi}_high"] = wide[("high", kpi)]
    table["replications"] = today.groupby("branch")["n"].max()
    table["target_service_level"] = [targets[name] for name in table.index]
    table["gap"] = table["target_service_level"] - table["service_level"]
    table["rank_gap"] = _rank(table["gap"], table.index)
    return table.reset_index()


def effects_table(differences: pd.DataFrame) -> pd.DataFrame:
    """One row per branch, what-if and league KPI: the paired difference and the rank by gain
    in service level within the what-if."""
    columns = ["branch", "option", "kpi", "mean", "low", "high", "n", "p_value", "significant"]
    table = differences[columns].rename(columns={"option": "what_if"})
    table = table.sort_values(["what_if", "branch"], kind="stable").reset_index(drop=True)
    gains = table[table["kpi"] == "service_level"].set_index(["what_if", "branch"])["mean"]
    ranks = pd.concat([_rank(rows.droplevel("what_if"), rows.index.get_level_values("branch"))
                       .rename(what_if) for what_if, rows in gains.groupby(level="what_if")],
                      axis=1) if len(gains) else pd.DataFrame()
    table["rank_gain"] = [ranks.at[branch, what_if] if what_if in ranks else np.nan
                          for branch, what_if in zip(table["branch"], table["what_if"],
                                                     strict=True)]
    return table


def totals_table(table: pd.DataFrame, cost_per_counter_hour: float | None) -> pd.DataFrame:
    """Network totals per option with CIs, and each what-if's paired change of the total."""
    sums = table.assign(walk_outs=table["reneged"] + table["balked"]).groupby(
        ["option", "replication"], sort=False)[["served", "walk_outs", "counter_hours"]].sum()
    rate = math.nan if cost_per_counter_hour is None else cost_per_counter_hour
    sums["staff_cost"] = sums["counter_hours"] * rate
    rows = []
    options = list(dict.fromkeys(table["option"]))
    for option in options:
        for quantity in TOTALS:
            values = sums.loc[option, quantity]
            interval = confidence_interval(values.to_numpy())
            change = ({} if option == TODAY else
                      paired_t((values - sums.loc[TODAY, quantity]).dropna().to_numpy()))
            rows.append({"option": option, "quantity": quantity, "mean": interval["mean"],
                         "low": interval["ci95"][0], "high": interval["ci95"][1],
                         "n": interval["n"], "change": change.get("mean"),
                         "change_low": change.get("low"), "change_high": change.get("high")})
    return pd.DataFrame(rows).astype({"mean": float, "low": float, "high": float,
                                      "change": float, "change_low": float,
                                      "change_high": float})


def _rank(values: pd.Series, names) -> pd.Series:
    """1 for the largest value; ties by name; NaN last."""
    frame = pd.DataFrame({"value": np.asarray(values, float), "name": list(names)})
    order = frame.sort_values(["value", "name"], ascending=[False, True], na_position="last",
                              kind="stable").index
    ranks = np.empty(len(frame), int)
    ranks[order] = np.arange(1, len(frame) + 1)
    return pd.Series(ranks, index=values.index)


def staffing_tables(documents: dict[str, dict], cost_per_counter_hour: float | None
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each branch's plan against today's, and the network's totals of both.

    Counter-hours and shift costs are exact figures of the rosters (no CI); the service level is
    the plan's proof on fresh simulated days, with its 95 % CI. Without shift costs, a cost is
    counter-hours × ``cost_per_counter_hour`` (missing when that is not given).
    """
    rate = math.nan if cost_per_counter_hour is None else cost_per_counter_hour
    rows = []
    for name in sorted(documents):
        options = documents[name]["options"]
        plan, today = options["plan"], options["current"]
        level = plan["service_level"]
        rows.append({
            "branch": name, "counter_hours_today": today["counter_hours"],
            "counter_hours_plan": plan["counter_hours"],
            "cost_today": today["counter_hours"] * rate,
            "cost_plan": plan["cost"] if plan["cost"] is not None else plan["counter_hours"] * rate,
            "service_level_plan": level["mean"], "service_level_plan_low": level["ci95"][0],
            "service_level_plan_high": level["ci95"][1],
            "service_level_today": today["service_level"]["mean"],
            "meets_every_period": plan["meets_target_every_period"]})
    plans = pd.DataFrame(rows)
    totals = pd.DataFrame([{"quantity": quantity, "today": float(plans[f"{quantity}_today"].sum(
        min_count=1)), "plan": float(plans[f"{quantity}_plan"].sum(min_count=1))}
        for quantity in ("counter_hours", "cost")])
    totals["change"] = totals["plan"] - totals["today"]
    return plans, totals
