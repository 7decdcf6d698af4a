"""Tests for queuesim.loader: reading scenario files, ``--set`` overrides and error lines.

Every bad input must give exactly one line that starts with the file name and names the field
as it is written in YAML, so a branch manager can find and fix it; nothing may end in a
traceback. The bad files are written into pytest's ``tmp_path``.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest
import yaml

from queuesim import Scenario, ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [p for p in sorted((ROOT / "scenarios").glob("*.yaml"))
           if not p.name.startswith("shifts_")]


def hall() -> dict:
    """A small valid day: two classes, three counters with ids, a two-step arrival rate."""
    return {
        "name": "test branch",
        "clock": {"open": "09:00", "close": "12:00"},
        "customers": {
            "personal": {"share": 0.8, "service_time": {"dist": "exponential", "mean": 5}},
            "vip": {"share": 0.2, "priority": 1,
                    "service_time": {"dist": "deterministic", "mean": 8}},
        },
        "arrivals": {"per_hour": {"09:00": 20, "11:00": 30}},
        "counters": [
            {"id": "T1", "serves": ["personal"]},
            {"id": "T2", "serves": ["personal"], "hours": ["09:00-10:30"]},
            {"id": "T3", "serves": [["vip", "personal"]]},
        ],
        "queue": {"structure": "multi_line"},
    }


@pytest.fixture
def write(tmp_path):
    """Write a scenario (a mapping, or raw text) to a file in tmp_path; return its path."""

    def write(content: dict | str, name: str = "hall.yaml") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def one_problem(source, overrides=()) -> str:
    """The single line of the error that loading ``source`` must raise."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(source, overrides)
    assert len(caught.value.problems) == 1, str(caught.value)
    assert "\n" not in str(caught.value)
    return str(caught.value)


# Shipped scenarios. ------------------------------------------------------------------------------


def test_scenarios_folder_is_not_empty():
    assert len(SHIPPED) >= 4


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_scenario_loads(path):
    scenario = load_scenario(path)
    assert isinstance(scenario, Scenario)
    assert abs(sum(scenario.class_shares.values()) - 1) < 1e-9


def test_nanhu_variants_differ_only_in_their_queue_structure():
    names = ("nanhu_branch", "nanhu_single_line", "nanhu_ticket")
    loaded = {name: load_scenario(ROOT / "scenarios" / f"{name}.yaml") for name in names}
    assert {s.queue.structure for s in loaded.values()} == {"multi_line", "single_line", "ticket"}
    first = loaded["nanhu_branch"]
    for other in loaded.values():
        assert other.customers == first.customers
        assert other.counters == first.counters
        assert other.arrivals == first.arrivals
        assert other.seed == first.seed


def test_counter_pool_shorthand_expands_to_numbered_counters():
    scenario = load_scenario(ROOT / "scenarios" / "mmc_steady.yaml")
    assert [c.id for c in scenario.counters] == ["C1", "C2", "C3"]
    assert scenario.clock.steady


def test_mapping_source_is_not_changed_by_overrides():
    raw = hall()
    load_scenario(raw, ["queue.structure=ticket", "counters.T1.speed=2"])
    assert raw == hall()


def test_unquoted_clock_times_are_read_as_times(write):
    text = yaml.safe_dump(hall(), sort_keys=False).replace("close: '12:00'", "close: 11:30")
    assert "close: 11:30" in text
    assert load_scenario(write(text)).clock.close == "11:30"


# --set overrides. --------------------------------------------------------------------------------


def test_set_dot_path():
    scenario = load_scenario(hall(), ["queue.structure=ticket", "arrivals.scale=1.5"])
    assert scenario.queue.structure == "ticket"
    assert scenario.arrivals.scale == 1.5


def test_set_list_item_by_index():
    scenario = load_scenario(hall(), ["counters[1].speed=1.2"])
    assert [c.speed for c in scenario.counters] == [1.0, 1.2, 1.0]


def test_set_list_item_by_id():
    scenario = load_scenario(hall(), ["counters.T3.speed=1.2", "counters.T2.hours=null"])
    assert scenario.counters[2].speed == 1.2
    assert scenario.counters[1].hours is None


def test_set_creates_missing_mappings():
    scenario = load_scenario(hall(), ["queue.jockeying.min_difference=3"])
    assert scenario.queue.jockeying.min_difference == 3


def test_set_values_are_read_as_yaml():
    scenario = load_scenario(hall(), [
        "seed=7",
        "targets.max_abandon=0.1",
        "counters.T2.hours=['09:00-10:00', '10:30-11:30']",
        "arrivals.per_hour={'09:00': 10, '10:00': 0, 11:00: 40}",
        "clock.close=11:30",
        "description=two words",
    ])
    assert scenario.seed == 7
    assert scenario.targets.max_abandon == 0.1
    assert scenario.counters[1].hours == ["09:00-10:00", "10:30-11:30"]
    assert scenario.arrivals.per_hour == {"09:00": 10, "10:00": 0, "11:00": 40}
    assert scenario.clock.close == "11:30"
    assert scenario.description == "two words"


def test_set_on_a_file_is_validated_like_the_file(write):
    path = write(hall())
    assert load_scenario(path, ["queue.structure=single_line"]).queue.structure == "single_line"
    assert one_problem(path, ["queue.structure=tickets"]) == (
        f"{path}: queue.structure: input should be 'single_line', 'multi_line' or 'ticket', "
        "found 'tickets'")


def test_set_unknown_key_names_the_file_and_suggests(write):
    path = write(hall())
    assert one_problem(path, ["queue.strucutre=ticket"]) == (
        f"{path}: queue.strucutre: unknown key (did you mean 'structure'?)")


def test_set_unknown_id_suggests_a_close_one(write):
    path = write(hall())
    assert one_problem(path, ["counters.T33.speed=1.2"]) == (
        f"{path}: --set 'counters.T33.speed=1.2': no item with id 'T33' (did you mean 'T3'?)")


def test_set_index_out_of_range():
    assert one_problem(hall(), ["counters[7].speed=2"]) == (
        "<scenario>: --set 'counters[7].speed=2': no field counters[7] to set")


def test_set_without_equals_sign():
    assert one_problem(hall(), ["arrivals.scale"]) == (
        "<scenario>: --set 'arrivals.scale': expected PATH=VALUE, e.g. arrivals.scale=1.2")


def test_set_into_the_counters_shorthand_explains_it():
    message = one_problem(ROOT / "scenarios" / "mmc_steady.yaml", ["counters.C2.speed=2"])
    assert message.startswith(f"{ROOT / 'scenarios' / 'mmc_steady.yaml'}: --set ")
    assert "{count: N} shorthand" in message and "counters.speed=1.2" in message
    scenario = load_scenario(ROOT / "scenarios" / "mmc_steady.yaml", ["counters.speed=2"])
    assert [c.speed for c in scenario.counters] == [2.0, 2.0, 2.0]


# Bad files: one line naming the file and the field. ---------------------------------------------


def changed(change) -> dict:
    raw = copy.deepcopy(hall())
    change(raw)
    return raw


def rename(mapping: dict, old: str, new: str) -> None:
    mapping[new] = mapping.pop(old)


BAD = {
    "unknown key": (
        lambda s: rename(s["queue"], "structure", "strucutre"),
        "queue.strucutre: unknown key (did you mean 'structure'?)"),
    "misspelt required key": (
        lambda s: rename(s["customers"]["vip"], "service_time", "servce_time"),
        "customers.vip.servce_time: unknown key (did you mean 'service_time'?)"),
    "misspelt top-level key": (
        lambda s: rename(s, "arrivals", "arrivels"),
        "arrivels: unknown key (did you mean 'arrivals'?)"),
    "misspelt distribution parameter": (
        lambda s: rename(s["customers"]["personal"]["service_time"], "mean", "maen"),
        "customers.personal.service_time.maen: unknown key (did you mean 'mean'?)"),
    "wrong type, number": (
        lambda s: s["counters"][0].update(speed="fast"),
        "counters[0].speed: input should be a valid number, unable to parse string as a "
        "number, found 'fast'"),
    "wrong type, whole number": (
        lambda s: s.update(replications="many"),
        "replications: input should be a valid integer, unable to parse string as an integer, "
        "found 'many'"),
    "wrong type, list": (
        lambda s: s["counters"][1].update(hours="09:00-10:30"),
        "counters[1].hours: input should be a valid list, found '09:00-10:30'"),
    "wrong type, mapping": (
        lambda s: s.update(customers=["personal", "vip"]),
        "customers: input should be a mapping (key: value), found a list"),
    "wrong type, rate": (
        lambda s: s["arrivals"].update(per_hour=[20, 30]),
        "arrivals.per_hour: input should be a valid number or a mapping (key: value), "
        "found a list"),
    "wrong type, class": (
        lambda s: s["customers"].update(vip=0.2),
        "customers.vip: expected a mapping of fields (key: value), found 0.2"),
    "negative rate": (
        lambda s: s["arrivals"]["per_hour"].update({"11:00": -5}),
        "arrivals.per_hour: rates must not be negative, found -5"),
    "zero rate": (
        lambda s: s["arrivals"].update(per_hour=0),
        "arrivals.per_hour: expected a positive arrival rate, found only 0"),
    "zero rates all day": (
        lambda s: s["arrivals"].update(per_hour={"09:00": 0, "11:00": 0}),
        "arrivals.per_hour: expected a positive arrival rate, found only 0"),
    "zero service time": (
        lambda s: s["customers"]["personal"]["service_time"].update(mean=0),
        "customers.personal.service_time.mean: input should be greater than 0, found 0"),
    "zero speed": (
        lambda s: s["counters"][2].update(speed=0),
        "counters[2].speed: input should be greater than or equal to 0.01, found 0"),
    "shares do not sum to 1": (
        lambda s: s["customers"]["vip"].update(share=0.3),
        "customers: shares must sum to 1, found 1.1"),
    "class no counter serves": (
        lambda s: s["counters"][2].update(serves=["personal"]),
        "customers.vip: no counter serves this class"),
    "overlapping hours": (
        lambda s: s["counters"][1].update(hours=["09:00-10:30", "10:00-11:00"]),
        "counters[1].hours: intervals overlap: ['09:00-10:30', '10:00-11:00']"),
    "inverted hours": (
        lambda s: s["counters"][1].update(hours=["10:30-09:00"]),
        "counters[1].hours: hours '10:30-09:00' end before they start"),
    "hours outside opening hours": (
        lambda s: s["counters"][1].update(hours=["08:30-10:00"]),
        "counters[1].hours: 08:30-10:00 is outside opening hours 09:00-12:00"),
    "not a clock time": (
        lambda s: s["clock"].update(open="9am"),
        "clock.open: expected a clock time \"HH:MM\", found '9am'"),
    "close before open": (
        lambda s: s["clock"].update(close="08:00"),
        "clock: close 08:00 is not after open 09:00"),
    "first rate after opening": (
        lambda s: s["arrivals"].update(per_hour={"10:00": 20}),
        "arrivals.per_hour: the first time must be the opening time 09:00 (give 0 if nobody "
        "comes), found 10:00"),
    "counter serves an unknown class": (
        lambda s: s["counters"][2].update(serves=[["vipp", "personal"]]),
        "counters[2].serves: unknown class 'vipp' (did you mean 'vip'?)"),
    "duplicate counter ids": (
        lambda s: s["counters"][1].update(id="T1"),
        "counters[1].id: duplicate id 'T1'"),
    "unknown distribution": (
        lambda s: s["customers"]["personal"]["service_time"].update(dist="exponentail"),
        "customers.personal.service_time: unknown distribution 'exponentail' (did you mean "
        "'exponential'?); expected one of exponential, deterministic, uniform, triangular, "
        "normal, lognormal, gamma, erlang, empirical, truncated"),
    "distribution without a name": (
        lambda s: s["customers"]["personal"].update(service_time={"mean": 5}),
        "customers.personal.service_time: expected a 'dist' field naming the distribution, "
        "e.g. {dist: exponential, mean: 5}"),
    "missing field": (
        lambda s: s.pop("name"),
        "name: required field is missing"),
    "no counters": (
        lambda s: s.update(counters=[]),
        "counters: expected at least 1 entry, found none"),
    "steady state with a time-varying rate": (
        lambda s: s.update(clock={"horizon": 600}),
        "arrivals.per_hour: a steady-state run needs one constant rate"),
    "steady state with counter hours": (
        lambda s: (s.update(clock={"horizon": 600}), s["arrivals"].update(per_hour=20)),
        "counters[1].hours: a steady-state run has no clock hours; remove them"),
    "shorthand counters, unknown key": (
        lambda s: s.update(counters={"count": 3, "sped": 1.2}),
        "counters.sped: unknown key (did you mean 'speed'?)"),
    "shorthand counters, unknown class": (
        lambda s: s.update(counters={"count": 2, "serves": ["vip", "persnal"]}),
        "counters.serves: unknown class 'persnal' (did you mean 'personal'?)"),
    "shorthand counters, bad count": (
        lambda s: s.update(counters={"count": 0}),
        "counters: count: expected a whole number from 1 to 1,000, found 0"),
}


@pytest.mark.parametrize("change, expected", BAD.values(), ids=BAD.keys())
def test_bad_field_gives_one_line_naming_file_and_field(write, change, expected):
    path = write(changed(change))
    assert one_problem(path) == f"{path}: {expected}"


def test_unreadable_yaml_gives_the_line_number(write):
    path = write("name: broken\nclock: {open: '09:00'\ncustomers: {}\n")
    message = one_problem(path)
    assert message.startswith(f"{path}: line 3, column ")
    assert "unreadable YAML" in message


def test_bad_indentation_gives_the_line_number(write):
    path = write("name: broken\n  clock: 1\n")
    assert one_problem(path) == (
        f"{path}: line 2, column 8: unreadable YAML: mapping values are not allowed here")


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    assert one_problem(path) == f"{path}: file not found"


def test_folder_instead_of_a_file(tmp_path):
    assert one_problem(tmp_path) == f"{tmp_path}: is a folder; expected a scenario YAML file"


def test_top_level_list_instead_of_a_mapping(write):
    path = write("- name: a list\n- clock: {}\n")
    assert one_problem(path) == (
        f"{path}: expected a mapping of scenario fields (name: ..., clock: ...), found a list")


def test_empty_file(write):
    path = write("# nothing yet\n")
    message = one_problem(path)
    assert message.startswith(f"{path}: the file is empty")


def test_file_not_in_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: café\n".encode("latin-1"))
    assert one_problem(path).startswith(f"{path}: cannot read the file: 'utf-8' codec")


def test_several_problems_give_one_line_each(write):
    def two_mistakes(raw):
        raw["counters"][0]["speed"] = -1
        rename(raw["queue"], "structure", "strucutre")

    path = write(changed(two_mistakes))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value).splitlines() == [
        f"{path}: counters[0].speed: input should be greater than or equal to 0.01, found -1",
        f"{path}: queue.strucutre: unknown key (did you mean 'structure'?)",
    ]


# The JSON schema for editors. --------------------------------------------------------------------


def load_make_schema():
    spec = importlib.util.spec_from_file_location("make_schema", ROOT / "tools" / "make_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_json_schema_is_up_to_date():
    committed = (ROOT / "queuesim" / "schema" / "scenario.schema.json").read_text(encoding="utf-8")
    assert committed == load_make_schema().schema_text(), (
        "queuesim/schema/scenario.schema.json is stale: run python tools/make_schema.py")


def test_json_schema_allows_the_counters_shorthand():
    schema = json.loads(load_make_schema().schema_text())
    shapes = schema["properties"]["counters"]["anyOf"]
    assert [shape["type"] for shape in shapes] == ["array", "object", "object"]
    assert shapes[1]["required"] == ["count"]
    assert "id" not in shapes[1]["properties"]
    assert shapes[2]["required"] == ["profile"]
    assert not {"id", "count", "hours"} & set(shapes[2]["properties"])
