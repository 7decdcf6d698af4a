"""Category codes of the log's text columns, so that KPIs are counted in numpy.

The per-customer log holds classes, outcomes and counters as text (categoricals when the model
wrote it, plain strings when a visit log was read from a file). Comparing text row by row, or
grouping with pandas, costs far more than the simulation of a day; the KPIs instead work on the
position of each value in a known list of names (an integer code), and group rows with
:func:`group_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def codes(column: pd.Series, names: Sequence[str]) -> np.ndarray:
    """Position of each value of ``column`` in ``names`` (int64), -1 for a value not among
    them and for a missing value. Values are compared as text."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        found, categories = column.array.codes, column.array.categories
    else:
        found, categories = pd.factorize(column, use_na_sentinel=True)
    position = {name: i for i, name in enumerate(names)}
    lookup = np.array([position.get(str(value), -1) for value in categories] + [-1], np.int64)
    return lookup[found]


def group_rows(group: np.ndarray, groups: int) -> list[np.ndarray]:
    """Row numbers of each group 0 … ``groups`` − 1, in their original order (rows whose group
    is outside that range belong to none)."""
    inside = np.flatnonzero((group >= 0) & (group < groups))
    ordered = inside[np.argsort(group[inside], kind="stable")]
    return np.split(ordered, np.cumsum(np.bincount(group[inside], minlength=groups))[:-1])
