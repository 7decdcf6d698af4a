"""Deciding: common random numbers, the day's level, the command's outputs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from queuesim import load_scenario
from queuesim.cli import app
from queuesim.now.decide import decide
from queuesim.now.forward import prepare
from queuesim.now.options import parse_option
from queuesim.now.state import load_state
from queuesim.now.today import day_level, expected_so_far, level_for

NANHU = "scenarios/nanhu_branch.yaml"
EXAMPLE = "scenarios/states/nanhu_branch_1140.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def nanhu():
    hall = load_scenario(NANHU)
    return hall, load_state(EXAMPLE, hall)


def _options(hall, *texts):
    return [parse_option(t, [c.id for c in hall.counters], hall.class_names) for t in texts]


def test_an_option_that_changes_nothing_differs_by_exactly_zero(nanhu):
    """V1 already serves vip then personal: 'moving' it there changes nothing, and on
    common random numbers every replication is the same, to the last bit."""
    hall, state = nanhu
    decision = decide(hall, state, _options(hall, "move V1 to vip,personal", "open T3 now"),
                      replications=6, workers=1)
    assert np.array_equal(decision.values[0], decision.values[1], equal_nan=True)
    for kpi in ("wait_now", "walkouts", "counter_minutes"):
        assert decision.difference(1, kpi)["ci95"] == [0.0, 0.0]
    opened = decision.difference(2, "counter_minutes")["mean"]
    assert opened == pytest.approx(50.0, abs=5.0)  # 11:40 to 12:30, then T3's own hours


def test_numbers_do_not_depend_on_the_worker_count(nanhu):
    hall, state = nanhu
    options = _options(hall, "open T3 now")
    one = decide(hall, state, options, replications=40, workers=1)
    two = decide(hall, state, options, replications=40, workers=2)
    assert np.array_equal(one.values, two.values, equal_nan=True)


def test_the_day_level_is_the_gamma_poisson_posterior_mean(nanhu):
    hall, _ = nanhu
    assert day_level(20, 40, 0.1) == pytest.approx(120 / 140)  # a quiet first hour: 0.86
    assert day_level(200, 400, 0.1) == pytest.approx(300 / 500)
    # 09:00-10:00 at 24/h, 10:00-11:30 at 30/h, 11:30-11:40 at 56/h
    expected = 24 + 45 + 56 / 6
    assert expected_so_far(hall, 11 * 60 + 40) == pytest.approx(expected)
    assert level_for(hall, 11 * 60 + 40, None) == (1.0, 0.0)  # no day-to-day variation given
    level, cv = level_for(hall, 11 * 60 + 40, 125)
    assert level == pytest.approx(225 / (100 + expected))
    assert cv == pytest.approx(1 / np.sqrt(100 + 125))
    state = load_state(EXAMPLE, hall)  # 90 so far: each replication's level from the posterior
    forward = prepare(hall, state, 120.0, *level_for(hall, state.minutes, 90))
    assert forward.raw["arrivals"]["day_to_day_cv"] == pytest.approx(1 / np.sqrt(190))
    assert forward.raw["arrivals"]["per_hour"]["11:40"] == pytest.approx(
        56 * 190 / (100 + expected))


def test_json_has_each_option_with_cis_and_the_recommendation():
    result = runner.invoke(app, ["now", NANHU, "--state", EXAMPLE, "--option", "open T3 now",
                                 "-n", "8", "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [o["option"] for o in document["options"]] == ["nothing", "open T3 now"]
    wait = document["options"][1]["difference_vs_nothing"]["wait_next_hour"]
    assert wait["ci95"][0] <= wait["mean"] <= wait["ci95"][1]
    assert document["recommendation"].startswith("Recommended: ")
    assert document["waiting_now"] == 14
    expected = 24 + 45 + 56 / 6  # customers expected 09:00-11:40
    assert document["day_level"] == pytest.approx(190 / (100 + expected))  # the state's 90
    quiet = runner.invoke(app, ["now", NANHU, "--state", EXAMPLE, "--today-so-far", "60",
                                "-n", "2", "--workers", "1", "--json"])
    assert json.loads(quiet.stdout)["day_level"] == pytest.approx(160 / (100 + expected))


def test_options_from_a_yaml_list_and_a_bad_one(tmp_path):
    listed = tmp_path / "options.yaml"
    listed.write_text('["open T3 now", "clsoe T2 now"]\n', encoding="utf-8")
    result = runner.invoke(app, ["now", NANHU, "--state", EXAMPLE, "--options", str(listed)])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("--option 'clsoe T2 now': unknown action 'clsoe' (did you "
                                     "mean 'close'?); expected one of nothing, open, close, "
                                     "extend, move")


def test_the_installed_command_prints_the_table_and_the_trade_off():
    script = shutil.which("queuesim", path=str(Path(sys.executable).parent))
    done = subprocess.run([script, "now", NANHU, "--state", EXAMPLE, "--option", "open T3 now",
                           "-n", "4", "--workers", "1"], capture_output=True, text=True,
                          check=False, timeout=120,
                          env={**os.environ, "LC_ALL": "C.UTF-8"})  # the terminal in English
    assert done.returncode == 0, done.stderr
    assert "open T3 now: " in done.stdout and "for the 14 waiting" in done.stdout


def test_report_writes_one_page_with_the_options_escaped(tmp_path):
    page = tmp_path / "now.html"
    result = runner.invoke(app, ["now", NANHU, "--state", EXAMPLE, "--option", "open T3 now",
                                 "-n", "4", "--workers", "1", "--report", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Difference to doing nothing" in html and "Recommended: " in html
    assert "chart-now-service-level" in html and "<script" in html
