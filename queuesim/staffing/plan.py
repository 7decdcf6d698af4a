"""A whole staffing plan: counters per period, shifts, roster, proof, and what it is compared with.

:func:`plan_staffing` runs the steps a planner would: find the counters each period needs
(:mod:`.optimise`), cover them with the cheapest shifts (:mod:`.shifts`, when templates are
given), write the roster as a scenario (:mod:`.roster`) and prove it on fresh days
(:mod:`.proof`). It also staffs the same day by SIPP (each period's Erlang requirement on its
average demand) and proves that roster, and simulates the hall as it is staffed today, so the
plan is shown beside both. Times in minutes; costs in the shift file's currency.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..interrupts import worker_pool
from ..scenario import Scenario
from .notes import Note, hours, money
from .optimise import (
    FAST,
    CurvePlan,
    Evaluator,
    meets,
    plan_curve,
    planning_engine,
    top_up,
    with_targets,
)
from .proof import verify, verify_many
from .roster import counter_hours, counters_from_curve, staffed
from .shifts import ShiftPlan, ShiftsConfig, schedule


@dataclass
class Option:
    """One staffing of the day, proven: its counters per period, shifts, roster and results."""

    name: str
    curve: np.ndarray
    roster: Scenario
    shifts: ShiftPlan | None
    proof: pd.DataFrame
    summary: dict

    @property
    def counter_hours(self) -> float:
        """Hours counters are open in the roster (all intervals, within the day)."""
        day = self.roster.clock.end
        return sum(min(b, day) - a for c in self.roster.counters if not c.machine
                   for a, b in self.roster.counter_hours(c)) / 60

    @property
    def meets_everywhere(self) -> bool:
        return bool((self.proof["service_level_ok"] & self.proof["abandon_ok"]).all())


@dataclass
class StaffingReport:
    """Everything ``queuesim staff`` shows and saves."""

    scenario: Scenario
    period: float
    plan: CurvePlan
    best: Option
    sipp: Option
    current: Option
    notes: list[str] = field(default_factory=list)
    currency: str | None = None
    """Of the shift templates' costs (none: cost units)."""


Phase = Callable[[str, dict], None]
"""Told when a long phase starts: its catalogue key (``staff_phase_…``) and the fields of its
words, e.g. ``("staff_phase_proving", {"n": 100})``."""


def _quiet(key: str, fields: dict) -> None:
    """A :data:`Phase` that says nothing."""


def plan_staffing(scenario: Scenario, period: float = 30, shifts: ShiftsConfig | None = None,
                  target_wait=None, service_level=None, max_abandon=None,
                  replications: int | None = None, verify_replications: int = 100,
                  seed: int | None = None, workers: int | None = None,
                  phase: Phase = _quiet) -> StaffingReport:
    """Plan, schedule and prove the staffing of ``scenario`` (see the module docstring);
    ``phase`` is told as each long phase starts (for a progress display)."""
    if scenario.clock.steady:
        raise ScenarioError("staffing plans a day: give the scenario clock.open and clock.close "
                            "(a steady-state hall is sized by plan_stationary)")
    check_period(scenario, period)
    scenario = with_targets(scenario, target_wait, service_level, max_abandon)
    check_targets(scenario)
    shifts = shifts or scenario.staffing
    seed = scenario.seed if seed is None else seed
    planning, notes = _planning_hall(scenario)
    replications = replications or _replications(planning)
    phase("staff_phase_planning", {"n": replications})
    with worker_pool(workers) as pool:
        plan = plan_curve(planning, period, replications, seed, pool)
        if scenario.queue.structure == "multi_line":
            notes += _multi_line_need(scenario, plan, replications, seed, pool)
    drafts = {name: _roster(scenario, plan.table[column], period, shifts)
              for name, column in (("plan", "counters"), ("SIPP", "sipp"), ("MOL", "mol"))}
    rosters = [staffed(scenario, intervals) for _, _, intervals in drafts.values()]
    phase("staff_phase_proving", {"n": verify_replications})
    *proofs, today = verify_many([*rosters, scenario], period, verify_replications, seed, workers)
    options = {name: Option(name, np.asarray(curve), roster, shift_plan, *proof)
               for (name, (curve, shift_plan, _)), roster, proof
               in zip(drafts.items(), rosters, proofs, strict=True)}
    best, choice = _cheapest_meeting(options)
    notes += choice
    sipp = options["SIPP"]
    current = Option("current", counter_hours(scenario, period), scenario, None, *today)
    notes += [Note("staff_note_shifts", message=m) for m in best.shifts.messages] \
        if best.shifts else []
    currency = shifts.currency if shifts is not None else None
    notes += _comparison(best, sipp, current, shifts is not None, currency)
    return StaffingReport(scenario, period, plan, best, sipp, current, notes, currency)


def check_period(scenario: Scenario, period: float) -> None:
    """Refuse a planning period (minutes) that does not divide the opening hours, naming the
    periods that do."""
    day = scenario.clock.end
    count = day / period
    if abs(count - round(count)) < 1e-9 and round(count) >= 1:
        return
    fits = [str(d) for d in range(5, int(day) + 1) if day % d == 0 and d <= 240]
    raise ScenarioError(f"--period {period:g}: a planning period must divide the opening hours "
                        f"{scenario.clock.open}-{scenario.clock.close} ({day:g} min) into whole "
                        f"periods; periods that do (minutes): {', '.join(fits) or f'{day:g}'}")


def check_targets(scenario: Scenario) -> None:
    """Refuse targets no staffing can meet, with what to change."""
    targets, problems = scenario.targets, []
    if targets.service_level >= 1:
        problems.append(f"targets.service_level: {targets.service_level:g} can never be met for "
                        "sure with random arrivals; give a share below 1, e.g. 0.95")
    patient = all(c.patience is None for c in scenario.customers.values())
    if targets.max_abandon is not None and targets.max_abandon <= 0 and not patient:
        problems.append("targets.max_abandon: 0 cannot be met when customers have patience "
                        "(someone always gives up eventually); give a share such as 0.02")
    if problems:
        raise ScenarioError(problems)


def frontier(scenario: Scenario, period: float, levels, shifts: ShiftsConfig | None = None,
             replications: int | None = None, verify_replications: int = 50,
             seed: int | None = None, workers: int | None = None,
             phase: Phase = _quiet) -> pd.DataFrame:
    """Cost against achieved service level: one proven plan per service-level target
    (``phase`` is told as each level starts)."""
    seed = scenario.seed if seed is None else seed
    shifts = shifts or scenario.staffing
    rows = []
    for level in levels:
        phase("staff_phase_frontier", {"level": f"{100 * level:.0f}"})
        hall = with_targets(scenario, service_level=level)
        check_targets(hall)
        planning, _ = _planning_hall(hall)
        with worker_pool(workers) as pool:
            plan = plan_curve(planning, period, replications or _replications(planning), seed,
                              pool)
        option = _option(f"{level:g}", hall, *_roster(hall, plan.curve, period, shifts),
                         period, verify_replications, seed, workers)
        achieved = option.summary["kpis"]["service_level"]
        rows.append({"target": level, "counter_hours": option.counter_hours,
                     "cost": option.shifts.total_cost if option.shifts else None,
                     "service_level": achieved["mean"], "low": achieved["ci95"][0],
                     "high": achieved["ci95"][1],
                     "periods_missed": int((~(option.proof["service_level_ok"]
                                             & option.proof["abandon_ok"])).sum())})
    return pd.DataFrame(rows)


def _replications(planning: Scenario) -> int:
    """Planning days: many with the fast evaluator, fewer with the SimPy model."""
    return 200 if planning_engine(planning) == FAST else 100


def _planning_hall(scenario: Scenario) -> tuple[Scenario, list[str]]:
    notes = [Note("staff_note_identical", counters=len(scenario.counters))]
    if scenario.queue.structure == "multi_line":
        notes.append(Note("staff_note_multi_line"))
        raw = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
        raw["queue"]["structure"] = "single_line"
        return Scenario.model_validate(raw), notes
    return scenario, notes


def _multi_line_need(scenario, plan: CurvePlan, replications, seed, pool) -> list[str]:
    """How many more counter-periods the hall's multiple lines need than one single line."""
    run = Evaluator(scenario, plan.period, replications, seed, pool)
    if meets(run(plan.curve), scenario.targets).all():
        return [Note("staff_note_multi_line_meets")]
    curve, _ = top_up(run, plan.curve, scenario.targets, [])
    lines, single = (float(c.sum()) * plan.period / 60 for c in (curve, plan.curve))
    return [Note("staff_note_multi_line_needs", extra=hours(lines - single), lines=hours(lines),
                 single=hours(single))]


def _roster(scenario, curve, period, shifts):
    """The staff intervals that cover ``curve``: its shifts, or stacked counters without them."""
    curve = np.asarray(curve, int)
    if shifts is None:
        return curve, None, counters_from_curve(curve, period)
    plan = schedule(curve, period, scenario.clock.start, shifts.shifts, shifts.max_counters)
    return curve, plan, plan.intervals()


def _cheapest_meeting(options: dict[str, Option]) -> tuple[Option, list[str]]:
    """The cheapest roster that meets the target in every period on the fresh days (ties: the
    simulation-based plan), so the plan never costs more than a SIPP roster that meets it."""
    def price(option: Option) -> float:
        return option.shifts.total_cost if option.shifts is not None else option.counter_hours

    meeting = [name for name, option in options.items() if option.meets_everywhere]
    if not meeting:
        return options["plan"], [Note("staff_note_none_meets")]
    best = min(meeting, key=lambda name: (price(options[name]), name != "plan"))
    if best == "plan":
        return options["plan"], []
    return options[best], [Note("staff_note_cheaper_curve", name=best)]


def _option(name, scenario, curve, shift_plan, intervals, period, replications, seed,
            workers) -> Option:
    roster = staffed(scenario, intervals)
    table, summary = verify(roster, period, replications, seed, workers)
    return Option(name, np.asarray(curve), roster, shift_plan, table, summary)


def _comparison(best: Option, sipp: Option, current: Option, costed: bool,
                currency: str | None = None) -> list[Note]:
    """Plan, SIPP and today in a sentence each (counter-hours, cost, verdict), and what the
    plan saves against SIPP's roster; costs in ``currency``."""
    notes = []
    label = (Note("staff_name_plan") if best.name == "plan"
             else Note("staff_name_plan_from", name=best.name))
    for name, option in ((label, best), (Note("staff_name_sipp"), sipp),
                         (Note("staff_name_today"), current)):
        missed = int((~(option.proof["service_level_ok"] & option.proof["abandon_ok"])).sum())
        cost = ("" if option.shifts is None
                else Note("staff_note_cost", cost=money(option.shifts.total_cost, currency)))
        notes.append(Note("staff_note_option_misses" if missed else "staff_note_option_meets",
                          name=name, hours=hours(option.counter_hours), cost=cost, missed=missed))
    if costed and best.shifts and sipp.shifts and sipp.meets_everywhere and best is not sipp:
        saving = sipp.shifts.total_cost - best.shifts.total_cost
        notes.append(Note("staff_note_saving", saving=money(saving, currency)) if saving > 0
                     else Note("staff_note_same_cost"))
    return notes
