"""Closed-form and numerically exact results for the waiting lines that queuesim simulates.

Theory is the simulator's yardstick: the model's tests compare simulated waits with these numbers,
and staffing uses them as a fast first guess before it simulates. Every function is pure, built on
numpy and scipy only; nothing samples. Every time is in minutes and every rate is per minute
(divide a per-hour rate by 60 first). The load, in erlangs, is the arrival rate times the mean
service time: the mean number of busy servers. "Wait" is the time in queue, before service.

Sources: Erlang B and C, the Erlang C wait and square-root staffing as in Gans, Koole & Mandelbaum
(2003), "Telephone call centers: tutorial, review and research prospects"; Cobham (1954),
"Priority assignment in waiting line problems"; Erlang A as the birth-death chain in Mandelbaum &
Zeltyn (2005), "The Palm/Erlang-A queue, with applications to call centers".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import expm_multiply

_TAIL_TOLERANCE = 1e-14  # Erlang A drops states whose total probability is below this
_MAX_STATES = 2_000_000  # longer Erlang A chains mean heavy overload with near-endless patience


def _require_servers(servers: int) -> int:
    if isinstance(servers, bool) or not isinstance(servers, (int, np.integer)) or servers < 1:
        raise ValueError(f"servers must be a whole number >= 1, got {servers!r}")
    return int(servers)


def _require_service_level(service_level: float) -> float:
    if not 0 <= service_level < 1:
        raise ValueError(
            f"service_level must lie in [0, 1) (no staff serves everyone within a finite wait), "
            f"got {service_level!r}"
        )
    return float(service_level)


def _require_nonnegative(name: str, value: float) -> float:
    if not 0 <= value < math.inf:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def _require_duration(name: str, value: float) -> float:
    if not value >= 0:
        raise ValueError(f"{name} must be >= 0 minutes (math.inf allowed), got {value!r}")
    return float(value)


def _require_positive(name: str, value: float) -> float:
    if not 0 < value < math.inf:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def _require_patience(patience_mean: float) -> float:
    if not patience_mean > 0:
        raise ValueError(
            f"patience_mean must be > 0 minutes (math.inf allowed), got {patience_mean!r}"
        )
    return float(patience_mean)


def _offered_load(arrival_rate: float, service_mean: float) -> float:
    rate = _require_nonnegative("arrival_rate", arrival_rate)
    return rate * _require_positive("service_mean", service_mean)


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


def _require_rates(arrival_rates: Sequence[float]) -> np.ndarray:
    rates = np.asarray(arrival_rates, dtype=float)
    if rates.ndim != 1 or rates.size == 0:
        raise ValueError("arrival_rates must list at least one class, highest priority first")
    for index, rate in enumerate(rates):
        _require_nonnegative(f"arrival_rates[{index}]", rate)
    return rates


def _priority_waits(residual_wait: float, cumulative_loads: np.ndarray) -> list[float]:
    """W_k = W0 / ((1 - sigma_{k-1}) (1 - sigma_k)); inf for classes with sigma_k >= 1."""
    higher_loads = np.concatenate(([0.0], cumulative_loads[:-1]))
    return [
        float(residual_wait / ((1.0 - higher) * (1.0 - through))) if through < 1.0 else math.inf
        for higher, through in zip(higher_loads, cumulative_loads, strict=True)
    ]


def cobham_priority_waits(
    arrival_rates: Sequence[float],
    service_means: Sequence[float],
    service_variances: Sequence[float],
) -> list[float]:
    """Mean wait in queue per class of a non-preemptive priority M/G/1 queue (Cobham 1954).

    W_k = W0 / ((1 - sigma_{k-1}) (1 - sigma_k)), sigma_k the load of classes 1..k and
    W0 = sum_i lambda_i E[S_i^2] / 2 the mean residual service an arrival finds. Classes with
    sigma_k >= 1 wait forever, but the classes above them keep finite waits: the server then
    never idles and spends the share 1 - sigma_{m-1} of its time on the first overloaded class m,
    so W0 counts each class at the rate it is actually served.

    Parameters
    ----------
    arrival_rates : sequence of float
        Poisson arrival rate per class, customers per minute, highest priority first.
    service_means : sequence of float
        Mean service time per class, minutes.
    service_variances : sequence of float
        Service-time variance per class, minutes squared.

    Returns
    -------
    list of float
        Mean wait in queue per class, minutes, in the order given.
    """
    rates = _require_rates(arrival_rates)
    means = np.asarray(service_means, dtype=float)
    variances = np.asarray(service_variances, dtype=float)
    if means.shape != rates.shape or variances.shape != rates.shape:
        raise ValueError("arrival_rates, service_means and service_variances must be equally long")
    for index in range(rates.size):
        _require_positive(f"service_means[{index}]", means[index])
        _require_nonnegative(f"service_variances[{index}]", variances[index])
    loads = rates * means
    cumulative_loads = np.cumsum(loads)
    served_loads = np.minimum(loads, np.maximum(1.0 - (cumulative_loads - loads), 0.0))
    residual_wait = float(np.sum(served_loads * (variances + means**2) / (2.0 * means)))
    return _priority_waits(residual_wait, cumulative_loads)


def cobham_priority_waits_mmc(
    servers: int, arrival_rates: Sequence[float], service_mean: float
) -> list[float]:
    """Mean wait in queue per class of a non-preemptive priority M/M/c queue, in minutes.

    All classes share one exponential service time, so every server frees at rate mu whoever it
    serves: W_k = (C(c, a) / (c mu)) / ((1 - sigma_{k-1}) (1 - sigma_k)), with
    sigma_k = (lambda_1 + ... + lambda_k) / (c mu) and C(c, a) Erlang C for the total load; inf
    when sigma_k >= 1. With one class this is the Erlang C mean wait. Sources: Cobham (1954);
    Kella & Yechiali (1985), "Waiting times in the non-preemptive priority M/M/c queue",
    Stochastic Models 1(2); Larson & Odoni (1981), "Urban Operations Research", section 4.9.3.

    Parameters
    ----------
    servers : int
        Number of servers, at least 1.
    arrival_rates : sequence of float
        Poisson arrival rate per class, customers per minute, highest priority first.
    service_mean : float
        Mean of the common exponential service time, minutes.
    """
    servers = _require_servers(servers)
    rates = _require_rates(arrival_rates)
    capacity = servers / _require_positive("service_mean", service_mean)
    residual_wait = erlang_c(servers, float(rates.sum()) * service_mean) / capacity
    return _priority_waits(residual_wait, np.cumsum(rates) / capacity)


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
