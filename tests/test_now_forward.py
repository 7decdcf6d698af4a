"""Simulating forward from a state: an exact trace, and M/M/c against its birth–death chain."""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import expm

from helpers import assert_close_to_theory, scenario
from queuesim.model import run_replication
from queuesim.now.decide import decide
from queuesim.now.forward import draw, option_scenario, prepare
from queuesim.now.options import Option
from queuesim.now.state import load_state

DETERMINISTIC = {"dist": "deterministic", "mean": 4}


def _trace_hall():
    return scenario(
        clock={"open": "09:00", "close": "12:00"},
        customers={"calm": {"share": 0.5, "service_time": DETERMINISTIC},
                   "hurried": {"share": 0.5, "service_time": DETERMINISTIC,
                               "patience": {"dist": "deterministic", "mean": 12}}},
        arrivals={"per_hour": {"09:00": 30, "10:00": 0}})


TRACE_STATE = {"time": "10:00",
               "counters": {"C1": {"serving": {"class": "calm", "since": "09:57"}}},
               "waiting": [{"class": "calm", "since": "09:52"},
                           {"class": "calm", "since": "09:50"},
                           {"class": "hurried", "since": "09:55"}]}


def test_a_hand_computed_trace_from_a_state():
    """C1 has 1 minute left (4 − 3); the waiting are served at 1 and 5 in the order they
    joined (09:50 then 09:52: waits 10 + 1 and 8 + 5); the hurried one, patience 12 after 5
    minutes waited, leaves at 7, before the counter is free at 9. Nobody else comes."""
    hall = _trace_hall()
    state = load_state(TRACE_STATE, hall)
    forward = prepare(hall, state, horizon=120)
    horizon_hall = option_scenario(forward, Option("nothing"))
    customers, start = draw(forward, horizon_hall, 0, 0)
    log = run_replication(horizon_hall, 0, 0, customers, start)
    assert len(log.arrival) == 4
    assert log.service_start[:3] == [-3.0, 1.0, 5.0]
    assert log.service_end[:3] == [1.0, 5.0, 9.0]
    assert np.allclose(np.asarray(log.ready[1:3]), [-10.0, -8.0])
    assert log.exit[3] == 7.0 and math.isnan(log.service_start[3])
    decision = decide(hall, state, [], horizon=120, replications=2, workers=1)
    assert decision.summary(0, "wait_now")["mean"] == 12.0  # served: (11 + 13) / 2
    assert decision.summary(0, "walkouts")["mean"] == 1.0
    assert decision.summary(0, "counter_minutes")["mean"] == 120.0


def _birth_death_mean(n0: int, t: float, rate: float, mu: float, servers: int,
                      cap: int = 80) -> float:
    """E[number in system at t] of M/M/c from n0, by the matrix exponential of the truncated
    chain's generator (the truncation's mass is checked to be negligible)."""
    q = np.zeros((cap + 1, cap + 1))
    for n in range(cap):
        q[n, n + 1] = rate
        q[n + 1, n] = min(n + 1, servers) * mu
    np.fill_diagonal(q, -q.sum(axis=1))
    p = expm(q * t)[n0]
    assert p[-5:].sum() < 1e-9
    return float(p @ np.arange(cap + 1))


def test_mmc_from_a_state_matches_the_transient_of_its_birth_death_chain():
    """Two counters, exponential service (mean 2 min) and 36 arrivals per hour; at 10:00 both
    serve and 6 wait: the expected number inside 10 minutes later, from 800 replications."""
    hall = scenario(clock={"open": "09:00", "close": "17:00"},
                    customers={"all": {"share": 1.0,
                                       "service_time": {"dist": "exponential", "mean": 2}}},
                    arrivals={"per_hour": 36}, counters={"count": 2})
    state = load_state({"time": "10:00", "counters": {
        "C1": {"serving": {"class": "all", "since": "09:58"}},
        "C2": {"serving": {"class": "all", "since": "09:41"}}},
        "waiting": [{"class": "all", "since": f"09:5{i}"} for i in range(6)]}, hall)
    forward = prepare(hall, state, horizon=15)
    horizon_hall = option_scenario(forward, Option("nothing"))
    t, counts = 10.0, []
    for replication in range(800):
        customers, start = draw(forward, horizon_hall, 7, replication)
        log = run_replication(horizon_hall, 7, replication, customers, start)
        exit_ = np.asarray(log.exit, float)
        counts.append(np.count_nonzero((np.asarray(log.ready) <= t) & ~(exit_ <= t)))
    expected = _birth_death_mean(8, t, 36 / 60, 0.5, 2)
    assert_close_to_theory(counts, expected, max_relative_halfwidth=0.08)


def test_a_counter_serving_after_its_hours_finishes_its_customer_and_closes():
    """C1's hours end at 10:00; at 10:05 it still serves (since 10:03, 2 minutes left). It
    finishes at 2 and takes nobody else: the two waiting go to C2, free at 0, one after the
    other (work 4 each). With C2 closed now too (and no hours left), nobody serves them."""
    hall = scenario(clock={"open": "09:00", "close": "12:00"},
                    customers={"calm": {"share": 1.0, "service_time": DETERMINISTIC}},
                    arrivals={"per_hour": {"09:00": 30, "10:00": 0}},
                    counters=[{"id": "C1", "hours": ["09:00-10:00"]}, {"id": "C2"}])
    state = {"time": "10:05", "counters": {"C1": {"serving": {"class": "calm", "since": "10:03"}}},
             "waiting": [{"class": "calm", "since": "10:01"}, {"class": "calm", "since": "10:02"}]}
    log = _run(hall, state)
    assert log.service_end[0] == 2.0 and log.counter == [0, 1, 1]
    assert log.service_start[1:] == [0.0, 4.0]
    assert [shift[0] for shift in log.shifts].count(0) == 1  # C1 opened once, to finish
    state["counters"]["C2"] = {"open": False}
    hall_later = scenario(clock={"open": "09:00", "close": "12:00"},
                          customers={"calm": {"share": 1.0, "service_time": DETERMINISTIC}},
                          arrivals={"per_hour": {"09:00": 30, "10:00": 0}},
                          counters=[{"id": "C1", "hours": ["09:00-10:00"]},
                                    {"id": "C2", "hours": ["09:00-12:00"]}])
    assert np.isnan(_run(hall_later, state).service_start[1:]).all()


def _run(hall, raw_state):
    forward = prepare(hall, load_state(raw_state, hall), horizon=60)
    horizon_hall = option_scenario(forward, Option("nothing"))
    customers, start = draw(forward, horizon_hall, 0, 0)
    return run_replication(horizon_hall, 0, 0, customers, start)


def test_a_run_without_its_timeline_serves_everyone_the_same():
    """A decision's runs keep no timeline; the customers and the shifts are the same, bit for
    bit, as in the same run that keeps it."""
    from dataclasses import replace

    hall = scenario(clock={"open": "09:00", "close": "12:00"},
                    customers={"all": {"share": 1.0, "service_time": {"dist": "exponential",
                                                                      "mean": 2},
                                       "patience": {"dist": "exponential", "mean": 5}}},
                    arrivals={"per_hour": 70}, counters={"count": 2})
    state = load_state({"time": "10:00", "waiting": [{"class": "all", "since": "09:55"}]}, hall)
    forward = prepare(hall, state, horizon=60)
    horizon_hall = option_scenario(forward, Option("nothing"))
    customers, start = draw(forward, horizon_hall, 3, 1)
    assert start.timeline is False
    quick = run_replication(horizon_hall, 3, 1, customers, start)
    full = run_replication(horizon_hall, 3, 1, customers, replace(start, timeline=True))
    for name in ("service_start", "service_end", "exit", "outcome", "counter", "shifts"):
        assert getattr(quick, name) == getattr(full, name), name
    assert len(quick._time) == 1 and len(full._time) > 10
