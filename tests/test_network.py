"""The network file, branch seeds, the league table's arithmetic and the command's exit codes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from network_helpers import HALLS, hall, league_bytes, write_network
from queuesim import load_scenario
from queuesim.cli import app
from queuesim.compare import Option, compare
from queuesim.errors import ScenarioError
from queuesim.metrics import confidence_interval
from queuesim.network import load_network, run_network
from queuesim.network.branches import branch_seed


def test_branch_seed_depends_on_name_and_root_only():
    assert branch_seed(11, "east") == branch_seed(11, "east")
    assert len({branch_seed(11, "east"), branch_seed(11, "west"), branch_seed(12, "east")}) == 3
    assert 0 <= branch_seed(11, "东湖支行") < 2**63


def test_misspelt_network_field_is_one_line_with_did_you_mean(tmp_path):
    path = write_network(tmp_path, replicatons=3)
    with pytest.raises(ScenarioError) as caught:
        load_network(path)
    assert str(caught.value) == (f"{path}: replicatons: unknown key (did you mean "
                                 "'replications'?)")


def test_league_matches_a_direct_comparison_of_each_branch(tmp_path):
    """Each branch's KPIs and what-if effect are those of compare() on the branch alone with
    its name-derived seed; the totals' CI is the CI of the per-day sums over branches."""
    run = run_network(write_network(tmp_path), "compare", tmp_path / "out", workers=1)
    for name in ("east", "south"):
        path = tmp_path / "branches" / f"{name}.yaml"
        options = [Option("today", load_scenario(path)),
                   Option("faster", load_scenario(path, ["arrivals.scale=0.8"]))]
        direct = compare(options, 4, branch_seed(11, name), workers=1, keep_frames=False)
        row = run.tables["branches"].set_index("branch").loc[name]
        expected = direct.summary.query("option == 'today' and part == 'overall' and "
                                        "kpi == 'wait_mean'").iloc[0]
        assert row["wait_mean"] == expected["mean"] and row["wait_mean_low"] == expected["low"]
        effect = run.tables["effects"].query("branch == @name and kpi == 'service_level'")
        paired = direct.differences.query("part == 'overall' and kpi == 'service_level'")
        assert effect["mean"].iloc[0] == paired["mean"].iloc[0]
    per_day = [sum(pd.read_parquet(tmp_path / "out" / "branches" / name /
                                   "replications.parquet").query("option == 'today'")
                   .set_index("replication")["served"].loc[r] for name in HALLS)
               for r in range(4)]
    served = run.tables["totals"].query("option == 'today' and quantity == 'served'").iloc[0]
    interval = confidence_interval(per_day)
    assert np.isclose(served["mean"], interval["mean"])
    assert np.allclose([served["low"], served["high"]], interval["ci95"])


def test_ranks_put_the_branch_farthest_below_target_first(tmp_path):
    run = run_network(write_network(tmp_path), "run", tmp_path / "out", workers=1)
    table = run.tables["branches"].sort_values("rank_gap")
    assert list(table["rank_gap"]) == [1, 2, 3, 4]
    assert table["gap"].is_monotonic_decreasing
    assert "effects" not in run.tables


def test_a_broken_branch_is_named_and_the_others_finish_with_exit_1(tmp_path):
    halls = {**HALLS, "south": hall("South", 30, 1) | {"queue": {"structure": "snake"}},
             "bad": "name: [unclosed"}
    path = write_network(tmp_path, halls)
    result = CliRunner().invoke(app, ["network", "run", str(path), "--out",
                                      str(tmp_path / "out"), "--workers", "1", "--json"])
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert [f["branch"] for f in document["failed"]] == ["bad", "south"]
    assert "queue.structure" in document["failed"][1]["error"]
    assert document["evaluated"] == 3 and document["branches"] == 5
    assert "branch south failed:" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "branches").iterdir()) == [
        "east", "north", "west"]


def test_a_bad_network_file_exits_2_before_anything_runs(tmp_path):
    path = write_network(tmp_path, what_ifs={"today": ["arrivals.scale=2"]})
    result = CliRunner().invoke(app, ["network", "compare", str(path), "--out",
                                      str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "what_ifs.today" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_rerun_reuses_stored_branches_and_redoes_a_changed_one(tmp_path):
    path = write_network(tmp_path)
    first = run_network(path, "run", tmp_path / "out", workers=1)
    tables = league_bytes(tmp_path / "out")
    again = run_network(path, "run", tmp_path / "out", workers=1)
    assert again.reused == 4 and league_bytes(tmp_path / "out") == tables
    write_network(tmp_path, {"east": hall("East", 45, 2)})
    changed = run_network(path, "run", tmp_path / "out", workers=1)
    assert changed.reused == 3
    assert not first.tables["branches"].equals(changed.tables["branches"])


def test_staff_totals_add_up_each_branch_plan(tmp_path):
    """Each branch's plan is plan_staffing's on its own with its name-derived seed; the network
    total is their sum, against today's counter-hours; cost = counter-hours × the rate."""
    from queuesim.staffing.plan import plan_staffing

    halls = {"busy": hall("Busy", 60, 1, close="11:00"), "quiet": hall("Quiet", 15, 4,
                                                                       close="11:00")}
    path = write_network(tmp_path, halls, cost_per_counter_hour=40.0, replications=10)
    run = run_network(path, "staff", tmp_path / "out", workers=1, settings={"period": 30})
    plans = run.tables["staffing"].set_index("branch")
    direct = plan_staffing(load_scenario(tmp_path / "branches" / "busy.yaml"), period=30,
                           seed=branch_seed(11, "busy"), workers=1, verify_replications=10)
    assert plans.loc["busy", "counter_hours_plan"] == direct.best.counter_hours
    assert plans.loc["busy", "counter_hours_today"] == 2
    assert plans.loc["quiet", "counter_hours_plan"] < plans.loc["quiet", "counter_hours_today"]
    totals = run.tables["totals"].set_index("quantity")
    assert totals.loc["counter_hours", "plan"] == plans["counter_hours_plan"].sum()
    assert totals.loc["cost", "today"] == 40.0 * (2 + 8)


def test_the_page_sorts_links_each_branch_report_and_escapes_names(tmp_path):
    from queuesim.network.page import write_page

    halls = {"east": HALLS["east"], "<b>west": HALLS["west"]}
    path = write_network(tmp_path, halls)
    run = run_network(path, "compare", tmp_path / "out", workers=1,
                      settings={"branch_report": True})
    page = write_page(run).read_text(encoding="utf-8")
    assert '<table class="sortable">' in page and "th.addEventListener('click'" in page
    assert 'href="../branches/east/report.html"' in page
    assert "&lt;b&gt;west" in page and "<b>west" not in page
    assert (tmp_path / "out" / "branches" / "<b>west" / "report.html").is_file()
    assert "faster: rank by gain" in page


def test_the_example_network_loads_every_branch_and_what_if():
    from pathlib import Path

    from queuesim.network.execute import prepare

    example = Path(__file__).resolve().parents[1] / "examples" / "network_region.yaml"
    run = prepare(example, "compare", None)
    assert run.failures == [] and len(run.jobs) == 5
    assert {len(job.options) for job in run.jobs} == {3}


def test_the_page_and_the_terminal_speak_chinese_when_asked(tmp_path):
    path = write_network(tmp_path, {"east": HALLS["east"], "west": HALLS["west"]})
    result = CliRunner().invoke(app, ["network", "compare", str(path), "--out",
                                      str(tmp_path / "out"), "--workers", "1", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "离目标最远的网点排在前面" in result.stdout and "已服务人数" in result.stdout
    assert "网点排名已写入" in result.stderr
    page = (tmp_path / "out" / "league" / "network.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "网点排名表" in page
    assert "faster：按改善幅度排名" in page and "League table" not in page


def test_an_unknown_language_exits_2_before_anything_runs(tmp_path):
    path = write_network(tmp_path)
    result = CliRunner().invoke(app, ["network", "run", str(path), "--out",
                                      str(tmp_path / "out"), "--lang", "fr"])
    assert result.exit_code == 2
    assert "--lang 'fr': not a language queuesim speaks" in result.stderr
    assert not (tmp_path / "out").exists()
