"""Erlang B and C, M/M/1 and Pollaczek–Khinchine: queues without abandonment.

Times in minutes, rates per minute; the load in erlangs is arrival rate × mean service time.
"""

from __future__ import annotations

import math

from ._checks import (
    _offered_load,
    _require_duration,
    _require_nonnegative,
    _require_servers,
)


def erlang_b(servers: int, load: float) -> float:
    """Probability that an arrival finds all servers busy and is lost (M/M/c/c, Erlang B).

    Uses the recursion B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1, which stays accurate for
    thousands of servers where the textbook ratio of powers and factorials overflows.

    Parameters
    ----------
    servers : int
        Number of servers, at least 1.
    load : float
        Offered load in erlangs (arrival rate times mean service time).
    """
    servers = _require_servers(servers)
    load = _require_nonnegative("load", load)
    blocking = 1.0
    for count in range(1, servers + 1):
        blocking = load * blocking / (count + load * blocking)
    return blocking


def erlang_c(servers: int, load: float) -> float:
    """Probability that an M/M/c arrival must wait (Erlang C), from B: c B / (c - a (1 - B)).

    Without spare capacity (load >= servers) the queue grows without bound and every arrival
    waits, so the result is 1. Parameters as in :func:`erlang_b`.
    """
    blocking = erlang_b(servers, load)
    if load >= servers:
        return 1.0
    return servers * blocking / (servers - load * (1.0 - blocking))


def erlang_c_wait_mean(servers: int, arrival_rate: float, service_mean: float) -> float:
    """Mean M/M/c wait in queue over all customers, C(c, a) / (c mu - lambda), in minutes.

    It is ``math.inf`` when load >= servers: the queue then grows without bound.

    Parameters
    ----------
    servers : int
        Number of servers, at least 1.
    arrival_rate : float
        Poisson arrival rate, customers per minute.
    service_mean : float
        Mean of the exponential service time, minutes.
    """
    load = _offered_load(arrival_rate, service_mean)
    if load >= _require_servers(servers):
        return math.inf
    return erlang_c(servers, load) * service_mean / (servers - load)


def erlang_c_wait_tail(t: float, servers: int, arrival_rate: float, service_mean: float) -> float:
    """P(W_q > t) = C(c, a) exp(-(c mu - lambda) t) for M/M/c; 1 when load >= servers.

    ``t`` is in minutes (``math.inf`` allowed); the rest as in :func:`erlang_c_wait_mean`.
    """
    t = _require_duration("t", t)
    load = _offered_load(arrival_rate, service_mean)
    if load >= _require_servers(servers):
        return 1.0
    return erlang_c(servers, load) * math.exp(-(servers - load) * t / service_mean)


def erlang_c_service_level(
    t: float, servers: int, arrival_rate: float, service_mean: float
) -> float:
    """Share of M/M/c customers whose service starts within ``t`` minutes, P(W_q <= t).

    The call-centre "service level", e.g. 80 % answered within 20 seconds (t = 1/3 minute).
    Arguments as in :func:`erlang_c_wait_tail`.
    """
    return 1.0 - erlang_c_wait_tail(t, servers, arrival_rate, service_mean)


def mm1_wait_mean(arrival_rate: float, service_mean: float) -> float:
    """Mean M/M/1 wait in queue, rho s / (1 - rho), in minutes; ``math.inf`` if rho >= 1.

    ``arrival_rate`` is per minute, ``service_mean`` (s, exponential) in minutes.
    """
    utilization = _offered_load(arrival_rate, service_mean)
    if utilization >= 1.0:
        return math.inf
    return utilization * service_mean / (1.0 - utilization)


def mm1_wait_tail(t: float, arrival_rate: float, service_mean: float) -> float:
    """P(W_q > t) = rho exp(-(mu - lambda) t) for M/M/1, ``t`` in minutes; 1 if rho >= 1."""
    t = _require_duration("t", t)
    utilization = _offered_load(arrival_rate, service_mean)
    if utilization >= 1.0:
        return 1.0
    return utilization * math.exp(-(1.0 - utilization) * t / service_mean)


def pollaczek_khinchine_wait_mean(
    arrival_rate: float, service_mean: float, service_variance: float
) -> float:
    """Mean M/G/1 wait in queue, lambda E[S^2] / (2 (1 - rho)), in minutes; inf if rho >= 1.

    Only two moments of the service time matter, which is why a fixed service time halves the
    M/M/1 wait: variability, not just load, makes people wait.

    Parameters
    ----------
    arrival_rate : float
        Poisson arrival rate, customers per minute.
    service_mean : float
        Mean service time, minutes.
    service_variance : float
        Variance of the service time, minutes squared.
    """
    utilization = _offered_load(arrival_rate, service_mean)
    variance = _require_nonnegative("service_variance", service_variance)
    if utilization >= 1.0:
        return math.inf
    return arrival_rate * (variance + service_mean**2) / (2.0 * (1.0 - utilization))
