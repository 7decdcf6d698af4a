"""Everything random about a replication, drawn before the simulation starts.

Customers are exogenous: when they arrive, their class, how much work they bring, how patient
they are and whether they miss a call do not depend on the hall. So each replication draws them
up front, vectorised, from its own streams: one ``SeedSequence`` per (replication, source), with
spawn key ``(replication, source)`` so that a stream never depends on how many others were
spawned. Customer *k* of replication *r* is then the same person in every compared configuration
(common random numbers), whatever the queue structure, the counters or the number of workers.

Sources, in spawn-key order (append new ones at the end, never reorder): arrivals, classes,
service, patience, absence, choice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SOURCES = ("arrivals", "classes", "service", "patience", "absence", "choice")


@dataclass(frozen=True)
class CustomerDraws:
    """Per-customer inputs of one replication, in arrival order (times in model minutes).

    ``work`` is the service time at speed 1; ``patience`` is ``inf`` for a class without one;
    ``absence[k, j]`` is the uniform compared with the absence probability at the *j*-th call of
    customer *k*; ``choice[k]`` the uniform behind a random line choice or tie-break.
    """

    arrival: np.ndarray
    klass: np.ndarray
    work: np.ndarray
    patience: np.ndarray
    absence: np.ndarray
    choice: np.ndarray

    def __len__(self) -> int:
        return len(self.arrival)


def streams(seed: int, replication: int) -> dict[str, np.random.Generator]:
    """One independent generator per source for a replication."""
    return {name: np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replication, i)))
            for i, name in enumerate(SOURCES)}


def draw_customers(scenario, seed: int, replication: int) -> CustomerDraws:
    """Draw the customers of one replication of ``scenario``."""
    rng = streams(seed, replication)
    arrival = poisson_arrivals(rng["arrivals"], *scenario.rate_steps(), end=scenario.clock.end)
    n = len(arrival)
    classes = list(scenario.customers.values())
    shares = np.cumsum([c.share for c in classes])
    klass = np.minimum(np.searchsorted(shares / shares[-1], rng["classes"].random(n),
                                       side="right"), len(classes) - 1)
    work = _by_class(classes, klass, rng["service"].random(n), "service_time", default=0.0)
    patience = _by_class(classes, klass, rng["patience"].random(n), "patience", default=np.inf)
    calls = scenario.queue.ticket.max_recalls + 1
    absence = rng["absence"].random((n, calls))
    return CustomerDraws(arrival, klass, work, patience, absence, rng["choice"].random(n))


def _by_class(classes, klass, uniforms, field: str, default: float) -> np.ndarray:
    values = np.full(len(klass), default)
    for index, customer_class in enumerate(classes):
        dist = getattr(customer_class, field)
        mask = klass == index
        if dist is not None and mask.any():
            values[mask] = dist.quantile(uniforms[mask])
    return values


def poisson_arrivals(rng: np.random.Generator, starts: list[float], rates: list[float],
                     end: float) -> np.ndarray:
    """Arrival times (minutes) of a Poisson process with a piecewise-constant rate.

    Exact, by inversion of the cumulative rate Λ(t): the points of a unit-rate Poisson process
    mapped through Λ⁻¹. No thinning and no rejections, and the same unit points serve a scaled
    rate, which keeps ``arrivals.scale`` what-ifs on common random numbers.

    Parameters
    ----------
    starts, rates
        Step function: ``rates[i]`` customers per minute from ``starts[i]`` (starts[0] == 0).
    end
        No arrivals at or after this time, minutes.
    """
    bounds = np.append(np.asarray(starts, float), end)
    rates = np.asarray(rates, float)
    cumulative = np.concatenate(([0.0], np.cumsum(rates * np.diff(bounds))))
    total = cumulative[-1]
    points = np.cumsum(rng.exponential(1.0, int(total + 6 * np.sqrt(total) + 20)))
    while points[-1] < total:
        more = np.cumsum(rng.exponential(1.0, int(np.sqrt(total) + 20))) + points[-1]
        points = np.concatenate((points, more))
    points = points[points < total]
    segment = np.searchsorted(cumulative[:-1], points, side="right") - 1
    return bounds[segment] + (points - cumulative[segment]) / rates[segment]
