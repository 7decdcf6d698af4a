"""The lines they stand in: a state of a hall with one line per counter, by hand and from a log."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import scenario
from queuesim.errors import ScenarioError
from queuesim.model import run_replication
from queuesim.now.forward import draw, option_scenario, prepare
from queuesim.now.options import Option, parse_option
from queuesim.now.reconstruct import state_at, without_line
from queuesim.now.state import load_state

FOUR = {"dist": "deterministic", "mean": 4}


def _lines_hall(structure="multi_line"):
    """C1 and C2, one line each; a customer moves when they would have 2 fewer ahead."""
    return scenario(clock={"open": "09:00", "close": "12:00"},
                    customers={"calm": {"share": 1.0, "service_time": FOUR}},
                    arrivals={"per_hour": {"09:00": 30, "10:00": 0}},
                    counters=[{"id": "C1"}, {"id": "C2", "hours": ["09:00-11:00"]}],
                    queue={"structure": structure, "jockeying": {"min_difference": 3}}
                    if structure == "multi_line" else {"structure": structure})


def _state(lines):
    """C1 has 3 minutes of service left, C2 2; A, B, C joined at 09:50, 09:51, 09:52."""
    return {"time": "10:00",
            "counters": {"C1": {"serving": {"class": "calm", "since": "09:59"}},
                         "C2": {"serving": {"class": "calm", "since": "09:58"}}},
            "waiting": [{"class": "calm", "since": f"09:5{i}", "line": line}
                        for i, line in enumerate(lines)]}


def _log(hall, raw_state):
    forward = prepare(hall, load_state(raw_state, hall), horizon=60)
    horizon_hall = option_scenario(forward, Option("nothing"))
    customers, start = draw(forward, horizon_hall, 0, 0)
    return run_replication(horizon_hall, 0, 0, customers, start)


def test_all_three_in_one_line_the_last_jockeys_to_the_other():
    """All in C1's line (4 with the one served) against C2's 1: C, last, moves (2 fewer
    ahead) and is served at C2 at 2; then 3 against 1 gains only 1: A and B stay, served at
    C1 at 3 and 7. Waits from joining: 13, 16, 10."""
    log = _log(_lines_hall(), _state(["C1", "C1", "C1"]))
    assert log.service_start[2:] == [3.0, 7.0, 2.0]
    assert log.counter[2:] == [0, 0, 1]
    assert log.jockeys[2:] == [0, 0, 1] and log.line[2:] == [0, 0, 0]  # line on joining
    assert np.allclose(np.subtract(log.service_start, log.ready)[2:], [13, 16, 10])


def test_lines_given_keep_their_order_even_when_another_counter_frees_first():
    """A in C2's line, B and C in C1's: 2 and 3 long, nobody gains 2 by moving. C2 takes A
    at 2, C1 takes B at 3; at 6 C2 is free but C would gain only 1: C waits for C1, at 7."""
    log = _log(_lines_hall(), _state(["C2", "C1", "C1"]))
    assert log.service_start[2:] == [2.0, 3.0, 7.0]
    assert log.counter[2:] == [1, 0, 0] and sum(log.jockeys) == 0


def test_the_line_of_a_counter_closed_now_moves_when_it_closes():
    """Closing C2 now (an option). Still serving, C2 finishes at 2 and then its line, A and
    B, moves behind C at C1: C at 3, A at 7, B at 11. Idle, C2 never opens: A and B join by
    the hall's line choice at 0, in the order they joined, A, B and C at 3, 7 and 11."""
    hall = _lines_hall()
    for serving, served_at in ((True, [7.0, 11.0, 3.0]), (False, [3.0, 7.0, 11.0])):
        raw = _state(["C2", "C2", "C1"])
        if not serving:
            del raw["counters"]["C2"]
        forward = prepare(hall, load_state(raw, hall), horizon=60)
        closed = option_scenario(forward, parse_option("close C2 now", ["C1", "C2"], ["calm"]))
        customers, start = draw(forward, closed, 0, 0)
        log = run_replication(closed, 0, 0, customers, start)
        first = len(start.desk)
        assert log.service_start[first:] == served_at and log.counter[first:] == [0, 0, 0]


@pytest.mark.parametrize(("structure", "lines", "message"), [
    ("multi_line", ["C11", None, None], "waiting[0].line: unknown counter 'C11' (did you "
     "mean 'C1'?)"),
    ("single_line", ["C1", None, None], "waiting[0].line: the hall has no line per counter"),
])
def test_a_line_that_cannot_be_is_refused(structure, lines, message):
    with pytest.raises(ScenarioError) as error:
        load_state(_state(lines), _lines_hall(structure))
    assert str(error.value).startswith(f"<state>: {message}")


def test_a_line_of_a_counter_closed_now_is_refused():
    hall = _lines_hall()
    late = {**_state(["C2", None, None]), "time": "11:10"}
    late["waiting"] = [{"class": "calm", "since": "11:05", "line": "C2"}]
    late["counters"] = {}
    with pytest.raises(ScenarioError, match=r"waiting\[0\].line: C2 is not open at 11:10"):
        load_state(late, hall)


def test_from_a_log_the_line_is_the_counter_that_served_them_if_it_could_be():
    """At 10:00: A was later served at C2 (open, serves them): line C2; B gave up (no
    counter): no line; C was served at C9, which the hall does not have: no line."""
    at = pd.Timestamp("2026-02-22 10:00")
    times = pd.to_datetime(["2026-02-22 09:50", "2026-02-22 09:51", "2026-02-22 09:52"])
    table = pd.DataFrame({"day": [pd.Timestamp("2026-02-22")] * 3, "class": ["calm"] * 3,
                          "priority": [0] * 3, "arrived": times,
                          "service_start": [at + pd.Timedelta(minutes=3), pd.NaT,
                                            at + pd.Timedelta(minutes=5)],
                          "service_end": [at + pd.Timedelta(minutes=7), pd.NaT,
                                          at + pd.Timedelta(minutes=9)],
                          "left": [pd.NaT, at + pd.Timedelta(minutes=1), pd.NaT],
                          "outcome": ["served", "abandoned", "served"],
                          "counter": ["C2", "", "C9"]})
    hall = _lines_hall()
    raw = state_at(table, at, hall)
    assert [w.get("line") for w in raw["waiting"]] == ["C2", None, None]
    assert without_line(load_state(raw, hall), hall) == 2
    single = _lines_hall("single_line")
    assert all("line" not in w for w in state_at(table, at, single)["waiting"])


def test_the_canteen_example_starts_in_its_lines_during_a_burst():
    """The shipped example: 19 in the lines they stand in, two minutes into a burst; every
    option on the same students (N1 'moved' to the noodles it serves changes nothing, to the
    last bit), and opening the second noodle window loses fewer of them."""
    from queuesim import load_scenario
    from queuesim.now.decide import decide
    from queuesim.now.options import parse_option

    hall = load_scenario("scenarios/canteen_lunch.yaml")
    state = load_state("scenarios/states/canteen_lunch_1152.yaml", hall)
    assert len(state.waiting) == 19 and all(w.line for w in state.waiting)
    ids = [c.id for c in hall.counters]
    options = [parse_option(t, ids, hall.class_names) for t in ("open N2 now",
                                                                "move N1 to noodles")]
    decision = decide(hall, state, options, horizon=60, replications=8, workers=1)
    assert decision.difference(1, "walkouts")["ci95"][1] < 0
    assert np.array_equal(decision.values[0], decision.values[2], equal_nan=True)
