"""Which measure pays off in this hall: the baseline and every applicable policy, compared.

Every measure of :mod:`queuesim.policies` that applies is run beside the baseline on the same
simulated days (common random numbers), and ranked by the paired change of one KPI. Each
change carries its 95 % confidence interval and whether it is significant; staff hours are the
counters' opening hours (machines not counted), so that cheap and dear measures can be told
apart. The same option run alone with ``queuesim run`` and the same seed gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from . import policies
from .compare import Comparison, Option, compare
from .errors import ScenarioError, did_you_mean
from .scenario import Scenario

SHOWN = ("wait_mean", "service_level", "abandon_rate", "perceived_wait_mean",
         "illegitimate_overtakes")


@dataclass
class Advice:
    """The comparison, the ranked table, the measures that did not apply (with why), and the
    parameters each measure tried was run with (its defaults updated by the user's)."""

    comparison: Comparison
    table: pd.DataFrame
    skipped: dict[str, str]
    parameters: dict[str, dict] = field(default_factory=dict)


def options(scenario: Scenario, names: Iterable[str] | None = None,
            parameters: Mapping[str, dict] | None = None) -> tuple[list[Option], dict[str, str]]:
    """The baseline and the scenario changed by each chosen, applicable policy."""
    chosen = list(names) if names else list(policies.POLICIES)
    parameters = dict(parameters or {})
    for name in [*chosen, *parameters]:
        if name not in policies.POLICIES:
            raise ScenarioError(f"policies: unknown policy '{name}'"
                                f"{did_you_mean(name, policies.POLICIES)}; known: "
                                f"{', '.join(policies.POLICIES)}")
    found, skipped = [Option("baseline", scenario, {})], {}
    for name in chosen:
        try:
            changed = policies.apply(scenario, policies.POLICIES[name], parameters.get(name))
        except policies.NotApplicable as reason:
            skipped[name] = str(reason)
            continue
        found.append(Option(name, changed, {"policy": name}))
    return found, skipped


def advise(scenario: Scenario, names: Iterable[str] | None = None,
           parameters: Mapping[str, dict] | None = None, rank: str = "wait_mean",
           replications: int | None = None, seed: int | None = None,
           workers: int | None = None, progress=None) -> Advice:
    """Run the baseline and the policies on common random numbers and rank them by ``rank``."""
    found, skipped = options(scenario, names, parameters)
    comparison = compare(found, replications, seed, workers, keep_frames=False,
                         progress=progress)
    given = dict(parameters or {})
    used = {option.name: {**policies.POLICIES[option.name].defaults, **given.get(option.name, {})}
            for option in found[1:]}
    return Advice(comparison, ranking(comparison, found, rank), skipped, used)


def ranking(comparison: Comparison, found: list[Option], rank: str) -> pd.DataFrame:
    """One row per policy: the paired change of each shown KPI with its CI and significance,
    and the change in staff hours; best first by ``rank`` (lower is better for waits and
    abandonment, higher for the service level)."""
    differences = comparison.differences
    overall = differences[differences["part"] == "overall"].set_index(["option", "kpi"])
    base_hours = policies.counter_hours(found[0].scenario)
    rows = []
    for option in found[1:]:
        row = {"policy": option.name, "title": policies.POLICIES[option.name].title,
               "family": policies.POLICIES[option.name].family,
               "staff_hours": policies.counter_hours(option.scenario) - base_hours}
        for kpi in SHOWN:
            d = overall.loc[(option.name, kpi)] if (option.name, kpi) in overall.index else None
            row |= {kpi: _get(d, "mean"), f"{kpi}_low": _get(d, "low"),
                    f"{kpi}_high": _get(d, "high"),
                    f"{kpi}_significant": bool(d is not None and d["significant"])}
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    better_high = rank in ("service_level",)
    return table.sort_values(rank, ascending=not better_high, na_position="last",
                             kind="stable").reset_index(drop=True)


def _get(row, column):
    return float("nan") if row is None else float(row[column])


def load_parameters(path) -> dict[str, dict]:
    """Policy parameters from YAML: ``{policy: {parameter: value}}``."""
    from pathlib import Path

    from .loader import read_yaml

    data = read_yaml(Path(path)) or {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ScenarioError("expected {policy: {parameter: value}}", str(path))
    return data


def document(advice: Advice) -> dict:
    """JSON-ready: the ranking, the skipped policies, and the whole comparison."""
    table = advice.table.astype(object).where(advice.table.notna(), None)
    return {"ranking": table.to_dict("records"), "skipped": advice.skipped,
            "comparison": advice.comparison.to_dict()}
