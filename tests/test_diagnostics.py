"""Tests for queuesim.diagnostics and the warnings a manager reads (terminal, JSON, report).

The offered load is checked against hand-computed hours; the steady-state overload warning
against what it claims (the mean wait of an overloaded hall grows with the horizon); the
overtime warning against its thresholds; the staffing warning against the plan's own proof.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from helpers import scenario
from queuesim import load_scenario, simulate
from queuesim.cli import app
from queuesim.diagnostics import OVERTIME_MINUTES, hourly_load, overload, overtime
from queuesim.staffing.roster import counter_hours

ROOT = Path(__file__).resolve().parent.parent
MMC = ROOT / "scenarios" / "mmc_steady.yaml"
TWO_MINUTES = {"all": {"share": 1.0, "service_time": {"dist": "deterministic", "mean": 2}}}


def day(**fields):
    return scenario(customers=TWO_MINUTES, **fields)


def test_hourly_load_is_arrivals_times_service_against_open_speed():
    hall = day(clock={"open": "09:30", "close": "11:00"},
               arrivals={"per_hour": {"09:30": 30, "10:30": 90}},
               counters=[{"id": "A"}, {"id": "B", "speed": 0.5, "hours": ["10:00-11:00"]}])
    periods = hourly_load(hall)
    assert [(p["start"], p["end"]) for p in periods] == [(0, 30), (30, 90)]
    # 09:30-10:00: 0.5/min × 2 min = 1 counter's work, 1 open; 10:00-11:00: half at 30/h and
    # half at 90/h = 1/min × 2 = 2 counters' work, 1.5 open (speeds 1 + 0.5)
    assert periods[0]["load"] == pytest.approx(1.0) and periods[0]["capacity"] == 1.0
    assert periods[1]["load"] == pytest.approx(2.0) and periods[1]["capacity"] == 1.5
    (warning,) = overload(hall)
    assert warning["code"] == "overload"
    assert [(p["from"], p["to"]) for p in warning["periods"]] == [("10:00", "11:00")]
    assert warning["periods"][0]["ratio"] == pytest.approx(2 / 1.5)
    assert "1 of 2 hours" in warning["message"] and "133 %" in warning["message"]


def test_a_hall_within_capacity_gets_no_warning():
    assert overload(day(arrivals={"per_hour": 30})) == []  # exactly 1 counter's work: not above


def test_hours_with_demand_and_no_counter_are_named():
    hall = day(clock={"open": "09:00", "close": "11:00"},
               counters=[{"id": "A", "hours": ["10:00-11:00"]}])
    (warning,) = overload(hall)
    assert "09:00–10:00 (work arrives while no counter is open" in warning["message"]


def steady(load: float, patience: bool = False):
    customers = {"all": {"share": 1.0, "service_time": {"dist": "exponential", "mean": 1}}}
    if patience:
        customers["all"]["patience"] = {"dist": "exponential", "mean": 5}
    return scenario(clock={"horizon": 2000, "warmup": 100}, customers=customers,
                    arrivals={"per_hour": 60 * load})


def test_steady_state_at_or_above_capacity_says_the_averages_do_not_converge():
    assert overload(steady(0.9)) == []
    (at_capacity,) = overload(steady(1.0))
    assert at_capacity["ratio"] == pytest.approx(1.0)
    assert "do not converge" in overload(steady(1.5))[0]["message"]
    assert "giving up" in overload(steady(1.5, patience=True))[0]["message"]


def test_an_overloaded_steady_hall_waits_longer_the_longer_it_runs():
    """What the warning claims: at 150 % load the mean wait grows with the horizon (about
    linearly: the line grows by 0.5 customers a minute), so no average describes the hall."""
    hall = steady(1.5).model_dump(mode="json", by_alias=True, exclude_none=True)
    waits = []
    for horizon in (1000, 2000):
        hall["clock"] = {"horizon": horizon, "warmup": 0}
        result = simulate(load_scenario(hall), replications=3, seed=1, workers=1)
        waits.append(result.summary["kpis"]["wait_mean"])
    assert waits[1]["ci95"][0] > 1.5 * waits[0]["ci95"][1]


def summary_with_overtime(minutes: float) -> dict:
    return {"kpis": {"overtime": {"mean": minutes, "ci95": [minutes - 5, minutes + 5], "n": 5}}}


@pytest.mark.parametrize(("minutes", "close", "warned"), [
    (OVERTIME_MINUTES + 1, "17:00", True), (OVERTIME_MINUTES - 1, "17:00", False),
    (OVERTIME_MINUTES - 1, "12:00", True),  # over a quarter of a 3-hour day
])
def test_overtime_is_flagged_above_an_hour_or_a_quarter_of_the_day(minutes, close, warned):
    hall = day(clock={"open": "09:00", "close": close})
    found = overtime(summary_with_overtime(minutes), hall)
    assert bool(found) is warned
    if warned:
        assert found[0]["minutes"] == minutes and "after closing time" in found[0]["message"]


def test_a_run_of_an_overloaded_day_warns_in_the_terminal_the_json_and_the_report(tmp_path):
    raw = day(arrivals={"per_hour": 90}).model_dump(mode="json", by_alias=True,
                                                    exclude_none=True)
    path = tmp_path / "busy.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(path), "-n", "3", "--workers", "1", "--out",
                                      str(out), "--report", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # 90/h × 2 min = 3 counters' work against 1 counter for an hour: about 120 min of overtime
    assert [w["code"] for w in summary["warnings"]] == ["overload", "overtime"]
    assert summary["warnings"][1]["minutes"] > OVERTIME_MINUTES
    # --lang chooses the terminal's language too; summary.json keeps the English message
    assert result.stderr.count("注意：") == 2 and "warning: " not in result.stderr
    assert "after closing time" in summary["warnings"][1]["message"]
    page = (out / "report.html").read_text(encoding="utf-8")
    header = page[:page.index("<section")]
    assert "请先阅读" in header and "after closing time" in header


def test_todays_staffing_does_not_count_self_service_machines():
    from queuesim.staffing.plan import Option

    hall = scenario(counters=[{"id": "T1"}, {"id": "K1", "machine": True}])
    assert counter_hours(hall, 30).tolist() == [1, 1]
    today = Option("current", counter_hours(hall, 30), hall, None, pd.DataFrame(), {})
    assert today.counter_hours == 1.0  # one staffed counter for the one-hour day


def test_a_staffing_plan_that_misses_its_target_says_where(tmp_path):
    from queuesim.staffing import plan as planning
    from queuesim.staffing.report import document, plan_warnings
    from queuesim.staffing.shifts import load_shifts
    from queuesim.staffing.tables import totals_view

    shifts = load_shifts(ROOT / "scenarios" / "shifts_branch.yaml").model_copy(
        update={"max_counters": 5})
    hall = load_scenario(ROOT / "scenarios" / "nanhu_single_line.yaml",
                         ["customers.vip.priority=0"])
    report = planning.plan_staffing(hall, period=60, shifts=shifts, replications=30,
                                    verify_replications=10, workers=1)
    proof = report.best.proof
    missed = int((~(proof["service_level_ok"] & proof["abandon_ok"])).sum())
    assert missed > 0
    (warning,) = plan_warnings(report)
    assert warning["code"] == "plan_fails_proof" and len(warning["periods"]) == missed
    assert f"does not meet the target in {missed} period(s)" in warning["message"]
    assert document(report)["warnings"] == [warning]
    console = Console(width=80, record=True)
    console.print(totals_view(report, "en"))
    assert f"plan, misses {missed}" in console.export_text()


def test_compare_names_the_overloaded_option_in_the_json_and_the_report(tmp_path):
    raw = day().model_dump(mode="json", by_alias=True, exclude_none=True)  # 1 counter's work
    path = tmp_path / "hall.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [
        "compare", str(path), "--vary", "arrivals.scale=1,2", "-n", "2", "--workers", "1",
        "--set", "seed=3", "--out", str(out), "--report"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["overrides"] == ["seed=3"]
    doubled = "hall [arrivals.scale=2]"
    overloads = [w for w in summary["warnings"] if w["code"] == "overload"]
    assert [w["option"] for w in overloads] == [doubled]  # only it is above capacity
    assert overloads[0]["message"].startswith(f"{doubled}: overload:")
    # twice the work one counter can do for an hour: about an hour of overtime
    late = {w["option"]: w for w in summary["warnings"] if w["code"] == "overtime"}
    assert late[doubled]["minutes"] > OVERTIME_MINUTES / 2
    assert f"{doubled}: overtime:" in result.stderr
    page = (out / "report.html").read_text(encoding="utf-8")
    assert f"{doubled}: overload:" in page[:page.index("<section")]
    assert f"{doubled}: overtime:" in page[:page.index("<section")]
