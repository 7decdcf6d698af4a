"""Proof of a staffing plan: the roster simulated as a hall, on days it has never seen.

The optimiser chose its counters on fixed replications; a plan tuned to those days could be
lucky. Here the roster (a scenario with counters and hours) goes through the full SimPy model
with a fresh root seed, and each period's service level and abandonment are reported with 95 %
confidence intervals over replications against the target. Times in minutes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..metrics import confidence_interval
from ..runner import simulate_many

FRESH = 1_000_003
"""Offset of the verification's root seed from the planning seed."""


def verify(roster, period: float, replications: int, seed: int,
           workers: int | None = None) -> tuple[pd.DataFrame, dict]:
    """Per-period service level and abandonment of ``roster`` with CIs, and the run's summary.

    A period *meets* the service-level target when the target lies below the upper end of its
    interval (not shown to miss), and the abandonment cap when the cap lies above the lower end.
    """
    return verify_many([roster], period, replications, seed, workers)[0]


def verify_many(rosters, period: float, replications: int, seed: int,
                workers: int | None = None) -> list[tuple[pd.DataFrame, dict]]:
    """:func:`verify` of several rosters on the same fresh days, with one pool of workers for
    all (no worker idles between two rosters); a roster given twice is simulated once, since
    the same roster on the same days gives the same proof."""
    distinct = list({roster.model_dump_json(): roster for roster in rosters}.values())
    found = simulate_many(distinct, replications, seed + FRESH, workers, keep=("customers",))
    proofs = {roster.model_dump_json(): (per_period(results.customers, roster, period),
                                         results.summary)
              for roster, results in zip(distinct, found, strict=True)}
    return [proofs[roster.model_dump_json()] for roster in rosters]


def per_period(customers: pd.DataFrame, scenario, period: float) -> pd.DataFrame:
    """Mean and 95 % CI over replications of each period's service level and abandonment."""
    periods = int(np.ceil(scenario.clock.end / period))
    frame = customers.assign(
        period=np.minimum((customers["arrival"] // period).astype(int), periods - 1),
        joined=customers["outcome"] != "balked",
        on_time=(customers["service_start"] - customers["arrival"])
        <= scenario.targets.wait_minutes + 1e-9,
        gave_up=customers["outcome"] == "reneged",
    )
    counts = frame.groupby(["replication", "period"])[["joined", "on_time", "gave_up"]].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        level = (counts["on_time"] / counts["joined"]).where(counts["joined"] > 0)
        abandon = (counts["gave_up"] / counts["joined"]).where(counts["joined"] > 0)
    rows = [_row(scenario, period, k, level, abandon, counts) for k in range(periods)]
    return pd.DataFrame(rows)


def _row(scenario, period, k, level, abandon, counts) -> dict:
    targets = scenario.targets
    pick = counts.index.get_level_values("period") == k
    sl = confidence_interval(level[pick].to_numpy(), kpi="service_level")
    ab = confidence_interval(abandon[pick].to_numpy(), kpi="abandon_rate")
    row = {"period": k, "clock": scenario.clock.label(k * period),
           "joined_per_day": float(counts.loc[pick, "joined"].mean()) if pick.any() else 0.0,
           "service_level": sl["mean"], "service_level_low": sl["ci95"][0],
           "service_level_high": sl["ci95"][1], "service_level_ok": _ok(sl, targets.service_level),
           "abandon_rate": ab["mean"], "abandon_low": ab["ci95"][0], "abandon_high": ab["ci95"][1]}
    row["abandon_ok"] = (True if targets.max_abandon is None
                         else _ok(ab, targets.max_abandon, above=False))
    return row


def _ok(stat: dict, goal: float, above: bool = True) -> bool:
    """Not shown to miss: the goal is inside or on the good side of the CI (no data: met)."""
    if stat["mean"] is None:
        return True
    low, high = stat["ci95"]
    low = stat["mean"] if low is None else low
    high = stat["mean"] if high is None else high
    return bool(high >= goal - 1e-12) if above else bool(low <= goal + 1e-12)
