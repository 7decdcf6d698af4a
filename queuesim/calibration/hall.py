"""The fitted hall written as an ordinary scenario mapping.

Arrivals become ``arrivals.per_class`` (a step function per class, customers per hour) with the
day-to-day level ``day_to_day_cv``; each class gets its priority, service time (and
``service_factor`` by period of arrival) and patience; counters become either the counters seen,
each with its hours and the classes it served, or a staffing profile of counts per period scaled
by the calibration factors. A call centre or a hall with one line is a ``single_line``; a hall
whose log has no-shows or missed calls is a ``ticket`` hall, with the fitted chance of a
missed call and call time; a log with balked visits gives the balking threshold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clock import format_time
from .counters import CounterFit

PROFILE_PREFIX = "A"
"""Ids of profile counters: A1, A2, ..."""


def _number(value: float) -> float:
    return float(f"{value:.4g}")


def steps(values: pd.Series | dict, periods: np.ndarray, default: float) -> dict[str, float]:
    """``{"HH:MM": value}`` for every period start (minutes after midnight)."""
    values = dict(values)
    return {format_time(p): _number(float(values.get(int(p), default))) for p in periods}


def customers_section(classes: list[str], priorities: dict[str, int], services: dict,
                      patience: dict, periods: np.ndarray) -> dict:
    """``customers``: priority, service time, service factor and patience per class."""
    section = {}
    for name in classes:
        entry: dict = {"priority": int(priorities[name]),
                       "service_time": services[name]["spec"]}
        if services[name]["factors"]:
            entry["service_factor"] = steps(services[name]["factors"], periods, 1.0)
        if patience.get(name) is not None:
            entry["patience"] = patience[name]["spec"]
        section[name] = entry
    return section


def profile_counts(capacity: pd.Series, factor: float | np.ndarray, demand: pd.Series,
                   period: int) -> dict[int, int]:
    """Counters open from each instant (minutes after midnight) on: ``factor`` (one, or one
    per period) × measured capacity per period, at least one where anyone comes. A
    fractional capacity such as 5.4 is 5 counters all period and a 6th for 40 % of it (from
    the period's start), so the capacity offered is not moved by rounding to whole
    counters."""
    wanted = capacity.to_numpy(float) * factor
    anyone = demand.reindex(capacity.index, fill_value=0).to_numpy() > 0
    wanted = np.where(anyone, np.maximum(wanted, 1.0), wanted)
    if wanted.max() <= 0:
        wanted[:] = 1.0
    counts: dict[int, int] = {}
    for start, value in zip(capacity.index.astype(int), wanted, strict=True):
        whole = int(np.floor(value))
        extra = round((value - whole) * period)
        if extra >= period:
            whole, extra = whole + 1, 0
        counts[start] = whole + 1 if extra else whole
        if extra:
            counts[start + extra] = whole
    return counts


def counters_section(counters: CounterFit, factor: float | np.ndarray | None, demand: pd.Series,
                     classes: list[str], period: int) -> list | dict:
    """``counters``: a profile when ``factor`` is given, else the counters seen with hours."""
    if factor is not None:
        counts = profile_counts(counters.capacity, factor, demand, period)
        return {"profile": {format_time(p): c for p, c in counts.items()},
                "prefix": PROFILE_PREFIX}
    listed = []
    covered: set[str] = set()
    for counter, runs in counters.hours.items():
        served = [c for c in classes if c in counters.skills.columns
                  and counters.skills.loc[counter, c] > 0]
        covered.update(served)
        listed.append({"id": counter, "serves": [served],
                       "hours": [f"{format_time(s)}-{format_time(e)}" for s, e in runs]})
    for entry in listed:  # a class nobody was seen serving can go to any counter
        entry["serves"][0] += [c for c in classes if c not in covered]
    return listed


def ticket_rules(details: dict) -> dict:
    """``queue.ticket``: the fitted chance that a present holder misses a call and the call
    time, where the log could tell them (else the model's defaults stay)."""
    rules = {}
    if details.get("missed_calls"):
        rules["absent_probability"] = _number(details["missed_calls"]["absent_probability"])
    if details.get("call_time"):
        rules["call_time"] = _number(details["call_time"]["call_time"])
    return rules


def scenario_mapping(name: str, description: str, hours: tuple[int, int], customers: dict,
                     per_class: dict, day_to_day_cv: float, counters, ticket: bool,
                     replications: int, balking: dict | None = None,
                     rules: dict | None = None) -> dict:
    """The whole scenario mapping (``queuesim.load_scenario`` accepts it)."""
    queue: dict = {"structure": "ticket" if ticket else "single_line"}
    if ticket and rules:
        queue["ticket"] = rules
    mapping = {
        "name": name,
        "description": description,
        "clock": {"open": format_time(hours[0]), "close": format_time(hours[1])},
        "customers": customers,
        "arrivals": {"per_class": per_class, "day_to_day_cv": _number(day_to_day_cv)},
        "counters": counters,
        "queue": queue,
        "replications": replications,
        "seed": 0,
    }
    if balking:
        mapping["balking"] = {"max_waiting": int(balking["max_waiting"])}
    return mapping
