"""Outages: stretches of a day in which nobody joined although the hall was busy around them.

Under the fitted Poisson rates, the chance that a stretch expected to bring ``m`` arrivals
brings none is ``exp(−m)``. Among ``n`` gaps between consecutive arrivals, those with
``m > log(n / FALSE_ALARMS)`` are called outages (a broken ticket machine, a switch that dropped
calls): a Bonferroni bound keeps the expected number of false alarms in the whole log below
``FALSE_ALARMS``, and ``m`` is never below ``OUTAGE_EXPECTED``.
The periods it touches are left out of the arrival rates: the rate of such a period is averaged
over the other days. Times in minutes after the day's midnight.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clock import format_time

OUTAGE_EXPECTED = 8.0
"""Fewest arrivals expected in a gap, under the fitted rates, for it to be an outage."""
FALSE_ALARMS = 0.01
"""Expected number of gaps wrongly called outages in a whole log."""


def find_outages(minutes: pd.Series, days: pd.Series, rates_per_minute: pd.Series,
                 period: int) -> pd.DataFrame:
    """Outages as rows ``day``, ``start``, ``end`` (minutes) and ``expected`` arrivals.

    ``rates_per_minute`` is the mean rate of all classes per period start (minutes after
    midnight); only gaps between two arrivals of the same day count (the hall was in use before
    and after).
    """
    frame = pd.DataFrame({"day": days.to_numpy(), "time": minutes.to_numpy(float)})
    frame = frame.sort_values(["day", "time"], kind="stable")
    same_day = frame["day"].to_numpy()[1:] == frame["day"].to_numpy()[:-1]
    starts = frame["time"].to_numpy()[:-1][same_day]
    ends = frame["time"].to_numpy()[1:][same_day]
    gap_days = frame["day"].to_numpy()[:-1][same_day]
    cumulative = _cumulative_rate(rates_per_minute, period)
    expected = cumulative(ends) - cumulative(starts)
    threshold = max(OUTAGE_EXPECTED, float(np.log(max(len(expected), 1) / FALSE_ALARMS)))
    outage = expected > threshold
    return pd.DataFrame({"day": gap_days[outage], "start": starts[outage], "end": ends[outage],
                         "expected": expected[outage]})


def _cumulative_rate(rates_per_minute: pd.Series, period: int):
    """The function t ↦ expected arrivals from the first period's start to t (minutes)."""
    starts = rates_per_minute.index.to_numpy(float)
    rates = rates_per_minute.to_numpy(float)
    edges = np.append(starts, starts[-1] + period)
    totals = np.append(0.0, np.cumsum(rates * period))

    def cumulative(t):
        t = np.clip(np.asarray(t, dtype=float), edges[0], edges[-1])
        index = np.clip(np.searchsorted(edges, t, side="right") - 1, 0, len(rates) - 1)
        return totals[index] + rates[index] * (t - edges[index])

    return cumulative


def outage_cells(outages: pd.DataFrame, period: int) -> set[tuple]:
    """The (day, period start) cells an outage touches."""
    cells = set()
    for row in outages.itertuples():
        first = int(row.start // period * period)
        for start in range(first, int(row.end), period):
            cells.add((row.day, start))
    return cells


def describe_outages(outages: pd.DataFrame) -> list[str]:
    """One provenance line per outage."""
    return [f"outage on {pd.Timestamp(row.day):%Y-%m-%d} {format_time(row.start)}-"
            f"{format_time(row.end)}: nobody joined where {row.expected:.0f} were expected; "
            "its periods are left out of the arrival rates" for row in outages.itertuples()]
