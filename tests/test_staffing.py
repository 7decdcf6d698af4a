"""The staffing optimiser: its steps on a known answer, Erlang C on a stationary hall, plans for
the Nanhu hall proven on fresh days, and clear messages for impossible requests."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from queuesim import fastline, load_scenario, theory
from queuesim.cli import app
from queuesim.errors import ScenarioError
from queuesim.interrupts import worker_pool
from queuesim.model import draw_customers
from queuesim.scenario import Targets
from queuesim.staffing import proof
from queuesim.staffing.evaluate import PeriodResults, evaluate
from queuesim.staffing.optimise import plan_stationary, top_up, trim
from queuesim.staffing.plan import plan_staffing
from queuesim.staffing.proof import verify, verify_many
from queuesim.staffing.roster import counter_hours, counters_from_curve, staffed
from queuesim.staffing.shifts import load_shifts

SINGLE = "scenarios/nanhu_single_line.yaml"
NO_PRIORITY = ["customers.vip.priority=0"]  # lets the fast exact evaluator plan


def known_need(need):
    """A fake evaluator: a period is on target exactly when it has its ``need`` counters."""
    need = np.asarray(need)

    def run(curve):
        ok = np.asarray(curve) >= need
        ones = np.ones((1, len(need)))
        return PeriodResults(ones, ones, ones * np.where(ok, 0.9, 0.5), ones * 0,
                             np.zeros((1, len(need), 5)))
    return run


def test_top_up_then_trim_find_the_least_curve():
    need, targets = [2, 5, 3, 0, 4], Targets(service_level=0.8)
    run = known_need(need)
    curve, _performance = top_up(run, [1, 1, 1, 1, 1], targets, [])
    assert (curve >= need).all()
    curve, _ = trim(run, curve + 2, run(curve + 2), targets, [])
    assert curve.tolist() == need


def test_stacked_counters_give_the_curve_back():
    intervals = counters_from_curve([1, 3, 2, 0, 2], 30)
    assert intervals == [[(0, 90), (120, 150)], [(30, 90), (120, 150)], [(30, 60)]]
    hall = load_scenario(SINGLE)
    # T1, T2, V1 all day; T3 but 11:30-12:30; T4 but 12:30-13:30 (whole hours fully open)
    assert counter_hours(hall, 60).tolist() == [5, 5, 4, 3, 4, 5, 5, 5]


def test_stationary_hall_gets_erlang_cs_counters():
    # λ = 5/min, 1-min service, 80 % within 0.5 min: Erlang C says 7 (SL 0.881; 6 gives 0.644).
    hall = load_scenario("scenarios/mmc_steady.yaml", [
        "arrivals.per_hour=300", "clock.horizon=20000", "targets.wait_minutes=0.5"])
    table = plan_stationary(hall, 8, 3)
    least = int(table.loc[table["meets"], "counters"].min())
    assert least == theory.min_servers_erlang_c(5.0, 1.0, 0.5, 0.8) == 7
    seven = table.set_index("counters").loc[7, "service_level"]
    assert seven == pytest.approx(theory.erlang_c_service_level(0.5, 7, 5.0, 1.0), abs=0.01)


def check_plan(report):
    proof = report.best.proof
    assert (proof["service_level_ok"] & proof["abandon_ok"]).all(), proof
    if report.sipp.meets_everywhere and report.best.shifts is not None:
        assert report.best.shifts.total_cost <= report.sipp.shifts.total_cost + 1e-9


@pytest.mark.slow
@pytest.mark.parametrize("changes", [NO_PRIORITY, [*NO_PRIORITY, "arrivals.scale=1.2"],
                                     [*NO_PRIORITY, "targets.max_abandon=0.05"]],
                         ids=["baseline", "demand+20%", "abandon cap"])
def test_nanhu_plan_meets_the_target_on_fresh_days(changes):
    hall = load_scenario(SINGLE, changes)
    report = plan_staffing(hall, period=30, shifts=load_shifts("scenarios/shifts_branch.yaml"),
                           verify_replications=60, workers=2)
    assert report.plan.engine == "fast exact evaluator"
    check_plan(report)


@pytest.mark.slow
def test_plan_costs_no_more_than_a_sipp_roster_that_also_meets_the_target():
    # With a 15-minute target both rosters meet it on fresh days, and the simulation-based
    # plan needs no more paid hours than SIPP's (1,980 yuan each with seed 2026: on this
    # hall SIPP's roster is already the cheapest that meets the target).
    hall = load_scenario(SINGLE, [*NO_PRIORITY, "targets.wait_minutes=15"])
    report = plan_staffing(hall, period=30, shifts=load_shifts("scenarios/shifts_branch.yaml"),
                           verify_replications=60, workers=2)
    assert report.sipp.meets_everywhere
    check_plan(report)
    assert report.best.shifts.total_cost <= report.sipp.shifts.total_cost


@pytest.mark.slow
def test_nanhu_with_vip_priority_is_planned_with_the_fast_evaluator():
    report = plan_staffing(load_scenario(SINGLE), period=60, replications=40,
                           verify_replications=60, workers=2)
    assert report.plan.engine == "fast exact evaluator"
    check_plan(report)


@pytest.mark.slow
def test_multiple_lines_are_planned_as_one_line_and_compared():
    report = plan_staffing(load_scenario("scenarios/nanhu_branch.yaml", NO_PRIORITY),
                           period=60, replications=40, verify_replications=40, workers=2)
    assert any("one single line" in note for note in report.notes)
    assert any(note.startswith(("multiple lines need", "with the planned counters, multiple"))
               for note in report.notes)


def test_a_hall_too_small_gives_a_partial_plan_and_says_where():
    shifts = load_shifts("scenarios/shifts_branch.yaml").model_copy(update={"max_counters": 5})
    report = plan_staffing(load_scenario(SINGLE, NO_PRIORITY), period=60, shifts=shifts,
                           replications=30, verify_replications=10, workers=1)
    assert report.best.shifts.shortfall.sum() > 0
    assert any("cannot cover" in note for note in report.notes)


@pytest.mark.parametrize(("change", "message"), [
    ("targets.service_level=1", "targets.service_level: 1 can never be met"),
    ("targets.max_abandon=0", "targets.max_abandon: 0 cannot be met"),
])
def test_impossible_targets_are_refused_with_a_reason(change, message):
    with pytest.raises(ScenarioError, match=message):
        plan_staffing(load_scenario(SINGLE, [change]))


def test_staff_command_json_and_files(tmp_path):
    out = tmp_path / "plan"
    result = CliRunner().invoke(app, [
        "staff", SINGLE, "--period", "60", "--set", NO_PRIORITY[0], "--replications", "20",
        "--verify", "5", "--workers", "1", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {"periods", "options", "steps", "notes", "targets"} <= set(document)
    assert len(document["periods"]) == 8
    assert {"plan.csv", "roster.yaml", "summary.json"} <= {p.name for p in out.iterdir()}
    assert load_scenario(out / "roster.yaml").name == document["scenario"]


def test_staff_command_bad_input_exits_2(tmp_path):
    result = CliRunner().invoke(app, ["staff", SINGLE, "--set", "targets.service_level=1",
                                      "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "targets.service_level" in result.stderr and not (tmp_path / "x").exists()


def test_shift_templates_can_live_in_the_scenario():
    from pathlib import Path

    import yaml

    raw = yaml.safe_load(Path(SINGLE).read_text(encoding="utf-8"))
    raw["staffing"] = yaml.safe_load(Path("scenarios/shifts_branch.yaml").read_text("utf-8"))
    raw["customers"]["vip"]["priority"] = 0
    report = plan_staffing(load_scenario(raw), period=60, replications=20,
                           verify_replications=5, workers=1)
    assert report.best.shifts is not None and report.best.shifts.total_cost > 0
    raw["staffing"]["shifts"][0]["lenght"] = 480
    with pytest.raises(ScenarioError, match=r"staffing\.shifts\[0\]\.lenght: unknown key "
                                            r"\(did you mean 'length'\?\)"):
        load_scenario(raw)


SMALL = {  # an hour of a single line with a priority class: the event replay evaluates it
    "name": "small", "clock": {"open": "09:00", "close": "10:00"},
    "customers": {
        "personal": {"share": 0.7, "service_time": {"dist": "exponential", "mean": 5}},
        "vip": {"share": 0.3, "priority": 1, "service_time": {"dist": "exponential", "mean": 5}}},
    "arrivals": {"per_hour": 30}, "counters": [{"id": "T1"}, {"id": "T2"}], "seed": 7,
}


def test_fast_evaluation_on_a_pool_gives_the_same_counts_as_in_process():
    hall = load_scenario(SMALL)
    assert fastline.applies(hall) is None  # the replay, not the SimPy model
    draws = [draw_customers(hall, 3, r) for r in range(9)]  # 9 days: chunks of 3, 3, 3
    alone = evaluate(hall, 15, 9, 3, None, draws)
    with worker_pool(2) as pool:
        shared = evaluate(hall, 15, 9, 3, pool, draws)
    for name in ("arrivals", "joined", "on_time", "reneged", "in_system"):
        np.testing.assert_array_equal(getattr(shared, name), getattr(alone, name), err_msg=name)
    assert alone.arrivals.shape[0] == 9 and alone.arrivals.sum() > 0


def test_rosters_are_proven_together_and_a_repeated_one_once(monkeypatch):
    hall = load_scenario(SMALL)
    one, two = (staffed(hall, counters_from_curve(curve, 15)) for curve in ([2, 2, 1, 1],
                                                                            [3, 2, 1, 1]))
    alone = [verify(roster, 15, 4, 5, workers=1) for roster in (one, two)]
    simulated = []
    real = proof.simulate_many
    monkeypatch.setattr(proof, "simulate_many", lambda rosters, *args, **options: (
        simulated.append(len(rosters)) or real(rosters, *args, **options)))
    together = verify_many([one, two, one], 15, 4, 5, workers=2)
    assert simulated == [2]  # one pool, and the repeated roster simulated once
    for (table, summary), (expected, expected_summary) in zip(together, [*alone, alone[0]],
                                                               strict=True):
        assert table.equals(expected)
        assert json.dumps(summary, default=str) == json.dumps(expected_summary, default=str)
    assert not alone[0][0].equals(alone[1][0])
