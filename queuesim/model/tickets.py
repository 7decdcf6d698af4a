"""Ticket numbers: take a number, wait seated, be called in order.

A holder who gives up leaves the number behind (``remove`` only stops counting them as waiting).
Numbers are called by priority, then counter preference, then number. A called customer may be
absent: a customer who gave up is always absent (their number stays on the display), a present
one misses the call with the scenario's ``absent_probability``. The counter loses ``call_time``;
the number is called again once ``recall_after`` other numbers have been called (or at once, if
a counter has nothing else to call), at most ``max_recalls`` times, and then dropped.
"""

from __future__ import annotations

from .lines import WAITING, SingleLine


class TicketQueue(SingleLine):
    """Per-class queues of numbers in number order, plus the numbers waiting to be recalled."""

    def __init__(self, hall, rules):
        super().__init__(hall)
        self.rules = rules
        self.issued = 0
        self.on_display = 0
        self.recalls: list[list[int]] = []
        """Pending recalls as [customer, other numbers still to be called before it]."""

    def seen(self, customer: int, target: int) -> int:
        """Numbers shown as waiting on the display, including those whose holder has left."""
        return self.on_display

    def add(self, customer: int, target: int) -> None:
        self.issued += 1
        self.hall.log.ticket[customer] = self.issued
        self.on_display += 1
        super().add(customer, target)

    def take(self, desk):
        """The next number to call at ``desk``: a due recall, a new number, or an early recall."""
        for pending in self.recalls:
            if pending[1] <= 0 and desk.serves(self.hall.klass[pending[0]]):
                return self._called(pending)
        customer = self._take_number(desk)
        if customer is None:
            for pending in self.recalls:
                if desk.serves(self.hall.klass[pending[0]]):
                    return self._called(pending)
            return None
        for pending in self.recalls:
            pending[1] -= 1
        return customer

    def _called(self, pending: list[int]) -> int:
        self.recalls.remove(pending)
        for other in self.recalls:
            other[1] -= 1
        return pending[0]

    def _take_number(self, desk):
        """Like the single line, but numbers of customers who left are still called."""
        for group in desk.groups:
            best = None
            for klass in group:
                queue = self.queues[klass]
                if queue and (best is None or queue[0] < self.queues[best][0]):
                    best = klass
            if best is not None:
                return self.queues[best].popleft()
        return None

    def answers(self, customer: int) -> bool:
        """Whether the holder comes to the counter at this call (uses the customer's draw)."""
        hall = self.hall
        if hall.state[customer] != WAITING:
            return False
        call = hall.log.recalls[customer]
        return hall.absence[customer][call] >= self.rules.absent_probability

    def missed(self, customer: int) -> bool:
        """After an unanswered call: queue a recall (True) or drop the number (False)."""
        if self.hall.log.recalls[customer] < self.rules.max_recalls:
            self.hall.log.recalls[customer] += 1
            self.recalls.append([customer, self.rules.recall_after])
            return True
        self.on_display -= 1
        return False

    def answered(self, customer: int) -> None:
        """The holder came to the counter: off the display, no longer waiting."""
        self.on_display -= 1
        self.waiting -= 1
        self.by_class[self.hall.klass[customer]] -= 1

    def everyone(self) -> list[int]:
        state = self.hall.state
        numbers = [c for queue in self.queues for c in queue] + [p[0] for p in self.recalls]
        return [c for c in numbers if state[c] == WAITING]
