"""The limits of what a scenario may describe (queuesim.limits) and the YAML reader's guards.

Each limit is tested on both sides of its edge, with the expected customer count computed by
hand, so that a limit can neither be missing nor reject a hall it should accept. Every refusal is
one line naming the file and the field, and costs no more than a moment, however large the value.
"""

from __future__ import annotations

import time

import pytest
import yaml

from helpers import scenario
from queuesim import ScenarioError, load_scenario
from queuesim.limits import MAX_CUSTOMERS, expected_customers
from queuesim.staffing.shift_templates import load_shifts


def one_line(source, overrides=()) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(source, overrides)
    assert len(caught.value.problems) == 1, str(caught.value)
    return str(caught.value)


def small(**fields) -> dict:
    """A valid mapping: one class, one counter, a one-hour day, updated by ``fields``."""
    return {"name": "hall", "clock": {"open": "09:00", "close": "10:00"},
            "customers": {"all": {"share": 1.0,
                                  "service_time": {"dist": "exponential", "mean": 2}}},
            "arrivals": {"per_hour": 30}, "counters": {"count": 1}} | fields


@pytest.mark.parametrize("override, expected", [
    ("arrivals.scale=.inf", "arrivals.scale: input should be a finite number, found inf"),
    ("arrivals.per_hour=.nan", "arrivals.per_hour: input should be a finite number or a mapping "
     "(key: value), found nan"),
    ("customers.all.service_time.mean=.inf",
     "customers.all.service_time.mean: input should be a finite number, found inf"),
    ("clock={horizon: .inf}", "clock.horizon: input should be a finite number, found inf"),
    ("targets.wait_minutes=-.inf",
     "targets.wait_minutes: input should be a finite number, found -inf"),
    ("experience.standing=.nan", "experience.standing: input should be a finite number, found nan"),
])
def test_infinite_and_missing_numbers_are_refused_everywhere(override, expected):
    assert one_line(small(), [override]) == f"<scenario>: {expected}"


@pytest.mark.parametrize("override, inside, outside", [
    ("arrivals.per_hour", "10000", "10001"),
    ("arrivals.scale", "100", "100.5"),
    ("counters[0].speed", "0.01", "0.009"),
    ("counters[0].speed", "100", "101"),
    ("customers.all.service_time.mean", "1440", "1441"),
    ("replications", "100000", "100001"),
    ("customers.all.priority", "-1000", "-1001"),
    ("queue.ticket.max_recalls", "20", "21"),
    ("customers.all.service_time", "{dist: gamma, mean: 2, cv: 0.01}",
     "{dist: gamma, mean: 2, cv: 1.0e-200}"),
])
def test_each_limit_accepts_its_edge_and_refuses_beyond(override, inside, outside):
    raw = small(counters=[{"id": "T1"}])
    assert load_scenario(raw, [f"{override}={inside}"])
    assert one_line(raw, [f"{override}={outside}"]).startswith(f"<scenario>: {override}")


def test_expected_customers_of_a_year_long_run_against_the_limit():
    year = ["clock={horizon: 525600}"]
    # 228 per hour for 8,760 hours: 1,997,280 customers, under the limit; 229: 2,006,040.
    hall = load_scenario(small(), [*year, "arrivals.per_hour=228"])
    assert expected_customers(hall) == pytest.approx(228 * 8760)
    assert 228 * 8760 < MAX_CUSTOMERS < 229 * 8760
    assert one_line(small(), [*year, "arrivals.per_hour=229"]) == (
        "<scenario>: arrivals: about 2,006,040 customers expected per replication "
        "(arrivals.per_hour × scale over clock.horizon, plus appointments and bursts); at most "
        "2,000,000 can be simulated")


def test_expected_customers_count_appointments_and_bursts():
    hall = scenario(appointments=[{"class": "all", "every": 15, "from": "09:00", "to": "10:00",
                                   "per_slot": 3, "no_show": 0.5}],
                    arrivals={"per_hour": 30, "bursts": [{"at": "09:30", "size": 7}]})
    assert expected_customers(hall) == pytest.approx(30 + 4 * 3 * 0.5 + 7)


def test_scale_is_checked_against_the_rate_it_multiplies():
    assert one_line(small(), ["arrivals.per_hour=5000", "arrivals.scale=3"]) == (
        "<scenario>: arrivals: 5000 customers per hour × scale 3 is above the limit of 10,000 "
        "per hour")


def test_a_huge_counter_count_is_refused_before_it_is_expanded():
    started = time.process_time()
    line = one_line(small(), ["counters={count: 100000000000000000000}"])
    assert line == ("<scenario>: counters: count: expected a whole number from 1 to 1,000, found "
                    "100000000000000000000")
    assert time.process_time() - started < 1
    assert len(load_scenario(small(), ["counters={count: 1000}"]).counters) == 1000


def test_a_counter_must_serve_someone():
    assert one_line(small(counters=[{"id": "T1", "serves": []}])) == (
        "<scenario>: counters[0].serves: expected at least 1 entry, found none")
    assert one_line(small(counters=[{"id": "T1", "serves": [[]]}])).startswith(
        "<scenario>: counters[0].serves[0]: ")


def test_long_texts_are_refused_and_shown_short():
    line = one_line(small(customers={"x" * 100_000: small()["customers"]["all"]}))
    assert line == ("<scenario>: customers: expected names of at most 100 characters, found one "
                    f"of 100,000: '{'x' * 40}…'")
    assert one_line(small(description="y" * 20_000)) == (
        "<scenario>: description: expected a text of at most 10,000 characters, found 20,000")
    assert len(one_line(small(counters=[{"id": "T" * 5_000}]))) < 200


# The YAML reader. -------------------------------------------------------------------------------


def test_a_key_given_twice_names_both_lines(tmp_path):
    path = tmp_path / "hall.yaml"
    text = yaml.safe_dump(small(), sort_keys=False)
    path.write_text(text + "arrivals: {per_hour: 60}\n", encoding="utf-8")
    first = 1 + text.splitlines().index("arrivals:")
    last = len(text.splitlines()) + 1
    assert one_line(path) == (f"{path}: line {last}, column 1: unreadable YAML: key 'arrivals' "
                              f"is given twice (lines {first} and {last})")


def test_keys_merged_in_may_be_overridden(tmp_path):
    path = tmp_path / "hall.yaml"
    path.write_text("name: hall\nclock: {open: '09:00', close: '10:00'}\n"
                    "customers:\n  all: &all {share: 0.5, service_time: {dist: exponential, "
                    "mean: 2}}\n  other: {<<: *all, share: 0.5}\n"
                    "arrivals: {per_hour: 30}\ncounters: {count: 1}\n", encoding="utf-8")
    assert load_scenario(path).customers["other"].share == 0.5


@pytest.mark.parametrize("depth", [51, 5000])
def test_deep_nesting_is_one_line_not_a_crash(tmp_path, depth):
    path = tmp_path / "hall.yaml"
    path.write_text("name: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    assert one_line(path) == (f"{path}: line 1, column 56: unreadable YAML: nested deeper than "
                              "50 levels")


def test_aliases_cannot_multiply_a_file_beyond_any_scenario(tmp_path):
    lines = ["a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    for level, name in enumerate("bcdefg"):
        previous = "abcdefg"[level]
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    path = tmp_path / "hall.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.process_time()
    assert "more than 1,000,000 values; not a scenario" in one_line(path)
    assert time.process_time() - started < 10


def test_shift_templates_are_finite_and_bounded():
    shift = {"name": "day", "start": "08:00", "length": 480, "cost_per_hour": 30}
    for change, field in [({"cost_per_hour": float("inf")}, "cost_per_hour"),
                          ({"length": 100_000}, "length"), ({"max_count": 10**9}, "max_count")]:
        with pytest.raises(ScenarioError, match=rf"shifts\[0\]\.{field}: "):
            load_shifts({"shifts": [shift | change]})
