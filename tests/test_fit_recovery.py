"""Parameter recovery: simulate known halls with queuesim, write their visit logs, fit them,
and find the parameters again within their confidence intervals."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from queuesim import load_scenario, simulate
from queuesim.calibration.fit import fit
from queuesim.calibration.visitlog import VisitLog, visit_log_from_results

START = date(2024, 3, 4)


def _log(mapping: dict, days: int, seed: int = 1) -> VisitLog:
    results = simulate(load_scenario(mapping), days, seed, workers=1)
    table = visit_log_from_results(results, START)
    return VisitLog(table, len(table), {}, "simulated.csv")


SINGLE_LINE = {
    "name": "single line",
    "clock": {"open": "09:00", "close": "17:00"},
    "customers": {"walk_in": {"share": 1.0,
                              "service_time": {"dist": "lognormal", "mean": 5.0, "cv": 0.8},
                              "patience": {"dist": "exponential", "mean": 8.0}}},
    "arrivals": {"per_hour": {"09:00": 30.0, "12:00": 45.0, "14:00": 30.0}},
    "counters": [{"id": "T1"}, {"id": "T2"}, {"id": "T3", "hours": ["12:00-17:00"]}],
}


@pytest.fixture(scope="module")
def single_line():
    log = _log(SINGLE_LINE, 12)
    return log, fit(log, calibrate=False)


def test_single_line_recovers_rates_service_and_patience(single_line):
    log, fitted = single_line
    scenario = load_scenario(fitted.scenario)  # an ordinary, valid scenario
    rates = fitted.scenario["arrivals"]["per_class"]["walk_in"]
    for clock, rate in {"09:00": 30.0, "12:00": 45.0, "15:00": 30.0}.items():
        assert abs(rates[clock] - rate) < 3.5 * math.sqrt(rate / 12)  # Poisson, 12 days
    service = scenario.customers["walk_in"].service_time
    served = (log.table["outcome"] == "served").sum()
    se = 5.0 * 0.8 / math.sqrt(served)
    assert abs(service.mean - 5.0) < 3.5 * se
    patience = fitted.details["patience"]["walk_in"]
    exponential = next(c for c in patience["candidates"] if c["family"] == "exponential")
    se = 8.0 / math.sqrt(patience["events"])
    assert abs(exponential["mean"] - 8.0) < 3 * se
    assert abs(patience["mean"] - 8.0) < 4 * se
    assert patience["naive_mean"] < 0.6 * 8.0  # the naive mean of those who gave up is far off


def test_counters_with_hours_are_listed_as_seen(single_line):
    _, fitted = single_line
    counters = {c["id"]: c["hours"] for c in fitted.scenario["counters"]}
    assert counters == {"T1": ["09:00-17:00"], "T2": ["09:00-17:00"], "T3": ["12:00-17:00"]}
    assert fitted.details["factor"] is None
    capacity = fitted.details["counters"].capacity
    busy = capacity[fitted.details["counters"].measured]
    assert busy.loc[:660].max() <= 2.0 + 1e-9
    assert busy.loc[720:].min() > 2.5


def test_two_classes_with_a_day_level_recover_profiles_and_level():
    days, cv = 40, 0.25
    hall = {
        "name": "two classes",
        "clock": {"open": "09:00", "close": "13:00"},
        "customers": {
            "personal": {"service_time": {"dist": "exponential", "mean": 3.0}},
            "business": {"priority": 1, "service_time": {"dist": "gamma", "mean": 6.0,
                                                         "cv": 0.5}},
        },
        "arrivals": {"per_class": {"personal": {"09:00": 40.0, "11:00": 20.0},
                                   "business": {"09:00": 5.0, "11:00": 15.0}},
                     "day_to_day_cv": cv},
        "counters": {"count": 6},
    }
    fitted = fit(_log(hall, days, seed=3), calibrate=False)
    per_class = fitted.scenario["arrivals"]["per_class"]
    for name, profile in hall["arrivals"]["per_class"].items():
        for clock, rate in profile.items():
            se = math.sqrt((rate + (cv * rate) ** 2) / days)  # Poisson plus the day level
            assert abs(per_class[name][clock] - rate) < 3.5 * se
    assert fitted.scenario["customers"]["business"]["priority"] == 1
    test = fitted.details["arrivals"].dispersion
    assert test["overdispersed"]
    assert fitted.scenario["arrivals"]["day_to_day_cv"] == pytest.approx(cv, abs=0.1)


def _as_ticket_machine(log: VisitLog) -> VisitLog:
    """What a ticket machine records of the same days: it never sees a holder leave; their
    number is found empty when called, which (one class, numbers called in order, no time lost
    on an empty call) is when the next number that was served was called."""
    table = log.table.sort_values(["day", "arrived"]).reset_index(drop=True)
    gone = table["outcome"] == "abandoned"
    next_call = table["service_start"].where(table["outcome"] == "served")
    next_call = next_call.groupby(table["day"]).bfill()
    table.loc[gone, "called"] = next_call[gone]
    table.loc[gone, "left"] = np.datetime64("NaT")
    table.loc[gone, "outcome"] = "no_show"
    kept = ~gone | table["called"].notna()  # gone after the last call of the day: dropped
    return VisitLog(table[kept].reset_index(drop=True), len(table), {}, log.source)


def test_ticket_hall_no_shows_give_interval_censored_patience():
    hall = {
        "name": "ticket hall",
        "clock": {"open": "09:00", "close": "15:00"},
        "customers": {"all": {"share": 1.0,
                              "service_time": {"dist": "exponential", "mean": 4.0},
                              "patience": {"dist": "exponential", "mean": 10.0}}},
        "arrivals": {"per_hour": 50.0},
        "counters": {"count": 3},
        "queue": {"structure": "ticket", "ticket": {"call_time": 0.0}},
    }
    log = _as_ticket_machine(_log(hall, 10, seed=5))
    fitted = fit(log, calibrate=False)
    assert fitted.scenario["queue"]["structure"] == "ticket"
    patience = fitted.details["patience"]["all"]
    assert patience["km"] is None  # interval-censored: no Kaplan–Meier
    exponential = next(c for c in patience["candidates"] if c["family"] == "exponential")
    no_shows = (log.table["outcome"] == "no_show").sum()
    assert no_shows > 100
    assert abs(exponential["mean"] - 10.0) < 4 * 10.0 / math.sqrt(no_shows)
    called = log.table["outcome"].isin(["served", "no_show"]).sum()
    assert fitted.details["no_show_share"] == pytest.approx(no_shows / called)


def test_an_outage_is_found_and_left_out():
    log = _log(SINGLE_LINE, 6, seed=7)
    table = log.table
    day = table["day"].sort_values().unique()[2]
    minutes = (table["arrived"] - table["day"]).dt.total_seconds() / 60
    cut = (table["day"] == day) & (minutes >= 600) & (minutes < 640)
    broken = VisitLog(table[~cut].reset_index(drop=True), len(table), {}, "simulated.csv")
    assert fit(log, calibrate=False).details["outages"].empty
    outages = fit(broken, calibrate=False).details["outages"]
    assert len(outages) == 1
    assert outages["start"].iloc[0] < 600 + 5 and outages["end"].iloc[0] > 640 - 5
    assert np.datetime64(outages["day"].iloc[0]) == np.datetime64(day)
