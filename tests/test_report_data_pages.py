"""The pages made from a hall's data — fit, backtest, now — speak the reader's language: in
Chinese no English words of the catalogue are left (headings, notes, table heads, axes,
legends), the backtest's rule is written from its tolerances, and the now page recommends the
option the terminal recommends."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from report_browser import chromium, measure_layout
from report_text import english_left, visible_words

from queuesim import i18n, load_scenario, simulate
from queuesim.calibration.backtest import TOLERANCES, backtest
from queuesim.calibration.fit import fit
from queuesim.calibration.fit_report import fit_page
from queuesim.calibration.visitlog import read_visit_log, visit_log_from_results, write_visit_log
from queuesim.now.decide import decide
from queuesim.now.options import parse_option
from queuesim.now.state import describe, load_state
from queuesim.now.verdict import recommendation, trade_off
from queuesim.report.backtest_page import backtest_page, note_text, read_text, rule_text
from queuesim.report.now_page import now_page

ROOT = Path(__file__).resolve().parent.parent
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"
TICKET = ROOT / "scenarios" / "nanhu_ticket.yaml"
HALL = {"name": "small branch", "clock": {"open": "09:00", "close": "12:00"},
        "customers": {"walk_in": {"share": 1.0,
                                  "service_time": {"dist": "exponential", "mean": 4.0},
                                  "patience": {"dist": "exponential", "mean": 10.0}}},
        "arrivals": {"per_hour": 40.0}, "counters": {"count": 3}}
EN, ZH = i18n.texts("en"), i18n.texts("zh")


def days_of(scenario, count: int, folder: Path):
    """``count`` days simulated from a hall, as the visit log they would leave, read back."""
    results = simulate(load_scenario(scenario), replications=count, seed=3, workers=1)
    path = folder / "days.csv"
    write_visit_log(visit_log_from_results(results, datetime.date(2024, 3, 4)), path)
    return read_visit_log(path)


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    return fit(days_of(HALL, 3, tmp_path_factory.mktemp("fit")), period=60, calibrate=False)


def test_fit_page_in_chinese(fitted):
    page = fit_page(fitted, lang="zh")
    assert '<html lang="zh-CN">' in page and not english_left(page)
    words = visible_words(page)
    for key in ("fit_section_arrivals", "fit_note_patience", "fit_column_mean_error",
                "fit_axis_willing", "fit_ecdf"):
        assert ZH[key] in words
    assert ZH["fit_why_family"].split("：")[1].split("{")[0] in words   # why, from the catalogue


def test_fit_page_in_english_keeps_its_words(fitted):
    words = visible_words(fit_page(fitted, lang="en"))
    assert "Kaplan–Meier" in words and "service time (min)" in words
    chosen = fitted.details["services"]["walk_in"]["chosen"]
    assert f"{chosen}: the lowest AIC of the families keeping the mean within 2%" in words


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    days = days_of(TICKET, 2, tmp_path_factory.mktemp("backtest"))
    return backtest(TICKET, days, replications=3, seed=1, workers=1)


def test_backtest_page_in_chinese(checked):
    read = "120 rows read, 118 visits used on 2 days; skipped: 2 without a time."
    page = backtest_page(checked, "hall.yaml", "days.csv", read, lang="zh")
    assert not english_left(page)
    words = visible_words(page)
    assert "读取 120 行，使用 2 天中的 118 次到访；跳过：2 without a time。" in words
    assert all(note_text(line, ZH) != line for line in checked.notes)
    assert ZH["backtest_fail"] in words or ZH["backtest_pass"] in words


def test_backtest_rule_names_every_tolerance():
    rule = rule_text(EN)
    assert "arrivals 5 %" in rule and "abandon rate 2 points" in rule
    assert "mean wait 15 %" in rule and "utilization 5 points" in rule
    assert rule.count(";") == len(TOLERANCES)   # every tolerance and the floor of the waits
    assert read_text("not the usual sentence", ZH) == "not the usual sentence"


@pytest.fixture(scope="module")
def decision():
    hall = load_scenario(NANHU)
    state = load_state(ROOT / "scenarios" / "states" / "nanhu_branch_1140.yaml", hall)
    ids = [c.id for c in hall.counters]
    options = [parse_option(text, ids, hall.class_names) for text in ("open T3 now",
                                                                      "close T2 now")]
    return hall, state, decide(hall, state, options, replications=4, workers=1)


def test_now_page_in_english_says_what_the_terminal_says(decision):
    hall, state, chosen = decision
    page = now_page(chosen, hall.name, describe(state), lang="en")
    words = visible_words(page)
    assert recommendation(chosen) in words
    assert all(trade_off(chosen, i) in words for i in range(1, len(chosen.options)))


def test_now_page_in_chinese(decision):
    hall, state, chosen = decision
    page = now_page(chosen, hall.name, describe(state, "zh"), lang="zh")
    assert not english_left(page)
    words = visible_words(page)
    assert "11:40：" in words and ZH["now_nothing"] in words and "open T3 now" in words
    assert ("建议：" in words) and "nothing" not in words


def test_the_chinese_pages_lay_out_in_a_browser(fitted, checked, decision, tmp_path):
    chromium()
    hall, state, chosen = decision
    pages = {"fit": fit_page(fitted, lang="zh"),
             "backtest": backtest_page(checked, "hall.yaml", "days.csv", "", lang="zh"),
             "now": now_page(chosen, hall.name, describe(state, "zh"), lang="zh")}
    for name, page in pages.items():
        found = measure_layout(page, tmp_path, name, width=1024)
        assert found["errors"] == [] and found["plots"] == found["bars"] >= 1, name
        assert found["covered"] == [] and found["wide"] == [], (name, found)
