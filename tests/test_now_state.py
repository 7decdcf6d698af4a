"""State files: each contradiction of the scenario is one line naming the field, exit 2."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from queuesim import load_scenario
from queuesim.cli import app
from queuesim.errors import ScenarioError
from queuesim.now.state import load_state

NANHU = "scenarios/nanhu_branch.yaml"
EXAMPLE = "scenarios/states/nanhu_branch_1140.yaml"
runner = CliRunner()


def _state(**fields):
    base = {"time": "11:40", "counters": {"T1": {"serving": {"class": "personal",
                                                             "since": "11:31"}}},
            "waiting": [{"class": "personal", "since": "11:12"}]}
    base.update(fields)
    return base


BAD = [
    (_state(counters={"T11": {"open": True}}),
     "counters.T11: unknown counter 'T11' (did you mean 'T1'?)"),
    (_state(waiting=[{"class": "persnal", "since": "11:12"}]),
     "waiting[0].class: unknown class 'persnal' (did you mean 'personal'?)"),
    (_state(waiting=[{"class": "personal", "since": "11:50"}]),
     "waiting[0].since: 11:50 is after the state's time 11:40"),
    (_state(counters={"T2": {"serving": {"class": "vip", "since": "11:30"}}}),
     "counters.T2.serving.class: T2 does not serve 'vip'"),
    (_state(counters={"T3": {"open": False, "serving": {"class": "personal", "since": "11:30"}}}),
     "counters.T3.serving: the counter is closed (open: false) but serving"),
    (_state(time="18:10"), "time: 18:10 is outside opening hours 09:00-17:00"),
    (_state(time="11:4"), 'time: expected a clock time "HH:MM"'),
    (_state(waiting=[{"class": "personal", "sinse": "11:12"}]),
     "waiting[0].sinse: unknown key (did you mean 'since'?)"),
    (_state(counters={"T3": {"open": True, "until": "11:30"}}),
     "counters.T3.until: 11:30 is not after the state's time 11:40"),
    (_state(changes=["clsoe T2 at 12:30"]),
     "changes[0]: unknown action 'clsoe' (did you mean 'close'?)"),
]


@pytest.mark.parametrize(("raw", "line"), BAD, ids=[line.split(":")[0] for _, line in BAD])
def test_a_state_that_contradicts_the_scenario_is_one_line_exit_2(tmp_path, raw, line):
    path = tmp_path / "state.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    result = runner.invoke(app, ["now", NANHU, "--state", str(path), "-n", "2"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}: {line}"), lines


def test_the_example_state_fits_its_scenario():
    state = load_state(EXAMPLE, load_scenario(NANHU))
    assert len(state.waiting) == 14
    assert [w.since for w in state.queue()][:2] == ["11:12", "11:15"]


def test_a_steady_state_scenario_has_no_clock_for_a_state():
    with pytest.raises(ScenarioError, match="needs a day"):
        load_state({"time": "10:00"}, load_scenario("scenarios/mmc_steady.yaml"))


def test_a_scenario_with_appointments_runs_from_a_state():
    result = runner.invoke(app, ["now", "scenarios/nanhu_rectified.yaml", "--state", EXAMPLE,
                                 "-n", "4", "--workers", "1"])
    assert result.exit_code == 0, result.output


def test_state_and_state_from_are_one_or_the_other():
    result = runner.invoke(app, ["now", NANHU])
    assert result.exit_code == 2 and "--state" in result.stderr
