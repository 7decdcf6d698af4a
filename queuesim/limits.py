"""The hard limits of what a scenario may describe: the size of a hall the simulator can run.

A scenario that passes validation must also run: in seconds to minutes, in memory a laptop has,
and with numbers that mean something. These limits are far beyond any real service hall (a
bank branch sees a few hundred customers a day, a big canteen a few thousand an hour), so they
only stop typing slips (``1e12`` for ``12``), placeholders (``.inf``) and runaway what-ifs. The
field descriptions, hence the JSON schema, and docs/scenarios.md quote them. Times in minutes,
rates in customers per hour.

:data:`FINITE` is the pydantic setting every scenario model shares: ``.inf`` and ``.nan`` are
never a valid number in a scenario file.
"""

from __future__ import annotations

from pydantic import ConfigDict

from . import i18n

FINITE = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)
"""Model settings of every scenario part: unknown keys rejected, frozen, numbers finite."""

MAX_RATE_PER_HOUR = 10_000.0
"""Walk-in arrival rate of the whole hall, after ``arrivals.scale``, customers per hour."""
MAX_SCALE = 100.0
"""Largest what-if multiplier on arrival rates."""
MAX_CUSTOMERS = 2_000_000
"""Expected customers in one replication (a day, or a steady-state run): about a gigabyte of
log and a few minutes of simulation per replication."""
MAX_COUNTERS = 1_000
MAX_CLASSES = 100
MIN_SPEED, MAX_SPEED = 0.01, 100.0
"""Work rate of a counter relative to the standard (1)."""
MAX_MINUTES = 1_440.0
"""A day: the longest service time, patience, wait or other duration a scenario gives."""
MAX_HORIZON = 525_600.0
"""A year of minutes: the longest steady-state run."""
MAX_REPLICATIONS = 100_000
MAX_GROUP = 100_000
"""Customers in one burst; also the most a balking rule may count."""
MAX_PER_SLOT = 1_000
"""Customers booked into one appointment slot."""
MAX_PRIORITY = 1_000
"""Priorities lie in [-MAX_PRIORITY, MAX_PRIORITY]."""
MAX_RECALLS = 20
"""Recalls of a ticket number (each allocates a draw per customer)."""
MAX_WEIGHT = 100.0
"""Largest weight of a perceived minute, or coefficient of variation of a distribution."""
MAX_NAME = 100
"""Characters in a class name, counter id or shift name."""
MAX_TEXT = 10_000
"""Characters in any text of a scenario file (a description)."""
MAX_DEPTH = 50
"""Nesting levels of a YAML file (a scenario needs fewer than ten)."""
MAX_SEED = 2**63 - 1


def expected_customers(scenario) -> float:
    """Expected arrivals in one replication of a :class:`~queuesim.scenario.Scenario`:
    walk-ins (the scaled, shifted rate over the day or horizon), booked customers who come,
    and bursts."""
    from .arrivals import integral

    starts, rates = scenario.rate_steps()
    end = scenario.clock.end
    booked = sum(booking.slot_count() * booking.per_slot * (1 - booking.no_show)
                 for booking in scenario.appointments)
    bursts = sum(burst.size for burst in scenario.arrivals.bursts)
    return integral(starts, rates, end, 0.0, end) + booked + bursts


def demand_problem(scenario) -> str | None:
    """Why the demand of a scenario is beyond what can be simulated, or None when it is not:
    a scaled walk-in rate above :data:`MAX_RATE_PER_HOUR`, or more than :data:`MAX_CUSTOMERS`
    expected in one replication."""
    rates, scale = scenario.arrivals.per_hour, scenario.arrivals.scale
    if rates is None:  # rates per class: the hall's total at its peak
        rates = max(scenario.rate_steps()[1]) * 60.0 / scale
    peak = max(rates.values()) if isinstance(rates, dict) else rates
    if peak * scale > MAX_RATE_PER_HOUR:
        return i18n.say("msg.limit_rate", peak=f"{peak:g}", scale=f"{scale:g}",
                        limit=f"{MAX_RATE_PER_HOUR:,.0f}")
    expected = expected_customers(scenario)
    if expected > MAX_CUSTOMERS:
        length = i18n.say("msg.limit_horizon" if scenario.clock.steady else "msg.limit_day")
        return i18n.say("msg.limit_customers", expected=f"{expected:,.0f}", length=length,
                        limit=f"{MAX_CUSTOMERS:,}")
    return None
