"""What one simulated horizon gave, for one option: the figures the decision compares.

Computed straight from the model's buffers (:class:`queuesim.log.RunLog`), without building the
per-customer tables: a decision runs hundreds of short replications per option and the tables
would cost more than the simulation. Definitions, for one replication (times in minutes):

* ``wait_now``: mean wait of those waiting now who were served, from when they joined;
* ``wait_next_hour``: mean wait of the served among those arriving in the next 60 minutes;
* ``walkouts``: those waiting now or arriving within the horizon who gave up or did not join;
* ``counter_minutes``: minutes counters are open within the horizon, summed over counters;
* ``waiting_minutes``: minutes spent waiting, summed over everyone counted in ``walkouts``'
  population who joined (to service, or to giving up);
* ``service_level_<k>``: share of those who joined in the k-th 15 minutes of the horizon whose
  service began within the scenario's target wait (as :mod:`queuesim.metrics` defines it).

Waits of served customers, as the ``wait_mean`` of :mod:`queuesim.metrics`.
"""

from __future__ import annotations

import math

import numpy as np

from .. import log as records

QUARTER = 15.0
NEXT_HOUR = 60.0
HEADLINE = ("wait_now", "wait_next_hour", "walkouts", "counter_minutes", "waiting_minutes")


def kpi_names(arrivals: float) -> tuple[str, ...]:
    """Headline KPIs, then one service level per quarter hour of the ``arrivals`` minutes in
    which customers come (the horizon, or less when the hall closes sooner)."""
    return (*HEADLINE, *(f"service_level_{k + 1}" for k in range(_quarters(arrivals))))


def _quarters(minutes: float) -> int:
    return math.ceil(minutes / QUARTER - 1e-9)


def outcomes(log: records.RunLog, start, horizon: float, target: float,
             arrivals: float) -> np.ndarray:
    """The figures of :func:`kpi_names` for one replication, NaN where nobody was counted;
    ``horizon`` bounds the counter-minutes, ``arrivals`` the quarter hours."""
    begun = np.asarray(log.service_start, dtype=float)
    left = np.asarray(log.exit, dtype=float)
    outcome = np.asarray(log.outcome)
    wait = np.where(np.isnan(begun), left, begun) - np.asarray(log.ready, dtype=float)
    served = outcome == records.SERVED
    index = np.arange(len(outcome))
    now_waiting = (index >= len(start.desk)) & (index < start.inside)
    later = index >= start.inside
    arrival = np.asarray(log.arrival, dtype=float)
    next_hour = later & (arrival < NEXT_HOUR)
    counted = now_waiting | later
    gone = (outcome == records.RENEGED) | (outcome == records.BALKED)
    joined = counted & (outcome != records.BALKED)
    headline = [_mean(wait[now_waiting & served]), _mean(wait[next_hour & served]),
                float(np.count_nonzero(counted & gone)), _open_minutes(log.shifts, horizon),
                float(np.nansum(wait[joined]))]
    quick = served & (wait <= target + 1e-9)
    slot = np.floor(arrival / QUARTER)
    levels = []
    for k in range(_quarters(arrivals)):
        members = joined & later & (slot == k)
        levels.append(_ratio(np.count_nonzero(quick & members), np.count_nonzero(members)))
    return np.array(headline + levels)


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else math.nan


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else math.nan


def _open_minutes(shifts: list[tuple[int, float, float]], horizon: float) -> float:
    """Counter-minutes open within [0, horizon]."""
    return float(sum(max(0.0, min(end, horizon) - max(begin, 0.0)) for _, begin, end in shifts))
