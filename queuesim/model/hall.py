"""The service hall: who is waiting, who is being served, and every change of state.

The hall is the shared state of one replication. Its actors are SimPy processes: the door
(:func:`arrivals`) and one :func:`~queuesim.model.desk.counter` per counter. A waiting customer
has no process of their own: their only timed behaviour is patience, a timer whose callback ends
the wait if it is still going (reneging); everything else a customer decides (balking, choosing a
line, jockeying) happens at an instant and is decided by the hall on the customer's behalf. This
keeps the event count per customer at two or three.

The hall writes the per-customer log and the timeline (:mod:`queuesim.log`); the queue structure
(:mod:`.lines`, :mod:`.tickets`) only orders the waiting customers. Times are model minutes.
"""

from __future__ import annotations

import math

from simpy.events import Timeout

from .. import log as records
from .announcer import Announcer
from .desk import Desk, counter
from .draws import APPOINTMENT
from .lines import MultiLine, SingleLine
from .tickets import TicketQueue

WAITING, SERVING, GONE = 0, 1, 2


class Hall:
    """State of a hall during one replication (see the module docstring)."""

    first_arrival = 0
    """Customers before this one are inside when the run starts (see :mod:`.resume`)."""

    def __init__(self, env, scenario, draws, log: records.RunLog):
        self.env, self.log = env, log
        classes = list(scenario.customers.values())
        self.class_names = scenario.class_names
        self.priority = [c.priority for c in classes]
        hall_limit = scenario.balking.max_waiting
        self.balk_at = [_limit(c.balking.max_waiting if c.balking else hall_limit) for c in classes]
        self.arrival, self.klass = draws.arrival.tolist(), draws.klass.tolist()
        self.work, self.patience = draws.work.tolist(), draws.patience.tolist()
        self.choice = draws.choice.tolist()
        self.ready = draws.ready.tolist()
        self.booked = ([False] * len(self.ready) if draws.origin is None
                       else (draws.origin == APPOINTMENT).tolist())
        self.absence = draws.absence.tolist() if scenario.queue.structure == "ticket" else None
        self.state = [WAITING] * len(self.arrival)
        self.desks = [_desk(i, c, scenario, self.priority) for i, c in enumerate(scenario.counters)]
        self.idle_desks: list[Desk] = []
        self.busy = self.open = 0
        self.call_started: dict[int, float] = {}
        self.after_close = False
        self.steady = scenario.clock.steady
        self.close_time = scenario.clock.end
        self.leave_at_close = not self.steady and scenario.clock.after_close == "leave"
        self.structure = _structure(self, scenario.queue)
        self.pre_processing = scenario.service_while_waiting
        names = self.pre_processing and self.pre_processing.classes
        self.pre_classes = [names is None or name in names for name in self.class_names]
        self.announcer = Announcer(scenario) if scenario.announcement else None

    def start(self) -> None:
        """Start the door, the counters and (in a day run) the closing bell."""
        env = self.env
        env.process(arrivals(env, self))
        for desk in self.desks:
            desk.stays_after_close = not self.steady and not self.leave_at_close
            env.process(counter(env, desk, self))
        if not self.steady:
            Timeout(env, self.close_time).callbacks.append(self._closing_time)

    # Customers. ------------------------------------------------------------------------------

    def arrive(self, customer: int) -> None:
        """A customer walks in: a booked customer early for the slot sits down until then;
        everyone else decides at once whether to join."""
        now = self.env.now
        self.log.arrival[customer] = now  # the clock, equal to the draw up to rounding
        if self.ready[customer] > now:
            wait = Timeout(self.env, self.ready[customer] - now, customer)
            wait.callbacks.append(lambda event: self.join(event.value))
        else:
            self.join(customer)

    def join(self, customer: int) -> None:
        """Balk (walk-ins only: a booked customer has come for the slot), or join the queue
        and wake a free counter."""
        structure, log = self.structure, self.log
        log.ready[customer] = self.env.now
        target = structure.choose(customer)
        balks = target is None or (not self.booked[customer] and self._balks(customer, target))
        if balks:
            self.state[customer] = GONE
            log.outcome[customer], log.exit[customer] = records.BALKED, self.env.now
            return
        if isinstance(structure, MultiLine):
            log.line[customer] = target
        structure.add(customer, target)
        if self.patience[customer] < math.inf:
            Timeout(self.env, self.patience[customer], customer).callbacks.append(self._renege)
        self.hand_over_if_idle(customer, target)
        structure.rebalance()
        self._record()

    def _balks(self, customer: int, target: int) -> bool:
        """On the announced wait when the hall announces one with a limit, else on the number
        of people the customer sees."""
        if self.announcer is not None:
            announced = self.announcer.predict(self, customer, target)
            self.log.announced[customer] = announced
            if self.announcer.balk_above is not None:
                return announced >= self.announcer.balk_above
        return self.structure.seen(customer, target) >= self.balk_at[self.klass[customer]]

    def hand_over_if_idle(self, customer: int, target: int) -> None:
        """Wake the counter that should take this newly placed customer, if one is idle."""
        desk = self.structure.idle_desk(customer, target)
        if desk is not None:
            self._wake(desk)

    def _renege(self, event) -> None:
        customer = event.value
        if self.state[customer] != WAITING:
            return
        self._leave(customer, records.RENEGED)
        self.structure.rebalance()
        self._record()

    def _leave(self, customer: int, outcome: int) -> None:
        """A waiting customer leaves unserved now, with ``outcome``."""
        self.state[customer] = GONE
        self.log.outcome[customer], self.log.exit[customer] = outcome, self.env.now
        self.structure.remove(customer)

    def _closing_time(self, event) -> None:
        """No more arrivals. Those waiting leave (``leave``) or are served; idle counters go home
        unless they still have someone to serve."""
        self.after_close = True
        if self.leave_at_close:
            for customer in self.structure.everyone():
                self._leave(customer, records.UNSERVED)
        for desk in list(self.idle_desks):
            self._wake(desk)
        self._record()

    # Counters (called from the counter process). ---------------------------------------------

    def open_desk(self, desk: Desk, end: float) -> None:
        desk.is_open, desk.closing, desk.opened_at = True, False, self.env.now
        self.open += 1
        last = end >= self.close_time
        if not (self.steady and last) and not (desk.stays_after_close and last):
            Timeout(self.env, end - self.env.now, desk).callbacks.append(self._shift_ends)
        self.structure.desk_opened(desk)
        self._record()

    def _shift_ends(self, event) -> None:
        desk = event.value
        desk.closing = True
        if desk.idle_event is not None:
            self._wake(desk)

    def next_for(self, desk: Desk):
        """The next customer for a free counter; after closing time, none means go home."""
        customer = self.structure.take(desk)
        if customer is None and self.after_close:
            desk.closing = True
        return customer

    def idle(self, desk: Desk) -> None:
        self.idle_desks.append(desk)

    def _wake(self, desk: Desk) -> None:
        self.idle_desks.remove(desk)
        event, desk.idle_event = desk.idle_event, None
        event.succeed()

    def begin(self, desk: Desk, customer: int) -> float:
        """Call a customer to the counter; return how long the counter is taken, minutes."""
        desk.busy = True
        self.busy += 1
        if not self.structure.answers(customer):
            self.call_started[desk.index] = self.env.now
            if self.log.recalls[customer] == 0:
                self.log.first_call[customer] = self.env.now
            self._record()
            return self.structure.rules.call_time
        self.structure.answered(customer)
        self.state[customer] = SERVING
        self.log.service_start[customer], self.log.counter[customer] = self.env.now, desk.index
        self.structure.rebalance()
        self._record()
        work = self.work[customer] * self.service_factor(customer)
        return work / desk.speed[self.klass[customer]]

    def service_factor(self, customer: int) -> float:
        """Share of the work left after service while waiting (1 when none applies)."""
        rule = self.pre_processing
        if rule is None or self.env.now - self.ready[customer] < rule.after:
            return 1.0
        return 1.0 - rule.saving if self.pre_classes[self.klass[customer]] else 1.0

    def end(self, desk: Desk, customer: int) -> None:
        """The service (or the unanswered call) at ``desk`` is over."""
        desk.busy = False
        self.busy -= 1
        now, log = self.env.now, self.log
        started = self.call_started.pop(desk.index, None)
        if started is None:
            self.state[customer] = GONE
            log.outcome[customer], log.service_end[customer] = records.SERVED, now
            log.exit[customer] = now
        else:
            log.calls.append((desk.index, customer, started, now))
            recalled = self.structure.missed(customer)
            if self.state[customer] == WAITING and not recalled:
                self._leave(customer, records.NO_SHOW)
            elif self.state[customer] == WAITING and self.after_close and self.leave_at_close:
                self._leave(customer, records.UNSERVED)  # called at closing time: sent home
        self.structure.rebalance()
        self._record()

    def close_desk(self, desk: Desk) -> None:
        desk.is_open = False
        self.open -= 1
        self.log.shifts.append((desk.index, desk.opened_at, self.env.now))
        self.structure.desk_closed(desk)
        self._record()

    def reopens(self, desk: Desk) -> bool:
        """Whether ``desk`` has an opening interval still to come."""
        return any(start > self.env.now for start, _ in desk.hours)

    # End of the run. -------------------------------------------------------------------------

    def finish(self) -> None:
        """Close the books: counters still open end their shift now; customers still inside
        (steady state, or nobody left to serve their class) are unserved, with no exit time."""
        now = self.env.now
        for desk in self.desks:
            if desk.is_open:
                self.log.shifts.append((desk.index, desk.opened_at, now))
        self.log.finish()

    def _record(self) -> None:
        self.log.record_state(self.env.now, self.structure.waiting, self.busy, self.open)


def arrivals(env, hall: Hall):
    """The door: customers come in at their pre-drawn arrival times (minutes)."""
    now, first = 0.0, hall.first_arrival
    for customer, time in enumerate(hall.arrival[first:], start=first):
        yield env.timeout(time - now)
        now = time
        hall.arrive(customer)


def _limit(max_waiting: int | None) -> float:
    return math.inf if max_waiting is None else max_waiting


def _desk(index: int, spec, scenario, priorities: list[int]) -> Desk:
    ranks = spec.preference(scenario.class_names)
    rank = [ranks.get(name) for name in scenario.class_names]
    speed = [spec.speed * spec.speed_on.get(name, 1.0) for name in scenario.class_names]
    return Desk(index, spec.id, speed, scenario.counter_hours(spec), rank, priorities)


def _structure(hall: Hall, queue):
    if queue.structure == "multi_line":
        difference = queue.jockeying.min_difference if queue.jockeying else None
        return MultiLine(hall, queue.line_choice, difference)
    if queue.structure == "ticket":
        return TicketQueue(hall, queue.ticket)
    return SingleLine(hall)
