"""Everything random about a replication, drawn before the simulation starts.

Customers are exogenous: when they arrive, their class, how much work they bring, how patient
they are and whether they miss a call do not depend on the hall. So each replication draws them
up front, vectorised, from its own streams: one ``SeedSequence`` per (replication, source), with
spawn key ``(replication, source)`` so that a stream never depends on how many others were
spawned. Customer *k* of replication *r* is then the same person in every compared configuration
(common random numbers), whatever the queue structure, the counters or the number of workers.

Sources, in spawn-key order (append new ones at the end, never reorder): arrivals, classes,
service, patience, absence, choice, appointments, bursts, day_level. Walk-ins, booked customers
and bursts each draw from their own streams, so adding appointments leaves the walk-ins
unchanged; the three are then merged in arrival order.

With rates per class, the walk-ins are one Poisson process at the total rate whose class is
drawn with probability proportional to the classes' rates at the arrival instant — exactly the
superposition of the classes' processes, and the same two streams (arrival times, classes) as
with shares. A day-to-day level (gamma, mean 1) multiplies every walk-in rate of a replication;
it is drawn only when ``arrivals.day_to_day_cv`` is above 0, so halls without it keep their
numbers. A class's service factor multiplies the drawn work by the factor of the period of
arrival, so the draws stay exogenous and shared by the SimPy model and the fast evaluator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..arrivals import booked_arrivals, burst_arrivals
from ..day_profiles import value_at

SOURCES = ("arrivals", "classes", "service", "patience", "absence", "choice", "appointments",
           "bursts", "day_level")
WALK_IN, APPOINTMENT, BURST = range(3)
ORIGINS = ("walk_in", "appointment", "burst")


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
    origin: np.ndarray | None = None
    """WALK_IN, APPOINTMENT or BURST (None: all walk-ins)."""
    slot: np.ndarray | None = None
    """Appointment slot of a booked customer, NaN for everyone else (None: no appointments)."""

    @property
    def ready(self) -> np.ndarray:
        """When each customer joins the queue: the slot for a booked customer who came early,
        else the arrival."""
        return self.arrival if self.slot is None else np.fmax(self.arrival, self.slot)

    def __len__(self) -> int:
        return len(self.arrival)


def streams(seed: int, replication: int) -> dict[str, np.random.Generator]:
    """One independent generator per source for a replication."""
    return {name: np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replication, i)))
            for i, name in enumerate(SOURCES)}


def draw_customers(scenario, seed: int, replication: int) -> CustomerDraws:
    """Draw the customers of one replication of ``scenario``: walk-ins, then booked customers
    and bursts from their own streams, merged in arrival order."""
    rng = streams(seed, replication)
    level = day_level(scenario.arrivals.day_to_day_cv, rng["day_level"])
    arrival, mix = _walk_in_times(scenario, rng["arrivals"], level)
    walk_ins = _attributes(scenario, arrival, rng["classes"].random(len(arrival)), None,
                           [rng[s] for s in ("service", "patience", "absence", "choice")], mix)
    clock, names = scenario.clock, scenario.class_names
    if not scenario.appointments and not scenario.arrivals.bursts:
        return walk_ins
    booked, slot, klass = booked_arrivals(scenario.appointments, names, clock.start, clock.end,
                                          rng["appointments"])
    booked = _attributes(scenario, booked, None, klass, [rng["appointments"]] * 4)
    burst, burst_class = burst_arrivals(scenario.arrivals.bursts, names, clock.start,
                                        clock.end, rng["bursts"])
    shares = rng["bursts"].random(len(burst))
    burst = _attributes(scenario, burst, shares, burst_class, [rng["bursts"]] * 4)
    return _merge([walk_ins, booked, burst], [WALK_IN, APPOINTMENT, BURST],
                  [np.full(len(walk_ins), np.nan), slot, np.full(len(burst), np.nan)])


def day_level(cv: float, rng: np.random.Generator) -> float:
    """The day's demand level: gamma with mean 1 and coefficient of variation ``cv`` (shape
    1/cv², scale cv²); exactly 1, with nothing drawn, when ``cv`` is 0."""
    return 1.0 if cv == 0 else float(rng.gamma(1.0 / cv**2, cv**2))


def _walk_in_times(scenario, rng, level: float):
    """Walk-in arrival times (minutes) at the day's level, and the cumulative class mix at each
    arrival (None with shares: the mix is the same all day)."""
    end = scenario.clock.end
    if scenario.arrivals.per_class is None:
        starts, rates = scenario.rate_steps()
        rates = rates if level == 1 else [rate * level for rate in rates]
        return poisson_arrivals(rng, starts, rates, end=end), None
    starts, class_rates = scenario.class_rate_steps()
    totals = class_rates.sum(axis=0)
    arrival = poisson_arrivals(rng, starts, totals * level, end=end)
    step = np.searchsorted(starts, arrival, side="right") - 1
    cumulative = np.cumsum(class_rates[:, step], axis=0)
    return arrival, (cumulative / cumulative[-1]).T  # the last column exactly 1


def _attributes(scenario, arrival, shares, klass, rngs, mix=None) -> CustomerDraws:
    """Class (by share, where ``klass`` is None or -1), work, patience, absence and choice of
    customers arriving at ``arrival``, from generators for service, patience, absence, choice.
    ``mix``: each customer's cumulative class probabilities (default: the day's shares)."""
    n = len(arrival)
    classes = list(scenario.customers.values())
    uniforms = shares if shares is not None else np.zeros(n)
    if mix is None:
        cumulative = np.cumsum(list(scenario.class_shares.values()))
        by_share = np.searchsorted(cumulative / cumulative[-1], uniforms, side="right")
    else:
        by_share = np.sum(uniforms[:, None] >= mix, axis=1)
    by_share = np.minimum(by_share, len(classes) - 1)
    klass = by_share if klass is None else np.where(klass >= 0, klass, by_share)
    service, patience, absence, choice = rngs
    work = _by_class(classes, klass, service.random(n), "service_time", default=0.0)
    factors = _service_factors(scenario, klass, arrival)
    work = work if factors is None else work * factors
    waits = _by_class(classes, klass, patience.random(n), "patience", default=np.inf)
    calls = scenario.queue.ticket.max_recalls + 1
    return CustomerDraws(arrival, klass, work, waits, absence.random((n, calls)),
                         choice.random(n))


def _service_factors(scenario, klass, arrival) -> np.ndarray | None:
    """Service-time factor of each customer (class index, arrival in model minutes): that of
    the period of arrival; None when no class has a factor."""
    classes = list(scenario.customers.values())
    if all(c.service_factor is None for c in classes):
        return None
    factors = np.ones(len(klass))
    for index, customer_class in enumerate(classes):
        mask = klass == index
        if customer_class.service_factor is not None and mask.any():
            factors[mask] = value_at(customer_class.service_factor, scenario.clock, arrival[mask])
    return factors


def _merge(parts, origins, slots) -> CustomerDraws:
    """One arrival-ordered population from several (stable: walk-ins first at a tie)."""
    arrival = np.concatenate([p.arrival for p in parts])
    order = np.argsort(arrival, kind="stable")
    origin = np.concatenate([np.full(len(p), o) for p, o in zip(parts, origins, strict=True)])
    fields = ("arrival", "klass", "work", "patience", "absence", "choice")
    merged = {f: np.concatenate([getattr(p, f) for p in parts])[order] for f in fields}
    return CustomerDraws(**merged, origin=origin[order], slot=np.concatenate(slots)[order])


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
