"""The policy library and queuesim advise: each measure changes what it says, and the ranking
agrees with running the measure on its own with the same seed."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from queuesim import load_scenario, simulate
from queuesim.advise import advise, options
from queuesim.arrivals import integral
from queuesim.cli import app
from queuesim.errors import ScenarioError
from queuesim.policies import POLICIES, apply, counter_hours

NANHU = "scenarios/nanhu_branch.yaml"


def expected_arrivals(hall):
    starts, rates = hall.rate_steps()
    walk_ins = integral(starts, rates, hall.clock.end, 0, hall.clock.end)
    booked = sum(len(a.slots(hall.clock.start)) * (1 - a.no_show) for a in hall.appointments)
    return walk_ins, booked


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_every_policy_gives_a_valid_hall(name):
    base = load_scenario(NANHU)
    changed = apply(base, POLICIES[name]) if POLICIES[name].applies(base) is None else None
    if changed is None:
        pytest.skip(POLICIES[name].applies(base))
    assert changed.name.endswith(name)
    results = simulate(changed, replications=2, workers=1)
    overall = results.kpis["overall"]
    ends = overall[["served", "balked", "reneged", "no_show", "unserved"]].sum(axis=1)
    assert (ends == overall["arrivals"]).all()


def test_appointments_replace_walk_ins_without_changing_the_days_demand():
    base = load_scenario(NANHU)
    booked = apply(base, POLICIES["appointments"], {"share": 0.2, "no_show": 0.0})
    walk_ins, appointments = expected_arrivals(booked)
    assert walk_ins + appointments == pytest.approx(expected_arrivals(base)[0], rel=0.03)
    assert "personal_booked" in booked.customers
    assert booked.customers["personal_booked"].priority == 1


def test_moving_demand_keeps_the_day():
    base = load_scenario(NANHU)
    for name in ("demand_shift", "published_peaks"):
        changed = apply(base, POLICIES[name])
        assert expected_arrivals(changed)[0] == pytest.approx(expected_arrivals(base)[0])
        assert changed.rate_steps() != base.rate_steps()


def test_staff_hours_count_counters_not_machines():
    base = load_scenario(NANHU)
    assert counter_hours(base) == 38  # T1, T2, V1 8 h each; T3 and T4 7 h
    assert counter_hours(apply(base, POLICIES["part_time_peak"])) == 41
    assert counter_hours(apply(base, POLICIES["self_service"])) == 38


def test_express_counter_keeps_every_class_served():
    changed = apply(load_scenario(NANHU), POLICIES["express_counter"])
    express = [c for c in changed.counters if c.serves == ["personal_short"]]
    assert len(express) == 1 and express[0].hours is None  # a counter open all day
    short = changed.customers["personal_short"].service_time
    assert short.quantile(np.array([0.999]))[0] < 3.0


def test_advise_agrees_with_separate_runs_of_the_same_policies():
    hall = load_scenario(NANHU)
    advice = advise(hall, ["ticket", "occupied_wait"], replications=4, seed=11, workers=1)
    summary = advice.comparison.summary
    for name in ("ticket", "occupied_wait"):
        alone = simulate(apply(hall, POLICIES[name]), replications=4, seed=11, workers=1)
        mine = summary[(summary["option"] == name) & (summary["part"] == "overall")]
        for kpi in ("wait_mean", "service_level", "perceived_wait_mean"):
            value = mine.loc[mine["kpi"] == kpi, "mean"].item()
            assert value == pytest.approx(alone.summary["kpis"][kpi]["mean"])
    occupied = advice.table.set_index("policy").loc["occupied_wait"]
    assert occupied["wait_mean"] == 0 and occupied["perceived_wait_mean"] < 0


def test_unknown_policy_and_parameter_are_named():
    hall = load_scenario(NANHU)
    with pytest.raises(ScenarioError, match="unknown policy 'tickets' \\(did you mean 'ticket'"):
        options(hall, ["tickets"])
    with pytest.raises(ScenarioError, match=r"policies\.appointments\.shares: unknown parameter"):
        options(hall, ["appointments"], {"appointments": {"shares": 0.3}})


def test_policies_that_do_not_apply_are_reported():
    _, skipped = options(load_scenario(NANHU))
    assert skipped == {}
    hall = load_scenario(NANHU, ["queue.structure=ticket"])
    assert "ticket" in options(hall, ["ticket"])[1]


def test_advise_command(tmp_path):
    result = CliRunner().invoke(app, ["advise", NANHU, "--policies", "ticket,single_line",
                                      "-n", "3", "--workers", "1", "--out", str(tmp_path / "a"),
                                      "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rows = document["ranking"]
    assert sorted(row["policy"] for row in rows) == ["single_line", "ticket"]
    waits = [row["wait_mean"] for row in rows]
    assert waits == sorted(waits)  # ranked by the change in mean wait, best first


def _per_class(hall):
    """The same hall with rates per class (proportional to the shares) instead of shares."""
    raw = hall.model_dump(mode="json", by_alias=True, exclude_none=True)
    rates = raw["arrivals"].pop("per_hour")
    raw["arrivals"]["per_class"] = {}
    for name, customer_class in raw["customers"].items():
        share = customer_class.pop("share")
        raw["arrivals"]["per_class"][name] = (
            {t: r * share for t, r in rates.items()} if isinstance(rates, dict) else rates * share)
    return load_scenario(raw)


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_every_policy_changes_rates_per_class_as_it_changes_shares(name):
    base = load_scenario(NANHU)
    if POLICIES[name].applies(base) is not None:
        pytest.skip(POLICIES[name].applies(base))
    by_share, by_rate = apply(base, POLICIES[name]), apply(_per_class(base), POLICIES[name])
    assert by_rate.class_shares == pytest.approx(by_share.class_shares)
    starts, rates = by_share.class_rate_steps()
    rate_starts, rates_per_class = by_rate.class_rate_steps()
    grid = np.array(sorted({*starts, *rate_starts}))
    for mine, theirs in zip(rates_per_class, rates, strict=True):
        at = np.searchsorted(starts, grid, side="right") - 1
        at_rate = np.searchsorted(rate_starts, grid, side="right") - 1
        np.testing.assert_allclose(mine[at_rate], theirs[at], rtol=1e-9, atol=1e-12)
