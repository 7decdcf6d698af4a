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

Each warning keeps the figures its message is made of, so :func:`text` can say it in any
language of :mod:`queuesim.i18n`; the stored ``message`` (in ``summary.json``) is always English,
a stable text for scripts, and :func:`print_warnings` shows the chosen language.

The load counts walk-ins only (appointments and bursts come on top) and ignores per-class
speeds and service while waiting, so an hour flagged is overloaded at least as much as shown.
Times in minutes, rates per minute unless said.
"""

from __future__ import annotations

import math
import sys
from itertools import pairwise

from . import i18n
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
    warning = {"code": "overload", "periods": [_period_record(scenario, p) for p in over],
               "hours_of_day": len(periods)}
    return [{**warning, "message": text(warning, "en")}]


def _overload_day_text(warning: dict, lang: str) -> str:
    records = warning["periods"]
    spans = i18n.say("msg.separator", lang).join(_span_text(span, lang)
                                                 for span in _spans(records))
    return i18n.say("msg.overload_day", lang, hours=len(records),
                    total=warning["hours_of_day"], spans=spans)


def _steady_overload(scenario: Scenario, period: dict) -> list[dict]:
    load, capacity = period["load"], period["capacity"]
    if load < capacity:
        return []
    warning = {"code": "overload", "load": load, "capacity": capacity,
               "ratio": load / capacity, "finite_by_patience": all(
                   c.patience is not None for c in scenario.customers.values())}
    return [{**warning, "message": text(warning, "en")}]


def _overload_steady_text(warning: dict, lang: str) -> str:
    tail = ("msg.overload_steady_patient" if warning["finite_by_patience"]
            else "msg.overload_steady_growing")
    return i18n.say("msg.overload_steady", lang, load=f"{warning['load']:.2f}",
                    capacity=f"{warning['capacity']:g}",
                    percent=f"{100 * warning['ratio']:.0f}", tail=i18n.say(tail, lang))


def overtime(summary: dict, scenario: Scenario) -> list[dict]:
    """The ``overtime`` warning when a day's last service ends long after closing."""
    stat = summary.get("kpis", {}).get("overtime")
    if scenario.clock.steady or not stat or stat["mean"] is None:
        return []
    minutes, day = stat["mean"], scenario.clock.end
    if minutes <= OVERTIME_MINUTES and minutes <= OVERTIME_SHARE * day:
        return []
    warning = {"code": "overtime", "minutes": minutes, "share_of_day": minutes / day,
               "ci95": list(stat["ci95"]), "close": scenario.clock.close, "day_minutes": day}
    return [{**warning, "message": text(warning, "en")}]


def _overtime_text(warning: dict, lang: str) -> str:
    minutes, day = warning["minutes"], warning["day_minutes"]
    low, high = warning["ci95"]
    interval = ("" if low is None else
                i18n.say("msg.overtime_interval", lang, low=f"{low:.0f}", high=f"{high:.0f}"))
    return i18n.say("msg.overtime", lang, minutes=f"{minutes:.0f}", hours=f"{minutes / 60:.1f}",
                    interval=interval, close=warning["close"], percent=f"{100 * minutes / day:.0f}",
                    day=f"{day / 60:g}")


def _plan_fails_proof_text(warning: dict, lang: str) -> str:
    return i18n.say("msg.plan_fails_proof", lang, count=len(warning["periods"]),
                    periods=", ".join(warning["periods"]))


def _other_customers_text(warning: dict, lang: str) -> str:
    return i18n.say("msg.other_customers", lang, baseline=warning["baseline"],
                    classes=", ".join(warning["classes"]))


def text(warning: dict, lang: str | None = None) -> str:
    """A warning's message in a language (``None``: :func:`queuesim.i18n.current`): made from
    its figures for the warnings of this module and of a staffing plan, else its stored
    message."""
    code = warning.get("code")
    if code == "overload":
        build = _overload_day_text if "periods" in warning else _overload_steady_text
    else:
        build = {"overtime": _overtime_text, "plan_fails_proof": _plan_fails_proof_text,
                 "other_customers": _other_customers_text}.get(code)
    if build is None or (lang is None and "message" in warning and i18n.current() == "en"):
        return warning["message"]
    said = build(warning, i18n.language(lang))
    return f"{warning['option']}: {said}" if "option" in warning else said


def print_warnings(warnings: list[dict]) -> None:
    """Each warning on stderr, one line each, in the current language."""
    for warning in warnings:
        print(i18n.say("msg.warning", message=text(warning)), file=sys.stderr)


def _spans(records: list[dict]) -> list[list[dict]]:
    """Consecutive overloaded hours grouped together."""
    spans: list[list[dict]] = []
    for record in records:
        if spans and spans[-1][-1]["to"] == record["from"]:
            spans[-1].append(record)
        else:
            spans.append([record])
    return spans


def _span_text(span: list[dict], lang: str) -> str:
    """``11:00–14:00 (load up to 263 % of the counters open, at 12:00)``."""
    when = f"{span[0]['from']}–{span[-1]['to']}"
    closed = [r for r in span if r["ratio"] is None]
    if closed:
        return i18n.say("msg.overload_span_closed", lang, when=when, start=closed[0]["from"])
    peak = max(span, key=lambda r: r["ratio"])
    return i18n.say("msg.overload_span", lang, when=when, percent=f"{100 * peak['ratio']:.0f}",
                    start=peak["from"], load=f"{peak['load']:.1f}",
                    capacity=f"{peak['capacity']:g}")


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
