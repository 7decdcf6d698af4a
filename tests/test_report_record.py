"""What the pages record: the scenario as written (loadable, the full one folded), what each
option of a comparison changes, the peak of the mean curve beside the mean of the daily peaks,
and one spelling of "utilization" wherever a user reads English."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pytest
import yaml
from report_text import english_left

from queuesim import i18n, load_scenario, simulate
from queuesim.compare import compare, expand
from queuesim.report import compare_page, condense, figures, record, run_page_from_results
from queuesim.store import summary_document

ROOT = Path(__file__).resolve().parent.parent
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"
RECTIFIED = ROOT / "scenarios" / "nanhu_rectified.yaml"
EN = i18n.texts("en")


def test_changes_name_paths_match_counters_by_id_and_mark_what_is_left_out():
    before = {"name": "a", "clock": {"open": "09:00", "close": "17:00"},
              "counters": [{"id": "T1", "speed": 1.0}, {"id": "T2", "speed": 1.0}],
              "balking": {"max_waiting": 25}}
    after = {"name": "b", "clock": {"open": "09:00", "close": "18:00"},
             "counters": [{"id": "T2", "speed": 1.2}, {"id": "T1", "speed": 1.0},
                          {"id": "PT", "speed": 1.0}], "queue": {"structure": "ticket"}}
    assert record.changes(before, after) == [
        ("clock.close", "18:00"), ("counters.T2.speed", 1.2),
        ("counters.PT", {"id": "PT", "speed": 1.0}), ("queue", {"structure": "ticket"}),
        ("balking", record.REMOVED)]
    assert record.changes(before, before) == []
    assert record.value_text("queue.structure", "ticket", EN) == "ticket numbers"
    assert record.value_text("customers.a.share", 0.7058823529411765, EN) == "0.7059"
    assert record.value_text("balking", record.REMOVED, EN) == EN["removed"]
    assert record.value_text("x", list(range(100)), EN).endswith("…")


HALLS = [path for path in sorted((ROOT / "scenarios").glob("*.yaml"))
         if "customers" in yaml.safe_load(path.read_text(encoding="utf-8"))]
"""The scenario files that describe a hall (not shift templates)."""


@pytest.mark.parametrize("path", HALLS, ids=lambda p: p.stem)
def test_the_scenario_as_written_loads_back_to_the_same_hall(path):
    scenario = load_scenario(path)
    written = record.written_text(scenario)
    assert load_scenario(yaml.safe_load(written)) == scenario
    assert len(written) < len(record.yaml_text(record.raw(scenario)))


@pytest.fixture(scope="module")
def results():
    return simulate(NANHU, replications=3, seed=5, workers=1)


def test_run_page_shows_the_scenario_as_written_and_folds_the_full_one(results):
    page = run_page_from_results(results, lang="en")
    section = page.split('<section id="scenario"', 1)[1]
    written, folded = section.split('<details class="full-scenario">', 1)
    assert EN["full_scenario"] in folded and "line_choice: shortest" in folded
    assert "line_choice" not in written and "structure: multi_line" in written
    assert "max_waiting: 25" in written


def test_the_peak_label_and_the_card_say_which_peak_they_are(results):
    """The chart marks the highest point of the mean curve; the card is the mean over days of
    each day's maximum, which can never be lower (the mean of maxima ≥ the maximum of means)."""
    page = run_page_from_results(results, lang="en")
    scenario = results.scenario
    profile = condense.day_profile(results.timeline,
                                   *condense.time_window(scenario, results.timeline))
    peak = float(profile.waiting_mean.max())
    assert f"mean curve's highest: {peak:.1f} people at " in page
    assert escape(EN["explain_waiting_max"]) in page and "most at once" in EN["note_day"]
    daily = results.kpis["overall"]["waiting_max"].mean()
    assert daily >= peak - 1e-9
    zh = run_page_from_results(results, lang="zh")
    label = json.dumps(f"平均曲线最高点：{peak:.1f} 人")[1:-1]   # as the chart's JSON holds it
    assert label in zh and i18n.texts("zh")["explain_waiting_max"] in zh


def options_rows(page: str) -> dict[str, str]:
    """Option name → the text of its row in the options table (tags stripped)."""
    table = page.split('<section id="options"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr><td>(.*?)</td>(.*?)</tr>", table):
        rows[row[0]] = re.sub(r"<[^>]+>", " ", row[1])
    return rows


def test_compare_page_shows_what_each_file_and_each_set_changes():
    options = expand([NANHU, RECTIFIED], overrides=["balking.max_waiting=30"])
    page = compare_page(compare(options, replications=2, workers=1, keep_frames=False),
                        lang="en")
    rows = options_rows(page)
    assert set(rows) == {"nanhu_branch", "nanhu_rectified"}
    assert "balking.max_waiting = 30" in rows["nanhu_branch"] and EN["baseline_set"] in rows[
        "nanhu_branch"]
    assert "balking.max_waiting" not in rows["nanhu_rectified"]   # the same --set on both
    expected = record.changes(record.raw(options[0].scenario), record.raw(options[1].scenario))
    assert expected and all(path in rows["nanhu_rectified"] for path, _ in expected)
    assert "nanhu_rectified.yaml" in rows["nanhu_rectified"]


def test_compare_page_shows_each_varied_value():
    options = expand([NANHU], ["arrivals.scale=0.8,1.2"])
    page = compare_page(compare(options, replications=2, workers=1, keep_frames=False),
                        lang="en")
    rows = options_rows(page)
    first, second = (option.name for option in options)
    assert "arrivals.scale = 0.8" in rows[first] and "arrivals.scale = 1.2" in rows[second]
    assert rows[second].count(" = ") == 1


def test_one_spelling_of_utilization_for_users():
    english = " ".join(i18n.texts("en").values())
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = [str(path.name) for path in docs
             if "utilisation" in path.read_text(encoding="utf-8").lower()]
    assert "utilisation" not in english.lower() and not found
    assert "utilization" in english


def test_hours_stay_in_clock_order_whatever_their_verdicts(results):
    by_hour = summary_document(results)["by_hour"]
    figure = figures.hours_figure(by_hour, results.scenario.targets, i18n.texts("en"))
    hours = sorted(by_hour)
    assert hours[0] == "09:00" and len(hours) >= 8
    for axis in (figure.layout.xaxis, figure.layout.xaxis2):
        assert list(axis.categoryarray) == hours and axis.categoryorder == "array"


def test_chinese_run_page_leaves_no_english_of_the_catalogue(results):
    assert not english_left(run_page_from_results(results, lang="zh"))
    assert english_left(run_page_from_results(results, lang="en"))   # the check can see them
