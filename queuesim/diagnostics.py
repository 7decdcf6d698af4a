"""Warnings a branch manager reads: when the figures of a run describe a hall that cannot cope.

A run always produces numbers, even for a hall that is hopelessly overloaded; this module says
when they should not be read as usual. Each warning is a mapping ``{"code", "message", …}``
with the figures behind it, so the terminal, the JSON summary and the report show the same.

- ``overload`` (:func:`overload`, from the scenario alone, before simulating): the offered load
  (walk-in arrivals per minute of each class × its mean service time at speed 1 × its
  service factor) exceeds the capacity open (the
  summed speed of the counters open), per clock hour of a day or over a steady-state run. In
  steady state with load ≥ capacity no average converges: waits, the number waiting and those
  still unserved at the end grow with the horizon.
- ``overtime`` (:func:`overtime`, from a run's summary): the last service ends long after
  closing (mean overtime over :data:`OVERTIME_MINUTES` or :data:`OVERTIME_SHARE` of the day).

The load counts walk-ins only (appointments and bursts come on top) and ignores per-class
speeds and service while waiting, so an hour flagged is overloaded at least as much as shown.
Times in minutes, rates per minute unless said.
"""

from __future__ import annotations

import math
from itertools import pairwise

from .clock import format_time
from .scenario import Scenario

OVERTIME_MINUTES = 60.0
"""Mean overtime (minutes after closing) above which a day run is flagged."""
OVERTIME_SHARE = 0.25
"""… or above this share of the opening hours."""


def hourly_load(scenario: Scenario) -> list[dict]:
    """Per clock hour of a day (or the whole steady-state run): ``start`` and ``end`` (model
    minutes), ``load`` (counters' worth of work arriving) and ``capacity`` (counters open,
    weighted by speed), both averaged over the period."""
    end = scenario.clock.end
    if scenario.clock.steady:
        edges = [0.0, end]
    else:
        first = 60 * math.ceil(scenario.clock.start / 60) - scenario.clock.start
        edges = sorted({0.0, end, *(t for t in _range(first, end, 60.0) if 0 < t < end)})
    work = [(list(times), list(rates)) for times, rates in scenario.work_rate_steps()]
    opened = [(c.speed, scenario.counter_hours(c)) for c in scenario.counters]
    periods = []
    for low, high in pairwise(edges):
        span = high - low
        arriving = sum(_integral(times, rates, low, high) for times, rates in work) / span
        capacity = sum(speed * _overlap(hours, low, high) for speed, hours in opened) / span
        periods.append({"start": low, "end": high, "load": arriving,
                        "capacity": capacity})
    return periods


def overload(scenario: Scenario) -> list[dict]:
    """The ``overload`` warning (a list of one, or empty); see the module docstring."""
    periods = hourly_load(scenario)
    if scenario.clock.steady:
        return _steady_overload(scenario, periods[0])
    over = [p for p in periods if p["load"] > p["capacity"] * (1 + 1e-9)]
    if not over:
        return []
    records = [_period_record(scenario, p) for p in over]
    spans = "; ".join(_span_text(span) for span in _spans(records))
    message = (f"overload: more work arrives than the open counters can do in {len(over)} of "
               f"{len(periods)} hours of the day: {spans}. The line grows through these hours, "
               "so expect long waits, walk-outs or overtime")
    return [{"code": "overload", "message": message, "periods": records}]


def _steady_overload(scenario: Scenario, period: dict) -> list[dict]:
    load, capacity = period["load"], period["capacity"]
    if load < capacity:
        return []
    ratio = load / capacity
    figures = (f"offered load {load:.2f} counters' work against {capacity:g} counters "
               f"({100 * ratio:.0f} %)")
    if all(c.patience is not None for c in scenario.customers.values()):
        tail = ("only customers giving up keep the line finite: waits are set by patience "
                "and a large share gives up")
    else:
        tail = ("the line grows without limit, so the averages do not converge: waits, the "
                "number waiting and those unserved at the end grow with the horizon and "
                "describe the run length, not the hall")
    return [{"code": "overload", "message": f"overload: {figures}; {tail}",
             "load": load, "capacity": capacity, "ratio": ratio}]


def overtime(summary: dict, scenario: Scenario) -> list[dict]:
    """The ``overtime`` warning when a day's last service ends long after closing."""
    stat = summary.get("kpis", {}).get("overtime")
    if scenario.clock.steady or not stat or stat["mean"] is None:
        return []
    minutes, day = stat["mean"], scenario.clock.end
    if minutes <= OVERTIME_MINUTES and minutes <= OVERTIME_SHARE * day:
        return []
    low, high = stat["ci95"]
    interval = f" [95 % CI {low:.0f}–{high:.0f}]" if low is not None else ""
    message = (f"overtime: the last service ends on average {minutes:.0f} min "
               f"({minutes / 60:.1f} h){interval} after closing time {scenario.clock.close}, "
               f"{100 * minutes / day:.0f} % of the {day / 60:g}-hour day; the counters cannot "
               "clear the line in opening hours")
    return [{"code": "overtime", "message": message, "minutes": minutes,
             "share_of_day": minutes / day}]


def _spans(records: list[dict]) -> list[list[dict]]:
    """Consecutive overloaded hours grouped together."""
    spans: list[list[dict]] = []
    for record in records:
        if spans and spans[-1][-1]["to"] == record["from"]:
            spans[-1].append(record)
        else:
            spans.append([record])
    return spans


def _span_text(span: list[dict]) -> str:
    """``11:00–14:00 (load up to 263 % of the counters open, at 12:00)``."""
    when = f"{span[0]['from']}–{span[-1]['to']}"
    closed = [r for r in span if r["ratio"] is None]
    if closed:
        return f"{when} (work arrives while no counter is open, from {closed[0]['from']})"
    peak = max(span, key=lambda r: r["ratio"])
    return (f"{when} (up to {100 * peak['ratio']:.0f} % of the counters open, at "
            f"{peak['from']}: {peak['load']:.1f} counters' work against {peak['capacity']:g})")


def for_option(name: str, warnings: list[dict]) -> list[dict]:
    """Warnings of one option of a comparison: its name in the message and an ``option``."""
    return [{**warning, "option": name, "message": f"{name}: {warning['message']}"}
            for warning in warnings]


def comparison_overtime(comparison) -> list[dict]:
    """The ``overtime`` warning of every option of a :class:`~queuesim.compare.Comparison`."""
    entries = comparison.to_dict()["options"]
    return [warning for option, entry in zip(comparison.options, entries, strict=True)
            for warning in for_option(option.name, overtime(entry, option.scenario))]


def _period_record(scenario: Scenario, period: dict) -> dict:
    start = scenario.clock.start
    ratio = period["load"] / period["capacity"] if period["capacity"] > 0 else None
    return {"from": format_time(start + period["start"]), "to": format_time(start + period["end"]),
            "load": period["load"], "capacity": period["capacity"], "ratio": ratio}


def _range(first: float, end: float, step: float):
    value = first
    while value < end:
        yield value
        value += step


def _integral(times: list[float], rates: list[float], low: float, high: float) -> float:
    """Integral over [low, high] of the step function rates (from each time on)."""
    bounds = [*times[1:], math.inf]
    return sum(rate * _overlap([(start, stop)], low, high)
               for start, stop, rate in zip(times, bounds, rates, strict=True))


def _overlap(intervals, low: float, high: float) -> float:
    return sum(max(0.0, min(b, high) - max(a, low)) for a, b in intervals)
