"""Who comes when: walk-in demand, the policies that move it, bursts, and appointments.

The scenario's ``arrivals`` give a piecewise-constant Poisson rate (customers per hour from
clock times). Two policies of the queue-management material move that demand without changing
how many come: a **demand shift** (prices or incentives move a fraction of the customers of one
window to another) and **published peak times** (a share of those who would come in the peak
come a little earlier or later). Both are exact transformations of the rate step function that
keep the day's expected arrivals. **Bursts** are groups arriving within a few minutes (a class
ending at a canteen) and **appointments** are booked customers who come at their slot, give or
take their lateness, unless they do not show up. Times in model minutes unless "HH:MM".
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, Field, field_validator, model_validator

from .clock import parse_interval, parse_time
from .limits import FINITE, MAX_GROUP, MAX_MINUTES, MAX_NAME, MAX_PER_SLOT


class _Model(BaseModel):
    model_config = FINITE


def _window(value: str) -> str:
    parse_interval(value)
    return value


class DemandShift(_Model):
    """A fraction of the customers who would come in one window come in another instead
    (price levers, incentives); spread evenly over the new window."""

    from_: str = Field(alias="from", description='Window they leave, "HH:MM-HH:MM".')
    to: str = Field(description='Window they come in instead, "HH:MM-HH:MM".')
    fraction: float = Field(gt=0, le=1, description="Share of the window's customers who move.")

    @field_validator("from_", "to")
    @classmethod
    def _windows(cls, value):
        return _window(value)


class PublishedPeaks(_Model):
    """The hall publishes its peak hours; a share of those who would come in the peak come
    earlier or later instead, spread evenly over ``spread`` minutes before and after it."""

    window: str = Field(description='The published peak, "HH:MM-HH:MM".')
    share: float = Field(gt=0, le=1, description="Share of the peak's customers who avoid it.")
    spread: float = Field(60, gt=0, le=MAX_MINUTES,
                          description="Minutes before and after the peak they move to.")
    earlier: float = Field(0.5, ge=0, le=1, description="Of those, the share who come earlier.")

    @field_validator("window")
    @classmethod
    def _peak(cls, value):
        return _window(value)


class Burst(_Model):
    """A group arriving together within a few minutes, e.g. students when a class ends."""

    at: str = Field(description='When the first of the group arrives, "HH:MM".')
    size: int = Field(gt=0, le=MAX_GROUP, description="Customers in the group (at most 100,000).")
    spread: float = Field(5, gt=0, le=MAX_MINUTES,
                          description="Minutes over which they arrive, evenly.")
    class_: str | None = Field(None, alias="class", max_length=MAX_NAME,
                               description="Their class; default: drawn by the classes' shares.")

    @field_validator("at")
    @classmethod
    def _clock(cls, value):
        parse_time(value)
        return value


class Lateness(_Model):
    """Minutes after their slot at which booked customers arrive (normal; negative: early)."""

    mean: float = Field(0, ge=-MAX_MINUTES, le=MAX_MINUTES,
                        description="Mean minutes late (negative: early).")
    sd: float = Field(0, ge=0, le=MAX_MINUTES, description="Standard deviation, minutes.")


class Appointments(_Model):
    """Booked visits of one class: ``per_slot`` customers every ``every`` minutes from ``from``
    until before ``to``. Someone who comes early waits seated until the slot and then joins the
    queue (give the class a higher priority to serve booked customers ahead of walk-ins)."""

    class_: str = Field(alias="class", max_length=MAX_NAME,
                        description="Class of the booked customers.")
    every: float = Field(ge=1, le=MAX_MINUTES, description="Minutes between slots (at least 1).")
    from_: str = Field(alias="from", description='First slot, "HH:MM".')
    to: str = Field(description='No slot at or after this time, "HH:MM".')
    per_slot: int = Field(1, gt=0, le=MAX_PER_SLOT,
                          description="Customers booked per slot (at most 1,000).")
    no_show: float = Field(0.0, ge=0, lt=1, description="Chance a booked customer never comes.")
    lateness: Lateness = Field(default_factory=Lateness, description="Arrival around the slot.")

    @model_validator(mode="after")
    def _times(self):
        if parse_time(self.to) <= parse_time(self.from_):
            raise ValueError(f"to {self.to} is not after from {self.from_}")
        return self

    def slot_count(self) -> int:
        """Number of slots (each holding ``per_slot`` customers)."""
        first, last = parse_time(self.from_), parse_time(self.to)
        return len(np.arange(first, last - 1e-9, self.every))

    def slots(self, day_start: float) -> np.ndarray:
        """Slot times in model minutes (``day_start``: minutes after midnight of time 0)."""
        first, last = parse_time(self.from_) - day_start, parse_time(self.to) - day_start
        return np.repeat(np.arange(first, last - 1e-9, self.every), self.per_slot)


# The rate as a step function. -------------------------------------------------------------


def shifted_rate(starts, rates, end, shifts=(), peaks=None, day_start=0.0):
    """Apply demand shifts and published peaks to a step function (minutes, per minute).

    Each moved amount is taken off its window in proportion to the rate there and spread evenly
    over its target window (clipped to the day), so the expected number of arrivals over the
    day does not change.
    """
    for shift in shifts:
        source = [t - day_start for t in parse_interval(shift.from_)]
        target = [t - day_start for t in parse_interval(shift.to)]
        starts, rates = _move(starts, rates, end, source, [(target, 1.0)], shift.fraction)
    if peaks is not None:
        a, b = (t - day_start for t in parse_interval(peaks.window))
        targets = [((max(0.0, a - peaks.spread), a), peaks.earlier),
                   ((b, min(end, b + peaks.spread)), 1 - peaks.earlier)]
        starts, rates = _move(starts, rates, end, (a, b), targets, peaks.share)
    return starts, rates


def integral(starts, rates, end, low, high) -> float:
    """Expected arrivals between ``low`` and ``high`` minutes."""
    bounds = np.append(starts, end)
    lengths = np.clip(np.minimum(bounds[1:], high) - np.maximum(bounds[:-1], low), 0, None)
    return float(np.sum(np.asarray(rates) * lengths))


def _move(starts, rates, end, source, targets, fraction):
    """Take ``fraction`` of the mass in ``source`` and spread it over ``targets`` (windows
    with weights; empty windows pass their weight to the others)."""
    targets = [(w, weight) for w, weight in targets if w[1] > w[0] and weight > 0]
    mass = fraction * integral(starts, rates, end, *source)
    if not targets or mass <= 0:
        return starts, rates
    bounds = sorted({*starts, end, *source, *(t for w, _ in targets for t in w)})
    bounds = np.array([t for t in bounds if 0 <= t <= end])
    middles = (bounds[:-1] + bounds[1:]) / 2
    base = np.asarray(rates)[np.searchsorted(starts, middles, side="right") - 1]
    inside = (middles >= source[0]) & (middles < source[1])
    new = np.where(inside, base * (1 - fraction), base)
    total = sum(weight for _, weight in targets)
    for (low, high), weight in targets:
        new = new + np.where((middles >= low) & (middles < high),
                             mass * weight / total / (high - low), 0.0)
    return list(bounds[:-1]), list(new)


# Bursts and appointments. -------------------------------------------------------------------


def burst_arrivals(bursts, class_names, day_start, end, rng: np.random.Generator):
    """Arrival times and class indexes (-1: draw by share) of every burst, inside the day."""
    times, classes = [], []
    for burst in bursts:
        first = parse_time(burst.at) - day_start
        times.append(first + burst.spread * rng.random(burst.size))
        index = -1 if burst.class_ is None else class_names.index(burst.class_)
        classes.append(np.full(burst.size, index))
    if not times:
        return np.zeros(0), np.zeros(0, int)
    times, classes = np.concatenate(times), np.concatenate(classes)
    keep = (times >= 0) & (times < end)
    return times[keep], classes[keep]


def booked_arrivals(appointments, class_names, day_start, end, rng: np.random.Generator):
    """Arrival times, slot times and class indexes of the booked customers who come.

    A no-show never arrives; lateness moves the arrival around the slot (never before the
    opening); someone who would arrive after closing time does not come either.
    """
    arrival, slot, klass = [], [], []
    for booking in appointments:
        slots = booking.slots(day_start)
        shows = rng.random(len(slots)) >= booking.no_show
        late = booking.lateness.mean + booking.lateness.sd * rng.standard_normal(len(slots))
        times = np.maximum(slots + late, 0.0)
        keep = shows & (times < end)
        arrival.append(times[keep])
        slot.append(slots[keep])
        klass.append(np.full(keep.sum(), class_names.index(booking.class_)))
    if not arrival:
        return np.zeros(0), np.zeros(0), np.zeros(0, int)
    return np.concatenate(arrival), np.concatenate(slot), np.concatenate(klass)
