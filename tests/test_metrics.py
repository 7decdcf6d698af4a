"""KPI definitions on small hand-built tables, and the confidence intervals."""

from __future__ import annotations

import math

import kpi_reference
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats
from test_invariants import halls

from queuesim import load_scenario, metrics
from queuesim import runner as simulator
from queuesim.model import draw_customers, run_replication


def customers(outcomes, waits):
    return pd.DataFrame({"outcome": outcomes, "wait": waits})


def test_customer_kpis_by_definition():
    table = customers(["served", "served", "served", "reneged", "balked", "unserved"],
                      [0.0, 5.0, 20.0, 12.0, 0.0, 3.0])
    kpis = metrics.customer_kpis(table, target_wait=10, steady=False, span=60)
    assert kpis["arrivals"] == 6 and kpis["served"] == 3 and kpis["balked"] == 1
    assert kpis["wait_mean"] == pytest.approx(25 / 3)
    assert kpis["wait_max"] == 20 and kpis["wait_p50"] == 5
    # joined = 5; served within 10 min: 2
    assert kpis["service_level"] == pytest.approx(2 / 5)
    assert kpis["abandon_rate"] == pytest.approx(1 / 5)
    assert kpis["balk_rate"] == pytest.approx(1 / 6)
    assert kpis["waiting_mean"] == pytest.approx(40 / 60)


def test_steady_state_leaves_out_those_still_inside():
    table = customers(["served", "unserved"], [1.0, math.nan])
    kpis = metrics.customer_kpis(table, target_wait=10, steady=True, span=60)
    assert kpis["service_level"] == 1.0


def test_no_served_customer_gives_undefined_waits_not_zero():
    kpis = metrics.customer_kpis(customers(["reneged"], [4.0]), 10, False, 60)
    assert math.isnan(kpis["wait_mean"]) and kpis["abandon_rate"] == 1.0


def test_time_average_of_a_step_function():
    timeline = pd.DataFrame({"time": [0.0, 2.0, 5.0], "waiting": [1, 3, 0]})
    # 1 × 2 + 3 × 3 + 0 × 5 over 10 minutes
    assert metrics.time_average(timeline, "waiting", 0, 10) == pytest.approx(1.1)
    assert metrics.time_average(timeline, "waiting", 1, 4) == pytest.approx((1 + 6) / 3)


def test_confidence_interval_is_student_t():
    values = [11.0, 12.0, 14.0, 17.0]
    ci = metrics.confidence_interval(values)
    half = stats.t.ppf(0.975, 3) * np.std(values, ddof=1) / 2
    assert ci["mean"] == 13.5 and ci["n"] == 4
    assert ci["ci95"] == pytest.approx([13.5 - half, 13.5 + half])


def test_confidence_interval_edge_cases():
    assert metrics.confidence_interval([5.0]) == {"mean": 5.0, "ci95": [None, None], "n": 1}
    assert metrics.confidence_interval([math.nan, 2.0, 4.0])["n"] == 2
    assert metrics.confidence_interval([0.0, 0.0, 0.1], kpi="balked")["ci95"][0] == 0.0
    assert metrics.confidence_interval([0.99, 1.0, 1.0], kpi="service_level")["ci95"][1] <= 1.0


# The numpy KPIs equal the pandas group-by KPIs they replaced, to the last bit. --------------

PARTS = ("overall", "by_class", "by_hour", "by_counter")


def assert_same_kpis(scenario, frames):
    fast = metrics.replication_kpis(scenario, frames)
    slow = kpi_reference.replication_kpis(scenario, frames)
    for part in PARTS:
        assert list(fast[part].columns) == list(slow[part].columns), part
        pd.testing.assert_index_equal(fast[part].index, slow[part].index)
        for column in slow[part].columns:
            pd.testing.assert_series_equal(fast[part][column], slow[part][column],
                                           check_exact=True, obj=f"{part}.{column}")


@st.composite
def halls_with_experience(draw):
    raw = draw(halls())
    names = list(raw["customers"])
    raw["experience"] = {
        "expected_wait": {name: draw(st.floats(1, 20)) for name in names if draw(st.booleans())},
        "default_expected_wait": draw(st.sampled_from([None, 4.0, 12.0])),
        "tolerance": draw(st.sampled_from([0.0, 0.1, 0.3]))}
    if raw["queue"]["structure"] != "ticket" and draw(st.booleans()):
        raw["announcement"] = {"predictor": "queue_length", "balk_above": draw(
            st.sampled_from([None, 10.0]))}
        raw["balking"] = {"max_waiting": None}
    return raw


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(halls_with_experience(), st.integers(0, 3))
def test_kpis_equal_the_pandas_reference_on_random_halls(raw, replication):
    hall, _, _, frames = simulate_hall(raw, replication)
    assert_same_kpis(hall, frames)


@pytest.mark.parametrize("name", ["nanhu_branch", "telecom_hall", "mmc_steady"])
def test_kpis_equal_the_pandas_reference_on_library_scenarios(name):
    changes = ["clock.horizon=3000"] if name == "mmc_steady" else []
    hall = load_scenario(f"scenarios/{name}.yaml", changes)
    frames = simulator.simulate_one(hall, 5, 1)
    assert_same_kpis(hall, {key: frames[key] for key in ("customers", "timeline", "counters")})


def simulate_hall(raw, replication):
    hall = load_scenario(raw)
    draws = draw_customers(hall, hall.seed, replication)
    log = run_replication(hall, hall.seed, replication, draws)
    frames = log.frames(hall.class_names, [c.id for c in hall.counters], (0, math.inf))
    return hall, draws, log, frames
