"""The visit log as the fit reads it: times in minutes after each day's midnight, one model class
per (class, priority), and the hall's opening hours.

The scenario gives a class one priority; a log class whose visits carry several priorities (the
Anonymous Bank's priority customers are advanced in the queue within every service type) becomes
one model class per priority, named ``<class>-p<priority>``.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from ..clock import parse_time

DAY_END = 24 * 60
"""Latest closing time a scenario can have, minutes after midnight."""

_TIMES = {"joined": "arrived", "called": "called", "start": "service_start",
          "end": "service_end", "gone": "left"}


def visits_frame(table: pd.DataFrame) -> pd.DataFrame:
    """One row per visit: ``day``, ``class`` (model class), ``log_class``, ``priority``,
    ``outcome``, ``counter`` and the minutes after the day's midnight ``joined``, ``called``,
    ``start``, ``end``, ``gone`` (NaN when it did not happen). A visit that gave up without a
    recorded leaving time leaves at its call (ticket halls) or not at all."""
    day = pd.to_datetime(table["day"])
    frame = pd.DataFrame({"day": day.to_numpy(), "log_class": table["class"].astype(str),
                          "priority": table["priority"].fillna(0).astype(int),
                          "outcome": table["outcome"].astype(str),
                          "counter": table["counter"].fillna("").astype(str)})
    for name, column in _TIMES.items():
        stamps = pd.to_datetime(table[column]) if column in table else pd.Series(pd.NaT,
                                                                                  table.index)
        frame[name] = ((stamps - day) / pd.Timedelta(minutes=1)).to_numpy(float)
    gave_up = frame["outcome"].isin(["abandoned", "no_show"])
    frame["gone"] = frame["gone"].where(frame["gone"].notna() | ~gave_up, frame["called"])
    frame["class"] = model_classes(frame["log_class"], frame["priority"])
    return frame.reset_index(drop=True)


def model_classes(classes: pd.Series, priorities: pd.Series) -> pd.Series:
    """Model class of each visit: its class, or ``<class>-p<priority>`` where the class has
    visits of several priorities."""
    several = priorities.groupby(classes).nunique()
    split = classes.map(several).to_numpy() > 1
    named = classes.astype(str) + "-p" + priorities.astype(str)
    return pd.Series(np.where(split, named, classes), index=classes.index)


def opening_hours(joined: pd.Series, period: int) -> tuple[int, int]:
    """Opening and closing time (minutes after midnight) on period boundaries: from the period
    of the earliest arrival to the end of the period of the latest, at most midnight."""
    first = float(np.nanmin(joined))
    last = float(np.nanmax(joined))
    opening = int(first // period * period)
    closing = min(DAY_END, int(math.floor(last / period) + 1) * period)
    return max(0, opening), closing



def hall_classes(table: pd.DataFrame, names: list[str]) -> np.ndarray:
    """Each visit's class as a hall names it: ``<class>-p<priority>`` where the hall split the
    class by priority (as :func:`queuesim.calibration.fit.fit` does), else the log's class."""
    named = table["class"].astype(str) + "-p" + table["priority"].astype(int).astype(str)
    return np.where(named.isin(names), named, table["class"].astype(str))


def comparable(log, scenario: dict):
    """The log as the fitted hall can be compared with it: each visit's class renamed to the
    hall's class for its priority (``<class>-p<priority>`` where the hall split a class by
    priority), and visits that joined outside the hall's opening hours (calls past midnight)
    left out and counted."""
    table = log.table
    classes = hall_classes(table, list(scenario["customers"]))
    minutes = (table["arrived"] - pd.to_datetime(table["day"])) / pd.Timedelta(minutes=1)
    clock = scenario["clock"]
    inside = ((minutes >= parse_time(clock["open"])) & (minutes < parse_time(clock["close"])))
    skipped = dict(log.skipped)
    if (~inside).any():
        skipped["joined outside the fitted hall's opening hours"] = int((~inside).sum())
    table = table.assign(**{"class": classes})[inside.to_numpy()].reset_index(drop=True)
    return dataclasses.replace(log, table=table, skipped=skipped)
