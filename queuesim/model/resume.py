"""Starting a replication from a hall already at work, instead of from an empty one at opening.

A run from a given state has its model time 0 at the instant the hall was looked at. Those
inside at that instant are the first customers of the draws, with their real arrival times
(negative model minutes, so their waits count from when they joined): first those at a counter,
then those waiting, in the order they joined. :class:`ResumedHall` seats them at time 0 — each
customer in service at the counter named for them, which stays busy for the remaining service
time given; the waiting rejoin the queue in their order, without balking (they already joined),
with their remaining patience as drawn: in a hall with one line per counter, first those whose
line is known, each at their place in it, then the others (and those whose counter does not
open at time 0, closed by an option) by the hall's line choice, and then they may jockey as
usual — and the door lets in everyone after them as usual.
A counter serving at time 0 finishes its customer even if its hours have it closed by then (it
opens for an instant at time 0). A run without a start uses :class:`~.hall.Hall` unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simpy.events import Timeout

from .hall import SERVING, Hall

_INSTANT = 1e-9
"""Minutes a counter closed at time 0 is open, to take up the customer it is serving."""


@dataclass(frozen=True)
class Start:
    """Who is inside at model time 0: customers ``0 .. len(desk) - 1`` are at a counter,
    the next ``waiting`` wait. Times in model minutes."""

    desk: tuple[int, ...]
    """Counter index (in the scenario's list) serving each customer in service."""
    since: tuple[float, ...]
    """When each customer in service began (≤ 0)."""
    remaining: tuple[float, ...]
    """Minutes of service still to go at time 0, each."""
    waiting: int
    """How many wait, after those in service in the draws."""
    lines: tuple[int, ...] = ()
    """In a hall with one line per counter, the line (counter index) of each waiting customer;
    -1 (or none given): the hall's line choice places them."""
    timeline: bool = True
    """Keep the timeline (waiting, busy, open at every change). A decision reads only the
    customers and the counters' shifts and goes without it, a tenth of the run's time."""

    @property
    def inside(self) -> int:
        """Customers inside at time 0."""
        return len(self.desk) + self.waiting


def _no_timeline() -> None:
    """Recording the timeline, when a run goes without it."""


class ResumedHall(Hall):
    """A hall whose run starts with customers at counters and in the queue (module docstring)."""

    def __init__(self, env, scenario, draws, log, start: Start):
        super().__init__(env, scenario, draws, log)
        self.first_arrival = start.inside
        self.resuming = {desk: customer for customer, desk in enumerate(start.desk)}
        for index in self.resuming:
            desk = self.desks[index]
            if not desk.hours or desk.hours[0][0] > 0:
                desk.hours = [(0.0, _INSTANT), *desk.hours]
        self.remaining = dict(enumerate(start.remaining))
        self.since = start.since
        self.rejoining = range(len(start.desk), start.inside)
        self.lines = dict(zip(self.rejoining, start.lines, strict=False))
        if not start.timeline:
            self._record = _no_timeline
        for customer in self.rejoining:
            self.booked[customer] = True  # they joined before time 0: no balking now

    def start(self) -> None:
        """Counters open first (at time 0), then the waiting rejoin the queue."""
        super().start()
        Timeout(self.env, 0.0).callbacks.append(self._seat)

    def _seat(self, event) -> None:
        """Those whose line is known and open take their places, then the others join (a
        counter still serving but closing keeps its line until it closes; then it moves)."""
        placed = {c for c in self.rejoining if self.lines.get(c, -1) >= 0
                  and self.desks[self.lines[c]].is_open}
        for customer in sorted(placed):
            self._place(customer, self.lines[customer])
        for customer in self.rejoining:
            if customer not in placed:
                self.join(customer)
            self.log.ready[customer] = self.ready[customer]  # waits count from their joining
        self.structure.rebalance()
        self._record()

    def _place(self, customer: int, line: int) -> None:
        """Put a waiting customer in the line they stand in (a hall with one line per counter),
        behind those who joined before them there."""
        self.log.line[customer] = line
        self.structure.add(customer, line)
        if self.patience[customer] < math.inf:
            Timeout(self.env, self.patience[customer], customer).callbacks.append(self._renege)
        self.hand_over_if_idle(customer, line)

    def next_for(self, desk):
        """A counter serving at time 0 takes up its customer first."""
        customer = self.resuming.pop(desk.index, None)
        return super().next_for(desk) if customer is None else customer

    def begin(self, desk, customer: int) -> float:
        remaining = self.remaining.pop(customer, None)
        if remaining is None:
            return super().begin(desk, customer)
        desk.busy = True
        self.busy += 1
        self.state[customer] = SERVING
        self.log.service_start[customer] = self.since[customer]
        self.log.counter[customer] = desk.index
        self._record()
        return remaining
