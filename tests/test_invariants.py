"""Invariants that hold in every hall, checked on randomly generated scenarios (hypothesis).

Conservation (every arrival ends exactly once), the exact area identity behind Little's law
(∫ waiting dt = Σ waits), counters serving one customer at a time inside their hours, service
times equal to work / speed, patience honoured to the minute, FIFO within a class in a single line.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import with_day_features
from queuesim import load_scenario
from queuesim.model import draw_customers, run_replication

OUTCOMES = {"served", "reneged", "balked", "no_show", "unserved"}


@st.composite
def halls(draw):
    n_classes = draw(st.integers(1, 3))
    names = ["a", "b", "c"][:n_classes]
    weights = [draw(st.integers(1, 5)) for _ in names]
    shares = [w / sum(weights) for w in weights]
    shares[-1] = 1 - sum(shares[:-1])
    classes = {}
    for name, share in zip(names, shares, strict=True):
        service = draw(st.sampled_from([
            {"dist": "exponential", "mean": draw(st.floats(1, 8))},
            {"dist": "lognormal", "mean": draw(st.floats(1, 8)), "cv": 0.8},
            {"dist": "deterministic", "mean": draw(st.floats(1, 8))},
        ]))
        patience = draw(st.sampled_from([None, {"dist": "exponential",
                                                "mean": draw(st.floats(2, 30))}]))
        classes[name] = {"share": share, "priority": draw(st.integers(0, 1)),
                         "service_time": service, "patience": patience}
    n_counters = draw(st.integers(1, 4))
    counters = []
    for i in range(n_counters):
        serves = draw(st.lists(st.sampled_from(names), min_size=1, max_size=n_classes,
                               unique=True))
        hours = draw(st.sampled_from([None, ["09:00-09:40", "10:00-11:00"], ["09:30-11:00"],
                                      ["09:00-09:10", "09:15-09:20", "09:30-10:00"],
                                      ["09:00-10:15"]]))
        counters.append({"id": f"K{i}", "serves": serves, "hours": hours,
                         "speed": draw(st.floats(0.8, 1.3))})
    for name in names:  # every class needs a counter
        if not any(name in c["serves"] for c in counters):
            counters[0]["serves"].append(name)
    raw = {
        "name": "random hall",
        "clock": {"open": "09:00", "close": "11:00",
                  "after_close": draw(st.sampled_from(["serve", "leave"]))},
        "customers": classes,
        "arrivals": {"per_hour": {"09:00": draw(st.integers(10, 80)),
                                  "10:00": draw(st.integers(0, 80))}},
        "counters": counters,
        "queue": {
            "structure": draw(st.sampled_from(["single_line", "multi_line", "ticket"])),
            "line_choice": draw(st.sampled_from(["shortest", "random"])),
            "jockeying": draw(st.sampled_from([None, {"min_difference": draw(st.integers(1, 3))}])),
            "ticket": {"absent_probability": draw(st.sampled_from([0.0, 0.2])),
                       "call_time": draw(st.sampled_from([0.0, 0.5])),
                       "recall_after": draw(st.integers(0, 3)),
                       "max_recalls": draw(st.integers(0, 2))},
        },
        "balking": {"max_waiting": draw(st.sampled_from([None, 3, 8]))},
        "appointments": draw(st.sampled_from([[], [{
            "class": names[-1], "every": draw(st.sampled_from([10, 20])), "from": "09:00",
            "to": "10:30", "per_slot": draw(st.integers(1, 2)), "no_show": 0.1,
            "lateness": {"mean": draw(st.sampled_from([-5, 0, 3])), "sd": 4}}]])),
        "seed": draw(st.integers(0, 10_000)),
    } | {"arrivals": {"per_hour": {"09:00": draw(st.integers(10, 80)),
                                   "10:00": draw(st.integers(0, 80))},
                      "bursts": draw(st.sampled_from([[], [{"at": "09:50", "size": 8}]])),
                      "shifts": draw(st.sampled_from([[], [{"from": "09:00-09:30",
                                                            "to": "10:15-10:45",
                                                            "fraction": 0.5}]])),
                      "published_peaks": draw(st.sampled_from([None, {
                          "window": "09:30-10:00", "share": 0.4, "spread": 20}]))}}
    if draw(st.booleans()):
        with_day_features(draw, raw)
    return raw


def simulate(raw):
    hall = load_scenario(raw)
    draws = draw_customers(hall, hall.seed, 0)
    log = run_replication(hall, hall.seed, 0, draws)
    frames = log.frames(hall.class_names, [c.id for c in hall.counters], (0, math.inf))
    return hall, draws, log, frames


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(halls())
def test_every_arrival_ends_exactly_once(raw):
    _, draws, _, frames = simulate(raw)
    table = frames["customers"]
    assert len(table) == len(draws)
    assert set(table["outcome"].astype(str)) <= OUTCOMES
    served = table[table["outcome"] == "served"]
    assert (served["service_start"] >= served["arrival"]).all()
    assert (served["service_end"] >= served["service_start"]).all()
    assert (served["counter"] != "").all()
    not_served = table[table["outcome"] != "served"]
    assert not_served["service_end"].isna().all()
    balked = table[table["outcome"] == "balked"]
    assert (balked["exit"] == balked["ready"]).all() and balked["service_start"].isna().all()
    if raw["queue"]["structure"] != "ticket":
        assert (table["outcome"] != "no_show").all() and (table["recalls"] == 0).all()
    assert (table["recalls"] <= raw["queue"]["ticket"]["max_recalls"]).all()


@SETTINGS
@given(halls())
def test_service_is_work_over_speed_and_patience_is_kept(raw):
    hall, draws, _, frames = simulate(raw)
    table = frames["customers"]
    speed = {c.id: c.speed for c in hall.counters}
    served = table["outcome"] == "served"
    expected = draws.work[served] / table.loc[served, "counter"].map(speed).to_numpy()
    assert np.allclose(table.loc[served, "service_time"], expected)
    reneged = table["outcome"] == "reneged"
    ready = table["ready"].to_numpy()
    assert np.allclose(table.loc[reneged, "exit"], ready[reneged] + draws.patience[reneged])
    assert (ready >= table["arrival"].to_numpy()).all()
    started = table["service_start"].notna()
    patience_left = ready + draws.patience - table["service_start"].to_numpy()
    assert (patience_left[started] >= -1e-9).all()  # nobody starts service after leaving


@SETTINGS
@given(halls())
def test_counters_serve_one_at_a_time_within_their_hours(raw):
    hall, _, log, frames = simulate(raw)
    table = frames["customers"]
    classes = {c.id: set(c.preference(hall.class_names)) for c in hall.counters}
    for index, spec in enumerate(hall.counters):
        mine = table[table["counter"] == spec.id]
        assert set(mine["class"].astype(str)) <= classes[spec.id]
        busy = list(zip(mine["service_start"], mine["service_end"], strict=True))
        busy += [(s, e) for desk, _, s, e in log.calls if desk == index]
        busy.sort()
        for (_, end), (start, _) in itertools.pairwise(busy):
            assert start >= end - 1e-9, f"{spec.id} serves two at once"
        shifts = [(s, e) for desk, s, e in log.shifts if desk == index]
        for start, _ in busy:
            assert any(s - 1e-9 <= start <= e + 1e-9 for s, e in shifts), f"{spec.id} closed"
    assert (frames["counters"]["utilization"].fillna(0) <= 1 + 1e-9).all()
    timeline = frames["timeline"]
    assert (timeline["waiting"] >= 0).all() and (timeline["busy"] <= timeline["open"]).all()


@SETTINGS
@given(halls())
def test_area_under_waiting_equals_the_sum_of_waits(raw):
    # Little's law holds exactly on a sample path: the integral of the number waiting over
    # the run equals the total time customers spent waiting.
    _, _, _, frames = simulate(raw)
    timeline, table = frames["timeline"], frames["customers"]
    times, waiting = timeline["time"].to_numpy(), timeline["waiting"].to_numpy()
    end = times[-1]
    area = np.sum(waiting[:-1] * np.diff(times))
    joined = table[table["outcome"] != "balked"]
    stop = joined["service_start"].fillna(joined["exit"]).fillna(end).clip(upper=end)
    np.testing.assert_allclose(area, (stop - joined["ready"]).sum(), rtol=1e-9, atol=1e-6)


@SETTINGS
@given(halls())
def test_single_line_is_first_come_first_served_within_a_class(raw):
    raw["queue"]["structure"] = "single_line"
    _, _, _, frames = simulate(raw)
    table = frames["customers"]
    for _, group in table[table["service_start"].notna()].groupby("class", observed=True):
        starts = group.sort_values("ready", kind="stable")["service_start"].to_numpy()
        assert (np.diff(starts) >= -1e-9).all()
