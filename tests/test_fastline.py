"""The fast evaluator gives the same per-customer outcomes as the SimPy model, on random halls
where it applies, and refuses halls where it would not be exact."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import with_day_features
from queuesim import fastline, load_scenario, metrics
from queuesim.model import draw_customers, run_replication

COLUMNS = ("service_start", "service_end", "counter", "outcome", "exit")
HOURS = [None, ["09:00-09:40", "10:00-11:00"], ["09:30-11:00"], ["09:00-10:15"],
         ["09:10-09:50", "10:20-10:40"], ["09:00-09:10", "09:15-09:20", "09:30-10:00"]]


@st.composite
def single_lines(draw):
    n_classes = draw(st.integers(1, 3))
    shares = [1 / n_classes] * n_classes
    shares[-1] = 1 - sum(shares[:-1])
    classes = {
        f"class{i}": {
            "share": share,
            "service_time": draw(st.sampled_from([
                {"dist": "exponential", "mean": draw(st.floats(0.5, 6))},
                {"dist": "lognormal", "mean": draw(st.floats(0.5, 6)), "cv": 1.2},
                {"dist": "uniform", "low": 0.5, "high": draw(st.floats(1, 6))},
            ])),
            "patience": draw(st.sampled_from([None, {"dist": "exponential",
                                                     "mean": draw(st.floats(1, 20))}])),
            "balking": draw(st.sampled_from([None, {"max_waiting": draw(st.integers(1, 6))}])),
        }
        for i, share in enumerate(shares)
    }
    steady = draw(st.booleans())
    counters = [{"id": f"K{i}", "hours": None if steady else draw(st.sampled_from(HOURS)),
                 "speed": 1.25} for i in range(draw(st.integers(1, 4)))]
    clock = ({"horizon": 300, "warmup": 30} if steady else
             {"open": "09:00", "close": "11:00",
              "after_close": draw(st.sampled_from(["serve", "leave"]))})
    raw = {
        "name": "random line", "clock": clock, "customers": classes, "counters": counters,
        "arrivals": {"per_hour": draw(st.integers(20, 150)) if steady else
                     {"09:00": draw(st.integers(10, 150)), "10:00": draw(st.integers(0, 150))}},
        "balking": {"max_waiting": draw(st.sampled_from([None, 4, 10]))},
        "seed": draw(st.integers(0, 100_000)),
    }
    if not steady and draw(st.booleans()):
        _day_features(draw, raw)
    return raw


def _day_features(draw, raw):
    """Rates per class, service factors, a day-to-day level and a staffing profile."""
    with_day_features(draw, raw)
    if draw(st.booleans()):
        profile = {"09:00": draw(st.integers(1, 3)), "09:40": draw(st.integers(0, 3)),
                   "10:20": draw(st.integers(1, 4))}
        raw["counters"] = {"profile": profile, "speed": 1.25}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(single_lines())
def test_same_outcomes_as_the_simpy_model(raw):
    hall = load_scenario(raw)
    assert fastline.applies(hall) is None
    assert fastline.first_come_first_served(hall) is None
    draws = draw_customers(hall, hall.seed, 0)
    simpy_log = run_replication(hall, hall.seed, 0, draws)
    simpy_log_columns = {c: np.asarray(getattr(simpy_log, c), float) for c in COLUMNS}
    fast_log = fastline.evaluate(hall, draws)
    for column in COLUMNS:
        np.testing.assert_allclose(np.asarray(getattr(fast_log, column), float),
                                   simpy_log_columns[column], rtol=0, atol=1e-9,
                                   err_msg=column)
    window = (hall.clock.warmup, hall.clock.horizon) if hall.clock.steady else (0, math.inf)
    ids = [c.id for c in hall.counters]
    slow = metrics.replication_kpis(hall, simpy_log.frames(hall.class_names, ids, window))
    fast = metrics.replication_kpis(hall, fast_log.frames(hall.class_names, ids, window))
    for part in ("overall", "by_counter", "by_class"):
        np.testing.assert_allclose(fast[part].to_numpy(float), slow[part].to_numpy(float),
                                   rtol=1e-9, atol=1e-9, equal_nan=True, err_msg=part)


def two_classes(change):
    raw = {
        "name": "two classes", "clock": {"open": "09:00", "close": "10:00"},
        "customers": {"all": {"share": 0.5, "service_time": {"dist": "exponential", "mean": 1}},
                      "vip": {"share": 0.5, "service_time": {"dist": "exponential", "mean": 1}}},
        "arrivals": {"per_hour": 30}, "counters": [{"id": "A"}, {"id": "B"}],
    }
    return load_scenario(raw, change)


@pytest.mark.parametrize("structure", ["ticket", "multi_line"])
def test_refuses_halls_where_it_would_not_be_exact(structure):
    hall = two_classes([f"queue.structure={structure}"])
    assert structure in fastline.applies(hall)
    with pytest.raises(ValueError, match="does not apply"):
        fastline.evaluate(hall, draw_customers(hall, 0, 0))


@pytest.mark.parametrize(("change", "reason"), [
    (["customers.vip.priority=1"], "priorities"),
    (["counters[1].speed=1.2"], "speeds"),
    (["counters[0].serves=[vip]", "counters[1].serves=[all, vip]"], "does not serve every class"),
    (["counters[0].serves=[all, vip]"], "does not serve every class alike"),
])
def test_halls_out_of_arrival_order_go_to_the_event_replay(change, reason):
    hall = two_classes(change)
    assert fastline.applies(hall) is None
    assert reason in fastline.first_come_first_served(hall)
