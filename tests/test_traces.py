"""Hand-computed traces: tiny halls whose every number is worked out on paper.

Each test gives the model exact customers (arrival times, work, patience, absence draws) and
checks the per-customer log against the trace derived by hand in the comment above it.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers import customers, scenario, trace

DETERMINISTIC = {"dist": "deterministic", "mean": 1}


def rows(frames, *columns):
    return frames["customers"][list(columns)].to_dict("records")


def test_d_d_1_waits_grow_by_the_service_surplus():
    # Arrivals every 2 min, service 3 min: customer k waits k minutes, starts at 3k.
    hall = scenario()
    frames = trace(hall, customers(arrival=[0, 2, 4, 6], work=[3, 3, 3, 3]))
    table = frames["customers"]
    assert table["wait"].tolist() == [0, 1, 2, 3]
    assert table["service_start"].tolist() == [0, 3, 6, 9]
    assert table["service_end"].tolist() == [3, 6, 9, 12]
    assert (table["outcome"] == "served").all()
    counters = frames["counters"].iloc[0]
    assert counters["busy_time"] == 12 and counters["open_time"] == 60
    # c1 waits [2, 3], c2 [4, 6], c3 [6, 9]: the timeline's waiting area is 1 + 2 + 3 = 6
    timeline = frames["timeline"]
    area = np.sum(timeline["waiting"].to_numpy()[:-1] * np.diff(timeline["time"].to_numpy()))
    assert area == pytest.approx(6)


def test_speed_divides_the_work():
    hall = scenario(counters=[{"id": "A", "speed": 2.0}])
    frames = trace(hall, customers(arrival=[0, 1], work=[3, 3]))
    assert frames["customers"]["service_end"].tolist() == [1.5, 3.0]


def test_patience_ends_the_wait_and_balking_counts_the_line():
    # One counter busy 0–10. c1 (patience 2) reneges at 3; c2 and c3 wait; with max_waiting 2,
    # c4 at 4 sees c2 and c3 waiting and balks; c5 at 11 sees only c3 (c2 is at the counter).
    hall = scenario(balking={"max_waiting": 2})
    draws = customers(arrival=[0, 1, 2, 3, 4, 11], work=[10, 1, 1, 1, 1, 1],
                      patience=[np.inf, 2, np.inf, np.inf, np.inf, np.inf])
    table = trace(hall, draws)["customers"]
    assert table["outcome"].tolist() == ["served", "reneged", "served", "served", "balked",
                                         "served"]
    assert table.loc[1, "exit"] == 3 and table.loc[1, "wait"] == 2
    assert table.loc[4, "exit"] == 4 and table.loc[4, "wait"] == 0
    assert table["service_start"].tolist()[2:4] == [10, 11]
    assert table.loc[5, "service_start"] == 12


def test_ticket_recall_rules_by_hand():
    # One counter, call_time 1, recall after 2 other numbers, at most 1 recall, service 10.
    # Numbers 1..5 arrive at 0, 0.1, 0.2, 0.3, 0.4; number 5 has patience 5 and leaves at 5.4
    # (its number stays). Absence draws: 0 = misses the call, 0.9 = answers.
    #  t=0   call #1, answers, served 0–10
    #  t=10  call #2, absent (10–11); recall due after 2 other numbers
    #  t=11  call #3 (1 other), answers, served 11–21
    #  t=21  call #4 (2 others: #2 now due), absent (21–22); #4 recall queued
    #  t=22  recall #2 (due first), answers, served 22–32, wait 21.9
    #  t=32  #4 not due yet (1 other); call #5: left at 5.4, absent (32–33)
    #  t=33  recall #4 (due), absent again: dropped, no-show at 34
    #  t=34  nothing new: recall #5 early, absent (34–35), dropped; stays 'reneged'
    rules = {"absent_probability": 0.5, "call_time": 1, "recall_after": 2, "max_recalls": 1}
    hall = scenario(queue={"structure": "ticket", "ticket": rules})
    absent, present = [0.0, 0.0], [0.9, 0.9]
    draws = customers(arrival=[0, 0.1, 0.2, 0.3, 0.4], work=[10] * 5,
                      patience=[np.inf] * 4 + [5],
                      absence=[present, [0.0, 0.9], present, absent, absent])
    frames = trace(hall, draws)
    never = -1.0
    assert rows(frames, "ticket", "outcome", "recalls") == [
        {"ticket": 1, "outcome": "served", "recalls": 0},
        {"ticket": 2, "outcome": "served", "recalls": 1},
        {"ticket": 3, "outcome": "served", "recalls": 0},
        {"ticket": 4, "outcome": "no_show", "recalls": 1},
        {"ticket": 5, "outcome": "reneged", "recalls": 1},
    ]
    table = frames["customers"].fillna(never)
    assert table["service_start"].tolist() == [0, 22, 11, never, never]
    assert table["exit"].tolist() == [10, 32, 21, 34, 5.4]
    assert table["first_call"].tolist() == [never, 10, never, 21, 32]  # unanswered first calls
    assert frames["counters"].loc[0, "absent_time"] == 5
    timeline = frames["timeline"].set_index("time")
    # After #5 left at 5.4: #2, #3, #4 wait (3 people) though the display shows 4 numbers.
    assert timeline.loc[5.4, "waiting"] == 3


def test_ticket_balking_counts_numbers_of_those_who_left():
    # Counter busy 0–10; #2 leaves at 1.5 but its number stays on the display; with
    # max_waiting 2, the customer at 3 sees numbers #2 and #3 and balks.
    hall = scenario(queue={"structure": "ticket"}, balking={"max_waiting": 2})
    draws = customers(arrival=[0, 1, 2, 3], work=[10, 1, 1, 1],
                      patience=[np.inf, 0.5, np.inf, np.inf])
    table = trace(hall, draws)["customers"]
    assert table["outcome"].tolist() == ["served", "reneged", "served", "balked"]


def two_counters(**queue):
    return scenario(
        counters=[{"id": "A"}, {"id": "B", "hours": ["09:05-10:00"]}],
        queue={"structure": "multi_line", **queue},
    )


def test_jockeying_to_a_counter_that_opens():
    # Only A is open: four customers line up at A (c0 served 0–10). B opens at 5. With
    # min_difference 3 a customer moves when B's line is 3 shorter than their own line up to
    # themselves (2 fewer ahead): c3 has 3 ahead (2 waiting + 1 at the counter), B has 0: moves,
    # served at 5. Then c2 has 2 ahead and B has 1 (busy): 1 fewer, stays; at 10 A takes c1;
    # at 15 B is free, c2 has 1 ahead (c1 at A): 1 fewer, stays, and starts at A at 20.
    hall = two_counters(jockeying={"min_difference": 3})
    frames = trace(hall, customers(arrival=[0, 0.1, 0.2, 0.3], work=[10] * 4))
    assert rows(frames, "line", "counter", "jockeys", "service_start") == [
        {"line": "A", "counter": "A", "jockeys": 0, "service_start": 0},
        {"line": "A", "counter": "A", "jockeys": 0, "service_start": 10},
        {"line": "A", "counter": "A", "jockeys": 0, "service_start": 20},
        {"line": "A", "counter": "B", "jockeys": 1, "service_start": 5},
    ]


@pytest.mark.parametrize("difference", [1, 2])
def test_jockeying_with_a_smaller_difference_moves_two(difference):
    # min_difference 2 ("a line at least 2 shorter"): one fewer ahead is enough, and 1 behaves
    # the same (a move must gain a place). After c3 moves, c2 has 2 ahead at A and would have
    # 1 at B: moves too, behind c3.
    hall = two_counters(jockeying={"min_difference": difference})
    table = trace(hall, customers(arrival=[0, 0.1, 0.2, 0.3], work=[10] * 4))["customers"]
    assert table["jockeys"].tolist() == [0, 0, 1, 1]
    assert table["service_start"].tolist() == [0, 10, 15, 5]


def test_front_customer_walks_to_an_idle_counter():
    # A serves c0 (0–10), c1 waits at A. B opens at 5 and is idle: c1's line (c0 and c1) is 2
    # longer than B's, so with min_difference 2 c1 walks over and starts at 5.
    hall = two_counters(jockeying={"min_difference": 2})
    table = trace(hall, customers(arrival=[0, 0.1], work=[10, 10]))["customers"]
    assert table["counter"].tolist() == ["A", "B"] and table["service_start"].tolist() == [0, 5]


def test_a_physical_line_ignores_the_counters_class_preference():
    # Multiple lines: A prefers class b, but its line is first come, first served.
    classes = {"a": {"share": 0.5, "service_time": DETERMINISTIC},
               "b": {"share": 0.5, "service_time": DETERMINISTIC}}
    hall = scenario(customers=classes, counters=[{"id": "A", "serves": ["b", "a"]}],
                    queue={"structure": "multi_line"})
    draws = customers(arrival=[0, 1, 2], work=[10, 1, 1], klass=[0, 0, 1])
    assert trace(hall, draws)["customers"]["service_start"].tolist() == [0, 10, 11]


def test_no_jockeying_keeps_the_line():
    hall = two_counters()
    table = trace(hall, customers(arrival=[0, 0.1, 0.2, 0.3], work=[10] * 4))["customers"]
    assert table["counter"].tolist() == ["A"] * 4
    assert table["service_start"].tolist() == [0, 10, 20, 30]


def test_closing_counter_finishes_its_customer_and_its_line_moves():
    # A closes at 09:05 while serving c0 (0–10): it finishes c0; c2, waiting at A, moves to B.
    # B is busy with c1 (0.1–10.1), so c2 starts at B at 10.1; A opens no more.
    hall = scenario(counters=[{"id": "A", "hours": ["09:00-09:05"]}, {"id": "B"}],
                    queue={"structure": "multi_line"})
    frames = trace(hall, customers(arrival=[0, 0.1, 0.2], work=[10] * 3, choice=[0, 0, 0]))
    assert rows(frames, "line", "counter", "transfers", "service_start") == [
        {"line": "A", "counter": "A", "transfers": 0, "service_start": 0},
        {"line": "B", "counter": "B", "transfers": 0, "service_start": 0.1},
        {"line": "A", "counter": "B", "transfers": 1, "service_start": pytest.approx(10.1)},
    ]
    shifts = frames["counters"].set_index("counter")["open_time"]
    assert shifts["A"] == 10  # open 0–5, and kept open to finish c0 at 10


def test_lunch_break_counter_starts_nobody_during_its_break():
    hall = scenario(clock={"open": "09:00", "close": "11:00"},
                    counters=[{"id": "A", "hours": ["09:00-09:30", "10:00-11:00"]}])
    table = trace(hall, customers(arrival=[29, 31, 32], work=[5, 5, 5]))["customers"]
    assert table["service_start"].tolist() == [29, 60, 65]


def test_single_line_priority_then_preference_then_arrival():
    # Busy 0–10 with c0. Waiting at 10: c1 (low, class a), c2 (low, class b), c3 (vip).
    # The counter prefers b over a: order vip (priority), then b (preference), then a.
    classes = {
        "a": {"share": 0.4, "service_time": DETERMINISTIC},
        "b": {"share": 0.4, "service_time": DETERMINISTIC},
        "vip": {"share": 0.2, "priority": 1, "service_time": DETERMINISTIC},
    }
    hall = scenario(customers=classes, counters=[{"id": "A", "serves": ["b", "a", "vip"]}])
    draws = customers(arrival=[0, 1, 2, 3], work=[10, 1, 1, 1], klass=[0, 0, 1, 2])
    table = trace(hall, draws)["customers"]
    assert table["service_start"].tolist() == [0, 12, 11, 10]
    # A nested group serves a and b first come, first served.
    hall = scenario(customers=classes, counters=[{"id": "A", "serves": [["a", "b"], "vip"]}])
    table = trace(hall, draws)["customers"]
    assert table["service_start"].tolist() == [0, 11, 12, 10]


@pytest.mark.parametrize("structure", ["multi_line", "single_line"])
def test_vip_window_calls_a_vip_before_the_personal_customers_in_its_line(structure):
    # Teller T serves personal customers; window V serves VIPs first, then personal ones.
    # c0 (personal, 0-10) goes to T; c1 (personal, 1) to V, the shorter line, served 1-11;
    # c2 (2) ties at one ahead each and takes T's line; c3 (3) takes V's line, now the shorter;
    # c4, a VIP, comes at 4, after c3, and is called first when V frees at 11 (work 2: 11-13);
    # c3 only then, at 13; T takes c2 at 10. One line gives the same calls.
    classes = {"personal": {"share": 0.8, "service_time": DETERMINISTIC},
               "vip": {"share": 0.2, "priority": 1, "service_time": DETERMINISTIC}}
    hall = scenario(customers=classes, queue={"structure": structure},
                    counters=[{"id": "T", "serves": ["personal"]},
                              {"id": "V", "serves": ["vip", "personal"]}])
    draws = customers(arrival=[0, 1, 2, 3, 4], work=[10, 10, 10, 1, 2], klass=[0, 0, 0, 0, 1])
    assert rows(trace(hall, draws), "counter", "service_start") == [
        {"counter": "T", "service_start": 0}, {"counter": "V", "service_start": 1},
        {"counter": "T", "service_start": 10}, {"counter": "V", "service_start": 13},
        {"counter": "V", "service_start": 11}]


def test_after_close_leave_sends_the_waiting_away_and_finishes_the_counter():
    hall = scenario(clock={"open": "09:00", "close": "09:10", "after_close": "leave"})
    table = trace(hall, customers(arrival=[0, 1, 2], work=[8, 8, 8]))["customers"]
    assert table["outcome"].tolist() == ["served", "served", "unserved"]
    assert table.loc[1, "service_end"] == 16  # started before close, finished after
    assert table.loc[2, "exit"] == 10 and table.loc[2, "wait"] == 8


def test_after_close_serve_records_overtime():
    hall = scenario(clock={"open": "09:00", "close": "09:10", "after_close": "serve"})
    frames = trace(hall, customers(arrival=[0, 1, 2], work=[8, 8, 8]))
    assert frames["customers"]["service_end"].tolist() == [8, 16, 24]
    assert frames["counters"].loc[0, "open_time"] == 24


def test_counter_goes_home_when_the_line_is_empty_after_closing():
    # Closing at 09:10: c0 is served 0–12, c1 gives up at 6, c2 is served 12–13. c2's patience
    # timer (at 42) is the last event of the run, but the counter closes at 13, when its last
    # customer leaves.
    hall = scenario(clock={"open": "09:00", "close": "09:10", "after_close": "serve"})
    draws = customers(arrival=[0, 1, 2], work=[12, 1, 1], patience=[np.inf, 5, 40])
    frames = trace(hall, draws)
    assert frames["customers"]["outcome"].tolist() == ["served", "reneged", "served"]
    assert frames["customers"]["service_end"].tolist()[2] == 13
    assert frames["counters"].loc[0, "open_time"] == 13


def test_counter_busy_through_a_whole_interval_skips_it():
    # Hours 09:00-09:10, 09:15-09:20, 09:30-10:00; c0 is served 0–22, right through the second
    # interval, which therefore never opens; c1 (arrived at 1) waits for the third, at 30.
    hall = scenario(counters=[{"id": "A", "hours": ["09:00-09:10", "09:15-09:20",
                                                    "09:30-10:00"]}])
    frames = trace(hall, customers(arrival=[0, 1], work=[22, 5]))
    assert frames["customers"]["service_start"].tolist() == [0, 30]
    assert frames["counters"].loc[0, "open_time"] == 22 + 30
