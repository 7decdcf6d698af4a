"""From a staffing (counters per period, or staff shifts) back to a scenario that can be run.

A staffing plan is only believable once it has been simulated as a hall. These functions write
it as counters with opening hours in a copy of the scenario: identical counters serving every
class (the staffing assumes cross-trained staff), at the scenario's common speed. Times in
minutes; clock times ``"HH:MM"``.
"""

from __future__ import annotations

import numpy as np

from ..clock import format_time
from ..scenario import Scenario


def counters_from_curve(counts, period: float) -> list[list[tuple[float, float]]]:
    """Open intervals (model minutes) of stacked counters: counter *j* is open in the periods
    that need more than *j* counters, so that counts per period are met exactly."""
    counts = np.asarray(counts, int)
    intervals = []
    for j in range(int(counts.max(initial=0))):
        open_ = np.concatenate(([False], counts > j, [False]))
        edges = np.flatnonzero(np.diff(open_.astype(int)))
        intervals.append([(a * period, b * period) for a, b in zip(edges[::2], edges[1::2],
                                                                   strict=True)])
    return intervals


def staffed(scenario: Scenario, intervals: list[list[tuple[float, float]]],
            prefix: str = "S") -> Scenario:
    """A copy of ``scenario`` whose counters are open during ``intervals`` (model minutes), one
    list of intervals per counter, clipped to the day."""
    raw = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    speeds = {c.speed for c in scenario.counters}
    speed = speeds.pop() if len(speeds) == 1 else 1.0
    day = scenario.clock.end
    raw["counters"] = [
        {"id": f"{prefix}{j + 1}", "speed": speed,
         "hours": [f"{_clock(scenario, a)}-{_clock(scenario, min(b, day))}" for a, b in hours
                   if a < day]}
        for j, hours in enumerate(intervals) if any(a < day for a, _ in hours)
    ]
    if not raw["counters"]:  # a hall needs a counter; an idle one costs nothing to simulate
        raw["counters"] = [{"id": f"{prefix}1", "speed": speed, "hours": [
            f"{_clock(scenario, 0)}-{_clock(scenario, min(day, 1))}"]}]
    return Scenario.model_validate(raw)


def _clock(scenario: Scenario, minutes: float) -> str:
    return format_time(scenario.clock.start + minutes)


def counter_hours(scenario: Scenario, period: float) -> np.ndarray:
    """Staffed counters open during each whole period in ``scenario`` (its current staffing);
    self-service machines are not staff and not counted."""
    periods = int(np.ceil(scenario.clock.end / period))
    counts = np.zeros(periods, int)
    for counter in (c for c in scenario.counters if not c.machine):
        for start, end in scenario.counter_hours(counter):
            first, last = int(np.ceil(start / period - 1e-9)), int(np.floor(end / period + 1e-9))
            counts[first:last] += 1
    return counts
