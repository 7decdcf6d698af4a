"""A fast exact evaluator for one first-come, first-served line of identical counters.

For the hall the staffing optimiser evaluates thousands of times — one single line, counters that
all serve every class at the same speed, classes of equal priority — the SimPy model's decisions
reduce to the earliest-free-counter recursion of Kiefer and Wolfowitz (1955): take customers in
arrival order; each starts at the earliest instant a counter is open and free, unless their
patience runs out first. With counter hours this stays exact because a customer never changes
the past of those ahead of them. The recursion is compiled with numba and gives the *same*
per-customer outcomes as :func:`queuesim.model.run_replication` on the same customers — the same
starts, ends, counters and outcomes (``tests/test_fastline.py`` checks this on random halls) — at
a small fraction of the cost.

The SimPy rules it reproduces: an arrival who finds several counters idle goes to the one idle
longest (ties: the lower counter index); a waiting customer is taken by the first counter to be
free and open; a counter finishes its customer after its hours end; balking compares the number
waiting with the class's threshold; ``after_close: serve`` keeps the counters open at closing
time until the line is empty, ``leave`` sends the waiting home at closing time; a steady-state
run stops at the horizon. Times in minutes.

Halls with priority classes, counters that serve only some classes or prefer some, or counters
of different speeds break arrival order; :func:`evaluate_outcomes` hands them to the compiled
replay of the SimPy model's events in :mod:`queuesim.fastline_priority`, exact as well.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numba
import numpy as np

from . import fastline_priority
from .log import BALKED, RENEGED, SERVED, UNSERVED, RunLog

INFINITY = math.inf


def applies(scenario) -> str | None:
    """None when the fast evaluator is exact for ``scenario``, else why it is not."""
    if scenario.queue.structure != "single_line":
        return f"the queue is {scenario.queue.structure}, not single_line"
    if scenario.appointments:
        return "booked customers join at their slot, not in arrival order"
    if scenario.announcement or scenario.service_while_waiting:
        return "the hall announces waits or serves customers while they wait"
    return None


def first_come_first_served(scenario) -> str | None:
    """None when customers start in arrival order on identical counters, so the recursion
    applies; else why the event replay (:mod:`queuesim.fastline_priority`) is needed."""
    if any(counter.speed_on for counter in scenario.counters):
        return "counters work at different speeds on different classes"
    if len({c.priority for c in scenario.customers.values()}) > 1:
        return "customer classes have different priorities"
    if len({c.speed for c in scenario.counters}) > 1:
        return "counters work at different speeds"
    names = scenario.class_names
    for counter in scenario.counters:
        ranks = counter.preference(names)
        if set(ranks) != set(names) or len(set(ranks.values())) > 1:
            return f"counter {counter.id} does not serve every class alike"
    return None


@dataclass(frozen=True)
class Outcomes:
    """Per-customer results of the recursion (arrays in arrival order; times in minutes)."""

    service_start: np.ndarray
    service_end: np.ndarray
    counter: np.ndarray
    outcome: np.ndarray
    exit: np.ndarray


def evaluate_outcomes(scenario, draws) -> Outcomes:
    """Outcomes of ``draws`` (see :mod:`queuesim.model.draws`) in ``scenario``: what the
    optimiser needs, without the timeline. Raises ValueError when :func:`applies` says the
    evaluator is not exact for this hall."""
    _refuse_unless_exact(scenario)
    if first_come_first_served(scenario) is not None:
        return Outcomes(*fastline_priority.replay(scenario, draws)[:5])
    return Outcomes(*_recursion(*recursion_inputs(scenario, draws)))


def recursion_inputs(scenario, draws) -> tuple:
    """The compiled recursion's arguments for ``draws`` in a first-come, first-served hall:
    arrivals, classes, service times (minutes), patiences, balking limit per class, the
    counters' hours, the cut-off instant and whether the waiting leave at closing."""
    starts, ends, counts = _hours(scenario)
    clock = scenario.clock
    leave = not clock.steady and clock.after_close == "leave"
    cutoff = clock.horizon if clock.steady else (clock.end if leave else INFINITY)
    balk_at = np.array([_limit(c, scenario) for c in scenario.customers.values()], float)
    return (draws.arrival, draws.klass, draws.work / scenario.counters[0].speed,
            draws.patience, balk_at, starts, ends, counts, cutoff, leave)


def evaluate(scenario, draws) -> RunLog:
    """The full log the SimPy model would write for ``draws``: outcomes, counter shifts and
    timeline (see :func:`evaluate_outcomes`)."""
    log = RunLog(draws.arrival, draws.klass)
    if first_come_first_served(scenario) is None:
        found = evaluate_outcomes(scenario, draws)
        shifts = _shifts(*_hours(scenario), found.counter, found.service_start,
                         found.service_end, scenario.clock)
    else:
        _refuse_unless_exact(scenario)
        *columns, shifts = fastline_priority.replay(scenario, draws)
        found = Outcomes(*columns)
    log.service_start, log.service_end, log.counter, log.outcome, log.exit = (
        found.service_start, found.service_end, found.counter, found.outcome, found.exit)
    log.shifts = shifts
    _timeline(log, draws.arrival, found.outcome, found.service_start, found.service_end,
              found.exit, log.shifts, scenario.clock)
    return log


def _refuse_unless_exact(scenario) -> None:
    reason = applies(scenario)
    if reason:
        raise ValueError(f"the fast evaluator does not apply: {reason}")


def _limit(customer_class, scenario) -> float:
    balking = customer_class.balking or scenario.balking
    return INFINITY if balking.max_waiting is None else float(balking.max_waiting)


def _hours(scenario):
    """Open intervals per counter as padded arrays; in ``serve`` mode the intervals that reach
    closing time go on until the line is empty (end = infinity)."""
    clock = scenario.clock
    serve = not clock.steady and clock.after_close == "serve"
    hours = [scenario.counter_hours(c) for c in scenario.counters]
    width = max(len(h) for h in hours)
    starts = np.full((len(hours), width), INFINITY)
    ends = np.full((len(hours), width), INFINITY)
    for k, intervals in enumerate(hours):
        for m, (start, end) in enumerate(intervals):
            starts[k, m] = start
            ends[k, m] = INFINITY if serve and end >= clock.end else end
    return starts, ends, np.array([len(h) for h in hours])


@numba.njit(cache=True, inline="always")
def _available(starts, ends, k, count, time):
    """Earliest instant >= time at which counter ``k`` is open, and that interval's index.
    (Indexed in place: a row slice per call would cost more than the whole recursion.)"""
    for m in range(count):
        if time < ends[k, m]:
            return max(time, starts[k, m]), m
    return INFINITY, -1


@numba.njit(cache=True, inline="always")
def _closed(k, m, ends, last_end):
    """When counter ``k`` closed after interval ``m``: its end, or the end of the service in
    progress then — and an interval it worked right through leaves the earlier closing time."""
    closed = -INFINITY
    for j in range(m + 1):
        closed = max(closed, ends[k, j], last_end[k, j])
    return closed


@numba.njit(cache=True, inline="always")
def _scheduled_first(a, ma, b, mb, ends, last_end):
    """Whether counter ``a`` opening interval ``ma`` was scheduled before ``b`` opening ``mb``
    (both at the same instant). SimPy runs simultaneous events in the order they were
    scheduled: a reopening is scheduled when the counter closed (the end of its previous
    interval, or later if it was still serving), and counters that closed at the same instant
    closed in the order they had opened — so compare closing times, most recent first."""
    while ma > 0 and mb > 0:
        ma, mb = ma - 1, mb - 1
        closed_a, closed_b = _closed(a, ma, ends, last_end), _closed(b, mb, ends, last_end)
        if closed_a != closed_b:
            return closed_a < closed_b
    if ma != mb:  # a first interval is scheduled when the run starts, before any reopening
        return ma == 0
    return a < b


@numba.njit(cache=True, inline="always")
def _choose(arrival, free, starts, ends, counts, last_end):
    """The counter that takes a customer arriving at ``arrival``, when it starts, and in which
    of its intervals.

    Ties are broken as SimPy breaks them: among idle counters the one idle longest; among
    counters opening at the same instant the one whose opening was scheduled first.
    """
    best, best_time, best_since, best_m = -1, INFINITY, INFINITY, -1
    for k in range(len(counts)):
        time, m = _available(starts, ends, k, counts[k], max(arrival, free[k]))
        if m < 0:
            continue
        since = max(free[k], starts[k, m]) if time == arrival else time
        better = time < best_time or (time == best_time and since < best_since)
        if not better and time == best_time and since == best_since:
            opening = starts[k, m] >= free[k] and starts[best, best_m] >= free[best]
            better = opening and _scheduled_first(k, m, best, best_m, ends, last_end)
        if better:
            best, best_time, best_since, best_m = k, time, since, m
    return best, best_time, best_m


@numba.njit(cache=True)
def _recursion(arrival, klass, service, patience, balk_at, starts, ends, counts, cutoff, leave):
    """Outcomes in arrival order (see :func:`recursion_inputs` for the arguments). The helpers
    are inlined: calling them per counter and customer tripled the kernel's time."""
    n = len(arrival)
    start, end = np.full(n, np.nan), np.full(n, np.nan)
    desk, outcome = np.full(n, -1), np.zeros(n, np.int64)
    exit_ = np.full(n, np.nan)
    free = np.zeros(len(counts))
    last_end = np.full(starts.shape, -INFINITY)  # last service end per counter and interval
    waiting = [INFINITY]  # ends of waits still going, as a heap (the sentinel never leaves)
    balking = np.any(balk_at < INFINITY)  # the heap is needed only to count who is waiting
    for i in range(n):
        now = arrival[i]
        if balking:
            while waiting[0] <= now:
                heapq.heappop(waiting)
            if len(waiting) - 1 >= balk_at[klass[i]]:
                outcome[i], exit_[i] = BALKED, now
                continue
        k, begin, m = _choose(now, free, starts, ends, counts, last_end)
        give_up = now + patience[i]
        if begin <= give_up and begin < cutoff:
            start[i], desk[i], free[k] = begin, k, begin + service[i]
            last_end[k, m] = free[k]
            outcome[i], exit_[i], end[i] = SERVED, free[k], free[k]
            if not leave and free[k] > cutoff:  # still at the counter when a steady run ends
                outcome[i], exit_[i], end[i] = UNSERVED, np.nan, np.nan
            waited_until = begin
        elif give_up < cutoff:
            outcome[i], exit_[i] = RENEGED, give_up
            waited_until = give_up
        else:
            outcome[i] = UNSERVED
            exit_[i] = cutoff if leave else np.nan
            waited_until = cutoff
        if balking:
            heapq.heappush(waiting, waited_until)
    return start, end, desk, outcome, exit_


def _shifts(starts, ends, counts, desk, start, end, clock):
    """(counter, open, close) rows as the SimPy counters record them: a counter closes at the
    end of its interval or, if busy then, when its customer leaves (and opens its next
    interval no earlier); an interval without end closes when its last customer leaves, at
    closing time at the earliest."""
    rows = []
    for k, count in enumerate(counts):
        closed = -INFINITY
        for m in range(count):
            opened = max(starts[k, m], closed)  # worked through its break: opens when free
            if opened >= ends[k, m]:  # still serving when the interval ended: never opens
                continue
            mine = (desk == k) & (start >= opened) & (start < ends[k, m])
            closed = max(clock.end if ends[k, m] == INFINITY else ends[k, m],
                         float(np.nanmax(end[mine], initial=-INFINITY)))
            rows.append((k, opened, min(closed, clock.horizon) if clock.steady else closed))
    return rows


def _timeline(log, arrival, outcome, start, end, exit_, shifts, clock) -> None:
    """Number waiting, busy and open counters at every change, from the per-customer times."""
    joined, began = outcome != BALKED, ~np.isnan(start)
    shifts = np.array(shifts, float).reshape(-1, 3)
    changes = [  # (instants, change of waiting, busy, open); NaN instants never happen
        (arrival[joined], (1, 0, 0)),
        (np.where(began, start, exit_)[joined], (-1, 0, 0)),
        (start[began], (0, 1, 0)),
        (end[began], (0, -1, 0)),
        (shifts[:, 1], (0, 0, 1)),
        (shifts[:, 2], (0, 0, -1)),
    ]
    times = np.concatenate([t for t, _ in changes])
    deltas = np.concatenate([np.tile(d, (len(t), 1)) for t, d in changes])
    stop = clock.horizon if clock.steady else INFINITY
    keep = times < stop
    order = np.argsort(times[keep], kind="stable")
    times, levels = times[keep][order], np.cumsum(deltas[keep][order], axis=0)
    last = np.append(np.nonzero(np.diff(times))[0], len(times) - 1)  # last row of each instant
    times, levels = times[last], levels[last]
    if times[0] > 0:
        times, levels = np.append(0.0, times), np.vstack(([0, 0, 0], levels))
    log.set_timeline(times, levels[:, 0], levels[:, 1], levels[:, 2])
