"""Appointments and bursts from a state: slots still due come, past ones are gone, bursts happen."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from helpers import scenario
from queuesim import load_scenario
from queuesim.cli import app
from queuesim.model import run_replication
from queuesim.now.decide import decide
from queuesim.now.forward import bookings, draw, option_scenario, prepare
from queuesim.now.options import Option, parse_option
from queuesim.now.state import load_state
from queuesim.now.today import booked_and_bursts_so_far, expected_so_far, level_for

runner = CliRunner()
TEN = {"dist": "deterministic", "mean": 10}
FOUR = {"dist": "deterministic", "mean": 4}


def _booked_hall(lateness=None):
    """One counter 09:00-12:00; walk-ins (4 min) only before 10:00 and in a pair at 10:50;
    booked customers (10 min) every 15 minutes from 09:00, on time, all of them come."""
    return scenario(clock={"open": "09:00", "close": "12:00"},
                    customers={"walk": {"share": 1.0, "service_time": FOUR},
                               "booked": {"share": 0.0, "service_time": TEN}},
                    arrivals={"per_hour": {"09:00": 30, "10:00": 0},
                              "bursts": [{"at": "10:50", "size": 2, "spread": 0.01,
                                          "class": "walk"}]},
                    appointments=[{"class": "booked", "every": 15, "from": "09:00",
                                   "to": "12:00", "lateness": lateness or {}}])


STATE = {"time": "10:20", "counters": {"C1": {"serving": {"class": "booked",
                                                          "since": "10:15"}}}}


def _log(hall, raw_state, seed=0, replication=0):
    forward = prepare(hall, load_state(raw_state, hall), horizon=120)
    horizon_hall = option_scenario(forward, Option("nothing"))
    customers, start = draw(forward, horizon_hall, seed, replication)
    return run_replication(horizon_hall, seed, replication, customers, start)


def test_slots_still_due_come_past_ones_are_gone_and_the_burst_happens():
    """At 10:20 the 10:15 booking has 5 minutes left. Still due: 10:30, 10:45, ..., 11:45
    (model minutes 10, 25, 40, 55, 70, 85); the pair arrives at 30 (+ < 0.01) while the
    10:45 booking is served until 35: they are served 35-39 and 39-43, so the 11:00 booking
    waits 3. Slots 09:00-10:15 do not come again."""
    log = _log(_booked_hall(), STATE)
    arrival = np.asarray(log.arrival)
    assert len(arrival) == 9
    assert np.allclose(arrival[[1, 2, 5, 6, 7, 8]], [10, 25, 40, 55, 70, 85])
    assert np.allclose(arrival[3:5], 30, atol=0.01)
    start, end = np.asarray(log.service_start), np.asarray(log.service_end)
    assert np.allclose(start, [-5, 10, 25, 35, 39, 43, 55, 70, 85])
    assert np.allclose(end, [5, 20, 35, 39, 43, 53, 65, 80, 95])


def test_a_booked_customer_who_comes_early_sits_until_the_slot():
    """Five minutes early, always: the 10:30 booking comes at 10:25 (model 5) while the
    counter is free from 5, and is still served at its slot, 10."""
    log = _log(_booked_hall(lateness={"mean": -5, "sd": 0}), STATE)
    assert log.arrival[1] == pytest.approx(5.0) and log.service_start[1] == pytest.approx(10.0)


def test_bookings_in_the_state_replace_the_scenarios_slots():
    """Two booked for 10:50 (model 30), nothing else booked: they come first at 30 (the pair
    of walk-ins a moment later) and are served 30-40 and 40-50; the pair 50-54 and 54-58."""
    state = {**STATE, "appointments": [{"class": "booked", "at": "10:50", "count": 2}]}
    log = _log(_booked_hall(), state)
    assert len(log.arrival) == 5
    assert np.allclose(log.service_start, [-5, 30, 40, 50, 54])
    assert list(log.klass) == [1, 1, 1, 0, 0]
    assert np.allclose(_log(_booked_hall(), {**STATE, "appointments": []}).service_start,
                       [-5, 30, 34], atol=0.01)  # none due: only the pair


def test_a_booking_takes_the_no_show_and_lateness_of_its_class():
    hall = _booked_hall()
    rules = hall.appointments[0].model_copy(update={"no_show": 0.25})
    hall = hall.model_copy(update={"appointments": [rules]})
    state = load_state({**STATE, "appointments": [{"class": "booked", "at": "11:00"},
                                                  {"class": "walk", "at": "11:10"}]}, hall)
    booked, walk = bookings(hall, state.appointments)
    assert booked["no_show"] == 0.25 and booked["per_slot"] == 1
    assert "no_show" not in walk  # no rule for walk-ins: everyone comes, on time
    comes = [len(_log(hall, {**STATE, "appointments": [{"class": "booked", "at": "11:00",
                                                        "count": 40}]},
                      replication=r).arrival) - 1 for r in range(25)]
    share = np.mean(comes) / 40  # binomial: sd of the mean share 0.0137
    assert share == pytest.approx(0.75, abs=4 * 0.0137)


def test_nothing_against_itself_with_appointments_and_bursts_is_exactly_zero():
    hall = load_scenario("scenarios/nanhu_rectified.yaml")
    state = load_state("scenarios/states/nanhu_branch_1140.yaml", hall)
    ids = [c.id for c in hall.counters]
    options = [parse_option(t, ids, hall.class_names) for t in ("move V1 to vip,personal",
                                                                "open T3 now")]
    decision = decide(hall, state, options, replications=4, workers=1)
    assert np.array_equal(decision.values[0], decision.values[1], equal_nan=True)
    assert decision.difference(2, "wait_now")["mean"] < 0


def test_the_days_level_is_judged_on_walk_ins_only():
    """By 10:51 the booked hall has had 8 slots (09:00 to 10:45, all come) and the pair of
    10:50: 10 who come whatever the level. In the rectified Nanhu at 11:40, 6 slots of which
    10 % do not come; with as many walk-ins as the profile expects, the level stays 1."""
    assert booked_and_bursts_so_far(_booked_hall(), 10 * 60 + 51) == pytest.approx(10.0)
    assert booked_and_bursts_so_far(_booked_hall(), 10 * 60 + 50.005) == pytest.approx(9.0)
    hall = load_scenario("scenarios/nanhu_rectified.yaml")
    now = 11 * 60 + 40
    assert booked_and_bursts_so_far(hall, now) == pytest.approx(5.4)
    level, _ = level_for(hall, now, round(expected_so_far(hall, now) + 5.4))
    assert level == pytest.approx(1.0, abs=0.005)


BAD = [
    ({"class": "boked", "at": "11:00"},
     "appointments[0].class: unknown class 'boked' (did you mean 'booked'?)"),
    ({"class": "booked", "at": "10:10"},
     "appointments[0].at: 10:10 is before the state's time 10:20"),
    ({"class": "booked", "at": "12:00"},
     "appointments[0].at: 12:00 is not before closing time 12:00"),
    ({"class": "booked", "at": "11:00", "count": 0},
     "appointments[0].count: input should be greater than or equal to 1"),
]


@pytest.mark.parametrize(("booking", "line"), BAD, ids=[line.split(":")[0] for _, line in BAD])
def test_a_bad_booking_is_one_line_exit_2(tmp_path, booking, line):
    hall_path, state_path = tmp_path / "hall.yaml", tmp_path / "state.yaml"
    raw = _booked_hall().model_dump(mode="json", by_alias=True, exclude_none=True)
    hall_path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    state_path.write_text(yaml.safe_dump({**STATE, "appointments": [booking]}),
                          encoding="utf-8")
    result = runner.invoke(app, ["now", str(hall_path), "--state", str(state_path), "-n", "2"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{state_path}: {line.split(': ', 1)[0]}")
    assert line.split(": ", 1)[1].split(" (")[0] in lines[0], lines
