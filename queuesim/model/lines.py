"""Queue structures with physical lines: one single line, or one line per counter.

A structure holds the customers who wait and answers three questions for the hall: where does an
arrival go (``choose``), how many people does it see there (``seen``, for balking), and whom does
a free counter take next (``take``). Customers are integers (arrival order); the hall's
``state[c]`` says whether they still wait (0).

* :class:`SingleLine` — one serpentine line. A free counter takes the highest-priority customer
  it serves, then its most preferred class, then the earliest arrival (non-preemptive).
* :class:`MultiLine` — one line per counter, a physical line: first come, first served, except
  that a higher-priority customer is invited to the front. An arrival picks among the lines of
  the open counters that serve its class (the shortest, ties at random, or a random one), may
  later jockey to a clearly shorter line, and is moved when its counter closes.
"""

from __future__ import annotations

import bisect
import math
from collections import deque

WAITING = 0


class SingleLine:
    """One line for every counter; per class a FIFO, with lazy removal of those who left."""

    def __init__(self, hall):
        self.hall = hall
        self.queues = [deque() for _ in hall.class_names]
        self.waiting = 0
        self.by_class = [0] * len(hall.class_names)
        """Customers waiting, per class (for the announced wait)."""

    def choose(self, customer: int) -> int:
        return 0

    def seen(self, customer: int, target: int) -> int:
        return self.waiting

    def ahead(self, customer: int, target: int) -> tuple[int, int]:
        """Customers who will be served before a newcomer (those waiting with the same or a
        higher priority), and the open counters that serve the newcomer's class."""
        hall = self.hall
        klass = hall.klass[customer]
        rank = hall.priority[klass]
        ahead = sum(n for k, n in enumerate(self.by_class) if hall.priority[k] >= rank)
        return ahead, sum(d.is_open and d.serves(klass) for d in hall.desks)

    def idle_desk(self, customer: int, target: int):
        """The counter idle the longest that serves this customer's class, if any."""
        klass = self.hall.klass[customer]
        for desk in self.hall.idle_desks:
            if desk.rank[klass] is not None:
                return desk
        return None

    def add(self, customer: int, target: int) -> None:
        klass = self.hall.klass[customer]
        self.queues[klass].append(customer)
        self.waiting += 1
        self.by_class[klass] += 1

    def take(self, desk):
        """Remove and return the next customer for ``desk``, or None."""
        state = self.hall.state
        for group in desk.groups:
            best = None
            for klass in group:
                queue = self.queues[klass]
                while queue and state[queue[0]] != WAITING:
                    queue.popleft()
                if queue and (best is None or queue[0] < self.queues[best][0]):
                    best = klass
            if best is not None:
                self.waiting -= 1
                self.by_class[best] -= 1
                return self.queues[best].popleft()
        return None

    def remove(self, customer: int) -> None:
        """A customer left the line (the hall already changed their state)."""
        self.waiting -= 1
        self.by_class[self.hall.klass[customer]] -= 1

    def answers(self, customer: int) -> bool:
        """Whether a customer taken from the line comes to the counter: always, in a line."""
        return True

    def answered(self, customer: int) -> None:
        pass

    def desk_opened(self, desk) -> None:
        pass

    def desk_closed(self, desk) -> None:
        pass

    def everyone(self) -> list[int]:
        """Customers still waiting, in no particular order."""
        state = self.hall.state
        return [c for queue in self.queues for c in queue if state[c] == WAITING]

    def rebalance(self) -> None:
        pass


class MultiLine(SingleLine):
    """One sorted line per counter. Entries are ``(-priority, sequence, customer)``.

    Jockeying: a waiting customer moves to the end of another open counter's line when that
    line is shorter by at least ``min_difference`` than their own line up to and including
    themselves, i.e. when they would have at least ``min_difference - 1`` fewer people ahead —
    and always at least one fewer, so that nobody moves back and forth for nothing.
    """

    def __init__(self, hall, line_choice: str, jockey_difference: int | None):
        self.hall = hall
        self.lines: list[list[tuple]] = [[] for _ in hall.desks]
        self.entry: dict[int, tuple] = {}
        self.line_of: dict[int, int] = {}
        self.random_choice = line_choice == "random"
        self.least_gain = None if jockey_difference is None else max(jockey_difference - 1, 1)
        self.sequence = len(hall.klass)
        self.waiting = 0

    def length(self, line: int) -> int:
        """People in front of a newcomer to this line: waiting, plus one at a busy counter."""
        return len(self.lines[line]) + self.hall.desks[line].busy

    def choose(self, customer: int) -> int | None:
        """Line chosen on arrival: among open counters serving the class, else those that will
        open later; None if no counter serves the class any more."""
        klass, desks = self.hall.klass[customer], self.hall.desks
        options = [d.index for d in desks if d.is_open and not d.closing and d.serves(klass)]
        options = options or [d.index for d in desks if d.serves(klass) and self.hall.reopens(d)]
        if not options:
            return None
        if not self.random_choice:
            lengths = [self.length(i) for i in options]
            shortest = min(lengths)
            options = [i for i, n in zip(options, lengths, strict=True) if n == shortest]
        return options[int(self.hall.choice[customer] * len(options))]

    def seen(self, customer: int, target: int) -> int:
        return len(self.lines[target])

    def ahead(self, customer: int, target: int) -> tuple[int, int]:
        return len(self.lines[target]), 1

    def idle_desk(self, customer: int, target: int):
        desk = self.hall.desks[target]
        return desk if desk.idle_event is not None else None

    def add(self, customer: int, target: int, sequence: int | None = None) -> None:
        hall = self.hall
        klass = hall.klass[customer]
        entry = (-hall.priority[klass], customer if sequence is None else sequence, customer)
        bisect.insort(self.lines[target], entry)
        self.entry[customer], self.line_of[customer] = entry, target
        self.waiting += 1

    def take(self, desk):
        line = self.lines[desk.index]
        if not line:
            return None
        customer = line.pop(0)[2]
        del self.entry[customer], self.line_of[customer]
        self.waiting -= 1
        return customer

    def remove(self, customer: int) -> None:
        self.lines[self.line_of.pop(customer)].remove(self.entry.pop(customer))
        self.waiting -= 1

    def move(self, customer: int, target: int) -> None:
        """Put a waiting customer at the end of another line (their place is lost)."""
        self.remove(customer)
        self.sequence += 1
        self.add(customer, target, self.sequence)

    def desk_opened(self, desk) -> None:
        self.rebalance()

    def desk_closed(self, desk) -> None:
        """The line of a closing counter moves, in order, to the other open counters' lines."""
        for entry in list(self.lines[desk.index]):
            customer = entry[2]
            target = self.choose(customer)
            if target is not None and target != desk.index and self.hall.desks[target].is_open:
                self.move(customer, target)
                self.hall.log.transfers[customer] += 1
                self.hall.hand_over_if_idle(customer, target)

    def everyone(self) -> list[int]:
        return [entry[2] for line in self.lines for entry in line]

    def rebalance(self) -> None:
        """Jockeying: move waiting customers while some line is clearly shorter."""
        if self.least_gain is None:
            return
        while self.waiting and self._jockey_once():
            pass

    def _jockey_once(self) -> bool:
        """Make one move, the customer furthest back in the longest line first; False if none.
        The usual case — nobody gains enough — is decided in one pass over the lines (it runs
        after every event, and was a fifth of a multi-line run when it sorted them)."""
        hall, gain = self.hall, self.least_gain
        longest, shortest = -1, math.inf  # longest line with someone waiting; shortest target
        for line, desk in zip(self.lines, hall.desks, strict=True):
            length = len(line) + desk.busy
            if line and length > longest:
                longest = length
            if length < shortest and desk.is_open and not desk.closing:
                shortest = length
        if longest - 1 - shortest < gain:
            return False
        lengths = [len(line) + desk.busy for line, desk in zip(self.lines, hall.desks, strict=True)]
        targets = sorted((lengths[d.index], d.index) for d in hall.desks
                         if d.is_open and not d.closing)
        sources = sorted(((lengths[i], i) for i, line in enumerate(self.lines) if line),
                         reverse=True)
        for target_length, target in targets:
            for source_length, source in sources:
                if source_length - 1 - target_length < gain:
                    break
                mover = self._mover(source, target, target_length)
                if mover is not None:
                    self.move(mover, target)
                    hall.log.jockeys[mover] += 1
                    hall.hand_over_if_idle(mover, target)
                    return True
        return False

    def _mover(self, source: int, target: int, target_length: int) -> int | None:
        """The last customer in ``source`` who may go to ``target`` and gains enough by it."""
        line, busy = self.lines[source], self.hall.desks[source].busy
        klass = self.hall.klass
        for position in range(len(line) - 1, -1, -1):
            if position + busy - target_length < self.least_gain:
                return None
            customer = line[position][2]
            if self.hall.desks[target].serves(klass[customer]):
                return customer
        return None
