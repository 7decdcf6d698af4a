"""Arrival rates learnt from a visit log: per class and period of the day, and how days differ.

The rate of a class in a period is the mean over the chosen days of its arrivals in that period,
per hour (the maximum-likelihood estimate of a Poisson rate that repeats every day). Cells left
out as anomalies (an outage, see :mod:`queuesim.calibration.anomalies`) are missing, not zero:
the mean runs over the days where the cell was observed.

Days differ more than a Poisson process with fixed rates allows when the day's volume has a
random level. The scenario models that as a gamma multiplier with mean 1 and coefficient of
variation ``c`` on every rate of a day, so a day's count ``N`` with expectation ``E`` has
``Var N = E + c² E²``. The dispersion test compares ``Σ (N_d − E_d)² / E_d`` with a chi-square
on ``days − 1`` degrees of freedom; ``c²`` follows by the method of moments, floored at 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats


@dataclass(frozen=True)
class ArrivalFit:
    """Rates per class and period (customers per hour) and the day-to-day variation."""

    period: int
    """Length of a period, minutes."""
    counts: pd.DataFrame
    """Arrivals per (day, period start in minutes after midnight) and class; NaN where left out."""
    rates: pd.DataFrame
    """Mean rate per hour, index period start (minutes after midnight), one column per class."""
    spread: pd.DataFrame
    """Per period, all classes together: ``mean``, ``sd``, ``low``, ``high`` over days, per hour."""
    day_totals: pd.DataFrame
    """Per day: ``observed`` and ``expected`` arrivals over the cells observed that day."""
    dispersion: dict
    """``statistic``, ``df``, ``p_value``, ``cv`` (day-to-day) and ``overdispersed`` (p < 0.05)."""


def count_cells(minutes: pd.Series, days: pd.Series, classes: pd.Series, period: int,
                periods: np.ndarray, left_out: set[tuple] = frozenset()) -> pd.DataFrame:
    """Arrivals per (day, period) and class; the cells in ``left_out`` are NaN.

    ``minutes`` are arrival times in minutes after the day's midnight; ``periods`` the starts
    (minutes after midnight) of the periods of the opening hours. Arrivals outside them are not
    counted.
    """
    start = (minutes // period * period).astype(int)
    frame = pd.DataFrame({"day": days.to_numpy(), "period": start.to_numpy(),
                          "class": classes.to_numpy()})
    frame = frame[frame["period"].isin(periods)]
    counts = frame.groupby(["day", "period", "class"]).size().unstack("class", fill_value=0)
    index = pd.MultiIndex.from_product([sorted(days.unique()), periods], names=["day", "period"])
    counts = counts.reindex(index, fill_value=0).astype(float)
    if left_out:
        mask = np.array([cell in left_out for cell in counts.index])
        counts.loc[mask] = np.nan
    return counts


def fit_arrivals(counts: pd.DataFrame, period: int) -> ArrivalFit:
    """Rates, their day-to-day spread and the overdispersion test from ``count_cells``."""
    per_hour = 60.0 / period
    rates = counts.groupby(level="period").mean().fillna(0.0) * per_hour
    totals = counts.sum(axis=1, min_count=1) * per_hour
    by_period = totals.groupby(level="period")
    spread = pd.DataFrame({"mean": by_period.mean(), "sd": by_period.std(ddof=1),
                           "low": by_period.min(), "high": by_period.max()}).fillna(0.0)
    day_totals = _day_totals(counts, rates / per_hour)
    return ArrivalFit(period, counts, rates, spread, day_totals, _dispersion(day_totals))


def _day_totals(counts: pd.DataFrame, mean_counts: pd.DataFrame) -> pd.DataFrame:
    """Observed and expected arrivals per day, over the cells observed that day."""
    observed_cells = counts.notna().all(axis=1)
    expected = mean_counts.sum(axis=1).reindex(counts.index.get_level_values("period"))
    expected = pd.Series(expected.to_numpy(), index=counts.index).where(observed_cells, 0.0)
    return pd.DataFrame({
        "observed": counts.sum(axis=1).groupby(level="day").sum(),
        "expected": expected.groupby(level="day").sum(),
    })


def _dispersion(day_totals: pd.DataFrame) -> dict:
    """Chi-square dispersion test of day totals against Poisson, and the gamma-multiplier cv."""
    observed = day_totals["observed"].to_numpy(float)
    expected = day_totals["expected"].to_numpy(float)
    days = len(observed)
    if days < 2 or expected.sum() <= 0:
        return {"statistic": np.nan, "df": 0, "p_value": np.nan, "cv": 0.0,
                "overdispersed": False, "days": days}
    squares = (observed - expected) ** 2
    statistic = float(np.sum(squares / expected))
    # E_d is estimated from the same days: the residuals are smaller by (days - 1) / days.
    excess = squares.sum() * days / (days - 1) - expected.sum()
    cv = float(np.sqrt(max(0.0, excess / np.sum(expected**2))))
    p_value = float(stats.chi2.sf(statistic, days - 1))
    return {"statistic": statistic, "df": days - 1, "p_value": p_value, "cv": cv,
            "overdispersed": p_value < 0.05, "days": days}
