"""``queuesim validate`` on every kind of YAML file queuesim reads.

Each shipped file is recognised as its kind and passes; a broken file of each kind is reported
with its own schema (one line naming the file and the field), never as a hall with unknown
keys; a state is checked against the hall given beside it; a did-you-mean never suggests the
word that was written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from queuesim import ScenarioError
from queuesim.cli import app
from queuesim.errors import did_you_mean
from queuesim.file_kinds import check_files, kind_of
from queuesim.loader import read_yaml

ROOT = Path(__file__).resolve().parent.parent
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"
SHIFTS = ROOT / "scenarios" / "shifts_branch.yaml"
STATE = ROOT / "scenarios" / "states" / "nanhu_branch_1140.yaml"
NETWORK = ROOT / "examples" / "network_region.yaml"
MAPPING = ROOT / "examples" / "ticket_hall_zh" / "map.yaml"
HALLS = [p for p in sorted((ROOT / "scenarios").glob("*.yaml")) if p != SHIFTS]


@pytest.mark.parametrize(("path", "kind"), [
    *((hall, "scenario") for hall in HALLS),
    (SHIFTS, "shifts"), (STATE, "state"), (NETWORK, "network"), (MAPPING, "columns")],
    ids=lambda value: value.name if isinstance(value, Path) else value)
def test_every_shipped_file_is_recognised(path, kind):
    assert kind_of(read_yaml(path)) == kind


def test_a_hall_with_typos_is_still_judged_as_a_hall():
    assert kind_of({"name": "x", "clok": {}, "customers": {}, "shifts": []}) == "scenario"
    assert kind_of(["not", "a", "mapping"]) == "scenario"


def one_problem(*paths, overrides=()) -> str:
    with pytest.raises(ScenarioError) as caught:
        check_files(paths, overrides)
    assert len(caught.value.problems) == 1, str(caught.value)
    return str(caught.value)


def edited(tmp_path: Path, source: Path, change, name: str | None = None) -> Path:
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / (name or source.name)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_shift_templates_are_checked_as_shift_templates(tmp_path):
    assert check_files([SHIFTS]) == [
        f"{SHIFTS}: ok — shift templates: full_time, part_time; at most 12 counters at once"]
    path = edited(tmp_path, SHIFTS, lambda raw: raw["shifts"][1].update(
        lenght=raw["shifts"][1].pop("length")))
    assert one_problem(path) == f"{path}: shifts[1].lenght: unknown key (did you mean 'length'?)"


def test_a_state_is_checked_against_the_hall_given_beside_it(tmp_path):
    alone, together = check_files([STATE]), check_files([STATE, NANHU])
    assert "give the hall's file too" in alone[0]
    assert together[0].endswith(f"fits {NANHU}") and together[1].startswith(f"{NANHU}: ok")
    path = edited(tmp_path, STATE, lambda raw: raw["counters"].update(T9={"open": False}))
    assert len(check_files([path])) == 1  # on its own, T9 may be any hall's counter
    assert one_problem(NANHU, path).startswith(f"{path}: counters.T9: unknown counter")


def test_a_broken_state_names_its_field(tmp_path):
    path = edited(tmp_path, STATE, lambda raw: raw.update(time="25:00"))
    assert one_problem(path) == f"{path}: time: expected a clock time \"HH:MM\", found '25:00'"


def test_a_network_is_checked_with_every_branch(tmp_path):
    assert check_files([NETWORK])[0].startswith(f"{NETWORK}: ok — a network of branches ")
    broken = tmp_path / "broken.yaml"
    broken.write_text(NANHU.read_text(encoding="utf-8").replace("structure: multi_line",
                                                                "structure: multiline"))
    network = tmp_path / "network.yaml"
    network.write_text(yaml.safe_dump({"name": "two", "branches": [
        {"file": str(NANHU)}, {"file": "broken.yaml"}]}), encoding="utf-8")
    assert one_problem(network).startswith(
        f"{network}: branches: broken: {broken}: queue.structure: input should be")
    network.write_text("name: two\nbranches: [{file: x.yaml, nmae: y}]\n", encoding="utf-8")
    assert one_problem(network) == (
        f"{network}: branches[0].nmae: unknown key (did you mean 'name'?)")


def test_a_column_mapping_is_checked_as_a_mapping(tmp_path):
    assert check_files([MAPPING]) == [f"{MAPPING}: ok — a visit log's column mapping: 8 columns"]
    path = edited(tmp_path, MAPPING, lambda raw: raw.update(time_fromat="%Y"), "map.yaml")
    assert one_problem(path).startswith(
        f"{path}: time_fromat: unknown key (did you mean 'time_format'?)")


def test_set_needs_a_hall():
    assert one_problem(SHIFTS, overrides=["arrivals.scale=2"]) == (
        "--set changes a hall (scenario) file; none was given")


def test_a_did_you_mean_never_suggests_the_word_itself(tmp_path):
    assert did_you_mean("shifts", ["shifts"]) == ""
    assert did_you_mean("shifts", ["shifts", "shift"]) == " (did you mean 'shift'?)"
    path = edited(tmp_path, NANHU, lambda raw: raw.update(shifts=[]))
    assert one_problem(path) == f"{path}: shifts: unknown key"


def test_validate_command_reports_every_file(tmp_path):
    broken = edited(tmp_path, SHIFTS, lambda raw: raw.update(max_counters=0))
    result = CliRunner().invoke(app, ["validate", str(NANHU), str(broken), str(STATE)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"{broken}: max_counters: input should be greater than")
    result = CliRunner().invoke(app, ["validate", str(SHIFTS), str(NETWORK), str(MAPPING)])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3
