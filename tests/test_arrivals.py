"""Arrival policies: moving demand keeps the day's customers, appointments and bursts come as
configured."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import scenario
from queuesim.arrivals import integral
from queuesim.model.draws import APPOINTMENT, BURST, WALK_IN, draw_customers

DAY = {"open": "09:00", "close": "17:00"}
NANHU_RATES = {"09:00": 40, "11:00": 60, "11:30": 90, "13:30": 50, "16:00": 70}


def expected(hall, low=0.0, high=math.inf):
    starts, rates = hall.rate_steps()
    return integral(starts, rates, hall.clock.end, low, min(high, hall.clock.end))


def day(**arrivals):
    return scenario(clock=DAY, arrivals={"per_hour": NANHU_RATES, **arrivals}, replications=1)


def test_demand_shift_moves_customers_and_keeps_the_day():
    base = day()
    shifted = day(shifts=[{"from": "11:30-13:30", "to": "14:00-16:00", "fraction": 0.2}])
    assert expected(shifted) == pytest.approx(expected(base))
    peak, later = (150, 270), (300, 420)
    assert expected(shifted, *peak) == pytest.approx(0.8 * expected(base, *peak))
    assert expected(shifted, *later) == pytest.approx(expected(base, *later) + 0.2 * 180)
    counts = [len(draw_customers(shifted, 7, r).arrival) for r in range(300)]
    assert abs(np.mean(counts) - expected(base)) < 4 * math.sqrt(expected(base) / 300)


def test_published_peaks_spread_customers_around_the_peak():
    base = day()
    peaks = day(published_peaks={"window": "11:30-13:30", "share": 0.3, "spread": 60})
    assert expected(peaks) == pytest.approx(expected(base))
    moved = 0.3 * expected(base, 150, 270)
    assert expected(peaks, 90, 150) == pytest.approx(expected(base, 90, 150) + moved / 2)
    assert expected(peaks, 270, 330) == pytest.approx(expected(base, 270, 330) + moved / 2)


def test_appointments_reproduce_no_shows_and_lateness():
    booking = {"class": "all", "every": 15, "from": "09:00", "to": "16:00", "per_slot": 2,
               "no_show": 0.1, "lateness": {"mean": 2.0, "sd": 3.0}}
    hall = scenario(clock=DAY, arrivals={"per_hour": 10}, appointments=[booking])
    booked, lateness = 0, []
    for r in range(200):
        draws = draw_customers(hall, 3, r)
        mine = draws.origin == APPOINTMENT
        booked += mine.sum()
        lateness.append(draws.arrival[mine] - draws.slot[mine])
    slots_per_day = 28 * 2
    show = booked / (200 * slots_per_day)
    assert abs(show - 0.9) < 4 * math.sqrt(0.09 / (200 * slots_per_day))
    lateness = np.concatenate(lateness)  # N(2, 3) minutes (no slot is at the opening edge)
    assert abs(lateness.mean() - 2.0) < 4 * 3.0 / math.sqrt(len(lateness))
    assert lateness.std() == pytest.approx(3.0, rel=0.05)


def test_booked_customers_join_at_their_slot_and_walk_ins_are_unchanged():
    booking = {"class": "all", "every": 30, "from": "09:00", "to": "12:00",
               "lateness": {"mean": -5, "sd": 1}}
    plain = scenario(clock=DAY, arrivals={"per_hour": 20})
    booked = scenario(clock=DAY, arrivals={"per_hour": 20}, appointments=[booking])
    a, b = draw_customers(plain, 1, 0), draw_customers(booked, 1, 0)
    assert np.array_equal(a.arrival, b.arrival[b.origin == WALK_IN])  # common random numbers
    early = (b.origin == APPOINTMENT) & (b.arrival < b.ready)
    assert early.sum() > 0 and np.allclose(b.ready[early], b.slot[early])


def test_bursts_arrive_within_their_spread():
    hall = day(bursts=[{"at": "11:50", "size": 40, "spread": 5}])
    draws = draw_customers(hall, 2, 0)
    burst = draws.arrival[draws.origin == BURST]
    assert len(burst) == 40 and ((burst >= 170) & (burst < 175)).all()


def test_unknown_class_in_a_policy_is_named():
    from queuesim.errors import ScenarioError
    with pytest.raises(ScenarioError, match=r"appointments\[0\].class: unknown class 'al'"):
        scenario(appointments=[{"class": "al", "every": 10, "from": "09:00", "to": "09:30"}])
