"""A staffing plan as tables, JSON and a results folder.

Rendering only: every number here was computed by the optimiser, the shift scheduler or the
verification run (the terminal tables are in :mod:`.tables`). Times in minutes (clock times
"HH:MM"), counter-hours in hours, costs in the shift file's currency.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__, diagnostics
from ..store import write_folder, write_json, write_scenario
from .plan import Option, StaffingReport


def period_table(report: StaffingReport) -> pd.DataFrame:
    """One row per period: demand, counters by each method, the roster, and its proof."""
    plan, best = report.plan.table, report.best
    proof = best.proof
    coverage = best.shifts.coverage if best.shifts is not None else best.curve
    return pd.DataFrame({
        "clock": plan["clock"], "arrivals_per_hour": plan["arrivals_per_hour"].round(1),
        "current": report.current.curve, "sipp": plan["sipp"], "mol": plan["mol"],
        "isa": plan["isa"], "required": best.curve, "rostered": coverage,
        "service_level": proof["service_level"], "service_level_low": proof["service_level_low"],
        "service_level_high": proof["service_level_high"],
        "abandon_rate": proof["abandon_rate"], "abandon_low": proof["abandon_low"],
        "abandon_high": proof["abandon_high"],
        "meets": proof["service_level_ok"] & proof["abandon_ok"],
    })


def option_document(option: Option) -> dict:
    """An option's totals: counter-hours, cost, verdicts and its service level and abandon
    rate (mean and 95 % CI) on the fresh days."""
    shifts = option.shifts
    return {
        "counter_hours": option.counter_hours,
        "cost": None if shifts is None else shifts.total_cost,
        "meets_target_every_period": option.meets_everywhere,
        "periods_missed": int((~(option.proof["service_level_ok"]
                                 & option.proof["abandon_ok"])).sum()),
        "service_level": option.summary["kpis"]["service_level"],
        "abandon_rate": option.summary["kpis"]["abandon_rate"],
    }


def document(report: StaffingReport) -> dict:
    """Everything as one JSON-ready mapping."""
    targets = report.scenario.targets
    best = report.best
    return {
        "scenario": report.scenario.name, "version": __version__, "period": report.period,
        "targets": targets.model_dump(), "engine": report.plan.engine,
        "plan_source": best.name, "steps": report.plan.steps, "notes": report.notes,
        "currency": report.currency,
        "options": {"plan": option_document(best), "sipp": option_document(report.sipp),
                    "current": option_document(report.current)},
        "periods": period_table(report).to_dict("records"),
        "shifts": [] if best.shifts is None else best.shifts.to_table().to_dict("records"),
        "shift_messages": [] if best.shifts is None else best.shifts.messages,
        "warnings": plan_warnings(report),
    }


def json_value(value):
    """``default`` for :func:`json.dumps` of a staffing document: numpy scalars as plain
    numbers (NaN as null)."""
    if isinstance(value, (np.integer, np.bool_)):
        return value.item()
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    raise TypeError(type(value).__name__)


def plan_warnings(report: StaffingReport) -> list[dict]:
    """``plan_fails_proof`` when the plan misses the target in some periods on the fresh days:
    it is then the best roster found, not a plan that meets the target."""
    table = period_table(report)
    missed = table.loc[~table["meets"].astype(bool), "clock"].tolist()
    if not missed:
        return []
    warning = {"code": "plan_fails_proof", "periods": missed}
    return [{**warning, "message": diagnostics.text(warning, "en")}]


def save(report: StaffingReport, directory: str | Path, force: bool = False) -> Path:
    """plan.csv, shifts.csv, roster.yaml (a scenario: run it with ``queuesim run``),
    summary.json; written all at once."""
    def write(folder: Path) -> None:
        period_table(report).to_csv(folder / "plan.csv", index=False)
        if report.best.shifts is not None:
            report.best.shifts.to_table().to_csv(folder / "shifts.csv", index=False)
        write_scenario(folder / "roster.yaml", report.best.roster)
        write_json(folder / "summary.json", document(report))

    return write_folder(directory, write, force)
