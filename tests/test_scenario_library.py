"""The shipped scenario library: every hall validates, runs, accounts for every customer, and
shows the behaviour its file describes. Two simulated days per hall keep the file fast."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

import queuesim
from queuesim.metrics import COUNTS

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
DAYS = 2


def _is_shift_file(path: Path) -> bool:
    """Shift templates for ``queuesim staff --shifts`` are not halls."""
    return "shifts" in yaml.safe_load(path.read_text(encoding="utf-8"))


HALLS = sorted(p for p in SCENARIOS.glob("*.yaml") if not _is_shift_file(p))


def _load(path: Path) -> queuesim.Scenario:
    """The scenario with two replications; a steady-state run is shortened to 5,000 minutes
    after its warm-up."""
    scenario = queuesim.load_scenario(path, [f"replications={DAYS}"])
    if scenario.clock.steady:
        horizon = scenario.clock.warmup + 5000
        scenario = queuesim.load_scenario(path, [f"replications={DAYS}",
                                                 f"clock.horizon={horizon:g}"])
    return scenario


_RESULTS: dict[str, queuesim.Results] = {}


def _run(path: Path) -> queuesim.Results:
    """Two days of a hall, simulated once and shared by the tests below."""
    if path.name not in _RESULTS:
        _RESULTS[path.name] = queuesim.simulate(_load(path), replications=DAYS, workers=1)
    return _RESULTS[path.name]


def test_the_library_holds_the_documented_halls():
    names = {p.stem for p in HALLS}
    assert {"nanhu_branch", "nanhu_single_line", "nanhu_ticket", "nanhu_rectified",
            "canteen_lunch", "telecom_hall", "hospital_registration", "hotline",
            "mmc_steady"} <= names
    assert (SCENARIOS / "shifts_branch.yaml") not in HALLS


def test_every_scenario_file_is_described_in_the_library_readme():
    readme = (SCENARIOS / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in SCENARIOS.glob("*.yaml") if f"`{p.name}`" not in readme]
    assert not missing, f"not in scenarios/README.md: {missing}"


@pytest.mark.parametrize("path", HALLS, ids=lambda p: p.stem)
def test_scenario_file_opens_with_a_comment_block(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#"), "say what is observed and what is assumed at the top"


@pytest.mark.parametrize("path", HALLS, ids=lambda p: p.stem)
def test_scenario_validates_and_runs(path):
    results = _run(path)
    assert results.replications == DAYS
    assert len(results.customers) > 0
    assert results.kpis["overall"]["served"].gt(0).all()


@pytest.mark.parametrize("path", HALLS, ids=lambda p: p.stem)
def test_every_arrival_ends_exactly_once(path):
    """served + balked + reneged + no_show + unserved = arrivals on every day, and the
    customer log has one row, with one of those outcomes, per measured arrival."""
    results = _run(path)
    overall = results.kpis["overall"].set_index("replication")
    ends = [name for name in COUNTS if name != "arrivals"]
    assert (overall[ends].sum(axis=1) == overall["arrivals"]).all()
    customers = results.customers
    assert not customers.duplicated(["replication", "customer"]).any()
    clock = results.scenario.clock
    if clock.steady:    # the warm-up's customers are simulated but not measured
        customers = customers[customers["arrival"] >= clock.warmup]
    logged = (customers.groupby(["replication", "outcome"], observed=True).size()
              .unstack(fill_value=0).reindex(columns=ends, fill_value=0))
    assert set(customers["outcome"].astype(str)) <= set(ends)
    assert np.array_equal(logged.to_numpy(), overall.loc[logged.index, ends].to_numpy())


@pytest.mark.parametrize("path", HALLS, ids=lambda p: p.stem)
def test_most_customers_are_served(path):
    """A library hall may be overloaded (the Nanhu branch is), never in collapse."""
    overall = _run(path).kpis["overall"]
    assert (overall["served"] / overall["arrivals"]).gt(0.5).all()
    assert overall["utilization"].between(0.5, 1.0).all()


def test_hotline_meets_plausible_call_centre_figures():
    overall = _run(SCENARIOS / "hotline.yaml").kpis["overall"]
    assert overall["abandon_rate"].lt(0.20).all()
    assert overall["service_level"].gt(0.70).all()     # the 80/20 target, give or take a day
    assert overall["balked"].eq(0).all()               # callers cannot see the queue
    assert overall["utilization"].between(0.5, 0.98).all()


def test_canteen_waiting_peaks_just_after_the_first_burst():
    path = SCENARIOS / "canteen_lunch.yaml"
    scenario, results = _load(path), _run(path)
    first_burst = min(scenario.clock.minutes(burst.at) for burst in scenario.arrivals.bursts)
    timeline = results.timeline
    for _, day in timeline.groupby("replication"):
        peak = day["time"].to_numpy()[day["waiting"].to_numpy().argmax()]
        assert first_burst < peak < first_burst + 30, f"most waiting at minute {peak:.1f}"


def test_booked_customers_come_through_appointments_and_wait_little():
    for name, booked in [("hospital_registration.yaml", "booked"),
                         ("nanhu_rectified.yaml", "business_booked")]:
        customers = _run(SCENARIOS / name).customers
        mine = customers[customers["class"] == booked]
        assert (mine["origin"] == "appointment").mean() > 0.9
        assert mine.loc[mine["outcome"] == "served", "wait"].mean() < 5


def test_telecom_hall_announces_waits_and_a_tier_customers_go_first():
    customers = _run(SCENARIOS / "telecom_hall.yaml").customers
    assert customers["announced"].notna().mean() > 0.9
    served = customers[customers["outcome"] == "served"]
    waits = served.groupby("class", observed=True)["wait"].mean()
    assert waits["vip"] < waits[["bill", "contract", "repair"]].min()
