"""Counters learnt from a visit log: who worked when, what each served, and capacity offered.

A counter (or call-centre agent) *seen* in a period was not necessarily open all of it: agents
take breaks, do back-office work, log in for twenty minutes. Capacity offered is measured where
the log can see it: while customers were waiting, every open counter that serves them is busy
(the line is work-conserving), so the mean number of busy counters over the instants with
someone waiting is the number open. In periods where nobody waited the log only gives a lower
bound, the most counters busy at once; the fit says so.

When, in the periods with waiting, the counters seen were (nearly) all busy, the counters seen
are the counters open and the hall is written as listed counters with their hours; otherwise as
a profile of counts per period, whose level is then calibrated by simulation
(:mod:`queuesim.calibration.calibrate`). Times in minutes after the day's midnight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

WAITING_SHARE = 0.05
"""Least share of a period (over all days) with someone waiting for capacity to be measured."""
SEEN_IS_OPEN = 0.8
"""Capacity over counters seen above which the counters seen are taken as the counters open."""
PRESENT_DAYS = 0.5
"""Share of days a counter must work in a period for the period to be in its hours."""


@dataclass(frozen=True)
class CounterFit:
    """What the log says of the counters, per period start (minutes after midnight)."""

    capacity: pd.Series
    """Counters open (mean over days), measured or lower bound."""
    measured: pd.Series
    """True where ``capacity`` was measured from busy time while customers waited."""
    seen: pd.Series
    """Counters seen working (mean over days)."""
    busy: pd.DataFrame
    """Busy minutes per counter (rows) and period (columns), summed over days."""
    skills: pd.DataFrame
    """Visits served per counter (rows) and class (columns)."""
    hours: dict[str, list[tuple[int, int]]]
    """Per counter, the periods (start, end) it worked on most days."""

    @property
    def seen_are_open(self) -> bool:
        """Whether the counters seen were busy whenever customers waited."""
        measured = self.measured & (self.seen > 0)
        if not measured.any():
            return False
        return float(self.capacity[measured].sum() / self.seen[measured].sum()) >= SEEN_IS_OPEN


def step_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """Changes of (waiting, busy) at each instant, from the visits' minutes columns ``joined``,
    ``start``, ``end``, ``gone`` and their ``day`` (integer)."""
    parts = [
        (frame["joined"], 1, 0),
        (frame["start"], -1, 1),  # a served customer stops waiting as service starts
        (frame["gone"], -1, 0),   # one who gave up stops waiting as they leave
        (frame["end"], 0, -1),
    ]
    pieces = []
    for times, waiting, busy in parts:
        kept = times.notna()
        pieces.append(pd.DataFrame({"day": frame["day"][kept], "time": times[kept],
                                    "waiting": waiting, "busy": busy}))
    return pd.concat(pieces, ignore_index=True)


def occupancy(changes: pd.DataFrame, days: np.ndarray, period: int,
              periods: np.ndarray) -> pd.DataFrame:
    """Per (day, period): minutes with someone waiting, busy counter-minutes during them, all
    busy counter-minutes, and the most counters busy at once."""
    bounds = pd.DataFrame({"day": np.repeat(days, len(periods) + 1),
                           "time": np.tile(np.append(periods, periods[-1] + period), len(days)),
                           "waiting": 0, "busy": 0})
    events = pd.concat([changes, bounds], ignore_index=True).sort_values(
        ["day", "time"], kind="stable")
    grouped = events.groupby("day")
    waiting = grouped["waiting"].cumsum().to_numpy()
    busy = grouped["busy"].cumsum().to_numpy()
    time = events["time"].to_numpy(float)
    day = events["day"].to_numpy()
    length = np.where(np.append(day[1:] == day[:-1], False), np.append(np.diff(time), 0), 0)
    period_of = (time // period * period).astype(int)
    queued = (waiting > 0) * length
    table = pd.DataFrame({"day": day, "period": period_of, "queued": queued,
                          "busy_queued": busy * queued, "busy": busy * length, "peak": busy})
    table = table[table["period"].isin(periods)]
    return table.groupby(["day", "period"]).agg(
        queued=("queued", "sum"), busy_queued=("busy_queued", "sum"), busy=("busy", "sum"),
        peak=("peak", "max"))


def capacity(cells: pd.DataFrame, period: int) -> tuple[pd.Series, pd.Series]:
    """Counters open per period and whether that was measured (see the module docstring)."""
    by_period = cells.groupby(level="period")
    queued = by_period["queued"].sum()
    days = by_period.size()
    measured = queued >= WAITING_SHARE * period * days
    while_waiting = by_period["busy_queued"].sum() / queued.where(queued > 0)
    bound = by_period["peak"].mean()
    return while_waiting.where(measured, bound).fillna(0.0), measured


def fit_counters(visits: pd.DataFrame, period: int, periods: np.ndarray) -> CounterFit:
    """The counters of a hall from its visits (columns ``day`` (integer), ``class``,
    ``counter``, and the minutes ``joined``, ``start``, ``end``, ``gone``)."""
    days = np.sort(visits["day"].unique())
    cells = occupancy(step_changes(visits), days, period, periods)
    open_, measured = capacity(cells, period)
    served = visits[visits["counter"].fillna("").astype(str) != ""]
    skills = pd.crosstab(served["counter"], served["class"])
    busy, presence = _counter_busy(served, period, periods, len(days))
    seen = presence.sum(axis=0) / len(days)
    return CounterFit(open_.reindex(periods, fill_value=0.0), measured.reindex(periods,
                      fill_value=False), seen.reindex(periods, fill_value=0.0), busy, skills,
                      _hours(presence >= PRESENT_DAYS * len(days), period))


def _counter_busy(served: pd.DataFrame, period: int, periods: np.ndarray,
                  days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Busy minutes per counter and period (service split over the periods it spans, by its
    start for simplicity when it spans several), and on how many days each counter worked in
    each period."""
    start = served["start"].to_numpy(float)
    frame = pd.DataFrame({"counter": served["counter"].astype(str).to_numpy(),
                          "day": served["day"].to_numpy(),
                          "period": (start // period * period).astype(int),
                          "busy": (served["end"] - served["start"]).to_numpy(float)})
    frame = frame[frame["period"].isin(periods)]
    busy = frame.pivot_table(index="counter", columns="period", values="busy", aggfunc="sum",
                             fill_value=0.0).reindex(columns=periods, fill_value=0.0)
    presence = frame.drop_duplicates(["counter", "day", "period"]).pivot_table(
        index="counter", columns="period", values="day", aggfunc="count", fill_value=0)
    return busy, presence.reindex(columns=periods, fill_value=0)


def _hours(present: pd.DataFrame, period: int) -> dict[str, list[tuple[int, int]]]:
    """Runs of consecutive periods in which each counter is present, as (start, end) minutes."""
    hours: dict[str, list[tuple[int, int]]] = {}
    for counter, row in present.iterrows():
        runs: list[tuple[int, int]] = []
        for start in row.index[row.to_numpy(bool)]:
            if runs and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], int(start) + period)
            else:
                runs.append((int(start), int(start) + period))
        if runs:
            hours[str(counter)] = runs
    return hours
