"""Tests for queuesim.staffing.shifts and shift_templates: shift templates and shift plans.

A tiny case is solved by hand; invariants (coverage, cost, breaks, counters) are checked on the
plans; small random instances are compared with a brute-force search over every staffing;
impossible covers and clashing limits must give messages and a plan, never a traceback; bad
template files must give one line naming the file and the YAML path.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
import yaml

from queuesim import ScenarioError, load_scenario
from queuesim.clock import format_time
from queuesim.staffing.shift_templates import patterns
from queuesim.staffing.shifts import ShiftPlan, ShiftTemplate, load_shifts, schedule

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "shifts_branch.yaml"
NINE = 540  # 09:00, minutes after midnight


def template(name: str = "t", start: str = "09:00", length: int = 60, cost: float = 10,
             **fields) -> ShiftTemplate:
    """A validated template; ``break_`` is passed as ``break``."""
    if "break_" in fields:
        fields["break"] = fields.pop("break_")
    return ShiftTemplate.model_validate({"name": name, "start": start, "length": length,
                                         "cost_per_hour": cost, **fields})


def whole_periods_worked(plan: ShiftPlan) -> np.ndarray:
    """Coverage recounted from each member of staff's counter intervals."""
    edges = np.arange(len(plan.requirement) + 1) * plan.period
    count = np.zeros(len(plan.requirement), int)
    for staff in plan.intervals():
        for start, end in staff:
            count += (edges[:-1] >= start) & (edges[1:] <= end)
    return count


def on_duty(plan: ShiftPlan) -> np.ndarray:
    """Staff at a counter for any part of each period."""
    edges = np.arange(len(plan.requirement) + 1) * plan.period
    return np.array([sum(any(a < right and b > left for a, b in staff)
                         for staff in plan.intervals())
                     for left, right in itertools.pairwise(edges)])


# Plans by hand. ---------------------------------------------------------------------------------


def test_tiny_case_matches_the_hand_solution():
    # Need [1, 2, 2, 1] hourly. A 2-hour shift costs 60, the 4-hour one 100: three 2-hour
    # shifts (09, 10, 11) cost 180; the 4-hour one plus a 2-hour one at 10:00 cost 160.
    short = template("short", "09:00-11:00", 120, cost=30)
    long = template("long", "09:00", 240, cost=25)
    plan = schedule([1, 2, 2, 1], 60, NINE, [short, long])
    assert plan.optimal and plan.messages == []
    assert plan.total_cost == pytest.approx(160)
    assert plan.counter_hours() == [["09:00-13:00"], ["10:00-12:00"]]
    assert plan.coverage.tolist() == [1, 2, 2, 1]
    assert plan.shortfall.tolist() == [0, 0, 0, 0]
    assert plan.paid_hours == pytest.approx(6)


def test_staggered_lunches_keep_one_counter_open_all_day():
    # One teller cannot cover 8 hours with a lunch hour: two must lunch at different times.
    full = template("full", "09:00", 480, break_={"window": "12:00-14:00", "length": 60})
    plan = schedule([1] * 8, 60, NINE, [full])
    assert plan.shortfall.sum() == 0
    assert sum(s.count for s in plan.shifts) == 2
    assert {s.break_start for s in plan.shifts} == {180, 240}
    assert plan.total_cost == pytest.approx(2 * 7 * 10)
    assert plan.counter_hours(NINE) in (
        [["09:00-12:00", "13:00-17:00"], ["09:00-13:00", "14:00-17:00"]],
        [["09:00-13:00", "14:00-17:00"], ["09:00-12:00", "13:00-17:00"]])


def test_shipped_example_covers_a_day_and_becomes_counters():
    need = [2, 2, 3, 3, 4, 5, 5, 5, 5, 4, 3, 3, 3, 4, 4, 4]  # half-hours from 09:00
    plan = schedule(need, 30, NINE, load_shifts(EXAMPLE))
    assert plan.optimal and plan.messages == []
    assert np.all(plan.coverage >= need) and plan.shortfall.sum() == 0
    hall = yaml.safe_load((ROOT / "scenarios" / "nanhu_branch.yaml").read_text(encoding="utf-8"))
    hall["counters"] = [{"id": f"S{i + 1}", "hours": hours}
                        for i, hours in enumerate(plan.counter_hours())]
    assert len(load_scenario(hall).counters) == sum(s.count for s in plan.shifts)
    table = plan.to_table()
    assert list(table.columns) == ["shift", "hours", "break", "count", "paid_hours", "cost"]
    assert table["cost"].sum() == pytest.approx(plan.total_cost)


# Invariants. ------------------------------------------------------------------------------------


def lunch_templates() -> list[ShiftTemplate]:
    return [template("full", "09:00", 480, cost=60, break_={"window": "11:00-14:30",
                                                             "length": [30, 60]}),
            template("part", "10:00-13:00", 240, cost=45),
            template("evening", "13:00-13:00", 240, cost=50, max_count=1)]


@pytest.mark.parametrize("seed", range(5))
def test_coverage_cost_and_breaks_agree_with_the_shifts(seed):
    need = np.random.default_rng(seed).integers(0, 5, size=16)
    templates = lunch_templates()
    plan = schedule(need, 30, NINE, templates)
    assert plan.shortfall.sum() == 0 and np.all(plan.coverage >= need)
    rate = {t.name: t.cost_per_hour for t in templates}
    assert plan.total_cost == pytest.approx(
        sum(s.count * s.paid_hours * rate[s.template] for s in plan.shifts))
    assert plan.coverage.tolist() == whole_periods_worked(plan).tolist()
    for shift in plan.shifts:
        assert shift.paid_hours * 60 == shift.end - shift.start - (
            0 if shift.break_start is None else shift.break_end - shift.break_start)
        if shift.break_start is not None:  # nobody is at a counter during their break
            assert all(end <= shift.break_start or start >= shift.break_end
                       for start, end in shift.work)


def test_too_few_staff_leaves_shortfall_in_exactly_the_uncovered_periods():
    day = template("day", "09:00", 240, max_count=2)
    plan = schedule([1, 3, 2, 4], 60, NINE, [day])
    assert plan.coverage.tolist() == [2, 2, 2, 2]
    assert plan.shortfall.tolist() == [0, 1, 0, 2]
    assert plan.messages == ["the shifts cannot cover the requirement: 10:00-11:00 short by 1, "
                             "12:00-13:00 short by 2 (3 counter-periods in all)"]


def test_max_counters_caps_the_staff_on_duty():
    hour = template("hour", "09:00-12:00", 60)
    plan = schedule([3, 5, 5, 3], 60, NINE, [hour], max_counters=4)
    assert on_duty(plan).max() <= 4
    assert plan.shortfall.tolist() == [0, 1, 1, 0]


def test_no_saving_is_bought_with_a_shortfall():
    # With one counter, two 2-hour shifts (100) cover the day; one cheap 3-hour shift (3) leaves
    # an hour short. A penalty of just the dearest shift's cost (50) would take the cheap one.
    two = template("two", "09:00-11:00", 120, cost=25)
    three = template("three", "09:00", 180, cost=1)
    plan = schedule([1, 1, 1, 1], 60, NINE, [two, three], max_counters=1)
    assert plan.shortfall.sum() == 0 and plan.total_cost == pytest.approx(100)


def test_a_teller_at_lunch_frees_a_counter():
    full = template("full", "09:00", 240, break_={"window": "10:00-12:00", "length": 60})
    hour = template("hour", "09:00-12:00", 60, cost=100)
    plan = schedule([1, 1, 1, 1], 60, NINE, [full, hour], max_counters=1)
    assert plan.shortfall.sum() == 0 and on_duty(plan).tolist() == [1, 1, 1, 1]
    assert plan.total_cost == pytest.approx(3 * 10 + 100)


def test_ragged_lengths_cover_whole_periods_only_but_are_paid_in_full():
    plan = schedule([1, 0], 60, NINE, [template("ragged", "09:00", 90)])
    assert plan.coverage.tolist() == [1, 0]
    assert plan.total_cost == pytest.approx(15)
    assert plan.counter_hours() == [["09:00-10:30"]]


def test_break_length_range_offers_every_multiple_of_the_period():
    full = template("full", "09:00", 480, break_={"window": "12:00-14:00", "length": [30, 60]})
    found = patterns(full, 30, NINE, 480)
    assert {b_end - b_start for _, _, b_start, b_end in found} == {30, 60}
    assert len(found) == 4 + 3  # 30-minute breaks start 12:00..13:30, 60-minute 12:00..13:00


# Clashing limits and solver limits. -------------------------------------------------------------


def test_min_count_beyond_the_counters_is_lowered_with_a_message():
    day = template("day", "09:00", 120, min_count=3)
    plan = schedule([1, 1], 60, NINE, [day], max_counters=2)
    assert sum(s.count for s in plan.shifts) == 2
    assert plan.messages == ["shifts[0].min_count: 3 'day' shifts cannot be planned: only 2 fit "
                             "beside the other min_counts within max_counters 2; the plan uses "
                             "min_count 2 instead"]


def test_a_template_outside_the_day_is_reported_and_its_minimum_dropped():
    late = template("late", "16:00", 120, min_count=1)
    plan = schedule([1, 1], 60, NINE, [template("hour", "09:00-10:00"), late])
    assert plan.shortfall.sum() == 0 and {s.template for s in plan.shifts} == {"hour"}
    assert plan.messages[0] == ("shifts[1]: no 'late' shift starting in 16:00 fits the day "
                                "09:00-11:00; it is not used")
    assert "none of its shifts fits the day" in plan.messages[1]


def test_min_count_is_met_even_with_nothing_to_cover():
    plan = schedule([0, 0], 60, NINE, [template("day", "09:00", 120, min_count=2)])
    assert sum(s.count for s in plan.shifts) == 2 and plan.messages == []


def test_no_time_to_solve_gives_an_empty_plan_and_a_message():
    plan = schedule([1, 2, 2, 1], 60, NINE, [template("hour", "09:00-12:00")], time_limit=0)
    assert not plan.optimal and plan.shifts == [] and plan.total_cost == 0
    assert plan.shortfall.tolist() == [1, 2, 2, 1]
    assert plan.messages == ["the solver found no plan within the time limit of 0 s; nothing is "
                             "planned (allow more time)"]


# Optimality against brute force. ----------------------------------------------------------------


def brute_force(need, columns, costs, owner, max_count, max_counters):
    """(least total shortfall, then least cost) over every count 0..max(need) per pattern."""
    best = (np.inf, np.inf)
    for counts in itertools.product(range(max(need) + 1), repeat=len(columns)):
        counts = np.array(counts)
        per_template = np.bincount(owner, counts, minlength=len(max_count))
        cover = columns.T @ counts
        if np.any(per_template > max_count) or cover.max(initial=0) > max_counters:
            continue
        best = min(best, (np.maximum(need - cover, 0).sum(), float(costs @ counts)))
    return best


@pytest.mark.parametrize("seed", range(30))
def test_milp_cost_is_optimal_on_small_random_instances(seed):
    rng = np.random.default_rng(seed)
    periods, templates, columns, costs, owner = 4, [], [], [], []
    while len(columns) < 3:
        first = int(rng.integers(0, periods))
        last, length = first + int(rng.integers(0, 2)), int(rng.integers(1, 4))
        rate, cap = int(rng.integers(10, 50)), int(rng.integers(0, 3))
        starts = [s for s in range(first, last + 1) if s + length <= periods]
        if not starts or len(columns) + len(starts) > 6:
            continue
        window = f"{format_time(NINE + 60 * first)}-{format_time(NINE + 60 * last)}"
        templates.append(template(f"t{len(templates)}", window, 60 * length, rate,
                                  max_count=None if cap == 0 else cap))
        for start in starts:
            columns.append([start <= k < start + length for k in range(periods)])
            costs.append(rate * length)
            owner.append(len(templates) - 1)
    need = rng.integers(0, 3, size=periods)
    counters = int(rng.choice([1, 2, 9]))
    caps = np.array([t.max_count if t.max_count is not None else 99 for t in templates])
    short, cost = brute_force(need, np.array(columns, float), np.array(costs, float),
                              np.array(owner), caps, counters)
    plan = schedule(need, 60, NINE, templates, max_counters=counters)
    assert plan.optimal
    assert plan.shortfall.sum() == short
    assert plan.total_cost == pytest.approx(cost)


# Reading and validating templates. --------------------------------------------------------------


def example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def problem_line(tmp_path: Path, edit) -> str:
    """The one error line of loading the example, changed by ``edit``, from a file."""
    raw = example()
    edit(raw)
    path = tmp_path / "shifts.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_shifts(path)
    assert len(caught.value.problems) == 1, str(caught.value)
    assert str(caught.value).startswith(f"{path}: ")
    return str(caught.value).removeprefix(f"{path}: ")


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda raw: raw["shifts"][0]["break"].update(window="16:30-18:00"),
     "shifts[0].break.window: a 60-minute break in 16:30-18:00 cannot fall inside the shift, "
     "which works from 09:00 to 17:00 at most"),
    (lambda raw: raw["shifts"][0]["break"].update(window="11:00-11:30"),
     "shifts[0].break.window: 11:00-11:30 is 30 minutes, shorter than the 60-minute break"),
    (lambda raw: raw["shifts"][0]["break"].update(window="11:00"),
     "shifts[0].break.window: expected hours as \"HH:MM-HH:MM\""),
    (lambda raw: raw["shifts"][0]["break"].update(length=[60, 30]),
     "shifts[0].break.length: [shortest, longest] is in the wrong order"),
    (lambda raw: raw["shifts"][1].update({"break": {"window": "10:00-14:00", "length": 240}}),
     "shifts[1].break.length: a 240-minute break leaves no work in a 240-minute shift"),
    (lambda raw: raw["shifts"][1].update(start="13:00-10:00"),
     "shifts[1].start: '13:00-10:00' ends before it starts"),
    (lambda raw: raw["shifts"][1].update(start="22:00", length=240),
     "shifts[1].length: starting at 22:00, a 240-minute shift ends after 24:00"),
    (lambda raw: raw["shifts"][1].update(min_count=7),
     "shifts[1].min_count: 7 is more than max_count 6"),
    (lambda raw: raw["shifts"][1].update(name="full_time"),
     "shifts[1].name: 'full_time' is used twice"),
    (lambda raw: raw["shifts"][1].update(cost_per_hr=raw["shifts"][1].pop("cost_per_hour")),
     "shifts[1].cost_per_hr: unknown key (did you mean 'cost_per_hour'?)"),
    (lambda raw: raw["shifts"][1].update(max_cont=3),
     "shifts[1].max_cont: unknown key (did you mean 'max_count'?)"),
    (lambda raw: raw["shifts"][1].update(length=0),
     "shifts[1].length: input should be greater than 0"),
    (lambda raw: raw.update(max_counters=0), "max_counters: input should be greater than"),
])
def test_bad_templates_name_the_file_and_the_field(tmp_path, edit, expected):
    assert problem_line(tmp_path, edit).startswith(expected)


def test_unquoted_clock_times_are_read_as_times(tmp_path):
    path = tmp_path / "shifts.yaml"
    path.write_text("shifts:\n  - {name: a, start: 13:00, length: 60, cost_per_hour: 5}\n",
                    encoding="utf-8")
    assert load_shifts(path).shifts[0].start == "13:00"


@pytest.mark.parametrize(("content", "expected"), [
    ("", "shifts: required field is missing"),
    ("- 1\n", "expected a mapping of fields (key: value), found a list"),
    ("shifts: [\n", "line 2, column 1: unreadable YAML"),
])
def test_unusable_files_say_why(tmp_path, content, expected):
    path = tmp_path / "shifts.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_shifts(path)
    assert str(caught.value).startswith(f"{path}: {expected}")


def test_windows_off_the_grid_say_how_to_widen_them():
    off = template("off", "09:10", 60, break_=None)
    lunch = template("lunch", "09:00", 240, break_={"window": "10:10-11:20", "length": [40, 50]})
    with pytest.raises(ScenarioError) as caught:
        schedule([1, 1, 1, 1], 30, NINE, [off, lunch])
    assert caught.value.problems == [
        "shifts[0].start: 09:10 holds no start on the 30-minute grid from 09:00; widen it to "
        "09:00-09:30",
        "shifts[1].break.length: [40, 50] holds no whole number of 30-minute periods; widen it "
        "to include 60"]


@pytest.mark.parametrize(("arguments", "expected"), [
    (([], 60, NINE), "requirement: expected a list of whole numbers"),
    (([1.5], 60, NINE), "requirement: expected a list of whole numbers"),
    (([1], 0, NINE), "period: expected minutes above 0"),
    (([1] * 30, 60, NINE), "requirement: 30 periods of 60 minutes from 09:00 run past 24:00"),
])
def test_bad_arguments_raise_scenario_errors(arguments, expected):
    with pytest.raises(ScenarioError) as caught:
        schedule(*arguments, [template()])
    assert caught.value.problems[0].startswith(expected)
