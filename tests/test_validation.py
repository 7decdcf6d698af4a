"""The simulator against queueing theory, with tolerances from confidence intervals.

Each test runs independent steady-state replications with a fixed seed, and asserts that the
theoretical value lies inside the 99 % confidence interval of the replication means *and*
that the interval is narrow (a few per cent, at most 11 %), so that a wrong model cannot pass by
noise: the alternatives a bug would produce (FCFS instead of priority, separate lines instead of
one, a wrong service-time variance) differ from the theory by 25 % or more.
"""

from __future__ import annotations

import math

import pytest

from helpers import assert_close_to_theory
from queuesim import load_scenario, simulate, theory

pytestmark = pytest.mark.slow


def steady(per_hour, service, counters=1, horizon=25_000, warmup=500, **fields):
    base = {
        "name": "theory check",
        "clock": {"warmup": warmup, "horizon": horizon},
        "customers": {"all": {"share": 1.0, "service_time": service}},
        "arrivals": {"per_hour": per_hour},
        "counters": {"count": counters},
        "queue": {"structure": "single_line"},
    }
    base.update(fields)
    return load_scenario(base)


def per_replication(scenario, replications=12, seed=11, part="overall"):
    results = simulate(scenario, replications=replications, seed=seed, workers=2)
    return results.kpis[part]


EXPONENTIAL = {"dist": "exponential", "mean": 1.0}


def test_mm1_mean_wait_and_wait_distribution():
    # λ = 0.5/min, μ = 1/min: Wq = ρ/(μ − λ) = 1 min, P(Wq ≤ 1) = 1 − ρ e^{−(μ−λ)·1}.
    hall = steady(30, EXPONENTIAL, targets={"wait_minutes": 1})
    kpis = per_replication(hall)
    assert_close_to_theory(kpis["wait_mean"], theory.mm1_wait_mean(0.5, 1.0), 0.06)
    assert_close_to_theory(kpis["service_level"], 1 - theory.mm1_wait_tail(1, 0.5, 1.0), 0.02)


def test_mmc_matches_erlang_c():
    # M/M/3 at ρ = 0.8: Erlang C mean wait and P(Wq ≤ 1 min).
    hall = steady(144, EXPONENTIAL, counters=3, horizon=10_000, targets={"wait_minutes": 1})
    kpis = per_replication(hall, replications=16)
    assert_close_to_theory(kpis["wait_mean"], theory.erlang_c_wait_mean(3, 2.4, 1.0), 0.08)
    assert_close_to_theory(kpis["service_level"],
                           theory.erlang_c_service_level(1, 3, 2.4, 1.0), 0.03)
    assert_close_to_theory(kpis["utilization"], 0.8, 0.01)


@pytest.mark.parametrize("service", [
    {"dist": "deterministic", "mean": 1.0},
    {"dist": "gamma", "mean": 1.0, "cv": 0.5},
    {"dist": "lognormal", "mean": 1.0, "cv": 1.5},
], ids=["M/D/1", "M/gamma/1", "M/lognormal/1"])
def test_mg1_matches_pollaczek_khinchine(service):
    # ρ = 0.5; Wq = λ E[S²] / (2 (1 − ρ)) from 0.5 min (M/D/1) to 1.625 min (lognormal cv 1.5).
    hall = steady(30, service)
    dist = hall.customers["all"].service_time
    expected = theory.pollaczek_khinchine_wait_mean(0.5, dist.mean, dist.variance)
    kpis = per_replication(hall)
    assert_close_to_theory(kpis["wait_mean"], expected, 0.11)


def test_mmc_with_patience_matches_erlang_a():
    # M/M/3+M, λ = 3/min (overloaded without abandonment), patience mean 2 min.
    hall = steady(180, EXPONENTIAL, counters=3, horizon=8_000,
                  customers={"all": {"share": 1.0, "service_time": EXPONENTIAL,
                                     "patience": {"dist": "exponential", "mean": 2.0}}})
    expected = theory.erlang_a(3, 3.0, 1.0, 2.0)
    kpis = per_replication(hall)
    assert_close_to_theory(kpis["abandon_rate"], expected.p_abandon, 0.03)
    assert_close_to_theory(kpis["waiting_mean"], expected.queue_mean, 0.05)


def test_two_priority_classes_match_cobham():
    # Non-preemptive priority M/M/1: vip λ = 0.2, regular λ = 0.4 per minute, μ = 1:
    # W_vip = 0.6 / 0.8 = 0.75 min, W_regular = 0.6 / (0.8 · 0.4) = 1.875 min (FCFS: 1.5 min).
    classes = {
        "vip": {"share": 1 / 3, "priority": 1, "service_time": EXPONENTIAL},
        "regular": {"share": 2 / 3, "service_time": EXPONENTIAL},
    }
    hall = steady(36, EXPONENTIAL, customers=classes)
    expected = theory.cobham_priority_waits([0.2, 0.4], [1.0, 1.0], [1.0, 1.0])
    by_class = per_replication(hall, part="by_class").set_index("group")
    assert_close_to_theory(by_class.loc["vip", "wait_mean"], expected[0], 0.05)
    assert_close_to_theory(by_class.loc["regular", "wait_mean"], expected[1], 0.09)


def test_random_line_choice_without_jockeying_is_separate_mm1_queues():
    # Three counters with their own lines, arrivals split at random: each line is an M/M/1
    # with λ/3 = 0.5/min, so Wq = 1 min (a single line would give Erlang C's 0.24 min).
    hall = steady(90, EXPONENTIAL, counters=3, horizon=12_000,
                  queue={"structure": "multi_line", "line_choice": "random"})
    kpis = per_replication(hall)
    assert_close_to_theory(kpis["wait_mean"], theory.mm1_wait_mean(0.5, 1.0), 0.05)


def test_shortest_line_with_jockeying_lies_between_random_lines_and_one_line():
    hall = steady(126, EXPONENTIAL, counters=3, horizon=5_000,
                  queue={"structure": "multi_line", "jockeying": {"min_difference": 1}})
    wait = per_replication(hall, replications=4)["wait_mean"].mean()
    assert theory.erlang_c_wait_mean(3, 2.1, 1.0) * 0.97 < wait < theory.mm1_wait_mean(0.7, 1.0)


def test_littles_law_on_the_timeline():
    # L = λ W over the measured window: time-average number waiting (from the timeline) against
    # the arrival rate times the mean wait of everyone who joined (from the customer log).
    hall = steady(180, EXPONENTIAL, counters=3, horizon=5_000,
                  customers={"all": {"share": 1.0, "service_time": EXPONENTIAL,
                                     "patience": {"dist": "exponential", "mean": 2.0}}})
    results = simulate(hall, replications=4, seed=5, workers=2)
    table = results.customers
    inside = table[(table["arrival"] >= 500) & (table["outcome"] != "balked")]
    for replication, group in inside.groupby("replication"):
        little = 3.0 * group["wait"].sum() / len(group)  # λ × W
        measured = results.kpis["overall"].loc[replication, "waiting_mean"]
        assert math.isclose(measured, little, rel_tol=0.02)
