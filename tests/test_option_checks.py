"""Command-line options are checked before any simulation: a typo costs nothing.

Each bad value ends with exit code 2, a message naming the option and what it accepts, no
traceback, and no results folder. The checks must come before the work: the tests use halls
whose simulation would take minutes, so a check done after it would time the suite out.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from queuesim.cli import app

ROOT = Path(__file__).resolve().parent.parent
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"
CANTEEN = ROOT / "scenarios" / "canteen_lunch.yaml"
LONG = ["-n", "100000"]  # would take hours: the check must come first

runner = CliRunner()


def refused(*args, out: Path) -> str:
    result = runner.invoke(app, [*map(str, args), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    return result.stderr


@pytest.mark.parametrize("command", ["run", "advise"])
def test_report_language_is_en_or_zh(tmp_path, command):
    message = refused(command, NANHU, *LONG, "--lang", "fr", out=tmp_path / "out")
    assert message == "--lang 'fr': not a language queuesim speaks; choose one of en, zh\n"


def test_advise_rank_lists_the_keys_and_guesses_the_typo(tmp_path):
    message = refused("advise", NANHU, *LONG, "--rank", "wait_avg", out=tmp_path / "out")
    assert "--rank" in message and "did you mean 'wait_mean'" in message
    assert "service_level" in message and "abandon_rate" in message


def test_staff_period_must_divide_the_opening_hours_and_says_which_do(tmp_path):
    message = refused("staff", CANTEEN, "--period", "7", out=tmp_path / "out")
    assert message.startswith("--period 7: a planning period must divide the opening hours")
    assert "(150 min)" in message and "10, 15, 25, 30, 50, 75, 150" in message
    assert message.count("\n") == 1


@pytest.mark.parametrize(("command", "option"), [("compare", "--kpis"), ("sweep", "--kpi")])
def test_compare_and_sweep_check_their_kpis(tmp_path, command, option):
    message = refused(command, NANHU, "--vary", "counters.T1.speed=1,1.2", *LONG, option,
                      "wait_meen", out=tmp_path / "out")
    assert message.startswith(f"{option}: unknown KPI 'wait_meen' (did you mean 'wait_mean'?)")


def test_the_installed_script_refuses_a_bad_language_before_working(tmp_path):
    beside = Path(sys.executable).with_name("queuesim")
    script = str(beside) if beside.exists() else shutil.which("queuesim")
    out = tmp_path / "out"
    result = subprocess.run([script, "run", str(NANHU), *LONG, "--lang", "fr", "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "--lang" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_the_rank_keys_are_the_kpis_advise_shows():
    from queuesim.advise import SHOWN
    from queuesim.cli import RANK_KEYS

    assert RANK_KEYS == SHOWN
