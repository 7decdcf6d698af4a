"""The capacity factors calibrated by simulation, per part of the day."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from queuesim.calibration.calibrate import (
    EVALUATIONS,
    GROUP_SHARE,
    MIN_GROUP_SERVED,
    TOLERANCE,
    _Search,
    observed_kpis,
    period_groups,
)
from queuesim.calibration.hall import profile_counts


def test_parts_of_the_day_are_cut_where_capacity_reaches_its_share_of_the_peak():
    starts = np.arange(6 * 60, 12 * 60, 60)
    capacity = pd.Series([0.5, 2.0, 4.0, 5.0, 3.0, 1.0], index=starts)
    served = pd.Series(MIN_GROUP_SERVED, index=starts)
    groups = period_groups(capacity, served)
    assert GROUP_SHARE * 5.0 == 3.75  # 4.0 is in the day, 3.0 is not
    assert groups.tolist() == ["early", "early", "day", "day", "late", "late"]


def test_a_part_with_few_served_visits_joins_the_day():
    starts = np.arange(0, 240, 60)
    capacity = pd.Series([1.0, 4.0, 4.0, 1.0], index=starts)
    served = pd.Series([MIN_GROUP_SERVED - 1, 500, 500, MIN_GROUP_SERVED], index=starts)
    assert period_groups(capacity, served).tolist() == ["day", "day", "day", "late"]


def test_observed_wait_by_part_is_the_mean_of_daily_means():
    """Two days, hand-computed: day 0 waits 1 and 3 min early, 2 min in the day; day 1 waits
    5 min early."""
    visits = pd.DataFrame({"day": [0, 0, 0, 1, 1], "joined": [0.0, 10.0, 70.0, 5.0, 80.0],
                           "start": [1.0, 13.0, 72.0, 10.0, np.nan],
                           "outcome": ["served"] * 4 + ["abandoned"]})
    groups = pd.Series(["early", "day"], index=[0, 60])
    table = observed_kpis(visits, (0, 120), groups, 60)
    assert table["wait_early"].tolist() == [2.0, 5.0]
    assert table.loc[0, "wait_day"] == 2.0 and math.isnan(table.loc[1, "wait_day"])
    assert table["abandon_rate"].tolist() == [0.0, 0.5]


@pytest.mark.parametrize("root", [0.45, 1.0, 1.7, 2.6])
def test_the_search_finds_the_factor_of_a_wait_falling_with_capacity(root):
    """A mean wait falling as the cube of the capacity factor: the bracketed secant search
    reaches the factor that gives the target within its tolerance and its budget."""
    search, factor = _Search(), 1.0
    for _ in range(EVALUATIONS):
        gap = math.log((root / factor) ** 3)
        if abs(gap) <= TOLERANCE:
            break
        factor = search.next(factor, gap)
    assert abs(math.log((root / factor) ** 3)) <= TOLERANCE


def test_a_factor_per_period_scales_each_period_of_the_profile():
    """Capacity 2 and 4 with factors 1.5 and 0.5: 3 counters, then 2; 1.25 × 2 = 2.5 is 2
    counters all period and a third for its first half."""
    capacity = pd.Series([2.0, 4.0], index=[0, 60])
    demand = pd.Series([10.0, 10.0], index=[0, 60])
    assert profile_counts(capacity, np.array([1.5, 0.5]), demand, 60) == {0: 3, 60: 2}
    assert profile_counts(capacity, np.array([1.25, 1.0]), demand, 60) == {0: 3, 30: 2,
                                                                           60: 4}
