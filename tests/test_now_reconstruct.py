"""The state at an instant, read from a visit log: who was served, who waited, since when."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from queuesim import load_scenario
from queuesim.calibration.visitlog import build_log
from queuesim.cli import app
from queuesim.now.reconstruct import state_at
from queuesim.now.state import load_state

NANHU = "scenarios/nanhu_branch.yaml"
DAY = "2026-02-22 "
# visit, class, arrived, service_start, service_end, left, outcome, counter
VISITS = [
    ("v1", "personal", "11:00", "11:05", "11:50", "", "served", "T1"),   # at T1 since 11:05
    ("v2", "business", "11:10", "11:20", "11:30", "", "served", "T2"),   # done before
    ("v3", "personal", "11:20", "11:45", "11:52", "", "served", "T1"),   # waiting since 11:20
    ("v4", "personal", "11:25", "", "", "11:35", "abandoned", ""),       # gave up before
    ("v5", "vip", "11:30", "", "", "11:50", "abandoned", ""),            # waiting since 11:30
    ("v6", "personal", "11:50", "11:52", "11:58", "", "served", "T2"),   # not yet come
    ("v7", "personal", "11:15", "11:38", "11:55", "", "served", "Anna"),  # at a free counter
    ("v8", "personal", "10:00", "", "", "", "abandoned", ""),            # left, time unknown
]


def _log(tmp_path=None):
    rows = [dict(zip(("visit", "class", "arrived", "service_start", "service_end", "left",
                      "outcome", "counter"), v, strict=True)) for v in VISITS]
    table = pd.DataFrame(rows)
    for column in ("arrived", "service_start", "service_end", "left"):
        table[column] = [DAY + t if t else "" for t in table[column]]
    if tmp_path is not None:
        path = tmp_path / "visits.csv"
        table.to_csv(path, index=False)
        return path
    return build_log(table, "visits.csv")


def test_the_state_at_an_instant_by_hand():
    hall = load_scenario(NANHU)
    state = state_at(_log().table, pd.Timestamp(DAY + "11:40"), hall)
    assert state["time"] == "11:40"
    assert state["counters"] == {
        "T1": {"serving": {"class": "personal", "since": "11:05:00"}},
        "T2": {"serving": {"class": "personal", "since": "11:38:00"}}}
    assert state["waiting"] == [{"class": "personal", "since": "11:20:00", "line": "T1"},
                                {"class": "vip", "since": "11:30:00"}]  # gave up: no line
    assert state["arrived_today"] == 7
    assert len(load_state(state, hall).waiting) == 2


def test_the_command_reads_the_state_from_a_log(tmp_path):
    path = _log(tmp_path)
    result = CliRunner().invoke(app, ["now", NANHU, "--state-from", str(path), "--at",
                                      DAY + "11:40", "-n", "4", "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert '"waiting_now": 2' in result.stdout
    assert "which line 1 of the 2 waiting stand in" in result.stderr
    bad = CliRunner().invoke(app, ["now", NANHU, "--state-from", str(path), "--at", "noon"])
    assert bad.exit_code == 2 and bad.stderr.startswith("--at: expected a date and time")
