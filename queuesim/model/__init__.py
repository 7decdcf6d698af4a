"""The SimPy model of a service hall: one replication from scenario and seed to a raw log.

Imports SimPy and NumPy only; it knows nothing of pandas, files or the terminal. The runner
calls :func:`run_replication` once per replication (in any worker process) and turns the
returned :class:`~queuesim.log.RunLog` into tables.
"""

from __future__ import annotations

import simpy

from ..log import RunLog
from .draws import CustomerDraws, draw_customers
from .hall import Hall
from .resume import ResumedHall, Start

__all__ = ["CustomerDraws", "Start", "draw_customers", "run_replication"]


def run_replication(scenario, seed: int, replication: int,
                    draws: CustomerDraws | None = None, start: Start | None = None) -> RunLog:
    """Simulate replication number ``replication`` of ``scenario`` with root ``seed``.

    A day run goes on until the hall is empty (or, with ``after_close: leave``, until the last
    customer at a counter is finished); a steady-state run stops at ``clock.horizon`` minutes.
    ``draws`` replaces the random customers by given ones (hand-computed traces, or another
    engine fed the very same customers). ``start`` says which of the drawn customers are
    already inside at time 0 (a run from the hall as it is now, :mod:`.resume`).
    """
    if draws is None:
        draws = draw_customers(scenario, seed, replication)
    env = simpy.Environment()
    log = RunLog(draws.arrival, draws.klass, draws.origin, draws.slot)
    hall = Hall(env, scenario, draws, log) if start is None else ResumedHall(
        env, scenario, draws, log, start)
    hall.start()
    env.run(until=scenario.clock.horizon)
    hall.finish()
    return log
