"""Balking, missed calls and call time learnt from a visit log: hand-computed cases and
parameter recovery on halls simulated with known values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from queuesim import load_scenario, simulate
from queuesim.calibration.fit import fit
from queuesim.calibration.joining import missed_call_chance, seen_on_arrival
from queuesim.calibration.visitlog import VisitLog, read_visit_log, visit_log_from_results


def _log(mapping: dict, days: int, seed: int) -> VisitLog:
    results = simulate(load_scenario(mapping), days, seed, workers=1)
    table = visit_log_from_results(results, date(2024, 3, 4))
    return VisitLog(table, len(table), {}, "simulated.csv")


def _hall(**extra) -> dict:
    return {"name": "hall", "clock": {"open": "09:00", "close": "15:00"},
            "customers": {"all": {"share": 1.0,
                                  "service_time": {"dist": "exponential", "mean": 4.0},
                                  "patience": {"dist": "exponential", "mean": 10.0}}},
            "arrivals": {"per_hour": 50.0}, "counters": {"count": 3}, **extra}


def test_numbers_seen_on_arrival_by_hand():
    """Joined at 0, 1, 2 and 5 min; the first served at 3, the second left at 1.5, the third
    served at 6; the fourth arrival saw one waiting (the third), the second saw one."""
    visits = pd.DataFrame({"day": 0, "joined": [0.0, 1.0, 2.0, 5.0, 5.5],
                           "start": [3.0, np.nan, 6.0, 7.0, np.nan],
                           "gone": [np.nan, 1.5, np.nan, np.nan, np.nan],
                           "outcome": ["served", "abandoned", "served", "served", "balked"]})
    assert seen_on_arrival(visits).tolist() == [0, 1, 1, 1, 2]


@pytest.mark.parametrize("chance", [0.02, 0.1, 0.3])
def test_the_missed_call_chance_inverts_the_share_among_the_served(chance):
    share = chance * (1 - chance) / (1 - chance ** 2)  # one recall
    assert missed_call_chance(share) == pytest.approx(chance, rel=1e-9)
    assert missed_call_chance(0.0) == 0.0


def test_a_balking_threshold_is_recovered_exactly():
    log = _log(_hall(balking={"max_waiting": 6}), 10, seed=3)
    assert (log.table["outcome"] == "balked").sum() > 50
    fitted = fit(log, calibrate=False)
    assert fitted.scenario["balking"] == {"max_waiting": 6}
    assert fitted.details["balking"]["misclassified"] == 0
    load_scenario(fitted.scenario)


def test_a_log_without_balked_visits_says_balking_is_not_fitted():
    fitted = fit(_log(_hall(), 3, seed=4), calibrate=False)
    assert "balking" not in fitted.scenario
    assert any(line.startswith("Balking: no visit") for line in fitted.provenance)


def test_a_ticket_hall_gives_back_its_missed_calls_and_call_time():
    """Present holders miss a call with chance 0.1 and a counter loses 45 s on each call
    nobody answers: the fit finds 0.1 inside its 95 % interval and 45 s to the second."""
    rules = {"absent_probability": 0.1, "call_time": 0.75}
    log = _log(_hall(queue={"structure": "ticket", "ticket": rules}), 10, seed=3)
    fitted = fit(log, calibrate=False)
    missed = fitted.details["missed_calls"]
    assert missed["present"] > 1500
    assert missed["low"] < 0.1 < missed["high"]
    assert missed["high"] - missed["low"] < 0.05
    assert fitted.details["call_time"]["call_time"] == pytest.approx(0.75, abs=1 / 60)
    queue = fitted.scenario["queue"]
    assert queue["structure"] == "ticket"
    assert queue["ticket"]["call_time"] == pytest.approx(0.75, abs=1 / 60)
    assert queue["ticket"]["absent_probability"] == pytest.approx(missed["absent_probability"],
                                                                  rel=1e-3)
    load_scenario(fitted.scenario)
    assert any("look the same in a log" in line for line in fitted.provenance)


def test_the_chinese_ticket_machine_example_fits_its_rules():
    """The shipped export of scenarios/nanhu_ticket.yaml (5 % of present holders miss a call, a
    counter loses 30 s on each): a valid scenario with both found. Its holders who gave up
    have no leaving time (the machine does not record it) and tell no patience; the patience
    fitted from 3 no-shows is long but within a day, not the absurd mean a degenerate
    two-parameter fit would give."""
    zh = Path(__file__).resolve().parents[1] / "examples" / "ticket_hall_zh"
    log = read_visit_log(zh / "叫号机导出.csv", format="columns", columns=zh / "map.yaml")
    fitted = fit(log, calibrate=False)
    load_scenario(fitted.scenario)
    assert fitted.scenario["queue"]["ticket"]["call_time"] == pytest.approx(0.5, abs=1 / 60)
    missed = fitted.details["missed_calls"]
    assert missed["low"] < 0.05 < missed["high"]
    assert all(spec["patience"]["mean"] <= 1440
               for spec in fitted.scenario["customers"].values() if "patience" in spec)
