"""The fast evaluator for one line with priority classes and class-restricted counters.

When counters serve only some classes, prefer some, work at different speeds, or classes have
priorities, customers no longer start in arrival order and the Kiefer–Wolfowitz recursion of
:mod:`queuesim.fastline` does not hold. This module replays the SimPy model's own events instead,
compiled with numba: the same event list ordered as SimPy orders it — by time, then priority
(process starts before everything else), then the order in which events were scheduled — and the
same decisions at each event (``model/hall.py``, ``model/desk.py``, ``SingleLine`` in
``model/lines.py``): a free counter takes the highest-priority waiting customer it serves, then its
most preferred class, then the earliest arrival; an arrival wakes the counter idle longest among
those that serve its class; a woken counter takes its customer when its wake-up event runs. Every
instant is computed with the very floating-point operations SimPy performs (``now + delay``), so
simultaneous events tie exactly as they tie there. Times in minutes.
"""

from __future__ import annotations

import math
from collections import namedtuple

import numba
import numpy as np

from .log import BALKED, RENEGED, SERVED, UNSERVED, WAITING

INFINITY = math.inf
URGENT, NORMAL = 0, 1
"""SimPy's event priorities: process starts (URGENT) run before other events at that instant."""
DOOR, JOIN, RENEGE, SHIFT_END, CLOSING, DESK_START, DESK_OPEN, DESK_WOKEN, DESK_SERVED = range(9)
"""Event kinds: the door lets customer ``arg`` in; a customer joins late (ready after arrival);
a patience runs out; a counter's interval ends; closing time; counter ``arg`` resumes its
process at its start, at an opening, when woken, or when its service ends."""
GOING, SERVING, GONE = 0, 1, 2
"""A customer's state in the hall (waiting or not yet arrived, at a counter, left)."""
# Columns of the per-counter state.
INTERVAL, CLOSING_FLAG, OPEN, CUSTOMER, IDLE = range(5)


def replay(scenario, draws):
    """Start, end, counter, outcome and exit per customer of ``draws`` in ``scenario`` (a
    single line without appointments, announcements or service while waiting), and the
    counters' shifts as (counter, open, close) rows in the order the SimPy model records them."""
    hall = _hall(scenario)
    *found, shifts = _run(draws.arrival, draws.ready, np.asarray(draws.klass, np.int64),
                          draws.work, draws.patience, *hall)
    return (*found, [(int(k), a, b) for k, a, b in shifts])


_last: list = [None, None]
"""The last scenario and its arrays: the optimiser replays one hall on many days in a row."""


def _hall(scenario) -> tuple:
    """The kernel's view of the hall (see :func:`_run`), computed once per scenario."""
    if _last[0] is not scenario:
        _last[:] = scenario, (*_classes(scenario), *_counters(scenario), *_clock(scenario.clock))
    return _last[1]


def _classes(scenario):
    """Balking limit per class; speed (work per minute) and calling group per counter and
    class (-1: not served; groups by priority, highest first, then preference rank); the number
    of groups per counter."""
    names = scenario.class_names
    classes = list(scenario.customers.values())
    balking = [c.balking or scenario.balking for c in classes]
    balk_at = np.array([INFINITY if b.max_waiting is None else b.max_waiting for b in balking],
                       float)
    speed = np.array([[c.speed * c.speed_on.get(name, 1.0) for name in names]
                      for c in scenario.counters])
    group_of = np.full((len(scenario.counters), len(names)), -1)
    for k, counter in enumerate(scenario.counters):
        ranks = counter.preference(names)
        keys = sorted({(-c.priority, ranks[name])
                       for c, name in zip(classes, names, strict=True) if name in ranks})
        for j, name in enumerate(names):
            if name in ranks:
                group_of[k, j] = keys.index((-classes[j].priority, ranks[name]))
    return balk_at, speed, group_of, group_of.max(axis=1) + 1


def _counters(scenario):
    """Opening intervals per counter as padded arrays (start, end in minutes; the raw ends)."""
    hours = [scenario.counter_hours(c) for c in scenario.counters]
    width = max(len(h) for h in hours)
    starts, ends = np.full((len(hours), width), INFINITY), np.full((len(hours), width), INFINITY)
    for k, intervals in enumerate(hours):
        starts[k, :len(intervals)] = [start for start, _ in intervals]
        ends[k, :len(intervals)] = [end for _, end in intervals]
    return starts, ends, np.array([len(h) for h in hours])


def _clock(clock):
    """Closing time, horizon, whether the waiting leave at closing, whether counters stay
    open after closing until the line is empty, and whether the run is steady-state."""
    leave = not clock.steady and clock.after_close == "leave"
    return (float(clock.end), clock.horizon if clock.steady else INFINITY, leave,
            not clock.steady and not leave, clock.steady)


@numba.njit(cache=True)
def _run(arrival, ready, klass, work, patience, balk_at, speed, group_of, n_groups,
         starts, ends, counts, close_time, horizon, leave, stays, steady):
    n, desks = len(arrival), len(counts)
    c = _customers(arrival, ready, klass, work, patience, balk_at)
    d = np.zeros((desks, 5), np.int64)
    capacity = 2 * n + 4 * desks + 8  # pending: a door, a join and a patience per customer,
    heap = _Events(np.empty(capacity), np.empty(capacity, np.int64),  # two per counter
                   np.empty(capacity, np.int64), np.zeros(1, np.int64))
    g = np.zeros(4, np.int64)  # waiting, after closing, next event id, idle desks
    _schedule(heap, g, 0.0, URGENT, DOOR, -1)  # the door's process starts first
    for k in range(desks):
        _schedule(heap, g, 0.0, URGENT, DESK_START, k)
    if not steady:
        _schedule(heap, g, 0.0 + close_time, NORMAL, CLOSING, 0)
    door = np.zeros(1)
    idle_list = np.zeros(desks, np.int64)
    opened = np.zeros(desks)
    shifts = [(np.int64(0), 0.0, 0.0)]
    shifts.pop()
    now = 0.0
    while heap.size[0] and heap.time[0] < horizon:  # a steady run stops at the horizon
        now, kind, arg = _pop(heap)
        if kind == DOOR:
            _door(heap, g, now, arg, door, c, d, idle_list, group_of, n)
        elif kind == JOIN:
            _join(heap, g, now, arg, c, d, idle_list, group_of)
        elif kind == RENEGE:
            if c.state[arg] == GOING:
                c.state[arg], c.outcome[arg], c.exit[arg] = GONE, RENEGED, now
                g[0] -= 1
        elif kind == SHIFT_END:
            d[arg, CLOSING_FLAG] = 1
            if d[arg, IDLE]:
                _wake(heap, g, now, arg, d, idle_list)
        elif kind == CLOSING:
            _closing(heap, g, now, leave, c, d, idle_list)
        else:
            _desk(heap, g, now, arg, kind, c, d, idle_list, opened, shifts, speed, group_of,
                  n_groups, starts, ends, counts, close_time, stays, steady)
    now = now if horizon == INFINITY else horizon
    for k in range(desks):
        if d[k, OPEN]:
            shifts.append((np.int64(k), opened[k], now))
    for i in range(n):
        if c.outcome[i] == WAITING:
            c.outcome[i] = UNSERVED
    return c.start, c.end, c.desk, c.outcome, c.exit, shifts


_Customers = namedtuple("_Customers", [
    "arrival", "ready", "klass", "work", "patience", "balk_at", "start", "end", "desk",
    "outcome", "exit", "state", "members", "place", "head", "tail"])
"""The customers' draws, their log, and the line: per class a FIFO of customer numbers
(``members[head:tail]`` of that class's block; those who left are skipped lazily)."""


@numba.njit(cache=True)
def _customers(arrival, ready, klass, work, patience, balk_at):
    n = len(arrival)
    members = np.argsort(klass, kind="mergesort")
    place = np.empty(n, np.int64)
    place[members] = np.arange(n)
    sizes = np.bincount(klass, minlength=len(balk_at))
    head = np.zeros(len(balk_at), np.int64)
    head[1:] = np.cumsum(sizes)[:-1]
    return _Customers(arrival, ready, klass, work, patience, balk_at, np.full(n, np.nan),
                      np.full(n, np.nan), np.full(n, -1), np.zeros(n, np.int64),
                      np.full(n, np.nan), np.zeros(n, np.int64), members, place, head,
                      head.copy())


_Events = namedtuple("_Events", ["time", "order", "payload", "size"])
"""SimPy's event list as a binary heap on (time, order): ``order`` is the priority, then the
number of the event in the order of scheduling; ``payload`` packs the kind and its argument."""


@numba.njit(cache=True, inline="always")
def _schedule(heap, g, time, priority, kind, arg):
    """Push an event at ``time`` (minutes), numbered after every event scheduled before."""
    order, payload = priority * (1 << 52) + g[2], (arg + 1) * 16 + kind
    g[2] += 1
    j = heap.size[0]
    heap.size[0] += 1
    while j > 0:
        parent = (j - 1) // 2
        if heap.time[parent] < time or (heap.time[parent] == time and heap.order[parent] < order):
            break
        heap.time[j], heap.order[j], heap.payload[j] = (
            heap.time[parent], heap.order[parent], heap.payload[parent])
        j = parent
    heap.time[j], heap.order[j], heap.payload[j] = time, order, payload


@numba.njit(cache=True, inline="always")
def _pop(heap):
    """Remove the first event; its time, kind and argument."""
    time, payload = heap.time[0], heap.payload[0]
    size = heap.size[0] - 1
    heap.size[0] = size
    last_time, last_order, last_payload = heap.time[size], heap.order[size], heap.payload[size]
    j = 0
    while True:
        child = 2 * j + 1
        if child >= size:
            break
        if child + 1 < size and (heap.time[child + 1] < heap.time[child] or (
                heap.time[child + 1] == heap.time[child]
                and heap.order[child + 1] < heap.order[child])):
            child += 1
        if last_time < heap.time[child] or (last_time == heap.time[child]
                                            and last_order < heap.order[child]):
            break
        heap.time[j], heap.order[j], heap.payload[j] = (
            heap.time[child], heap.order[child], heap.payload[child])
        j = child
    heap.time[j], heap.order[j], heap.payload[j] = last_time, last_order, last_payload
    return time, payload % 16, payload // 16 - 1


@numba.njit(cache=True, inline="always")
def _door(heap, g, now, customer, door, c, d, idle_list, group_of, n):
    """The door's process: customer ``customer`` walks in (-1: the door opens), then it waits
    for the next arrival — a delay from the previous arrival's draw, as SimPy's door computes."""
    if customer >= 0:
        if c.ready[customer] > now:
            _schedule(heap, g, now + (c.ready[customer] - now), NORMAL, JOIN, customer)
        else:
            _join(heap, g, now, customer, c, d, idle_list, group_of)
    following = customer + 1
    if following < n:
        _schedule(heap, g, now + (c.arrival[following] - door[0]), NORMAL, DOOR, following)
        door[0] = c.arrival[following]


@numba.njit(cache=True, inline="always")
def _join(heap, g, now, customer, c, d, idle_list, group_of):
    """Balk on the number waiting, or join the line, start the patience timer and wake the
    counter idle longest among those that serve the class."""
    klass = c.klass[customer]
    c.tail[klass] = max(c.tail[klass], c.place[customer] + 1)
    if g[0] >= c.balk_at[klass]:
        c.state[customer], c.outcome[customer], c.exit[customer] = GONE, BALKED, now
        return
    g[0] += 1
    if c.patience[customer] < INFINITY:
        _schedule(heap, g, now + c.patience[customer], NORMAL, RENEGE, customer)
    for j in range(g[3]):
        if group_of[idle_list[j], klass] >= 0:
            _wake(heap, g, now, idle_list[j], d, idle_list)
            return


@numba.njit(cache=True, inline="always")
def _wake(heap, g, now, k, d, idle_list):
    """Counter ``k`` leaves the idle list; its process resumes when the wake-up event runs."""
    j = 0
    while idle_list[j] != k:
        j += 1
    for i in range(j, g[3] - 1):
        idle_list[i] = idle_list[i + 1]
    g[3] -= 1
    d[k, IDLE] = 0
    _schedule(heap, g, now, NORMAL, DESK_WOKEN, k)


@numba.njit(cache=True, inline="always")
def _closing(heap, g, now, leave, c, d, idle_list):
    """Closing time: with ``leave`` the waiting go home; every idle counter is woken."""
    g[1] = 1
    if leave:
        for klass in range(len(c.head)):
            for j in range(c.head[klass], c.tail[klass]):
                customer = c.members[j]
                if c.state[customer] == GOING and c.outcome[customer] == WAITING:
                    c.state[customer], c.outcome[customer], c.exit[customer] = GONE, UNSERVED, now
                    g[0] -= 1
    while g[3] > 0:
        _wake(heap, g, now, idle_list[0], d, idle_list)


@numba.njit(cache=True, inline="always")
def _take(k, c, group_of, n_groups):
    """The next customer for counter ``k`` (see ``SingleLine.take``), or -1."""
    for group in range(n_groups[k]):
        best, best_customer = -1, -1
        for klass in range(group_of.shape[1]):
            if group_of[k, klass] != group:
                continue
            while c.head[klass] < c.tail[klass] and c.state[c.members[c.head[klass]]] != GOING:
                c.head[klass] += 1
            if c.head[klass] < c.tail[klass]:
                customer = c.members[c.head[klass]]
                if best < 0 or customer < best_customer:
                    best, best_customer = klass, customer
        if best >= 0:
            c.head[best] += 1
            return best_customer
    return -1


@numba.njit(cache=True, inline="always")
def _desk(heap, g, now, k, kind, c, d, idle_list, opened, shifts, speed, group_of, n_groups,
          starts, ends, counts, close_time, stays, steady):
    """Run counter ``k``'s process (``model.desk.counter``) from where it stopped to its next
    wait: an opening, a wake-up, or the end of a service."""
    if kind == DESK_SERVED:
        customer = d[k, CUSTOMER]
        c.state[customer], c.outcome[customer] = GONE, SERVED
        c.end[customer] = c.exit[customer] = now
    phase = kind
    while True:
        if phase == DESK_START:  # the top of the loop over intervals
            m = d[k, INTERVAL]
            if m >= counts[k]:
                return
            if ends[k, m] <= now:
                d[k, INTERVAL] += 1
                continue
            if starts[k, m] > now:
                _schedule(heap, g, now + (starts[k, m] - now), NORMAL, DESK_OPEN, k)
                return
            phase = DESK_OPEN
        if phase == DESK_OPEN:
            m = d[k, INTERVAL]
            d[k, OPEN], d[k, CLOSING_FLAG], opened[k] = 1, 0, now
            last = ends[k, m] >= close_time
            if not (steady and last) and not (stays and last):
                _schedule(heap, g, now + (ends[k, m] - now), NORMAL, SHIFT_END, k)
        customer = -1 if d[k, CLOSING_FLAG] else _take(k, c, group_of, n_groups)
        if customer < 0 and not d[k, CLOSING_FLAG] and g[1]:
            d[k, CLOSING_FLAG] = 1
        if customer < 0 and d[k, CLOSING_FLAG]:  # the interval is over: close, go on
            d[k, OPEN] = 0
            shifts.append((np.int64(k), opened[k], now))
            d[k, INTERVAL] += 1
            phase = DESK_START
            continue
        if customer < 0:
            d[k, IDLE] = 1
            idle_list[g[3]] = k
            g[3] += 1
            return
        c.state[customer], c.start[customer], c.desk[customer] = SERVING, now, k
        g[0] -= 1
        d[k, CUSTOMER] = customer
        duration = c.work[customer] / speed[k, c.klass[customer]]
        _schedule(heap, g, now + duration, NORMAL, DESK_SERVED, k)
        return
