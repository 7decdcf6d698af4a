"""Non-preemptive priority queues: Cobham's mean waits per class (M/G/1 and M/M/c).

Times in minutes, rates per minute.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ._checks import _require_nonnegative, _require_positive, _require_servers
from .erlang import erlang_c


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
