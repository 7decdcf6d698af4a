"""A service counter ("desk" in the model, to keep apart from the scenario's ``Counter``).

A desk is an actor with one SimPy process, :func:`counter`: it opens for each of its intervals,
takes the next customer the queue structure gives it (or sleeps until the hall hands it one),
serves, and closes when its interval ends, always finishing the customer at the counter first.
All bookkeeping (logs, the timeline, who is where) is the hall's; the process only lets time pass.
"""

from __future__ import annotations

from collections.abc import Generator


class Desk:
    """State of one counter during a run. Times in model minutes.

    ``rank[k]`` is the desk's preference rank of class *k* (``None``: does not serve it);
    ``groups`` lists the served classes in calling order: by priority (highest first), then
    preference rank, classes in one group being served first come, first served.
    """

    __slots__ = ("busy", "closing", "groups", "hours", "id", "idle_event", "index", "is_open",
                 "opened_at", "rank", "speed", "stays_after_close")

    def __init__(self, index: int, id_: str, speed: list[float], hours: list[tuple[float, float]],
                 rank: list[int | None], priorities: list[int]):
        """``speed[k]``: work per minute on class *k* (the counter's speed times its factor)."""
        self.index, self.id, self.speed, self.hours, self.rank = index, id_, speed, hours, rank
        order = sorted({(-priorities[k], r) for k, r in enumerate(rank) if r is not None})
        self.groups = [[k for k, r in enumerate(rank)
                        if r is not None and (-priorities[k], r) == key] for key in order]
        self.is_open = self.closing = self.busy = self.stays_after_close = False
        self.idle_event = None
        self.opened_at = 0.0

    def serves(self, klass: int) -> bool:
        """Whether this desk serves class index ``klass``."""
        return self.rank[klass] is not None


def counter(env, desk: Desk, hall) -> Generator:
    """The working day of one counter: open, serve, close, for each of its intervals."""
    for start, end in desk.hours:
        if end <= env.now:  # still serving when this interval ended: it never opens
            continue
        if start > env.now:
            yield env.timeout(start - env.now)
        hall.open_desk(desk, end)
        while not desk.closing:
            customer = hall.next_for(desk)
            if customer is None:
                if desk.closing:  # after closing time with nobody left: go home
                    break
                desk.idle_event = env.event()
                hall.idle(desk)
                customer = yield desk.idle_event
                if customer is None:
                    continue
            duration = hall.begin(desk, customer)
            yield env.timeout(duration)
            hall.end(desk, customer)
        hall.close_desk(desk)
