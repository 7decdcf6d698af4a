"""``--set`` on a listed hall's counters: ``counters.count=N`` and a counter added by name.

The count of a listed hall keeps the first N counters or adds copies of its most general
counter; the result must be the hall a user would have written by hand (checked against the
``{count: N}`` shorthand, which names its counters the same way), and a count that leaves a
class without a counter is refused. A counter added by name is validated like the file and
is open exactly the hours given (checked on the simulated counters table).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_loader import hall as loader_hall

from queuesim import ScenarioError, load_scenario, simulate
from queuesim.compare import expand

ROOT = Path(__file__).resolve().parent.parent
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"


def hall(counters: list[dict] | None = None) -> dict:
    """The two-class day of the loader's tests, whose third counter is the most general (it
    serves both classes), or with ``counters`` instead."""
    raw = loader_hall()
    raw["counters"][2]["speed"] = 1.1
    return {**raw, "counters": counters or raw["counters"]}


def problem(source, overrides) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(source, overrides)
    assert len(caught.value.problems) == 1, str(caught.value)
    return str(caught.value)


def test_a_larger_count_adds_copies_of_the_most_general_counter():
    counters = load_scenario(hall(), ["counters.count=5"]).counters
    assert [c.id for c in counters] == ["T1", "T2", "T3", "T4", "T5"]
    for copy in counters[3:]:
        assert copy.serves == [["vip", "personal"]] and copy.speed == 1.1 and copy.hours is None


def test_a_smaller_count_keeps_the_first_counters():
    scenario = load_scenario(hall([{"id": "A1"}, {"id": "A2", "serves": ["vip"]},
                                   {"id": "A3"}]), ["counters.count=1"])
    assert [c.id for c in scenario.counters] == ["A1"]
    assert load_scenario(hall(), ["counters.count=3"]) == load_scenario(hall())


def test_a_listed_hall_resized_is_the_shorthand_of_as_many_counters():
    listed = hall([{"id": f"C{i}", "speed": 0.9} for i in (1, 2, 3)])
    pool = hall({"count": 5, "speed": 0.9})  # type: ignore[arg-type]
    for count in (2, 5):
        resized = load_scenario(listed, [f"counters.count={count}"])
        assert resized == load_scenario(pool, [f"counters.count={count}"])


def test_a_count_that_leaves_a_class_unserved_is_refused():
    assert problem(hall(), ["counters.count=2"]) == (
        "<scenario>: --set 'counters.count=2': keeping the first 2 of 3 counters (T1, T2) "
        "leaves no counter for class 'vip'; give a larger count, or change the counters by id "
        "(counters.ID.hours=...)")


@pytest.mark.parametrize("value", ["0", "1001", "three", "2.5", "true"])
def test_a_count_must_be_a_whole_number_of_counters(value):
    assert problem(hall(), [f"counters.count={value}"]).startswith(
        f"<scenario>: --set 'counters.count={value}': expected a whole number of counters "
        "from 1 to 1,000, found ")


def test_machines_are_not_copied():
    counters = hall([{"id": "K1", "machine": True}, {"id": "D1", "serves": ["vip"]},
                     {"id": "D2", "serves": ["personal"]}])
    assert [c.id for c in load_scenario(counters, ["counters.count=4"]).counters] == [
        "K1", "D1", "D2", "D3"]


def test_the_vary_example_of_compare_works_on_a_listed_hall():
    options = expand([NANHU], ["counters.count=3,4,5,6"])
    counts = [len(option.scenario.counters) for option in options]
    assert counts == [3, 4, 5, 6]
    assert [c.id for c in options[3].scenario.counters][-1] == "T5"


def test_a_fifth_counter_is_added_by_name_and_open_its_hours():
    change = "counters.T5={hours: ['11:00-14:00'], serves: [[personal, business]]}"
    scenario = load_scenario(NANHU, [change])
    assert scenario.counters[-1].id == "T5" and scenario.counters[-1].hours == ["11:00-14:00"]
    counters = simulate(scenario, replications=1, seed=1, workers=1).counters
    fifth = counters[counters["counter"] == "T5"].iloc[0]
    assert fifth["open_time"] == 180.0 and fifth["served"] > 0


def test_a_new_counter_is_validated_like_the_file():
    assert problem(NANHU, ["counters.T5={serves: [persnal]}"]) == (
        f"{NANHU}: counters[5].serves: unknown class 'persnal' (did you mean 'personal'?)")
    assert problem(NANHU, ["counters.T5={hours: ['08:00-10:00']}"]) == (
        f"{NANHU}: counters[5].hours: 08:00-10:00 is outside opening hours 09:00-17:00")


def test_a_new_counter_needs_its_fields():
    assert problem(hall(), ["counters.T33=fast"]) == (
        "<scenario>: --set 'counters.T33=fast': no counter with id 'T33' (did you mean 'T3'?); "
        "to add one, give its fields as a mapping, e.g. "
        "counters.T33='{hours: [\"11:00-14:00\"]}'")
    assert "the counter's id is 'T4'" in problem(hall(), ["counters.T4={id: T9}"])


def test_a_counter_given_as_a_mapping_replaces_the_one_of_that_id():
    counters = load_scenario(hall(), ["counters.T2={serves: [vip]}"]).counters
    assert [c.id for c in counters] == ["T1", "T2", "T3"]
    assert counters[1].serves == ["vip"] and counters[1].hours is None


def test_the_counters_shorthand_has_no_ids_to_add():
    mmc = ROOT / "scenarios" / "mmc_steady.yaml"
    assert "list the counters in the file to add one by name" in problem(
        mmc, ["counters.T5={speed: 2}"])
    assert load_scenario(mmc, ["counters.speed_on={}"]).counters[0].speed_on == {}
