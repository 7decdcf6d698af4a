"""The event replay of the fast evaluator gives the same per-customer outcomes and counter shifts
as the SimPy model on random single lines with priority classes, counters that serve some classes
(nested preference groups), and counters of different speeds; and the comparison notices a
broken calling rule."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fastline import COLUMNS, single_lines

from queuesim import fastline, fastline_priority, load_scenario
from queuesim.model import draw_customers, run_replication


@st.composite
def priority_lines(draw):
    """A random single line (see ``test_fastline.single_lines``) with priorities, ``serves``
    lists and speeds per counter and class."""
    raw = draw(single_lines())
    names = list(raw["customers"])
    for spec in raw["customers"].values():
        spec["priority"] = draw(st.integers(0, 2))
    if isinstance(raw["counters"], dict):  # a staffing profile: identical counters
        return raw
    for counter in raw["counters"]:
        counter["speed"] = draw(st.sampled_from([0.8, 1.0, 1.25]))
        if draw(st.booleans()):
            counter["speed_on"] = {draw(st.sampled_from(names)): draw(st.sampled_from([0.5, 2.0]))}
        if draw(st.booleans()):
            chosen = draw(st.permutations(names))[:draw(st.integers(1, len(names)))]
            cut = draw(st.integers(0, len(chosen)))
            counter["serves"] = ([chosen[:cut]] if cut > 1 else chosen[:cut]) + chosen[cut:]
    served = {name for c in raw["counters"] if "serves" in c
              for item in c["serves"] for name in ([item] if isinstance(item, str) else item)}
    if all("serves" in c for c in raw["counters"]):
        raw["counters"][-1]["serves"] += [n for n in names if n not in served]
    return raw


def differences(simpy_hall, fast_hall, seed: int) -> list[str]:
    """Columns (and the shifts) where the replay of ``fast_hall`` differs from the SimPy model
    of ``simpy_hall`` on the same customers."""
    draws = draw_customers(simpy_hall, seed, 0)
    slow = run_replication(simpy_hall, seed, 0, draws)
    *columns, shifts = fastline_priority.replay(fast_hall, draws)
    found = [name for name, column in zip(COLUMNS, columns, strict=True)
             if not np.array_equal(column, np.asarray(getattr(slow, name), float), equal_nan=True)]
    return found + (["shifts"] if sorted(shifts) != sorted(slow.shifts) else [])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(priority_lines())
def test_same_outcomes_as_the_simpy_model(raw):
    hall = load_scenario(raw)
    assert fastline.applies(hall) is None
    assert differences(hall, hall, hall.seed) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(priority_lines())
def test_the_log_of_the_replay_is_the_simpy_log(raw):
    hall = load_scenario(raw)
    draws = draw_customers(hall, hall.seed, 0)
    slow, fast = run_replication(hall, hall.seed, 0, draws), fastline.evaluate(hall, draws)
    for column in COLUMNS:
        np.testing.assert_array_equal(np.asarray(getattr(fast, column), float),
                                      np.asarray(getattr(slow, column), float), err_msg=column)
    assert sorted(fast.shifts) == sorted(slow.shifts)


BUSY_HALL = {
    "name": "VIPs first", "clock": {"open": "09:00", "close": "11:00"},
    "customers": {
        "personal": {"share": 0.7, "service_time": {"dist": "exponential", "mean": 5}},
        "vip": {"share": 0.3, "priority": 1, "service_time": {"dist": "exponential", "mean": 5}}},
    "arrivals": {"per_hour": 70},
    "counters": [{"id": "T1", "serves": ["personal"]}, {"id": "T2"},
                 {"id": "V1", "serves": ["vip", "personal"], "speed": 1.1}],
    "seed": 7,
}


def test_a_busy_hall_with_priorities_is_replayed_exactly():
    hall = load_scenario(BUSY_HALL)
    assert fastline.first_come_first_served(hall) is not None
    assert differences(hall, hall, 7) == []


def test_the_comparison_notices_a_swapped_priority_order():
    swapped = load_scenario(BUSY_HALL,
                            ["customers.vip.priority=0", "customers.personal.priority=1"])
    assert "service_start" in differences(load_scenario(BUSY_HALL), swapped, 7)


def test_the_comparison_notices_a_swapped_preference():
    equal = ["customers.vip.priority=0"]
    hall = load_scenario(BUSY_HALL, equal)
    swapped = load_scenario(BUSY_HALL, [*equal, "counters[2].serves=[personal, vip]"])
    assert differences(hall, swapped, 7) != []
