"""Values that change through the day: step functions keyed by clock time.

A real hall's records show that the mix of customers, the speed of service and the number of
counters open all change through the day. The scenario gives each as a step function — a number
for the whole day, or ``{"HH:MM": value}`` with the value holding from that time on until the
next key (the first key is the opening time). This module checks those step functions against
the scenario's clock, converts them to model minutes, expands a staffing profile by count
(``counters: {profile: ...}``) into counters with hours, and gives the per-class arrival rates
as one step function on a common grid. It knows the clock, not the model.
Times in model minutes (from opening) unless written "HH:MM"; rates per minute.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import pairwise
from typing import Annotated

import numpy as np
from pydantic import AfterValidator

from .clock import format_time, parse_time
from .errors import did_you_mean

MAX_PROFILE_COUNTERS = 1000
"""Most counters a staffing profile may open at once (a hall, not a city)."""

Steps = float | dict[str, float]
"""A step function as written in a scenario: one number, or ``{"HH:MM": value}``."""


def check_values(value: Steps, positive: bool) -> Steps:
    """Keys are clock times, values finite and non-negative (``positive``: above 0).

    Raises ValueError naming the offending key."""
    items = value.items() if isinstance(value, dict) else [(None, value)]
    if isinstance(value, dict) and not value:
        raise ValueError("expected a number or at least one \"HH:MM\": value")
    for key, number in items:
        if key is not None:
            parse_time(key)
        where = f"{key}: " if key is not None else ""
        bad = number <= 0 if positive else number < 0
        if not math.isfinite(number) or bad:
            expected = "a finite number above 0" if positive else "a finite number of at least 0"
            raise ValueError(f"{where}expected {expected}, found {number!r}")
    return value


Rates = Annotated[float | dict[str, float],
                  AfterValidator(lambda value: check_values(value, positive=False))]
"""Customers per hour as a step function (non-negative)."""
Factors = Annotated[float | dict[str, float],
                    AfterValidator(lambda value: check_values(value, positive=True))]
"""Multipliers as a step function (positive)."""


def check_clock(value: Steps, clock, path: str) -> None:
    """A dict's keys lie within opening hours, the first at opening; a steady-state run takes
    only one number. Raises ValueError starting with ``path``."""
    if not isinstance(value, dict):
        return
    if clock.steady:
        raise ValueError(f"{path}: a steady-state run has no clock; give one number")
    times = sorted(parse_time(t) for t in value)
    if times[0] != parse_time(clock.open):
        raise ValueError(f"{path}: the first time must be the opening time {clock.open}, "
                         f"found {format_time(times[0])}")
    if times[-1] >= parse_time(clock.close):
        raise ValueError(f"{path}: {format_time(times[-1])} is not before closing time "
                         f"{clock.close}")


def steps(value: Steps, clock) -> tuple[np.ndarray, np.ndarray]:
    """Start times (model minutes, first 0) and values of a checked step function (read-only
    arrays: parsed once per step function and opening time, as every replication asks)."""
    if not isinstance(value, dict):
        return np.zeros(1), np.array([float(value)])
    return _parsed(tuple(value.items()), clock.start)


@lru_cache(maxsize=4096)
def _parsed(items: tuple, day_start: float) -> tuple[np.ndarray, np.ndarray]:
    pairs = sorted((parse_time(t) - day_start, float(v)) for t, v in items)
    starts, values = np.array([t for t, _ in pairs]), np.array([v for _, v in pairs])
    starts.flags.writeable = values.flags.writeable = False
    return starts, values


def value_at(value: Steps, clock, times: np.ndarray) -> np.ndarray:
    """The step function's value at each of ``times`` (model minutes; before 0: the first)."""
    starts, values = steps(value, clock)
    index = np.searchsorted(starts, np.asarray(times, float), side="right") - 1
    return values[np.maximum(index, 0)]


def total(value: Steps, clock) -> float:
    """Integral of the step function over the day (rate per hour × minutes / 60 for rates)."""
    starts, values = steps(value, clock)
    bounds = np.append(starts, clock.end)
    return float(np.sum(values * np.diff(bounds)))


# Per-class arrival rates. ------------------------------------------------------------------


def class_rates(per_class: dict[str, Steps], names: list[str], clock, scale: float):
    """The classes' walk-in rates on one grid: start times (model minutes, first 0) and a
    (class × step) array of customers per minute, multiplied by ``scale``."""
    grid = np.unique(np.concatenate([steps(per_class[n], clock)[0] for n in names]))
    rates = np.array([value_at(per_class[n], clock, grid) for n in names]) * scale / 60.0
    return grid, rates


def common_grid(step_functions) -> tuple[list[float], np.ndarray]:
    """Several step functions, each (starts, values), on the union of their start times: the
    starts and a (function × step) array of values."""
    grid = np.unique(np.concatenate([np.asarray(starts, float) for starts, _ in step_functions]))
    values = [np.asarray(values, float)[np.searchsorted(starts, grid, side="right") - 1]
              for starts, values in step_functions]
    return list(grid), np.array(values)


def class_shares(per_class: dict[str, Steps], names: list[str], clock) -> dict[str, float]:
    """Each class's expected proportion of the day's walk-ins (0 for a class with no rate)."""
    masses = {n: total(per_class[n], clock) for n in names}
    day = sum(masses.values())
    return {n: mass / day for n, mass in masses.items()}


def check_per_class(per_class: dict[str, Steps], customers: dict) -> None:
    """Every class of ``customers`` has a rate (or an explicit 0), no other class has one, and
    no class gives a ``share`` (its share follows from the rates). Raises ValueError."""
    names = list(customers)
    for name in per_class:
        if name not in customers:
            raise ValueError(f"arrivals.per_class.{name}: unknown class "
                             f"'{name}'{did_you_mean(name, names)}")
    for name in names:
        if name not in per_class:
            raise ValueError(f"arrivals.per_class: class '{name}' has no rate; give its "
                             f"customers per hour, or 0 if it comes only by appointment")
        if customers[name].share is not None:
            raise ValueError(f"customers.{name}.share: remove it; with arrivals.per_class each "
                             f"class's share follows from its rates")
    if all((max(v.values()) if isinstance(v, dict) else v) <= 0 for v in per_class.values()):
        raise ValueError("arrivals.per_class: expected a positive arrival rate, found only 0")


# Staffing profile by count. ------------------------------------------------------------------


def check_profile(profile) -> dict[str, int]:
    """Keys are clock times and counts whole numbers ≥ 0, at least one above 0."""
    if not isinstance(profile, dict) or not profile:
        raise ValueError(f'profile: expected {{"HH:MM": counters open}}, found {profile!r}')
    for key, count in profile.items():
        try:
            parse_time(key)
        except ValueError as error:
            raise ValueError(f"profile: {error}") from None
        if (not isinstance(count, int) or isinstance(count, bool)
                or not 0 <= count <= MAX_PROFILE_COUNTERS):
            raise ValueError(f"profile.{key}: expected a whole number of counters from 0 to "
                             f"{MAX_PROFILE_COUNTERS:,}, found {count!r}")
    if max(profile.values()) < 1:
        raise ValueError("profile: expected at least one period with a counter open, found "
                         "only 0")
    return profile


def expand_profile(pool: dict, clock) -> list[dict]:
    """The counters of ``{profile: ..., prefix: ..., <counter fields>}``: ``prefix1..prefixN``
    (N the profile's maximum), counter *k* open in the periods where the profile is at least
    *k*; the other fields apply to all of them. ``clock`` is None when it was invalid."""
    profile = check_profile(pool.pop("profile"))
    for key in ("count", "hours"):
        if key in pool:
            raise ValueError(f"{key}: give either a profile or {key}, not both")
    if clock is None:
        raise ValueError("profile: needs valid opening hours (clock.open and clock.close)")
    if clock.steady:
        raise ValueError("profile: a steady-state run has no clock hours; give count instead")
    prefix = pool.pop("prefix", "C")
    return [{"id": f"{prefix}{k + 1}", "hours": hours, **pool}
            for k, hours in enumerate(profile_hours(profile, clock))]


def profile_hours(profile: dict[str, int], clock) -> list[list[str]]:
    """Opening hours ``"HH:MM-HH:MM"`` of counters 1..max of a profile: counter *k* is open in
    the periods where the profile is at least *k* (adjacent periods joined)."""
    check_clock(profile, clock, "profile")
    times = sorted(profile, key=parse_time)
    bounds = [*times, clock.close]
    hours = []
    for k in range(1, max(profile.values()) + 1):
        intervals: list[list[str]] = []
        for start, end in pairwise(bounds):
            if profile[start] < k:
                continue
            if intervals and intervals[-1][1] == start:
                intervals[-1][1] = end
            else:
                intervals.append([start, end])
        hours.append([f"{format_time(parse_time(a))}-{format_time(parse_time(b))}"
                      for a, b in intervals])
    return hours
