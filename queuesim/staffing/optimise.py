"""The counters each period needs: queueing theory first, then the hall's own simulation.

1. **Theory** (:mod:`.demand`): Erlang A/C on each period's offered load, both the period's
   average (SIPP) and the modified offered load (MOL), which lags demand as a hall does.
2. **Iterative staffing algorithm** in the spirit of Feldman, Mandelbaum, Massey & Whitt (2008):
   simulate with a staffing curve, read the number of customers L in the hall at five instants
   of each period over the replications, and give each period the least s counters for which
   P(L ≥ s + s·T/E[S]) ≤ 1 − the service-level target — an arrival who finds that many
   customers inside waits longer than the target T, since s counters serve about s·T/E[S]
   customers in T minutes (Feldman et al. use T = 0, the delay probability). Repeat until the
   curve settles (or repeats itself: sampling noise can make it swing by one counter).
3. **Top up and trim** against the real target with common random numbers: add a counter in
   every period that misses the service level (or the abandonment cap) until none does; then,
   from the first period to the last, take counters away wherever every period still meets it.

Replications always use the same seeds, so two curves are compared on the same simulated days.
Times in minutes.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import fastline
from ..model import draw_customers
from ..scenario import Scenario, Targets
from .demand import analytic_requirement, service_mix
from .evaluate import PeriodResults, evaluate
from .notes import Note, hours
from .roster import counters_from_curve, staffed

MAX_ROUNDS = 8


@dataclass
class CurvePlan:
    """Counters per period and how they were found."""

    period: float
    table: pd.DataFrame
    """Per period: start, clock, arrivals_per_hour, sipp, mol, isa, counters."""
    curve: np.ndarray
    performance: PeriodResults
    engine: str
    steps: list[str] = field(default_factory=list)


def with_targets(scenario: Scenario, wait=None, service_level=None, max_abandon=None):
    """A copy of ``scenario`` with some targets replaced (None keeps the scenario's)."""
    current = scenario.targets.model_dump()
    for name, value in (("wait_minutes", wait), ("service_level", service_level),
                        ("max_abandon", max_abandon)):
        if value is not None:
            current[name] = value
    return scenario.model_copy(update={"targets": Targets(**current)})


def meets(performance: PeriodResults, targets: Targets) -> np.ndarray:
    """Whether each period meets the target (periods nobody joined in always do)."""
    level = np.nan_to_num(performance.service_level(), nan=1.0)
    ok = level >= targets.service_level - 1e-12
    if targets.max_abandon is not None:
        ok &= np.nan_to_num(performance.abandon_rate(), nan=0.0) <= targets.max_abandon + 1e-12
    return ok


class Evaluator:
    """Evaluates staffing curves of one scenario on fixed replications (common random numbers)."""

    def __init__(self, scenario, period, replications, seed, pool):
        self.scenario, self.period = scenario, period
        self.replications, self.seed, self.pool = replications, seed, pool
        self.calls = 0
        self.draws = [draw_customers(scenario, seed, r) for r in range(replications)]

    def __call__(self, curve) -> PeriodResults:
        """Results with ``curve`` counters per period (stacked counters)."""
        return self.roster(counters_from_curve(curve, self.period))

    def roster(self, intervals) -> PeriodResults:
        """Results with counters open during ``intervals`` (one list per counter, minutes)."""
        self.calls += 1
        hall = staffed(self.scenario, intervals)
        return evaluate(hall, self.period, self.replications, self.seed, self.pool, self.draws)


def plan_curve(scenario: Scenario, period: float, replications: int, seed: int,
               pool: Executor | None = None) -> CurvePlan:
    """Least counters per period meeting ``scenario.targets`` in every period."""
    sipp = analytic_requirement(scenario, period, "sipp")
    mol = analytic_requirement(scenario, period, "mol")
    run = Evaluator(scenario, period, replications, seed, pool)
    steps = [Note("staff_note_theory", sipp=_hours(sipp["counters"], period),
                  mol=_hours(mol["counters"], period))]
    start = np.maximum(sipp["counters"].to_numpy(), mol["counters"].to_numpy())
    served_in_target = scenario.targets.wait_minutes * _speed(scenario) / service_mix(
        scenario).service_mean
    isa = iterate_staffing(run, start, 1 - scenario.targets.service_level, served_in_target,
                           steps)
    curve, performance = top_up(run, isa, scenario.targets, steps)
    curve, performance = trim(run, curve, performance, scenario.targets, steps)
    table = sipp[["start", "clock", "arrivals_per_hour"]].assign(
        sipp=sipp["counters"], mol=mol["counters"], isa=isa, counters=curve)
    engine = planning_engine(scenario)
    steps.append(Note("staff_note_evaluations", calls=run.calls, days=replications,
                      engine=engine))
    return CurvePlan(period, table, curve, performance, engine, steps)


def _speed(scenario: Scenario) -> float:
    speeds = {c.speed for c in scenario.counters}
    return speeds.pop() if len(speeds) == 1 else 1.0


FAST = "fast exact evaluator"


def planning_engine(scenario: Scenario) -> str:
    """What evaluates the staffings of ``scenario``: the fast exact evaluator when it applies
    to the hall with identical counters, else "SimPy model: <why not>"."""
    reason = fastline.applies(staffed(scenario, [[(0.0, scenario.clock.end)]]))
    return FAST if reason is None else f"SimPy model: {reason}"


def _hours(counts, period) -> str:
    return hours(float(np.sum(counts)) * period / 60)


def iterate_staffing(run, curve, late_probability: float, served_per_counter: float,
                     steps: list[str]) -> np.ndarray:
    """The iteration of step 2: each period gets the least s with P(L ≥ s(1 + r)) ≤ α, where
    L is the simulated number in the hall during the period, r the customers a counter
    serves within the target wait and α the share allowed to wait longer."""
    curve, seen = np.asarray(curve, int), []
    for round_ in range(1, MAX_ROUNDS + 1):
        in_system = run(curve).in_system  # replication × period × instant
        staff = np.arange(int(in_system.max(initial=0)) + 2)
        threshold = np.ceil(staff * (1 + served_per_counter) - 1e-9)
        late = (in_system[..., None] >= threshold).mean(axis=(0, 2))
        new = np.argmax(late <= late_probability + 1e-12, axis=1)
        wobble = np.abs(new - curve).max(initial=0) <= 1
        if wobble or any(np.array_equal(new, old) for old in [curve, *seen]):
            steps.append(Note("staff_note_settled", rounds=round_))
            return np.maximum(new, curve)
        seen.append(curve)
        curve = new
    steps.append(unsettled(run))
    return curve


def unsettled(run) -> Note:
    """What ``queuesim staff`` says when the iteration does not settle, and what to do then:
    more planning days (less sampling noise) or longer periods (more customers in each), when a
    longer period divides the day."""
    day, period, days = run.scenario.clock.end, run.period, 2 * run.replications
    longer = [k * period for k in range(2, 9)
              if k * period <= day and abs(day / (k * period) - round(day / (k * period))) < 1e-9]
    advice = (Note("staff_note_more_days_or_period", days=days, period=f"{longer[0]:g}")
              if longer else Note("staff_note_more_days", days=days))
    return Note("staff_note_unsettled", rounds=MAX_ROUNDS, advice=advice)


def top_up(run, curve, targets: Targets, steps: list[str]):
    """Add a counter in every period that misses the target, until none does."""
    curve = np.array(curve, int)
    for round_ in range(MAX_ROUNDS * 2):
        performance = run(curve)
        missing = ~meets(performance, targets)
        if not missing.any():
            steps.append(Note("staff_note_top_up", rounds=round_))
            return curve, performance
        curve[missing] += 1
    steps.append(Note("staff_note_top_up_stopped"))
    return curve, performance


def slack(performance: PeriodResults, targets: Targets) -> np.ndarray:
    """How far each period is above its target (the tighter of service level and abandonment;
    infinite where nobody joined)."""
    level = np.nan_to_num(performance.service_level() - targets.service_level, nan=np.inf)
    if targets.max_abandon is None:
        return level
    abandon = np.nan_to_num(targets.max_abandon - performance.abandon_rate(), nan=np.inf)
    return np.minimum(level, abandon)


def trim(run, curve, performance, targets: Targets, steps: list[str]):
    """Remove one counter at a time where the target has most room, keeping every period on
    target; a period where a removal fails is not tried again, and a period that misses anyway
    (top-up gave up) is never trimmed."""
    curve = np.array(curve, int)
    missing = ~meets(performance, targets)
    frozen = missing | (curve == 0)
    removed = 0
    while not frozen.all():
        k = int(np.argmax(np.where(frozen, -np.inf, slack(performance, targets))))
        trial = curve.copy()
        trial[k] -= 1
        result = run(trial)
        if (meets(result, targets) | missing).all():
            curve, performance, removed = trial, result, removed + 1
            frozen[k] = curve[k] == 0
        else:
            frozen[k] = True
    steps.append(Note("staff_note_trim", removed=removed))
    return curve, performance


def plan_stationary(scenario: Scenario, replications: int, seed: int, pool=None) -> pd.DataFrame:
    """A steady-state hall: the least number of identical counters meeting the target.

    Erlang C (or A, with patience) gives the candidate; the simulation checks it and its
    neighbours on the same replications and picks the least that meets the target over
    ``[warmup, horizon]``. Returns one row per number of counters tried.
    """
    theory = int(analytic_requirement(scenario, scenario.clock.horizon, "sipp")["counters"][0])
    rows = []
    for counters in range(max(1, theory - 2), theory + 3):
        raw = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
        raw["counters"] = [{"id": f"S{i + 1}", "speed": _speed(scenario)}
                           for i in range(counters)]
        hall = Scenario.model_validate(raw)
        found = evaluate(hall, scenario.clock.horizon, replications, seed, pool)
        rows.append({"counters": counters, "theory": counters == theory,
                     "service_level": float(found.service_level()[0]),
                     "abandon_rate": float(found.abandon_rate()[0]),
                     "meets": bool(meets(found, scenario.targets)[0])})
    return pd.DataFrame(rows)
