"""Every shipped scenario works with every command: run, compare, staff and advise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from queuesim.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [p for p in sorted((ROOT / "scenarios").glob("*.yaml"))
             if not p.name.startswith("shifts_")]
SMALL = ["--workers", "1"]

pytestmark = pytest.mark.slow


def invoke(*args: str) -> dict:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def steady(path: Path) -> list[str]:
    return ["--set", "clock.horizon=3000", "--set", "clock.warmup=200"] if "steady" in path.name \
        else []


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_run_compare_staff_advise(path, tmp_path):
    name = str(path)
    shorter = steady(path)
    summary = invoke("run", name, "-n", "2", *SMALL, *shorter, "--out", str(tmp_path / "run"))
    assert summary["kpis"]["arrivals"]["mean"] > 0
    compared = invoke("compare", name, name, "-n", "2", *SMALL, *shorter,
                      "--out", str(tmp_path / "compare"))
    assert all(d["difference"]["wait_mean"]["mean"] in (0, None)
               for d in compared["options"][1:])
    plan = invoke("staff", name, "--period", "30", "--replications", "8", "--verify", "3",
                  *SMALL, *shorter, "--out", str(tmp_path / "staff"))
    assert plan.get("counters") or plan.get("periods")
    advice = invoke("advise", name, "--policies", "single_line,ticket,announce_wait,"
                    "appointments", "-n", "2", *SMALL, *shorter, "--out", str(tmp_path / "advise"))
    assert advice["ranking"]
    if "steady" in path.name:
        assert "appointments" in advice["skipped"]
