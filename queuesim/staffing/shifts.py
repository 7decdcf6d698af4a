"""Shift plans: the cheapest set of staff shifts that covers a requirement of counters.

The staffing optimiser finds how many counters each period of the day needs (the requirement
r_k). :func:`schedule` turns that into staff shifts: every concrete pattern a shift template
allows (start time x break start x break length) is a column of an integer set-covering
programme solved with HiGHS (``scipy.optimize.milp``); the :class:`ShiftPlan` it returns gives
the counter hours of each member of staff, ready to become the counters of a scenario. The
templates themselves live in :mod:`queuesim.staffing.shift_templates` and are re-exported here.

Grid rule. Shift starts, break starts and the choices of a ``[shortest, longest]`` break length
are taken on the period grid (model minute 0 is ``day_start``); a window or range that holds no
grid value raises :class:`ScenarioError` saying how to widen it. Lengths need not be whole
periods: a period counts as covered only when it is worked whole (a ragged end or break covers
less, never more), it counts as on duty for ``max_counters`` when worked at all, and pay is for
the real paid minutes. Times are minutes; costs are currency units (e.g. yuan) per paid hour.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from ..clock import format_time
from ..errors import ScenarioError
from .shift_templates import (
    BreakRule,
    ShiftsConfig,
    ShiftTemplate,
    grid_problems,
    load_shifts,
    patterns,
)

__all__ = ["BreakRule", "PlannedShift", "ShiftPlan", "ShiftTemplate", "ShiftsConfig",
           "load_shifts", "schedule"]

_MIP_REL_GAP = 1e-7  # tight: with a shortfall the penalty inflates the objective
_DAY = 24 * 60.0  # minutes


def schedule(requirement: Sequence[int] | np.ndarray, period: float, day_start: float,
             templates: Sequence[ShiftTemplate] | ShiftsConfig, max_counters: int | None = None,
             *, time_limit: float = 10.0) -> ShiftPlan:
    """The cheapest staff shifts that cover a requirement of counters, period by period.

    Minimises the pay of the shifts plus a penalty per counter-period short, subject to the
    template min/max counts and at most ``max_counters`` on duty in any period. The penalty
    exceeds the cost of any plan worth having, so the plan is short only where no choice of
    shifts can cover, and then by as little as possible. Never fails on an impossible cover or
    on template minimums that clash with the counters: those are reported in ``messages``.

    Parameters
    ----------
    requirement
        Counters needed in each period, whole numbers >= 0.
    period
        Length of a period, minutes; period k is [k * period, (k + 1) * period) model minutes.
    day_start
        Minutes after midnight of model minute 0, e.g. 540 for 09:00.
    templates
        Shift templates, or a whole :class:`ShiftsConfig` (whose ``max_counters`` is used when
        the argument is not given).
    max_counters
        Physical counters: the most staff on duty at once; ``None`` for no limit.
    time_limit
        Seconds the solver may take; a plan not proven cheapest says so (``optimal`` False).

    Returns
    -------
    ShiftPlan
        Shifts in model minutes, coverage and shortfall per period, costs and messages.

    Raises
    ------
    ScenarioError
        For malformed arguments, or a template window that holds no time on the period grid.

    Notes
    -----
    Starts and breaks are placed on the period grid; a length that is not a whole number of
    periods covers only the periods worked whole but is paid in full (see the module notes).
    """
    if isinstance(templates, ShiftsConfig):
        max_counters = templates.max_counters if max_counters is None else max_counters
        templates = templates.shifts
    needed = _checked_requirement(requirement, period, day_start)
    _check_settings(templates, max_counters)
    problems = grid_problems(templates, period, day_start)
    if problems:
        raise ScenarioError(problems)
    programme = _programme(templates, period, day_start, needed, max_counters)
    messages = _unused_templates(templates, programme, period, day_start)
    low = np.array([template.min_count for template in templates], float)
    result = _solve(programme, low, time_limit)
    if result.status == 2:  # only the minimums can clash: no staff and all short fits the rest
        fits = _feasible_minimums(programme, low, time_limit)
        messages += _lowered_minimums(templates, programme, low, fits)
        result = _solve(programme, fits, time_limit)
    return _plan(programme, result, period, day_start, messages, time_limit)


def _checked_requirement(requirement, period: float, day_start: float) -> np.ndarray:
    try:
        needed = np.asarray(requirement, dtype=float)
    except (TypeError, ValueError):
        needed = np.array([np.nan])
    problems = []
    if needed.ndim != 1 or needed.size == 0 or not np.all(np.isfinite(needed)) \
            or np.any(needed < 0) or np.any(needed != np.round(needed)):
        problems.append("requirement: expected a list of whole numbers of counters >= 0, one a "
                        f"period, found {requirement!r}")
    if not (isinstance(period, numbers.Real) and 0 < period < math.inf):
        problems.append(f"period: expected minutes above 0, found {period!r}")
    if not (isinstance(day_start, numbers.Real) and 0 <= day_start < _DAY):
        problems.append(f"day_start: expected minutes after midnight (0 to 1439), "
                        f"found {day_start!r}")
    if not problems and day_start + needed.size * period > _DAY:
        problems.append(f"requirement: {needed.size} periods of {period:g} minutes from "
                        f"{format_time(day_start)} run past 24:00")
    if problems:
        raise ScenarioError(problems)
    return needed.astype(int)


def _check_settings(templates: Sequence[ShiftTemplate], max_counters: int | None) -> None:
    problems = []
    if not templates:
        problems.append("shifts: expected at least one shift template")
    if max_counters is not None and not (isinstance(max_counters, (int, np.integer))
                                         and max_counters >= 0):
        problems.append(f"max_counters: expected a whole number >= 0, found {max_counters!r}")
    if problems:
        raise ScenarioError(problems)


# The plan. --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedShift:
    """``count`` identical shifts of template ``template``: times in model minutes (0 is the
    day's start), no break when ``break_start`` is ``None``, ``cost`` for all of them."""

    template: str
    start: float
    end: float
    break_start: float | None
    break_end: float | None
    count: int
    cost: float

    @property
    def work(self) -> list[tuple[float, float]]:
        """Intervals at a counter, model minutes: two when there is a break."""
        if self.break_start is None:
            return [(self.start, self.end)]
        return [(self.start, self.break_start), (self.break_end, self.end)]

    @property
    def paid_hours(self) -> float:
        """Paid hours of one member of staff on this shift (the break is unpaid)."""
        return sum(end - start for start, end in self.work) / 60


@dataclass(frozen=True, eq=False)
class ShiftPlan:
    """The chosen shifts and how well they cover the requirement.

    ``requirement``, ``coverage`` (staff working the whole period) and ``shortfall`` hold one
    whole number a period; ``total_cost`` is in currency units, ``paid_hours`` summed over all
    staff; ``optimal`` is False when the solver stopped early (``mip_gap``: its relative gap);
    ``messages`` say what could not be met; ``period`` and ``day_start`` are minutes.
    """

    shifts: list[PlannedShift]
    requirement: np.ndarray
    coverage: np.ndarray
    shortfall: np.ndarray
    total_cost: float
    paid_hours: float
    messages: list[str]
    optimal: bool
    period: float
    day_start: float
    mip_gap: float | None = None

    def counter_hours(self, day_start: float | None = None) -> list[list[str]]:
        """One list of ``"HH:MM-HH:MM"`` intervals per member of staff, for a scenario's counters.

        Parameters
        ----------
        day_start
            Minutes after midnight of model minute 0; default: the plan's own ``day_start``.
        """
        start = self.day_start if day_start is None else day_start
        return [[f"{format_time(start + a)}-{format_time(start + b)}" for a, b in staff]
                for staff in self.intervals()]

    def intervals(self) -> list[list[tuple[float, float]]]:
        """One list of (start, end) model minutes at a counter per member of staff."""
        return [shift.work for shift in self.shifts for _ in range(shift.count)]

    def to_table(self) -> pd.DataFrame:
        """The shifts as a table for printing: clock times, count, paid hours each, cost."""
        clock = [[f"{format_time(self.day_start + a)}-{format_time(self.day_start + b)}"
                  for a, b in [(s.start, s.end), (s.break_start, s.break_end)] if a is not None]
                 for s in self.shifts]
        return pd.DataFrame({
            "shift": [s.template for s in self.shifts],
            "hours": [times[0] for times in clock],
            "break": [times[1] if len(times) > 1 else "" for times in clock],
            "count": [s.count for s in self.shifts],
            "paid_hours": [s.paid_hours for s in self.shifts],
            "cost": [s.cost for s in self.shifts]})


# The covering programme. ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Programme:
    """Patterns (columns) against periods (rows), and the limits on them."""

    patterns: list[PlannedShift]
    template_of: np.ndarray  # template index of each pattern
    covered: np.ndarray  # periods x patterns: 1 when the pattern works the whole period
    on_duty: np.ndarray  # periods x patterns: 1 when it works any part of the period
    requirement: np.ndarray
    high: np.ndarray  # max_count per template (inf: none)
    max_counters: int | None

    def members(self) -> np.ndarray:
        """Templates x patterns: 1 where the pattern belongs to the template."""
        return (np.arange(len(self.high))[:, None] == self.template_of[None, :]).astype(float)

    def pattern_bounds(self, low: np.ndarray) -> np.ndarray:
        """Most copies of each pattern worth using: more than max(r) and the template's minimum
        only adds cost; never more than the template's maximum or the counters."""
        limit = np.maximum(self.requirement.max(initial=0), low)[self.template_of]
        limit = np.minimum(limit, self.high[self.template_of])
        return np.minimum(limit, np.inf if self.max_counters is None else self.max_counters)


def _programme(templates: Sequence[ShiftTemplate], period: float, day_start: float,
               requirement: np.ndarray, max_counters: int | None) -> _Programme:
    """The patterns of every template as columns of coverage and on-duty matrices."""
    day_end = len(requirement) * period
    columns, template_of = [], []
    for index, template in enumerate(templates):
        for start, end, break_start, break_end in patterns(template, period, day_start, day_end):
            shift = PlannedShift(template.name, start, end, break_start, break_end, 1, 0.0)
            columns.append(replace(shift, cost=shift.paid_hours * template.cost_per_hour))
            template_of.append(index)
    edges = np.arange(len(requirement) + 1) * period
    covered = np.zeros((len(requirement), len(columns)))
    on_duty = np.zeros_like(covered)
    for j, shift in enumerate(columns):
        for start, end in shift.work:
            covered[:, j] += (edges[:-1] >= start - 1e-9) & (edges[1:] <= end + 1e-9)
            on_duty[:, j] += (edges[:-1] < end - 1e-9) & (edges[1:] > start + 1e-9)
    high = np.array([np.inf if t.max_count is None else t.max_count for t in templates], float)
    return _Programme(columns, np.array(template_of, int), covered, np.minimum(on_duty, 1),
                      requirement, high, max_counters)


def _limits(programme: _Programme, low: np.ndarray, extra: int) -> list[LinearConstraint]:
    """Template counts within [low, max_count] and staff on duty within max_counters; ``extra``
    further variables (shortfalls or misses) follow the patterns and are left out here."""
    pad = np.zeros((len(low), extra))
    constraints = [LinearConstraint(np.hstack([programme.members(), pad]), low, programme.high)]
    if programme.max_counters is not None:
        duty = np.hstack([programme.on_duty, np.zeros((len(programme.requirement), extra))])
        constraints.append(LinearConstraint(duty, -np.inf, programme.max_counters))
    return constraints


def _solve(programme: _Programme, low: np.ndarray, time_limit: float):
    """Cheapest cover: min cost.x + penalty * sum(u) with covered.x + u >= r."""
    cost = np.array([p.cost for p in programme.patterns])
    periods, r = len(programme.requirement), programme.requirement
    # Above the cost of any plan worth having (at most sum(r) + sum(low) staff), so one period
    # short outweighs every saving: the plan has the least shortfall possible, then least cost.
    penalty = cost.max(initial=0) * (r.sum() + low.sum()) + 1
    cover = LinearConstraint(np.hstack([programme.covered, np.eye(periods)]), r, np.inf)
    return milp(np.concatenate([cost, np.full(periods, penalty)]),
                integrality=np.r_[np.ones(len(cost)), np.zeros(periods)],
                bounds=Bounds(0, np.concatenate([programme.pattern_bounds(low), r])),
                constraints=[cover, *_limits(programme, low, periods)],
                options={"time_limit": time_limit, "mip_rel_gap": _MIP_REL_GAP})


def _feasible_minimums(programme: _Programme, low: np.ndarray, time_limit: float) -> np.ndarray:
    """The highest min_counts that fit together: the least total amount missed."""
    count, templates = len(programme.patterns), len(low)
    reach = LinearConstraint(np.hstack([programme.members(), np.eye(templates)]), low, np.inf)
    result = milp(np.r_[np.zeros(count), np.ones(templates)],
                  integrality=np.r_[np.ones(count), np.zeros(templates)],
                  bounds=Bounds(0, np.concatenate([programme.pattern_bounds(low), low])),
                  constraints=[reach, *_limits(programme, np.zeros(templates), templates)],
                  options={"time_limit": time_limit})
    if result.x is None:  # no answer in time: drop every minimum
        return np.zeros(templates)
    return low - np.round(result.x[count:])


# Reading the solution. --------------------------------------------------------------------------


def _plan(programme: _Programme, result, period: float, day_start: float, messages: list[str],
          time_limit: float) -> ShiftPlan:
    """The plan of the solver's answer (no shifts at all when it has none)."""
    counts = np.zeros(len(programme.patterns), int) if result.x is None else \
        np.round(result.x[:len(programme.patterns)]).astype(int)
    chosen = [replace(shift, count=int(n), cost=float(shift.cost * n))
              for shift, n in zip(programme.patterns, counts, strict=True) if n > 0]
    chosen.sort(key=lambda s: (s.start, s.template, -1 if s.break_start is None
                               else s.break_start))
    coverage = (programme.covered @ counts).astype(int)
    shortfall = np.maximum(programme.requirement - coverage, 0)
    messages = messages + _solver_notes(result, time_limit)
    if result.x is not None:
        messages += _shortfall_note(shortfall, period, day_start)
    gap = getattr(result, "mip_gap", None)
    return ShiftPlan(
        shifts=chosen, requirement=programme.requirement.copy(), coverage=coverage,
        shortfall=shortfall, total_cost=float(sum(s.cost for s in chosen)),
        paid_hours=float(sum(s.count * s.paid_hours for s in chosen)), messages=messages,
        optimal=bool(result.status == 0), period=float(period), day_start=float(day_start),
        mip_gap=None if gap is None or result.x is None else float(gap))


def _unused_templates(templates: Sequence[ShiftTemplate], programme: _Programme, period: float,
                      day_start: float) -> list[str]:
    day = (f"{format_time(day_start)}-"
           f"{format_time(day_start + len(programme.requirement) * period)}")
    used = set(programme.template_of.tolist())
    return [f"shifts[{index}]: no '{template.name}' shift starting in {template.start} fits "
            f"the day {day}{' with its break' if template.break_ else ''}; it is not used"
            for index, template in enumerate(templates) if index not in used]


def _lowered_minimums(templates: Sequence[ShiftTemplate], programme: _Programme,
                      low: np.ndarray, fits: np.ndarray) -> list[str]:
    used, lines = set(programme.template_of.tolist()), []
    for index, (template, wanted, kept) in enumerate(zip(templates, low, fits, strict=True)):
        if kept >= wanted:
            continue
        counters = programme.max_counters
        reason = ("none of its shifts fits the day" if index not in used else
                  f"only {kept:g} fit beside the other min_counts"
                  + ("" if counters is None else f" within max_counters {counters}"))
        lines.append(f"shifts[{index}].min_count: {wanted:g} '{template.name}' shifts cannot "
                     f"be planned: {reason}; the plan uses min_count {kept:g} instead")
    return lines


def _solver_notes(result, time_limit: float) -> list[str]:
    if result.status == 0:
        return []
    if result.x is None and result.status == 1:
        return [f"the solver found no plan within the time limit of {time_limit:g} s; nothing "
                "is planned (allow more time)"]
    if result.x is None:
        return [f"the solver failed ({result.message}); nothing is planned"]
    gap = getattr(result, "mip_gap", None)
    return [f"the solver stopped after {time_limit:g} s before proving this plan the cheapest"
            + ("" if gap is None else f" (gap {100 * gap:.2g} %)")]


def _shortfall_note(shortfall: np.ndarray, period: float, day_start: float) -> list[str]:
    """One line naming the periods short of counters, runs of equal shortfall joined."""
    runs: list[list[int]] = []
    for k, short in enumerate(shortfall.tolist()):
        if short and runs and runs[-1][1] == k and runs[-1][2] == short:
            runs[-1][1] = k + 1
        elif short:
            runs.append([k, k + 1, short])
    if not runs:
        return []
    text = ", ".join(f"{format_time(day_start + a * period)}-"
                     f"{format_time(day_start + b * period)} short by {short}"
                     for a, b, short in runs)
    return [f"the shifts cannot cover the requirement: {text} "
            f"({int(shortfall.sum())} counter-periods in all)"]
