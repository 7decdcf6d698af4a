"""Erlang A (M/M/c+M): waiting lines where customers give up, from the exact birth–death chain.

Times in minutes, rates per minute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import expm_multiply

from ._checks import (
    _require_duration,
    _require_patience,
    _require_positive,
    _require_servers,
)

_TAIL_TOLERANCE = 1e-14  # Erlang A drops states whose total probability is below this
_MAX_STATES = 2_000_000  # longer Erlang A chains mean heavy overload with near-endless patience


@dataclass(frozen=True)
class ErlangA:
    """Steady state of the M/M/c+M (Erlang A) queue, where waiting customers may give up.

    Attributes
    ----------
    p_wait : float
        Probability that an arrival finds every server busy (arrivals see time averages).
    p_abandon : float
        Share of arrivals who leave before service, theta E[(N - c)+] / lambda.
    wait_mean : float
        Mean time in queue over all arrivals, served or not, minutes: E[(N - c)+] / lambda.
    queue_mean : float
        Mean number waiting, E[(N - c)+].
    utilization : float
        Mean share of servers busy.
    """

    p_wait: float
    p_abandon: float
    wait_mean: float
    queue_mean: float
    utilization: float


def _erlang_a_rates(
    servers: int, arrival_rate: float, service_mean: float, patience_mean: float
) -> tuple[int, float, float, float]:
    """Validated servers, and arrival, service and abandonment rates per minute."""
    servers = _require_servers(servers)
    arrival_rate = _require_positive("arrival_rate", arrival_rate)
    service_rate = 1.0 / _require_positive("service_mean", service_mean)
    abandon_rate = 1.0 / _require_patience(patience_mean)
    if abandon_rate == 0 and arrival_rate >= servers * service_rate:
        raise ValueError("with endless patience the queue is unstable: load >= servers")
    return servers, arrival_rate, service_rate, abandon_rate


def _birth_death_weights(
    size: int, servers: int, arrival_rate: float, service_rate: float, abandon_rate: float
) -> tuple[np.ndarray, float]:
    """Unnormalised probabilities of 0..size-1 present, and a bound on the weight beyond.

    Works in logarithms so that large loads do not overflow. The departure rate grows with the
    number present, so the ratio of successive weights only falls and the tail beyond the last
    state is bounded by a geometric series.
    """
    present = np.arange(1, size + 1)
    departure_rates = (
        np.minimum(present, servers) * service_rate
        + np.maximum(present - servers, 0) * abandon_rate
    )
    log_ratios = math.log(arrival_rate) - np.log(departure_rates)
    log_weights = np.concatenate(([0.0], np.cumsum(log_ratios[:-1])))
    weights = np.exp(log_weights - log_weights.max())
    next_ratio = math.exp(log_ratios[-1])
    if next_ratio >= 1.0:
        return weights, math.inf
    return weights, float(weights[-1] * next_ratio / (1.0 - next_ratio))


def _erlang_a_distribution(
    servers: int, arrival_rate: float, service_rate: float, abandon_rate: float
) -> np.ndarray:
    """Stationary probabilities of 0, 1, 2, ... present, cut where the tail is below 1e-14."""
    size = max(2 * servers, servers + 64)
    while size <= _MAX_STATES:
        weights, tail = _birth_death_weights(
            size, servers, arrival_rate, service_rate, abandon_rate
        )
        total = weights.sum()
        if tail <= _TAIL_TOLERANCE * total:
            return weights / total
        size *= 2
    raise ValueError("Erlang A chain too long: heavy overload with almost endless patience")


def erlang_a(
    servers: int, arrival_rate: float, service_mean: float, patience_mean: float
) -> ErlangA:
    """Exact steady state of the M/M/c+M (Erlang A) queue.

    Solved from the birth-death chain of the number present N: arrivals at rate lambda,
    departures at rate min(N, c) mu + (N - c)+ theta, theta = 1 / patience_mean. Unlike Erlang C
    it stays finite under overload, because impatient customers thin the queue.

    Parameters
    ----------
    servers : int
        Number of servers, at least 1.
    arrival_rate : float
        Poisson arrival rate, customers per minute (> 0).
    service_mean : float
        Mean of the exponential service time, minutes.
    patience_mean : float
        Mean of the exponential patience, minutes; ``math.inf`` gives Erlang C.
    """
    servers, arrival_rate, service_rate, abandon_rate = _erlang_a_rates(
        servers, arrival_rate, service_mean, patience_mean
    )
    probabilities = _erlang_a_distribution(servers, arrival_rate, service_rate, abandon_rate)
    present = np.arange(probabilities.size)
    queue_mean = float(np.maximum(present - servers, 0) @ probabilities)
    busy_mean = float(np.minimum(present, servers) @ probabilities)
    return ErlangA(
        p_wait=min(1.0, float(probabilities[servers:].sum())),  # min: rounding only
        p_abandon=abandon_rate * queue_mean / arrival_rate,
        wait_mean=queue_mean / arrival_rate,
        queue_mean=queue_mean,
        utilization=min(1.0, busy_mean / servers),
    )


def _served_within(
    t: float, ahead_probabilities: np.ndarray, line_rate: float, abandon_rate: float
) -> float:
    """P(service starts within t minutes, before abandoning) for a customer who must queue.

    ``ahead_probabilities[j]`` is the chance of arriving with j customers ahead. With i ahead the
    line moves at rate ``line_rate + i theta`` (a server frees, or one ahead gives up) and the
    customer abandons at rate theta: an absorbing chain whose law at time t is exp(G t).
    """
    ahead = np.arange(ahead_probabilities.size)
    advance_rates = line_rate + ahead * abandon_rate
    if math.isinf(t):
        served_eventually = np.cumprod(advance_rates / (advance_rates + abandon_rate))
        return float(served_eventually @ ahead_probabilities)
    if t * float(advance_rates[-1] + abandon_rate) < 1e-9:
        # exp(G t) = I + G t to double precision (and expm_multiply divides by t's scale,
        # which underflows for subnormal t): only the customer with nobody ahead can be served.
        return float(t * advance_rates[0] * ahead_probabilities[0])
    leaving_rates = np.concatenate(([0.0], -(advance_rates + abandon_rate)))
    generator = sparse.diags([leaving_rates, advance_rates], [0, 1], format="csr")
    start = np.concatenate(([0.0], ahead_probabilities))
    return float(expm_multiply(generator * t, start)[0])


def erlang_a_service_level(
    t: float, servers: int, arrival_rate: float, service_mean: float, patience_mean: float
) -> float:
    """Share of M/M/c+M arrivals whose service starts within ``t`` minutes.

    Counts those who find a free server and those served within ``t`` before giving up; those
    who abandon never count, so it tends to 1 - p_abandon as t grows. ``t`` is in minutes
    (``math.inf`` allowed); the rest as in :func:`erlang_a`.
    """
    t = _require_duration("t", t)
    servers, arrival_rate, service_rate, abandon_rate = _erlang_a_rates(
        servers, arrival_rate, service_mean, patience_mean
    )
    probabilities = _erlang_a_distribution(servers, arrival_rate, service_rate, abandon_rate)
    line_rate = servers * service_rate
    queued = _served_within(t, probabilities[servers:], line_rate, abandon_rate)
    return float(probabilities[:servers].sum()) + queued
