"""Tests for queuesim.report: the run and comparison pages a branch manager opens offline.

Pages are built from a real run folder (three simulated days of the Nanhu branch, saved with
``queuesim.store.save``) and from small comparisons made by ``queuesim.compare`` (options,
a one-setting sweep, a two-setting grid).
A headless Chromium, when one is installed, opens the files and must draw every chart without
a script error; without Chromium those two tests are skipped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from plotly.offline import get_plotlyjs
from report_browser import assert_opens_and_draws, chromium

from queuesim import ScenarioError, load_scenario, simulate, store
from queuesim.compare import Option, compare, expand
from queuesim.report import (
    compare_page,
    condense,
    default_language,
    labels,
    run_page,
    run_page_from_results,
    write_report,
)

ROOT = Path(__file__).resolve().parent.parent
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"
RUN_SECTIONS = ("headline", "waits", "day", "hours", "counters", "classes", "scenario")
EVIL = "<script>alert(1)</script>"
EVIL_CLASS = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def results():
    return simulate(NANHU, replications=3, seed=5, workers=1)


@pytest.fixture(scope="module")
def run_dir(results, tmp_path_factory) -> Path:
    return store.save(results, tmp_path_factory.mktemp("runs") / "nanhu")


@pytest.fixture(scope="module")
def page(run_dir) -> str:
    return run_page(run_dir, lang="en")


def test_run_page_has_every_section(page):
    for ident in RUN_SECTIONS:
        assert f'<section id="{ident}"' in page
    for chart in ("chart-waits", "chart-day", "chart-hours", "chart-counters"):
        assert f'id="{chart}"' in page
    for text in ("Headline figures", "service level (%)", "met", "95 % CI", "wait (minutes)",
                 "waiting (people)", "counters", "utilization (%)", "personal", "T4",
                 "seed", "2026", "queue structure", "structure: multi_line"):
        assert text in page


def test_plotly_is_embedded_once_and_nothing_is_fetched(page):
    assert page.count(get_plotlyjs()[:300]) == 1
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    lowered = page.lower()
    assert '<script src="http' not in lowered and "<script src='http" not in lowered
    assert '<link rel="stylesheet" href="http' not in lowered


def test_page_size_is_bounded(page):
    assert len(page.encode("utf-8")) < 6_000_000
    assert len(page.encode("utf-8")) - len(get_plotlyjs().encode("utf-8")) < 600_000


def test_page_from_results_is_the_page_from_the_folder(results, page):
    assert run_page_from_results(results, lang="en") == page


def test_steady_state_run_has_no_hours_and_a_minutes_axis():
    scenario = load_scenario(ROOT / "scenarios" / "mmc_steady.yaml",
                             ["clock.horizon=2000", "clock.warmup=100"])
    page = run_page_from_results(simulate(scenario, replications=2, workers=1), lang="en")
    assert "A steady-state run has no hours of the day." in page
    assert 'id="chart-hours"' not in page and "time from start (minutes)" in page
    assert "Through the run" in page and "overtime (min)" not in page


def test_not_a_run_folder(tmp_path):
    with pytest.raises(ScenarioError, match=r"missing summary\.json"):
        run_page(tmp_path)


def evil_scenario() -> dict:
    raw = yaml.safe_load(NANHU.read_text(encoding="utf-8"))
    raw["name"] = EVIL
    raw["description"] = f"notes {EVIL}"
    raw["customers"][EVIL_CLASS] = raw["customers"].pop("business")
    for counter in raw["counters"]:
        counter["serves"] = [[EVIL_CLASS if c == "business" else c for c in item]
                             if isinstance(item, list) else item for item in counter["serves"]]
    raw["counters"][0]["id"] = EVIL
    return raw


def test_names_from_files_are_escaped(tmp_path):
    folder = store.save(simulate(load_scenario(evil_scenario()), replications=2, workers=1),
                        tmp_path / "evil")
    page = run_page(folder, lang="en")
    for literal in (EVIL, EVIL_CLASS):
        assert literal not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "onerror=alert(2)>" not in page


def test_chinese_labels(run_dir):
    page = run_page(run_dir, lang="zh")
    assert '<html lang="zh-CN">' in page
    for text in ("排队情况报告", "主要指标", "服务水平", "平均等候时间 (分钟)", "窗口", "随机种子"):
        assert text in page


def test_language_follows_the_locale(monkeypatch):
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert default_language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert default_language() == "zh" and labels.texts(None) is labels.texts("zh")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert default_language() == "en"
    with pytest.raises(ScenarioError, match="lang"):
        labels.texts("fr")


def test_step_values_read_each_replication_at_the_grid(results):
    timeline = results.timeline
    grid = np.linspace(0, 600, 57)
    values = condense.step_values(timeline, grid, ["waiting"])["waiting"]
    for replication, rows in timeline.groupby("replication"):
        index = np.searchsorted(rows["time"].to_numpy(), grid, side="right") - 1
        assert (values[replication] == rows["waiting"].to_numpy()[index]).all()


def test_condensed_views_stay_small_and_add_up(results):
    profile = condense.day_profile(results.timeline, 0.0, 600.0)
    assert len(profile.grid) <= 400
    assert (profile.waiting_low <= profile.waiting_mean + 1e-9).all()
    assert (profile.waiting_mean <= profile.waiting_high + 1e-9).all()
    customers = results.customers
    histogram = condense.wait_histogram(customers, results.scenario.class_names, 3)
    served = (customers["outcome"] == "served").sum() / 3
    assert sum(c.sum() for c in histogram.counts.values()) == pytest.approx(served, abs=0.01)
    waits, shares = condense.wait_ecdf(customers, steady=False)
    assert len(waits) <= 200 and (np.diff(waits) >= 0).all()
    joined = customers["outcome"] != "balked"
    quick = (customers["outcome"] == "served") & (customers["wait"] <= 10)
    level = quick.sum() / joined.sum()
    assert np.interp(10, waits, shares) == pytest.approx(level, abs=0.02)


def test_write_report_replaces_the_file_at_once(tmp_path, page):
    target = write_report("old", tmp_path / "run" / "report.html")
    write_report(page, target)
    assert target.read_text(encoding="utf-8") == page
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]


# Comparisons ------------------------------------------------------------------------------


def options_of(settings: dict[str, dict]) -> list[Option]:
    """Options of the Nanhu hall named by hand, each with a few fields changed."""
    return [Option(name, load_scenario(NANHU, [f"{k}={v}" for k, v in changes.items()]),
                   changes) for name, changes in settings.items()]


@pytest.fixture(scope="module")
def comparison():
    options = options_of({"today": {}, EVIL: {"queue.structure": "single_line"},
                          "ticket": {"queue.structure": "ticket"}})
    return compare(options, replications=3, seed=7, workers=1)


def test_compare_page_has_every_section(comparison):
    page = compare_page(comparison, lang="en")
    for ident in ("options", "option-kpis", "differences", "option-day", "option-waits",
                  "option-table", "scenario"):
        assert f'<section id="{ident}"' in page
    assert "queue.structure = one line" in page and "significant" in page
    assert EVIL not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<section id="sweep"' not in page
    assert "比较" in compare_page(comparison, lang="zh")


def test_compare_page_unknown_kpi(comparison):
    with pytest.raises(ScenarioError, match="did you mean 'wait_mean'"):
        compare_page(comparison, kpi="wait_men")


def test_sweep_of_one_setting_is_a_line():
    options = expand([NANHU], ["arrivals.scale=0.8,1.0,1.2"])
    sweep = compare(options, replications=3, workers=1, keep_frames=False)
    page = compare_page(sweep, lang="en", kpi="service_level")
    assert '<section id="sweep"' in page and "arrivals.scale" in page
    assert "not kept" in page and '<section id="option-waits"' not in page


def test_sweep_of_two_settings_is_a_heatmap():
    options = expand([NANHU], ["arrivals.scale=0.9,1.1", "balking.max_waiting=10,25"])
    page = compare_page(compare(options, replications=3, workers=1, keep_frames=False))
    assert '"type":"heatmap"' in page and "balking.max_waiting" in page


# In a browser -----------------------------------------------------------------------------


def test_run_page_opens_in_a_browser(page, tmp_path):
    chromium()
    assert_opens_and_draws(page, tmp_path, "run")


def test_compare_page_opens_in_a_browser(comparison, tmp_path):
    chromium()
    assert_opens_and_draws(compare_page(comparison, lang="en"), tmp_path, "compare")
