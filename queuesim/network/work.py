"""What a worker does with one branch: simulate it (and its what-ifs), or plan its staff.

This is the one function an engine sends out, :func:`evaluate_branch`. A branch from a visit
log is fitted here first, on the worker (:mod:`.fitted`). It then calls the package's
public entry points only — :func:`queuesim.compare.compare` (every option of the branch on the
same simulated days: common random numbers, so a what-if's effect is a paired difference) and
:func:`queuesim.staffing.plan.plan_staffing` (which itself decides when the fast exact evaluator
applies) — in the worker's own process (``workers=1``): the parallelism is across branches.

It returns plain data (tables and JSON-ready mappings), never writes: the process that sent the
work writes each branch's folder, atomically, when its result arrives.
"""

from __future__ import annotations

import json

import pandas as pd

from ..compare import Option, compare, stack
from ..runner import simulate_one
from .branches import BranchJob
from .fitted import resolve

KEYS = ("option", "replication")


def evaluate_branch(job: BranchJob) -> dict:
    """The result of one branch: ``{"replications": table}`` for run and compare (one row per
    option and replication: every overall KPI and ``counter_hours``), plus ``"report"`` (the
    branch's own HTML page) when ``job.settings["branch_report"]``; ``{"staffing": document}``
    for staff. A branch from a visit log is fitted first (:mod:`.fitted`) and its result also
    holds ``"scenario"``, the fitted hall as YAML with its provenance."""
    job, fitted = resolve(job)
    result = _evaluate(job)
    result["target_service_level"] = job.options[0][1].targets.service_level
    if fitted is not None:
        result["scenario"] = fitted
    return result


def _evaluate(job: BranchJob) -> dict:
    if job.mode == "staff":
        return {"staffing": _staff(job)}
    if job.settings.get("branch_report"):
        options = [Option(name, scenario) for name, scenario in job.options]
        comparison = compare(options, job.replications, job.seed, workers=1)
        return {"replications": replication_table(comparison.kpis), "report": _page(comparison)}
    return {"replications": replication_table(_overall_kpis(job))}


def _overall_kpis(job: BranchJob) -> dict[str, pd.DataFrame]:
    """The overall and per-counter KPIs of every option and replication, stacked as
    :func:`queuesim.compare.stack` does; the per-customer tables are not kept."""
    tables = {}
    for name, scenario in job.options:
        parts = [simulate_one(scenario, job.seed, r, keep=())
                 for r in range(job.replications)]
        tables[name] = {part: pd.concat(
            [p[f"kpi_{part}"].reset_index().assign(replication=r) for r, p in enumerate(parts)],
            ignore_index=True) for part in ("overall", "by_counter")}
    return stack(tables)


def replication_table(kpis: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Overall KPIs of every option and replication, with the hours its counters were open
    (``counter_hours``, hours: the sum of the counters' open time)."""
    overall = kpis["overall"].drop(columns="group")
    counters = kpis["by_counter"]
    hours = (counters.groupby(list(KEYS), sort=False)["open_time"].sum() / 60).rename(
        "counter_hours").reset_index()
    table = overall.merge(hours, on=list(KEYS), how="left")
    return table[[*KEYS, *[c for c in table.columns if c not in KEYS]]]


def _page(comparison) -> str:
    from .. import report

    if len(comparison.options) == 1:
        return report.run_page_from_results(comparison.results[0], None)
    return report.compare_page(comparison, None, "wait_mean")


def _staff(job: BranchJob) -> dict:
    from ..staffing.plan import plan_staffing
    from ..staffing.report import document, json_value

    settings = dict(job.settings)
    settings.pop("branch_report", None)
    scenario = job.options[0][1]
    plan = plan_staffing(scenario, seed=job.seed, workers=1,
                         verify_replications=job.replications, **settings)
    return json.loads(json.dumps(document(plan), default=json_value))


