"""The body of ``queuesim staff``: load, plan, print, save (kept out of the CLI module so that
the command stays a few lines and this can be called from Python too)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from rich.table import Table

from .. import i18n
from ..diagnostics import print_warnings
from ..loader import load_scenario
from ..store import check_output, output_folder, write_folder, write_json
from .optimise import plan_stationary, with_targets
from .plan import check_period, check_targets, frontier, plan_staffing
from .report import document, json_value, plan_warnings, save, terminal_tables
from .shifts import load_shifts

LEVELS = tuple(np.round(np.arange(0.60, 0.951, 0.05), 2))


def run(path: Path, overrides, shifts_path, options: dict, with_frontier: bool,
        out_dir: Path | None, as_json: bool, console, force: bool = False) -> None:
    """Plan, then print tables (or JSON) and write ``results/<name>-staffing/`` (a what-if:
    ``results/<name>-staffing--<overrides>/``). Every option is checked before any work."""
    scenario = load_scenario(path, overrides)
    shifts = load_shifts(shifts_path) if shifts_path else None
    folder = out_dir or output_folder(f"{path.stem}-staffing", overrides)
    check_output(folder, force)
    if not scenario.clock.steady:
        check_period(scenario, options["period"])
    if scenario.clock.steady:
        return _stationary(scenario, options, folder, as_json, console, force)
    report = plan_staffing(scenario, shifts=shifts, **options)
    report.notes.extend(f"what-if: --set {text}" for text in overrides)
    curve = None
    if with_frontier:
        curve = frontier(report.scenario, options["period"], LEVELS, shifts,
                         options["replications"], 50, options["seed"], options["workers"])
    save(report, folder, force)
    if curve is not None:
        curve.to_csv(folder / "frontier.csv", index=False)
    if as_json:
        print_warnings(plan_warnings(report))
        extra = {} if curve is None else {"frontier": curve.to_dict("records")}
        print(json.dumps({**document(report), **extra}, ensure_ascii=False, indent=2,
                         default=json_value))
        return None
    for table in terminal_tables(report):
        console.print(table)
    if report.best.shifts is not None:
        console.print(_shift_table(report.best.shifts))
    if curve is not None:
        console.print(_frontier_table(curve))
    for line in report.plan.steps + report.notes:
        console.print(f"• {line}", highlight=False)
    print_warnings(plan_warnings(report))
    print(i18n.say("msg.staff_written", folder=folder), file=sys.stderr)
    return None


def _stationary(scenario, options, folder, as_json, console, force: bool) -> None:
    scenario = with_targets(scenario, options["target_wait"], options["service_level"],
                            options["max_abandon"])
    check_targets(scenario)
    table = plan_stationary(scenario, options["replications"] or 10,
                            scenario.seed if options["seed"] is None else options["seed"])
    chosen = int(table.loc[table["meets"], "counters"].min()) if table["meets"].any() else None
    result = {"scenario": scenario.name, "counters": chosen, "candidates": table.to_dict("records")}
    write_folder(folder, lambda f: write_json(f / "summary.json", result), force)
    if as_json:
        print(json.dumps(result, indent=2, default=json_value))
        return
    view = Table(title=f"{scenario.name} — counters for the target (steady state)",
                 title_justify="left")
    for name in ("counters", "Erlang's choice", "service level % (simulated)", "abandon %",
                 "meets"):
        view.add_column(name, justify="right")
    for row in table.itertuples():
        view.add_row(str(row.counters), "yes" if row.theory else "",
                     f"{100 * row.service_level:.1f}", f"{100 * row.abandon_rate:.1f}",
                     "yes" if row.meets else "no")
    console.print(view)
    console.print(f"least counters meeting the target: {chosen}")


def _shift_table(plan) -> Table:
    view = Table(title=f"Shifts — cost {plan.total_cost:,.0f}, {plan.paid_hours:g} paid hours",
                 title_justify="left")
    table = plan.to_table()
    for column in table.columns:
        view.add_column(str(column))
    for row in table.itertuples(index=False):
        view.add_row(*(str(v) for v in row))
    return view


def _frontier_table(curve) -> Table:
    view = Table(title="Cost against service level (each plan proven on fresh days)",
                 title_justify="left")
    for name in ("target %", "counter-hours", "cost", "achieved % [95 % CI]",
                 "periods missed"):
        view.add_column(name, justify="right")
    for row in curve.itertuples():
        view.add_row(f"{100 * row.target:.0f}", f"{row.counter_hours:g}",
                     "–" if row.cost is None or row.cost != row.cost else f"{row.cost:,.0f}",
                     f"{100 * row.service_level:.1f} [{100 * row.low:.1f}–{100 * row.high:.1f}]",
                     str(row.periods_missed))
    return view
