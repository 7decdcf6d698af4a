"""An observed day as a replication, and a simulated day as a visit log.

:func:`customers_table` turns one working day of a visit log into the simulator's tables
(``customers``, ``timeline``, ``counters``; columns as :mod:`queuesim.log` documents, times in
minutes from the hall's opening), so :func:`queuesim.metrics.replication_kpis` computes an
observed day's KPIs with the same code as a simulated day's. :func:`visit_log_from_results` goes
the other way: the simulator's per-customer log as a visit log, one day per replication, so a
simulated day can be written, re-read and compared like a real one.

What a visit log cannot hold: the simulator's ``origin``, ``slot``, ``ticket``, ``line``,
``jockeys``, ``transfers``, ``recalls`` and ``announced`` columns, and the counters' opening
hours (pass ``open_time`` to get utilization back), so the experience KPIs (which need tickets,
lines and announcements) are not carried; the waiting-line KPIs are, exactly. A no-show's
``called`` is the call that found them gone (the simulator's ``exit`` of a no-show).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from ..errors import ScenarioError, did_you_mean
from ..experience import queue_rules
from ..log import OUTCOMES as MODEL_OUTCOMES
from ..model.draws import ORIGINS
from .schema import COLUMNS

TO_MODEL = {"served": "served", "abandoned": "reneged", "no_show": "no_show",
            "balked": "balked", "unserved": "unserved"}
"""Visit-log outcome → the simulator's outcome."""
TO_VISIT = {model: visit for visit, model in TO_MODEL.items()}
MINUTE = pd.Timedelta(minutes=1)


def customers_table(log_table: pd.DataFrame, opening: str, class_names: Sequence[str],
                    counter_ids: Sequence[str],
                    open_time: Mapping[str, float] | None = None) -> dict[str, pd.DataFrame]:
    """The simulator's tables for one observed working day.

    Parameters
    ----------
    log_table
        The visits of one day (a :class:`~.visitlog.VisitLog` table, column ``day`` included).
    opening
        Opening time "HH:MM": model time 0 (visits before it get negative times).
    class_names, counter_ids
        The hall's classes and counters; a class outside ``class_names`` is an error, counters
        seen only in the log are added.
    open_time
        Minutes each counter was open that day, when known; otherwise utilization is NaN.
    """
    if log_table.empty:
        raise ScenarioError("no visits on this day: an observed day needs at least one visit")
    day = pd.Timestamp(log_table["day"].iloc[0])
    hours, minutes = (int(part) for part in opening.split(":"))
    origin = day + pd.Timedelta(hours=hours, minutes=minutes)
    customers = _customers(log_table.reset_index(drop=True), origin, list(class_names))
    counters = _counters(customers, [*counter_ids, *sorted(
        set(customers["counter"]) - set(counter_ids) - {""})], open_time or {})
    return {"customers": customers, "timeline": _timeline(customers), "counters": counters}


def _minutes(times: pd.Series, origin: pd.Timestamp) -> np.ndarray:
    return ((times - origin) / MINUTE).to_numpy(float)


def _customers(visits: pd.DataFrame, origin: pd.Timestamp, class_names: list[str]):
    unknown = sorted(set(visits["class"]) - set(class_names))
    if unknown:
        raise ScenarioError(f"class {unknown[0]!r} of the log is not a class of the hall "
                            f"({', '.join(class_names)}){did_you_mean(unknown[0], class_names)}")
    at = {name: _minutes(visits[name], origin) for name in
          ("arrived", "called", "service_start", "service_end", "left")}
    outcome = visits["outcome"].map(TO_MODEL).to_numpy(object)
    exit_ = np.where(outcome == "served", at["service_end"], at["left"])
    exit_ = np.where((outcome == "no_show") & np.isnan(exit_), at["called"], exit_)
    exit_ = np.where((outcome == "balked") & np.isnan(exit_), at["arrived"], exit_)
    n = len(visits)
    start = at["service_start"]
    return pd.DataFrame({
        "customer": np.arange(n),
        "class": pd.Categorical(visits["class"], categories=class_names),
        "arrival": at["arrived"],
        "origin": pd.Categorical(["walk_in"] * n, categories=list(ORIGINS)),
        "slot": np.full(n, np.nan), "ready": at["arrived"], "ticket": np.full(n, np.nan),
        "line": np.full(n, "", object), "jockeys": np.zeros(n, int),
        "transfers": np.zeros(n, int), "recalls": np.zeros(n, int),
        "first_call": _first_call(at.get("called"), start),
        "service_start": start, "service_end": at["service_end"],
        "counter": visits["counter"].to_numpy(object),
        "outcome": pd.Categorical(outcome, categories=list(MODEL_OUTCOMES)),
        "exit": exit_, "announced": np.full(n, np.nan),
        "wait": np.where(np.isnan(start), exit_, start) - at["arrived"],
        "service_time": at["service_end"] - start,
    })


def _first_call(called, start: np.ndarray) -> np.ndarray:
    """The first call where it did not start the service (a missed call), else NaN."""
    if called is None:
        return np.full(len(start), np.nan)
    called = np.asarray(called, float)
    return np.where(np.isnan(start) | (called < start), called, np.nan)


def _timeline(customers: pd.DataFrame) -> pd.DataFrame:
    """Customers waiting and counters busy over the day, from the visits (``open`` unknown:
    -1). A customer whose end of wait is unknown is left out of the count."""
    joined = (customers["outcome"] != "balked").to_numpy()
    ready, start, end = (customers[c].to_numpy(float) for c in ("ready", "service_start",
                                                                "service_end"))
    wait_end = np.where(np.isnan(start), customers["exit"].to_numpy(float), start)
    counted = joined & ~np.isnan(wait_end)
    served = ~np.isnan(start) & ~np.isnan(end)
    times = np.concatenate([[0.0], ready[counted], wait_end[counted], start[served], end[served]])
    waiting = np.concatenate([[0], np.ones(counted.sum()), -np.ones(counted.sum()),
                              np.zeros(2 * served.sum())])
    busy = np.concatenate([[0], np.zeros(2 * counted.sum()), np.ones(served.sum()),
                           -np.ones(served.sum())])
    order = np.argsort(times, kind="stable")
    frame = pd.DataFrame({"time": times[order], "waiting": np.cumsum(waiting[order]),
                          "busy": np.cumsum(busy[order])})
    frame = frame.groupby("time", sort=True).last().reset_index()
    frame = frame[frame[["waiting", "busy"]].diff().abs().sum(axis=1).ne(0) | (frame.index == 0)]
    return frame.astype({"waiting": int, "busy": int}).assign(open=-1).reset_index(drop=True)


def _counters(customers: pd.DataFrame, ids: list[str], open_time: Mapping[str, float]):
    served = customers[customers["outcome"] == "served"]
    start = served["service_start"].clip(lower=0.0)
    busy = (served["service_end"] - start).clip(lower=0.0).groupby(served["counter"]).sum()
    done = served[served["service_end"] >= 0].groupby("counter").size()
    opened = np.array([open_time.get(c, np.nan) for c in ids], float)
    busy_time = np.array([busy.get(c, 0.0) for c in ids], float)
    with np.errstate(invalid="ignore", divide="ignore"):
        utilization = np.where(opened > 0, busy_time / opened, np.nan)
    return pd.DataFrame({"counter": ids, "open_time": opened, "busy_time": busy_time,
                         "absent_time": np.zeros(len(ids)),
                         "served": np.array([done.get(c, 0) for c in ids], int),
                         "utilization": utilization})


def with_hall_counters(frames: dict[str, pd.DataFrame], scenario) -> dict[str, pd.DataFrame]:
    """``frames`` of an observed day ready for :func:`queuesim.metrics.replication_kpis` with
    ``scenario``: a served customer whose counter the hall does not have (an agent's name, an
    empty counter) is credited to the first counter of the hall that serves their class. Only
    the fairness KPIs read which counter served whom (to tell legitimate overtakes); the counters
    table keeps the log's own counters."""
    _, eligible = queue_rules(scenario)
    customers = frames["customers"]
    counter = customers["counter"].astype(str)
    foreign = (~counter.isin(list(eligible)) & (customers["outcome"] == "served")).to_numpy()
    if not foreign.any():
        return frames
    first = next(iter(eligible))
    stand_in = {name: next((c for c, classes in eligible.items() if name in classes), first)
                for name in scenario.class_names}
    replaced = np.where(foreign, customers["class"].astype(str).map(stand_in), counter)
    return {**frames, "customers": customers.assign(counter=replaced)}


def _served_call(customers: pd.DataFrame) -> np.ndarray:
    """A served customer's first call: the unanswered one, if any, else the service start."""
    start = customers["service_start"].to_numpy(float)
    if "first_call" not in customers:
        return start
    first = customers["first_call"].to_numpy(float)
    return np.where(np.isnan(first), start, first)


def _call_before_leaving(customers: pd.DataFrame) -> np.ndarray:
    """The first call of a customer who was called, missed it and left before the recall (NaN
    for everyone else)."""
    if "first_call" not in customers:
        return np.full(len(customers), np.nan)
    first = customers["first_call"].to_numpy(float)
    return np.where(first < customers["exit"].to_numpy(float), first, np.nan)


def visit_log_from_results(results, date: date) -> pd.DataFrame:
    """The simulator's per-customer log as a visit log: replication *r* is the working day
    ``date`` + *r* days, times are wall-clock date-times from the scenario's opening.

    ``arrived`` is when the customer joined the queue (the simulator's ``ready``: a booked
    customer early for the slot joins at the slot). Outcomes map reneged → abandoned (``left`` =
    exit); a no-show's ``called`` is the call that found them gone; a served customer's
    ``called`` is their first call: the one that went unanswered (a missed call, then served at
    a recall) or else their service start; one who missed a call and left before the recall has
    it as ``called``.
    """
    scenario = results.scenario
    if scenario.clock.steady:
        raise ScenarioError("a steady-state run has no days; simulate a day (clock.open/close) "
                            "to write a visit log")
    customers = results.customers
    days = pd.Timestamp(date) + pd.to_timedelta(customers["replication"].to_numpy(), unit="D")
    origin = days + pd.Timedelta(minutes=scenario.clock.start)

    def stamp(minutes) -> pd.Series:
        return pd.Series(origin + pd.to_timedelta(np.asarray(minutes, float), unit="min"),
                         index=customers.index).astype("datetime64[ns]")

    outcome = customers["outcome"].astype(str).map(TO_VISIT)
    served, no_show = outcome == "served", outcome == "no_show"
    priority = {name: c.priority for name, c in scenario.customers.items()}
    table = pd.DataFrame({
        "visit": customers["customer"].astype(str), "branch": "",
        "class": customers["class"].astype(str),
        "priority": customers["class"].astype(str).map(priority).astype(int),
        "arrived": stamp(customers["ready"]),
        "called": stamp(np.where(served, _served_call(customers),
                                 np.where(no_show, customers["exit"], _call_before_leaving(
                                     customers)))),
        "service_start": stamp(customers["service_start"]),
        "service_end": stamp(customers["service_end"]),
        "left": stamp(np.where(served | no_show, np.nan, customers["exit"])),
        "outcome": outcome, "counter": customers["counter"].astype(str),
    })
    return table[list(COLUMNS)].assign(day=pd.Series(days, index=customers.index).dt.normalize())
