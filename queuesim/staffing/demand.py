"""Demand for counters period by period, from queueing theory alone (no simulation).

The staffing optimiser starts here: it cuts the day into periods, computes each period's offered
load (erlangs: the mean number of customers who would be in service with unlimited counters) and
turns it into the least number of counters that meets the hall's target with Erlang C or, when
customers give up, Erlang A. Simulation then corrects this first guess.

Two loads are offered. SIPP (stationary independent period by period) takes each period's mean
arrival rate times the mean service time, as if the hall reached steady state at once. The
modified offered load (MOL) is the infinite-server load
``m(t) = integral over u >= 0 of lambda(t - u) P(S > u) du``, which remembers customers who
arrived earlier and are still in service: it lags a step in the arrival rate by about one service
time, and starts from 0 because the hall opens empty. For exponential service it solves
``m'(t) = lambda(t) - m(t) / E[S]``. References: Green, Kolesar & Whitt (2007), "Coping with
time-varying demand when setting staffing requirements for a service system"; Feldman,
Mandelbaum, Massey & Whitt (2008), "Staffing of time-varying queues to achieve time-stable
performance".

Approximations, all deliberate for a first guess: the customer classes are pooled into one
stream served by identical counters at speed 1 (counter hours, speeds and class preferences are
what the optimiser decides or simulates, not inputs here); the Erlang formulas see exponential
service with the pooled mean (the MOL itself uses the true service-time mixture); patience is
pooled as described in :func:`service_mix`. Times are model minutes from the start of the
scenario, rates are per minute unless a name says per hour.

With rates per class or service factors by time of day, the loads (SIPP and MOL) add up the
classes' own rates, each arrival bringing its class's service time times the factor of its
arrival period; only the Erlang formulas see the pooled mix of the day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import signal

from .. import day_profiles, theory
from ..distributions import Distribution
from ..scenario import Scenario

METHODS = ("mol", "sipp")
"""Offered-load methods of :func:`analytic_requirement`."""

_NEGLIGIBLE_LOAD = 1e-9  # erlangs; a smaller modified load is rounding noise of the convolution
_USUAL_PERIODS = (5, 10, 15, 20, 30, 60)  # minutes, suggested when a period does not fit the day


def period_starts(scenario: Scenario, period: float) -> np.ndarray:
    """Start of each staffing period over the day, model minutes.

    The day is [0, ``clock.end``): opening to closing time, or the whole horizon of a
    steady-state run. Periods must tile it exactly, so that no period is shorter than the others.

    Parameters
    ----------
    scenario : Scenario
        The hall.
    period : float
        Length of a period, minutes; must divide the day.

    Raises
    ------
    ValueError
        If ``period`` is not positive or does not divide the day.
    """
    day = scenario.clock.end
    if not 0 < period < math.inf:
        raise ValueError(f"period must be a positive number of minutes, got {period!r}")
    count = round(day / period)
    if count < 1 or abs(count * period - day) > 1e-9 * day:
        fitting = [str(p) for p in _USUAL_PERIODS if (day / p).is_integer()]
        hint = f"; for example {', '.join(fitting)}" if fitting else ""
        raise ValueError(f"period {period:g} min does not divide the day of {day:g} min "
                         f"into whole periods{hint}")
    return period * np.arange(count, dtype=float)


def _expected_arrivals(scenario: Scenario, times: np.ndarray) -> np.ndarray:
    """Expected arrivals in [0, t] for each t (model minutes); none before 0 or after the end.

    The integral of a step function is piecewise linear, so interpolating between the steps'
    cumulative counts is exact.
    """
    step_starts, rates = scenario.rate_steps()
    bounds = np.append(step_starts, scenario.clock.end)
    cumulative = np.concatenate(([0.0], np.cumsum(np.diff(bounds) * np.asarray(rates))))
    return np.interp(np.asarray(times, dtype=float), bounds, cumulative)


def arrival_rate(scenario: Scenario, starts: np.ndarray, period: float) -> np.ndarray:
    """Mean arrival rate in each period, customers per minute.

    The exact average of the scenario's step function (already scaled by ``arrivals.scale``)
    over [start, start + period); no one arrives before opening or after the last arrival time.

    Parameters
    ----------
    scenario : Scenario
        The hall.
    starts : numpy.ndarray
        Period starts, model minutes (see :func:`period_starts`).
    period : float
        Period length, minutes.
    """
    starts = np.asarray(starts, dtype=float)
    return (_expected_arrivals(scenario, starts + period)
            - _expected_arrivals(scenario, starts)) / period


@dataclass(frozen=True)
class ServiceMix:
    """The customer classes pooled into one stream, for the single-class queueing formulas.

    Attributes
    ----------
    shares : tuple of float
        Share of arrivals of each class (they sum to 1).
    service_times : tuple of Distribution
        Service time of each class at speed 1, minutes.
    patience_mean : float or None
        Effective mean patience for Erlang A, minutes (see :func:`service_mix`); None when no
        class gives up.
    """

    shares: tuple[float, ...]
    service_times: tuple[Distribution, ...]
    patience_mean: float | None

    @property
    def service_mean(self) -> float:
        """Share-weighted mean service time of an arrival, minutes."""
        pairs = zip(self.shares, self.service_times, strict=True)
        return float(sum(share * time.mean for share, time in pairs))

    def survival(self, x: np.ndarray) -> np.ndarray:
        """P(S > x) for the service time S of an arrival of any class; ``x`` in minutes."""
        x = np.asarray(x, dtype=float)
        pairs = zip(self.shares, self.service_times, strict=True)
        return sum((share * time.survival(x) for share, time in pairs), np.zeros_like(x))


def service_mix(scenario: Scenario) -> ServiceMix:
    """Pool the scenario's customer classes into one service-time mixture and one patience.

    Erlang A has a single exponential patience of rate theta. The pooled abandonment rate is the
    share-weighted mean of the classes' rates, ``theta = sum(share / patience mean)``, where a
    class without patience waits forever and adds 0; the effective patience mean is 1 / theta,
    a share-weighted harmonic mean. This is the rate at which a fresh mix of waiting customers
    starts to give up (the patience density at 0 of an exponential mixture, the quantity that
    drives Erlang A according to Mandelbaum & Zeltyn), which matters most when waits are short
    next to patience; it moves smoothly as a class's share or patience changes, instead of
    jumping to infinity when one small class never gives up. Each class's patience counts by
    its mean, as if exponential. None when no class has a patience: Erlang C applies.
    """
    classes = list(scenario.customers.values())
    shares = scenario.class_shares
    patient = [(shares[n], c) for n, c in scenario.customers.items() if c.patience is not None]
    patience_mean = None
    if patient:
        rates = [math.inf if c.patience.mean == 0 else share / c.patience.mean
                 for share, c in patient]
        patience_mean = 1.0 / sum(rates)
    return ServiceMix(
        shares=tuple(shares.values()),
        service_times=tuple(c.service_time for c in classes),
        patience_mean=patience_mean,
    )


def offered_load_sipp(scenario: Scenario, starts: np.ndarray, period: float) -> np.ndarray:
    """Stationary offered load of each period: mean arrival rate times mean service time, erlangs.

    Parameters as in :func:`arrival_rate`.
    """
    if _pooled(scenario):
        return arrival_rate(scenario, starts, period) * service_mix(scenario).service_mean
    starts = np.asarray(starts, dtype=float)
    loads = np.zeros(len(starts))
    for step_starts, work_rates in scenario.work_rate_steps():
        cumulative = _cumulative(step_starts, work_rates, scenario.clock.end)
        loads += (cumulative(starts + period) - cumulative(starts)) / period
    return loads


def _pooled(scenario: Scenario) -> bool:
    """True when one rate and the day's class shares describe the demand exactly."""
    return scenario.arrivals.per_class is None and all(
        c.service_factor is None for c in scenario.customers.values())


def _cumulative(step_starts, rates, end):
    """Integral from 0 of a step function (0 before 0 and after ``end``), as a function of t:
    piecewise linear, so interpolating between the steps' cumulative values is exact."""
    bounds = np.append(step_starts, end)
    values = np.concatenate(([0.0], np.cumsum(np.diff(bounds) * np.asarray(rates))))
    return lambda times: np.interp(np.asarray(times, dtype=float), bounds, values)


def modified_offered_load(
    scenario: Scenario, starts: np.ndarray, period: float, step: float = 0.25
) -> np.ndarray:
    """Mean infinite-server (modified) offered load over each period, erlangs.

    The hall opens empty (no arrivals before 0). The period mean of ``m(t)`` is computed exactly
    for a step arrival rate, without forming ``m`` itself: the area under ``m`` up to ``T`` is
    the integral of ``lambda(s) H(T - s)``, with ``H(v)`` the integral of the service survival
    function from 0 to ``v`` (each arrival adds ``min(S, T - s)`` busy minutes), a discrete
    convolution on a grid of ``step`` minutes.

    The period mean, rather than the value at the period's end, is the period's mean number of
    busy counters when counters are ample: it equals SIPP's load in steady state, and it treats
    rises and falls alike, where the end value over-staffs a rising period and under-staffs a
    falling one (the "lag average" of Green, Kolesar & Whitt).

    Parameters
    ----------
    scenario : Scenario
        The hall.
    starts : numpy.ndarray
        Period starts, model minutes (see :func:`period_starts`).
    period : float
        Period length, minutes.
    step : float
        Largest grid step, minutes; the step used is the largest one at most ``step`` that
        divides ``period``. A rate change between grid points is spread over its grid cell, and
        a jump of the service survival function (deterministic, empirical) off the half-step
        grid is resolved to about a step; smooth ones are integrated to fourth order.
    """
    starts = np.asarray(starts, dtype=float)
    if not 0 < step < math.inf:
        raise ValueError(f"step must be a positive number of minutes, got {step!r}")
    if starts.size == 0:
        return np.zeros(0)
    grid_step = period / math.ceil(period / step - 1e-9)
    grid = grid_step * np.arange(math.ceil((starts.max() + period) / grid_step - 1e-9) + 1)
    if _pooled(scenario):
        rates = np.diff(_expected_arrivals(scenario, grid)) / grid_step
        area = _busy_minutes(rates, service_mix(scenario).survival, grid_step)
    else:
        area = sum(_busy_minutes(rates, survival, grid_step)
                   for rates, survival in _class_streams(scenario, grid))
    loads = (np.interp(starts + period, grid, area) - np.interp(starts, grid, area)) / period
    loads[loads < _NEGLIGIBLE_LOAD] = 0.0
    return loads


def _class_streams(scenario: Scenario, grid: np.ndarray):
    """Per class and service factor: the mean arrival rate in each grid cell of the arrivals
    with that factor (by the cell's middle), and the survival function of their service time
    (``factor`` × the class's), minutes."""
    step_starts, class_rates = scenario.class_rate_steps()
    middles = (grid[:-1] + grid[1:]) / 2
    for index, customer_class in enumerate(scenario.customers.values()):
        arrivals = _cumulative(step_starts, class_rates[index], scenario.clock.end)
        rates = np.diff(arrivals(grid)) / np.diff(grid)
        factor = customer_class.service_factor or 1.0
        factors = day_profiles.value_at(factor, scenario.clock, middles)
        for value in np.unique(factors):
            service = customer_class.service_time
            yield (np.where(factors == value, rates, 0.0),
                   lambda x, service=service, value=value: service.survival(x / value))


def _busy_minutes(rates: np.ndarray, survival, grid_step: float) -> np.ndarray:
    """Integral of ``m`` from 0 to each grid point 0, h, 2h, ...: busy counter-minutes.

    With ``rate_j`` the mean arrival rate in cell j, the area up to ``nh`` is
    ``sum_j rate_j J_(n-1-j)``, ``J_i`` the integral of ``H`` over [ih, (i + 1)h]. ``H`` is
    accumulated over half cells by two-point Gauss-Legendre, whose nodes lie inside the half
    cell, so a survival function that jumps on the grid (a deterministic time of whole minutes)
    is integrated exactly; ``J`` by Simpson's rule, ``H`` being continuous.
    """
    half_cells = np.arange(2 * rates.size)[:, np.newaxis]
    nodes = grid_step / 4 * (2 * half_cells + 1 + np.array([-1.0, 1.0]) / math.sqrt(3))
    halves = grid_step / 4 * survival(nodes).sum(axis=1)
    cumulative = np.concatenate(([0.0], np.cumsum(halves)))  # H at 0, h/2, h, 3h/2, ...
    kernel = grid_step / 6 * (cumulative[:-2:2] + 4 * cumulative[1:-1:2] + cumulative[2::2])
    return np.concatenate(([0.0], signal.convolve(rates, kernel)[: rates.size]))


@dataclass(frozen=True)
class _Target:
    """The service target: ``service_level`` of arrivals served within ``wait`` minutes."""

    wait: float
    service_level: float
    max_abandon: float | None

    def least_counters(self, load: float, mix: ServiceMix) -> int:
        """Fewest counters for an offered load (erlangs); 0 when nobody needs serving."""
        if load <= 0:
            return 0
        rate = load / mix.service_mean  # the arrival rate that offers this load, per minute
        if mix.patience_mean is None:
            return theory.min_servers_erlang_c(rate, mix.service_mean, self.wait,
                                               self.service_level)
        return theory.min_servers_erlang_a(rate, mix.service_mean, mix.patience_mean, self.wait,
                                           self.service_level, self.max_abandon)


def analytic_requirement(
    scenario: Scenario,
    period: float,
    method: str = "mol",
    target_wait: float | None = None,
    service_level: float | None = None,
    max_abandon: float | None = None,
) -> pd.DataFrame:
    """Least counters meeting the service target in each period, from queueing theory.

    Each period's offered load is treated as a steady M/M/c queue: Erlang A (M/M/c+M) when some
    class gives up, else Erlang C, whose arrival rate is the load over the mean service time.

    Parameters
    ----------
    scenario : Scenario
        The hall.
    period : float
        Period length, minutes; must divide the day (see :func:`period_starts`).
    method : {"mol", "sipp"}
        Offered load: modified (lagged, see :func:`modified_offered_load`) or each period's mean
        arrival rate times the mean service time.
    target_wait : float, optional
        Wait that counts as served in time, minutes; default ``targets.wait_minutes``.
    service_level : float, optional
        Share of arrivals to serve within it, in [0, 1); default ``targets.service_level``.
    max_abandon : float, optional
        Highest share who give up (Erlang A only); default ``targets.max_abandon``.

    Returns
    -------
    pandas.DataFrame
        One row per period: ``start`` (model minutes), ``clock`` ("HH:MM"),
        ``arrivals_per_hour``, ``offered_load`` (erlangs, by ``method``) and ``counters``.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    starts = period_starts(scenario, period)
    offered = modified_offered_load if method == "mol" else offered_load_sipp
    loads = offered(scenario, starts, period)
    targets = scenario.targets
    target = _Target(
        wait=targets.wait_minutes if target_wait is None else target_wait,
        service_level=targets.service_level if service_level is None else service_level,
        max_abandon=targets.max_abandon if max_abandon is None else max_abandon,
    )
    mix = service_mix(scenario)
    return pd.DataFrame({
        "start": starts,
        "clock": [scenario.clock.label(start) for start in starts],
        "arrivals_per_hour": 60.0 * arrival_rate(scenario, starts, period),
        "offered_load": loads,
        "counters": [target.least_counters(float(load), mix) for load in loads],
    })
