"""The advise page: the measures ranked with their CIs and what each changed, measures named in
the reader's language (no policy or KPI codes in Chinese), and colours that do not repeat among
the first 20 options."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_text import english_left, visible_words

from queuesim import advise, i18n, load_scenario, policies, simulate
from queuesim.compare import Option
from queuesim.metrics import ANNOUNCEMENT_KPIS, KPI_NAMES
from queuesim.report import compare_page, condense, style
from queuesim.report.advice import is_advice
from queuesim.report.compare_figures import day_overlay_figure, option_bars_figure

ROOT = Path(__file__).resolve().parent.parent
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"
CHOSEN = ["single_line", "part_time_peak", "self_service", "extend_hours", "occupied_wait"]


@pytest.fixture(scope="module")
def advice():
    return advise.advise(load_scenario(NANHU), CHOSEN, rank="wait_mean", replications=3,
                         workers=1)


@pytest.fixture(scope="module")
def pages(advice):
    return {lang: compare_page(advice.comparison, lang, "wait_mean") for lang in ("en", "zh")}


def ranking_rows(page: str) -> list[list[str]]:
    """The cells of the ranking table, tags stripped, row by row."""
    table = page.split('<section id="ranking"', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1])
    return [[re.sub(r"<[^>]+>", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                         row)] for row in rows]


def test_the_ranking_follows_advise_with_its_intervals(advice, pages):
    rows = ranking_rows(pages["en"])
    english = i18n.texts("en")
    assert [row[1] for row in rows] == [english[f"measure_{code}"]
                                        for code in advice.table["policy"]]
    for row, expected in zip(rows, advice.table.to_dict("records"), strict=True):
        mean, low, high = (f"{expected[key]:+.2f}".replace("-", "−")
                           for key in ("wait_mean", "wait_mean_low", "wait_mean_high"))
        assert row[2].startswith(mean) and f"[{low}, {high}]" in row[2]
        assert row[2].count("*") == int(expected["wait_mean_significant"])
    means = list(advice.table["wait_mean"])
    assert means == sorted(means)                              # best (shortest wait) first


def test_the_ranking_says_what_each_measure_changed(pages):
    rows = {row[1]: row[-1] for row in ranking_rows(pages["en"])}
    english = i18n.texts("en")
    assert "queue.structure = one line" in rows[english["measure_single_line"]]
    assert "counters.PT = " in rows[english["measure_part_time_peak"]]
    assert "clock.close = 18:00" in rows[english["measure_extend_hours"]]
    assert "experience.seated = 0.9" in rows[english["measure_occupied_wait"]]


def test_chinese_advise_page_has_no_english_codes(pages):
    words = visible_words(pages["zh"])
    codes = [*policies.POLICIES, *KPI_NAMES, *ANNOUNCEMENT_KPIS, "baseline", "single_line",
             "multi_line"]
    found = [code for code in codes if re.search(rf"(?<![\w.]){code}(?![\w.])", words)]
    assert not found
    chinese = i18n.texts("zh")
    assert all(chinese[f"measure_{code}"] in words for code in CHOSEN)
    assert chinese["section_ranking"] in words and chinese["baseline"] in words
    english = visible_words(pages["en"])
    assert re.search(r"(?<![\w.])single_line(?![\w.])", english) is None  # named in words
    assert not english_left(pages["zh"])


def test_a_comparison_that_is_not_an_advice_keeps_its_names(advice):
    options = list(advice.comparison.options)
    assert is_advice(options)
    renamed = [Option("today", options[0].scenario), *options[1:]]
    assert not is_advice(renamed) and not is_advice(options[:1])


def test_twenty_options_have_twenty_colours_then_another_line_style():
    colours = [style.colour(i) for i in range(20)]
    assert len(set(colours)) == 20 and colours[:8] == list(style.OKABE_ITO)
    looks = {(style.colour(i), style.dash(i), style.symbol(i), style.pattern(i))
             for i in range(60)}
    assert len(looks) == 60
    assert style.dash(19) == "solid" and style.dash(20) != "solid"


def test_charts_of_many_options_tell_every_option_apart():
    scenario = load_scenario(NANHU, ["replications=2"])
    names = [f"option {i}" for i in range(24)]
    stats = {name: {"wait_mean": {"mean": 1.0 + i, "ci95": [0.5 + i, 1.5 + i], "n": 2}}
             for i, name in enumerate(names)}
    bars = option_bars_figure(stats, names, ["wait_mean"], scenario.targets, i18n.texts("en"))
    marker = bars.data[0].marker
    assert len(set(zip(marker.color, marker.pattern.shape, strict=True))) == 24
    day = condense.day_profile(simulate(scenario, replications=1, workers=1).timeline, 0.0,
                               480.0)
    curves = {name: (i, scenario, day) for i, name in enumerate(names)}
    lines = day_overlay_figure(curves, i18n.texts("en")).data
    assert len({(t.line.color, t.line.dash) for t in lines}) == 24
