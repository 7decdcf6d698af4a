"""What the hall does while customers wait: announced waits, service while waiting, and
cross-trained counters slower on some classes."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from helpers import customers, scenario, trace
from queuesim import load_scenario, simulate
from queuesim.waiting import predicted_wait

EXPONENTIAL = {"dist": "exponential", "mean": 1.0}


def test_predictors_by_hand():
    assert predicted_wait(3, 2.0, 0.5, False) == pytest.approx(4 / 2)
    assert predicted_wait(2, 2.0, 0.5, True) == pytest.approx(1 / 2 + 1 / 2.5 + 1 / 3)
    assert predicted_wait(2, 2.0, 0.0, True) == pytest.approx(3 / 2)


def test_queue_length_predictor_is_unbiased_on_mms():
    # M/M/3 at 80 %: with q waiting ahead and every counter busy, the wait of a first come,
    # first served arrival is a sum of q + 1 exponential gaps of rate 3μ: (q + 1)/(3μ) exactly.
    hall = load_scenario({
        "name": "M/M/3", "clock": {"warmup": 200, "horizon": 6000},
        "customers": {"all": {"share": 1.0, "service_time": EXPONENTIAL}},
        "arrivals": {"per_hour": 144}, "counters": {"count": 3},
        "announcement": {"predictor": "queue_length"}})
    results = simulate(hall, replications=12, seed=4, workers=2)
    errors = results.kpis["overall"]["announce_error"].to_numpy()
    half = stats.t.ppf(0.995, len(errors) - 1) * errors.std(ddof=1) / math.sqrt(len(errors))
    assert abs(errors.mean()) <= half  # 0 inside the 99 % CI of the mean error
    assert half < 0.05  # minutes: narrow enough to see a bias of a few seconds
    assert results.kpis["overall"]["announce_within_5"].mean() > 0.95


def test_customers_balk_on_the_announced_wait():
    # One counter busy 0–10; c1 at 1 is told (0 + 1)/μ = 1 min (μ = 1/min), c2 at 2 is told
    # 2 min: with balk_above 2 it leaves, though it sees only one person waiting.
    hall = scenario(customers={"all": {"share": 1, "service_time": EXPONENTIAL}},
                    announcement={"predictor": "queue_length", "balk_above": 2})
    table = trace(hall, customers(arrival=[0, 1, 2], work=[10, 1, 1]))["customers"]
    assert table["announced"].tolist()[:3] == [0, 1, 2]
    assert table["outcome"].tolist() == ["served", "served", "balked"]


def test_service_while_waiting_shortens_the_service_of_those_who_waited():
    # c1 waits 9 min (≥ 5): its 4-minute service takes 3; c0 did not wait: 10 as drawn.
    hall = scenario(service_while_waiting={"after": 5, "saving": 0.25})
    table = trace(hall, customers(arrival=[0, 1], work=[10, 4]))["customers"]
    assert table["service_time"].tolist() == [10, 3]


def test_cross_trained_counter_is_slower_on_its_new_class():
    classes = {"a": {"share": 0.5, "service_time": EXPONENTIAL},
               "b": {"share": 0.5, "service_time": EXPONENTIAL}}
    hall = scenario(customers=classes, counters=[{"id": "A", "speed_on": {"b": 0.8}}])
    table = trace(hall, customers(arrival=[0, 10], work=[4, 4], klass=[0, 1]))["customers"]
    assert table["service_time"].tolist() == [4, 5]


def test_speed_on_an_unknown_class_is_named():
    from queuesim.errors import ScenarioError
    with pytest.raises(ScenarioError, match=r"counters\[0\].speed_on: unknown class 'bb'"):
        scenario(counters=[{"id": "A", "speed_on": {"bb": 0.8}}])


def test_experience_kpis_reach_the_summary():
    results = simulate("scenarios/nanhu_branch.yaml", replications=3, workers=1)
    kpis = results.summary["kpis"]
    assert 0 <= kpis["overtaken_share"]["mean"] <= 1
    assert kpis["perceived_wait_mean"]["mean"] > kpis["wait_mean"]["mean"] * 0.5
    shares = sum(kpis[k]["mean"] for k in ("worse_than_expected", "as_expected",
                                            "better_than_expected"))
    assert shares == pytest.approx(1.0)
    assert np.isfinite(results.summary["by_class"]["business"]["illegitimate_overtakes"]["mean"])


def test_announced_wait_counts_only_those_served_first():
    # One counter busy 0–10, three regular customers waiting; a VIP arriving at 4 will be next:
    # it is told (0 + 1)/μ = 1 min; a regular customer arriving at 5 has the three regular
    # customers and the VIP ahead: (4 + 1)/μ = 5 min.
    classes = {"regular": {"share": 0.8, "service_time": EXPONENTIAL},
               "vip": {"share": 0.2, "priority": 1, "service_time": EXPONENTIAL}}
    hall = scenario(customers=classes, announcement={"predictor": "queue_length"})
    draws = customers(arrival=[0, 1, 2, 3, 4, 5], work=[10, 1, 1, 1, 1, 1],
                      klass=[0, 0, 0, 0, 1, 0])
    announced = trace(hall, draws)["customers"]["announced"].tolist()
    assert announced == [0, 1, 2, 3, 1, 5]
