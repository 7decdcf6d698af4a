"""Staffing from theory: square-root staffing and the least counters meeting a target.

Times in minutes, rates per minute.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ._checks import (
    _offered_load,
    _require_duration,
    _require_nonnegative,
    _require_patience,
    _require_positive,
    _require_service_level,
)
from .abandonment import erlang_a, erlang_a_service_level
from .erlang import erlang_c_service_level


def square_root_staffing(load: float, beta: float) -> int:
    """Servers by the square-root rule, ceil(R + beta sqrt(R)), at least 1.

    The margin grows with the square root of the load R (erlangs) because the Poisson spread of
    busy servers does; beta sets the quality of service (about 0.5 to 2 in practice). The sum is
    rounded to 9 decimals first so that 110.00000000000001 stays 110.
    """
    load = _require_nonnegative("load", load)
    if not math.isfinite(beta):
        raise ValueError(f"beta must be a finite number, got {beta!r}")
    return max(1, math.ceil(round(load + beta * math.sqrt(load), 9)))


def _least_staff(meets_targets: Callable[[int], bool], lowest: int) -> int:
    """Least staff >= ``lowest`` that meets the targets, which more staff never breaks.

    Doubles the step until the targets are met, then halves the gap: a few dozen evaluations
    even when the answer lies hundreds of servers above the starting bound.
    """
    if meets_targets(lowest):
        return lowest
    failing, step = lowest, 1
    while not meets_targets(failing + step):
        failing, step = failing + step, 2 * step
    meeting = failing + step
    while meeting - failing > 1:
        middle = (failing + meeting) // 2
        failing, meeting = (failing, middle) if meets_targets(middle) else (middle, meeting)
    return meeting


def min_servers_erlang_c(
    arrival_rate: float, service_mean: float, target_wait: float, service_level: float
) -> int:
    """Fewest M/M/c servers with P(W_q <= target_wait) >= service_level.

    Searches upward from the first stable staff (more servers than the load).

    Parameters
    ----------
    arrival_rate : float
        Poisson arrival rate, customers per minute.
    service_mean : float
        Mean of the exponential service time, minutes.
    target_wait : float
        Wait that still counts as answered in time, minutes.
    service_level : float
        Required share answered in time, in [0, 1).
    """
    load = _offered_load(arrival_rate, service_mean)
    _require_duration("target_wait", target_wait)
    _require_service_level(service_level)

    def meets_target(servers: int) -> bool:
        achieved = erlang_c_service_level(target_wait, servers, arrival_rate, service_mean)
        return achieved >= service_level

    return _least_staff(meets_target, math.floor(load) + 1)


def min_servers_erlang_a(
    arrival_rate: float,
    service_mean: float,
    patience_mean: float,
    target_wait: float,
    service_level: float,
    max_abandon: float | None = None,
) -> int:
    """Fewest M/M/c+M servers that serve ``service_level`` of arrivals within ``target_wait``.

    With ``max_abandon`` the share who abandon must not exceed it either. Searches upward from
    a bound that no smaller staff can meet (see :func:`_erlang_a_staff_floor`).

    Parameters
    ----------
    arrival_rate, service_mean, patience_mean
        As in :func:`erlang_a` (rate per minute, means in minutes).
    target_wait : float
        Wait that still counts as served in time, minutes.
    service_level : float
        Required share of all arrivals served in time, in [0, 1).
    max_abandon : float, optional
        Largest acceptable share of arrivals who abandon, in (0, 1].
    """
    _require_duration("target_wait", target_wait)
    servers = _erlang_a_staff_floor(
        arrival_rate, service_mean, patience_mean, service_level, max_abandon
    )

    def meets_targets(servers: int) -> bool:
        model = (servers, arrival_rate, service_mean, patience_mean)
        if max_abandon is not None and erlang_a(*model).p_abandon > max_abandon:
            return False
        return erlang_a_service_level(target_wait, *model) >= service_level

    return _least_staff(meets_targets, servers)


def _erlang_a_staff_floor(
    arrival_rate: float,
    service_mean: float,
    patience_mean: float,
    service_level: float,
    max_abandon: float | None,
) -> int:
    """Fewest servers worth trying: at most c mu customers per minute are served.

    So the served share 1 - p_abandon is at most c / load, and the service level is at most the
    served share. Without abandonment the queue also needs more servers than the load.
    """
    load = _offered_load(_require_positive("arrival_rate", arrival_rate), service_mean)
    least_served = _require_service_level(service_level)
    if max_abandon is not None:
        if not 0 < max_abandon <= 1:
            raise ValueError(f"max_abandon must lie in (0, 1], got {max_abandon!r}")
        least_served = max(least_served, 1.0 - max_abandon)
    servers = max(1, math.ceil(round(least_served * load, 9)))
    if _require_patience(patience_mean) == math.inf:
        servers = max(servers, math.floor(load) + 1)
    return servers
