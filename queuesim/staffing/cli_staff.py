"""The body of ``queuesim staff``: load, plan, print, save (kept out of the CLI module so that
the command stays a few lines and this can be called from Python too)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from .. import i18n
from ..diagnostics import print_warnings
from ..loader import load_scenario
from ..store import check_output, output_folder, write_folder, write_json
from .notes import Note, say
from .optimise import plan_stationary, with_targets
from .phases import phases
from .plan import check_period, check_targets, frontier, plan_staffing
from .report import document, json_value, plan_warnings, save
from .shifts import load_shifts
from .tables import frontier_view, period_view, shift_view, stationary_view, totals_view

LEVELS = tuple(np.round(np.arange(0.60, 0.951, 0.05), 2))


def run(path: Path, overrides, shifts_path, options: dict, with_frontier: bool,
        out_dir: Path | None, as_json: bool, console, force: bool = False,
        lang: str | None = None) -> None:
    """Plan, then print tables (or JSON) and write ``results/<name>-staffing/`` (a what-if:
    ``results/<name>-staffing--<overrides>/``). Every option is checked before any work; the
    long phases show a progress line on stderr when it is a terminal. ``lang``: the language
    of the tables (default: the locale's)."""
    scenario = load_scenario(path, overrides)
    shifts = load_shifts(shifts_path) if shifts_path else None
    folder = out_dir or output_folder(f"{path.stem}-staffing", overrides)
    check_output(folder, force)
    if not scenario.clock.steady:
        check_period(scenario, options["period"])
    if scenario.clock.steady:
        return _stationary(scenario, options, folder, as_json, console, force, lang)
    with phases(lang) as phase:
        report = plan_staffing(scenario, shifts=shifts, **options, phase=phase)
        curve = None
        if with_frontier:
            curve = frontier(report.scenario, options["period"], LEVELS, shifts,
                             options["replications"], 50, options["seed"], options["workers"],
                             phase)
    report.notes.extend(Note("staff_note_what_if", change=text) for text in overrides)
    save(report, folder, force)
    if curve is not None:
        curve.to_csv(folder / "frontier.csv", index=False)
    if as_json:
        print_warnings(plan_warnings(report))
        extra = {} if curve is None else {"frontier": curve.to_dict("records")}
        print(json.dumps({**document(report), **extra}, ensure_ascii=False, indent=2,
                         default=json_value))
        return None
    console.print(period_view(report, lang))
    console.print(totals_view(report, lang))
    if report.best.shifts is not None:
        console.print(shift_view(report.best.shifts, report.currency, lang))
    if curve is not None:
        console.print(frontier_view(curve, report.currency, lang))
    for line in report.plan.steps + report.notes:
        console.print(f"• {say(line, lang)}", highlight=False, markup=False)
    print_warnings(plan_warnings(report))
    print(i18n.say("msg.staff_written", folder=folder), file=sys.stderr)
    return None


def _stationary(scenario, options, folder, as_json, console, force: bool,
                lang: str | None = None) -> None:
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
    console.print(stationary_view(scenario, table, chosen, lang))
