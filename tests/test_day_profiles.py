"""Scenario fields that change through the day: rates per class, service factors, the day-to-day
level and the staffing profile — how they are read, expanded and refused."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml

from queuesim import load_scenario
from queuesim.errors import ScenarioError
from queuesim.loader import read_yaml
from queuesim.store import write_scenario

SERVICE = {"dist": "exponential", "mean": 3.0}


def hall(**changes) -> dict:
    """A 07:00-12:00 hall with two classes given by their rates per class."""
    raw = {
        "name": "per-class hall", "clock": {"open": "07:00", "close": "12:00"},
        "customers": {"PS": {"priority": 1, "service_time": SERVICE,
                             "service_factor": {"07:00": 0.7, "11:00": 1.05}},
                      "NE": {"service_time": SERVICE}},
        "arrivals": {"per_class": {"PS": {"07:00": 40.5, "07:30": 52.0, "11:30": 8.0},
                                   "NE": 3.0}, "day_to_day_cv": 0.1},
        "counters": {"profile": {"07:00": 2, "08:00": 4, "10:00": 3, "11:00": 0},
                     "prefix": "A"},
    }
    for path, value in changes.items():
        parent = raw
        *steps, last = path.split("__")
        for step in steps:
            parent = parent[step]
        if value is None:
            del parent[last]
        else:
            parent[last] = value
    return raw


def test_profile_expands_into_the_counters_and_hours_by_hand():
    scenario = load_scenario(hall())
    assert [(c.id, c.hours) for c in scenario.counters] == [
        ("A1", ["07:00-11:00"]), ("A2", ["07:00-11:00"]),
        ("A3", ["08:00-11:00"]), ("A4", ["08:00-10:00"])]


def test_the_documented_profile_expands_as_the_docs_say():
    raw = hall(clock={"open": "07:00", "close": "24:00"},
               counters={"profile": {"07:00": 5, "08:00": 9, "12:00": 7, "23:00": 3},
                         "prefix": "A"})
    hours = {c.id: c.hours for c in load_scenario(raw).counters}
    by_hand = {"07:00-24:00": "A1 A2 A3", "07:00-23:00": "A4 A5", "08:00-23:00": "A6 A7",
               "08:00-12:00": "A8 A9"}
    assert hours == {name: [interval] for interval, names in by_hand.items()
                     for name in names.split()}


def test_profile_joins_periods_and_reopens_a_counter():
    raw = hall(counters={"profile": {"07:00": 1, "08:00": 2, "09:00": 1, "10:00": 2},
                         "serves": ["PS", "NE"], "speed": 1.2})
    counters = load_scenario(raw).counters
    assert [(c.id, c.hours) for c in counters] == [
        ("C1", ["07:00-12:00"]), ("C2", ["08:00-09:00", "10:00-12:00"])]
    assert all(c.speed == 1.2 and c.serves == ["PS", "NE"] for c in counters)


def test_written_scenario_reads_back_the_same(tmp_path):
    scenario = load_scenario(hall())
    write_scenario(tmp_path / "hall.yaml", scenario)
    assert load_scenario(read_yaml(tmp_path / "hall.yaml")) == scenario


def test_class_shares_are_the_expected_proportions_of_the_day():
    # PS: 40.5/2 + 52*4 + 8/2 = 232.25 per day; NE: 3*5 = 15.
    shares = load_scenario(hall()).class_shares
    assert shares["PS"] == pytest.approx(232.25 / 247.25)
    assert shares["NE"] == pytest.approx(15 / 247.25)


def test_total_rate_is_the_sum_of_the_classes_and_scale_applies_to_each():
    scenario = load_scenario(hall(arrivals__scale=2.0))
    starts, rates = scenario.rate_steps()
    assert starts == [0.0, 30.0, 270.0]
    assert rates == pytest.approx([2 * 43.5 / 60, 2 * 55.0 / 60, 2 * 11.0 / 60])


def _per_class_totals(scenario) -> list[float]:
    starts, rates = scenario.class_rate_steps()
    lengths = np.diff([*starts, scenario.clock.end])
    return [float(np.sum(row * lengths)) for row in rates]


def test_published_peaks_keep_each_class_s_expected_arrivals():
    peaks = {"window": "08:00-10:00", "share": 0.3, "spread": 45}
    scenario = load_scenario(hall(arrivals__published_peaks=peaks))
    assert _per_class_totals(scenario) == pytest.approx([232.25, 15.0])
    assert scenario.rate_steps() != load_scenario(hall()).rate_steps()


def test_demand_shift_keeps_each_class_s_expected_arrivals():
    shift = [{"from": "08:00-09:00", "to": "11:00-12:00", "fraction": 0.4}]
    scenario = load_scenario(hall(arrivals__shifts=shift))
    starts, rates = scenario.class_rate_steps()
    assert _per_class_totals(scenario) == pytest.approx([232.25, 15.0])
    eight, eleven = starts.index(60.0), starts.index(240.0)
    assert rates[0][eight] == pytest.approx(0.6 * 52 / 60)  # PS lost 40 % at 08:00-09:00
    assert rates[1][eleven] == pytest.approx(3 / 60 + 0.4 * 3 / 60)  # NE gained its own 40 %


def test_a_shift_that_moves_nobody_of_one_class_keeps_that_class_as_it_was():
    # NE has no customers in 08:00-09:00: its step function is not refined by the shift.
    shift = [{"from": "08:00-09:00", "to": "11:00-12:00", "fraction": 0.5}]
    per_class = {"PS": {"07:00": 40.0, "09:00": 0.0}, "NE": {"07:00": 0.0, "10:00": 3.0}}
    scenario = load_scenario(hall(arrivals__shifts=shift, arrivals__per_class=per_class))
    assert _per_class_totals(scenario) == pytest.approx([80.0, 6.0])
    starts, rates = scenario.class_rate_steps()
    assert starts == [0.0, 60.0, 120.0, 180.0, 240.0]
    np.testing.assert_allclose(rates * 60, [[40, 20, 0, 0, 20], [0, 0, 0, 3, 3]])


def test_shares_format_still_gives_its_shares():
    raw = hall(arrivals={"per_hour": 60})
    raw["customers"]["PS"]["share"], raw["customers"]["NE"]["share"] = 0.75, 0.25
    assert load_scenario(raw).class_shares == {"PS": 0.75, "NE": 0.25}


BAD = {
    "unknown class": (
        lambda r: r["arrivals"]["per_class"].update(PSS=1.0),
        "arrivals.per_class.PSS: unknown class 'PSS' (did you mean 'PS'?)"),
    "class without a rate": (
        lambda r: r["arrivals"]["per_class"].pop("NE"),
        "arrivals.per_class: class 'NE' has no rate"),
    "both kinds of rate": (
        lambda r: r["arrivals"].update(per_hour=30),
        "arrivals: give either per_hour (with the classes' shares) or per_class, not both"),
    "no rate at all": (
        lambda r: r["arrivals"].pop("per_class"),
        "arrivals: give either per_hour (with the classes' shares) or per_class, found neither"),
    "share with per_class": (
        lambda r: r["customers"]["NE"].update(share=0.5),
        "customers.NE.share: remove it; with arrivals.per_class"),
    "share missing with per_hour": (
        lambda r: r["arrivals"].update(per_hour=30, per_class=None),
        "customers.PS.share: required field is missing (or give each class's rates"),
    "negative class rate": (
        lambda r: r["arrivals"]["per_class"]["PS"].update({"08:00": -1}),
        "arrivals.per_class.PS: 08:00: expected a finite number of at least 0, found -1"),
    "infinite class rate": (
        lambda r: r["arrivals"]["per_class"].update(NE=float("inf")),
        "arrivals.per_class.NE: input should be a finite number or a mapping (key: value), "
        "found inf"),
    "only zero rates": (
        lambda r: r["arrivals"].update(per_class={"PS": 0, "NE": {"07:00": 0}}),
        "arrivals.per_class: expected a positive arrival rate, found only 0"),
    "first key not at opening": (
        lambda r: r["arrivals"]["per_class"].update(NE={"08:00": 3}),
        "arrivals.per_class.NE: the first time must be the opening time 07:00, found 08:00"),
    "key at closing": (
        lambda r: r["arrivals"]["per_class"]["PS"].update({"12:00": 3}),
        "arrivals.per_class.PS: 12:00 is not before closing time 12:00"),
    "bad clock time": (
        lambda r: r["arrivals"]["per_class"]["PS"].update({"7h": 3}),
        "arrivals.per_class.PS: expected a clock time \"HH:MM\", found '7h'"),
    "zero factor": (
        lambda r: r["customers"]["PS"]["service_factor"].update({"11:00": 0}),
        "customers.PS.service_factor: 11:00: expected a finite number above 0, found 0"),
    "factor outside hours": (
        lambda r: r["customers"]["NE"].update(service_factor={"06:00": 1.1}),
        "customers.NE.service_factor: the first time must be the opening time 07:00"),
    "negative day level": (
        lambda r: r["arrivals"].update(day_to_day_cv=-0.1),
        "arrivals.day_to_day_cv: input should be greater than or equal to 0"),
    "day level beyond reason": (
        lambda r: r["arrivals"].update(day_to_day_cv=2.5),
        "arrivals.day_to_day_cv: input should be less than or equal to 2"),
    "profile of fractions": (
        lambda r: r["counters"]["profile"].update({"08:00": 2.5}),
        "counters: profile.08:00: expected a whole number of counters from 0 to 1,000, "
        "found 2.5"),
    "profile of a city": (
        lambda r: r["counters"]["profile"].update({"08:00": 10**12}),
        "counters: profile.08:00: expected a whole number of counters from 0 to 1,000, "
        "found 1000000000000"),
    "profile all closed": (
        lambda r: r["counters"].update(profile={"07:00": 0}),
        "counters: profile: expected at least one period with a counter open, found only 0"),
    "profile and count": (
        lambda r: r["counters"].update(count=3),
        "counters: count: give either a profile or count, not both"),
    "profile not at opening": (
        lambda r: r["counters"].update(profile={"08:00": 2}),
        "counters: profile: the first time must be the opening time 07:00, found 08:00"),
}


@pytest.mark.parametrize(("change", "expected"), BAD.values(), ids=BAD.keys())
def test_bad_day_profiles_give_one_line_naming_the_field(change, expected):
    raw = copy.deepcopy(hall())
    change(raw)
    raw["arrivals"] = {k: v for k, v in raw["arrivals"].items() if v is not None}
    with pytest.raises(ScenarioError) as error:
        load_scenario(raw)
    assert len(error.value.problems) == 1, error.value.problems
    assert expected in error.value.problems[0]


STEADY = {
    "day level": ({"day_to_day_cv": 0.2}, "arrivals.day_to_day_cv: a steady-state run has no days"),
    "rates by time": ({"per_class": {"PS": {"00:00": 3}, "NE": 1}},
                      "arrivals.per_class.PS: a steady-state run has no clock; give one number"),
}


@pytest.mark.parametrize(("arrivals", "expected"), STEADY.values(), ids=STEADY.keys())
def test_steady_state_refuses_what_needs_a_day(arrivals, expected):
    raw = hall(clock={"horizon": 600}, counters={"count": 2})
    raw["customers"]["PS"].pop("service_factor")
    raw["arrivals"] = {"per_class": {"PS": 30, "NE": 3}, **arrivals}
    with pytest.raises(ScenarioError, match=expected):
        load_scenario(raw)


def test_steady_state_takes_constant_rates_per_class():
    raw = hall(clock={"horizon": 600}, counters={"count": 2})
    raw["customers"]["PS"].pop("service_factor")
    raw["arrivals"] = {"per_class": {"PS": 30, "NE": 10}}
    assert load_scenario(raw).class_shares == {"PS": 0.75, "NE": 0.25}


def test_set_into_a_profile_explains_it(tmp_path):
    path = tmp_path / "hall.yaml"
    path.write_text(yaml.safe_dump(hall()), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"counters is the \{profile: \.\.\.\} shorthand"):
        load_scenario(path, ["counters.A3.speed=1.2"])
    assert {c.speed for c in load_scenario(path, ["counters.speed=1.2"]).counters} == {1.2}


def test_profile_in_steady_state_is_refused():
    raw = hall(clock={"horizon": 600})
    raw["customers"]["PS"].pop("service_factor")
    raw["arrivals"] = {"per_class": {"PS": 30, "NE": 10}}
    with pytest.raises(ScenarioError, match="counters: profile: a steady-state run has no clock"):
        load_scenario(raw)
