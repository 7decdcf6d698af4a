"""How busy today is: the day's level of demand from the arrivals so far, shrunk toward 1.

Days differ by more than a Poisson process with fixed rates allows: the whole day runs a few
percent above or below the profile. Model it as a day level L multiplying every rate, with a
gamma prior of mean 1 and coefficient of variation c (the day-to-day variation: the scenario's
``arrivals.day_to_day_cv`` where it has one, else 10 %, the order of magnitude reported for
call centres and bank branches). Given N arrivals since opening where the profile expects Λ,
N | L ~ Poisson(L·Λ), and the gamma prior is conjugate: the posterior of L is gamma with shape
1/c² + N and rate 1/c² + Λ, whose mean

    L̂ = (1/c² + N) / (1/c² + Λ)

is the empirical-Bayes estimate used for the rest of the day. It is a weighted average of the
observed ratio N/Λ and 1, with weight Λ / (Λ + 1/c²) on the data: a quiet first hour
(Λ = 40, N = 20, c = 0.1) moves the level only to 0.86, not to 0.5, while a whole morning of
evidence (Λ = 400) moves it most of the way. The posterior's coefficient of variation,
1/√(1/c² + N), is what is left of the day-to-day variation: each simulated replication draws
its own level from the posterior (the model's day-level draw, with mean L̂ and that CV).

The level scales walk-ins only: booked customers and bursts come as scheduled. So the arrivals
so far are counted without the booked customers and burst members expected by then.
"""

from __future__ import annotations

import math

from ..clock import parse_time

DEFAULT_CV = 0.10


def expected_so_far(scenario, now: float) -> float:
    """Arrivals the scenario expects from opening until ``now`` (minutes after midnight)."""
    starts, rates = scenario.rate_steps()
    elapsed = now - scenario.clock.start
    bounds = [*starts[1:], float("inf")]
    return sum(rate * max(0.0, min(end, elapsed) - begin)
               for begin, end, rate in zip(starts, bounds, rates, strict=True))


def booked_and_bursts_so_far(scenario, now: float) -> float:
    """Customers expected by appointment (slots before ``now``, minutes after midnight, less
    the no-shows) and in bursts (the share of each group's spread before ``now``): they come
    whatever the day's level, so they are taken off the arrivals so far before it is judged."""
    booked = sum(len(a.slots(0.0)[a.slots(0.0) < now]) * (1.0 - a.no_show)
                 for a in scenario.appointments)
    in_bursts = sum(b.size * min(1.0, max(0.0, (now - parse_time(b.at)) / b.spread))
                    for b in scenario.arrivals.bursts)
    return booked + in_bursts


def day_level(observed: int, expected: float, cv: float | None = None) -> float:
    """Posterior mean of the day's level (1: as the profile says); see the module docstring."""
    prior = 1.0 / (cv or DEFAULT_CV) ** 2
    return (prior + observed) / (prior + expected)


def level_for(scenario, now: float, observed: int | None) -> tuple[float, float]:
    """Posterior mean and coefficient of variation of the day's level at ``now`` (minutes
    after midnight) given ``observed`` arrivals so far; with nothing observed, the prior: mean
    1 and the scenario's own day-to-day variation."""
    cv = scenario.arrivals.day_to_day_cv
    if observed is None:
        return 1.0, cv
    walk_ins = max(0.0, observed - booked_and_bursts_so_far(scenario, now))
    prior = 1.0 / (cv or DEFAULT_CV) ** 2
    return day_level(walk_ins, expected_so_far(scenario, now), cv), 1.0 / math.sqrt(
        prior + walk_ins)
