"""The tables of ``queuesim staff``: plain headings, rounded totals, costs with a currency, 80
columns in English and Chinese; its progress line and its advice when the iteration does not
settle."""

from __future__ import annotations

import io
import json
import pickle
import re
from types import SimpleNamespace

import pandas as pd
import pytest
from rich.console import Console
from terminal_helpers import assert_fits, render

from helpers import scenario
from queuesim import i18n
from queuesim.staffing import plan as planning
from queuesim.staffing.notes import say
from queuesim.staffing.optimise import unsettled
from queuesim.staffing.phases import phases
from queuesim.staffing.shifts import load_shifts
from queuesim.staffing.tables import (
    frontier_view,
    period_view,
    shift_view,
    stationary_view,
    totals_view,
)

SHIFTS = {"shifts": [{"name": "morning", "start": "09:00-09:30", "length": 90,
                      "cost_per_hour": 50},
                     {"name": "late", "start": "09:30-10:00", "length": 60,
                      "cost_per_hour": 40}]}


@pytest.fixture(scope="module")
def report():
    hall = scenario(
        customers={"all": {"share": 1.0, "service_time": {"dist": "exponential", "mean": 2},
                           "patience": {"dist": "exponential", "mean": 10}}},
        arrivals={"per_hour": 60}, counters={"count": 2},
        clock={"open": "09:00", "close": "11:00"}, targets={"wait_minutes": 2})
    shifts = load_shifts({**SHIFTS, "currency": "yuan"})
    return planning.plan_staffing(hall, period=30, shifts=shifts, replications=20,
                                  verify_replications=5, seed=1, workers=1)


def _headings(text: str) -> str:
    """The lines of each table's heading (above its rule)."""
    lines, heading = [], []
    for line in text.splitlines():
        if line.startswith("─"):
            lines += heading[1:]  # the first line is the title
            heading = []
        else:
            heading.append(line)
            heading = heading[-4:]
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_staff_tables_fit_80_columns_without_jargon_in_the_headings(report, lang):
    text = render([period_view(report, lang), totals_view(report, lang),
                   shift_view(report.best.shifts, report.currency, lang)])
    assert_fits(text)
    headings = _headings(text)
    for jargon in ("SIPP", "MOL", "ISA", "arr./h"):
        assert jargon not in headings
    assert "SIPP" in text  # the footnote names the method for those who know it
    words = i18n.texts(lang)
    assert words["staff_theory"] in headings
    assert words["staff_counter_hours"].split("\n")[0] in headings
    assert words["staff_cost"].format(currency="yuan").split("\n")[1] in text


def test_totals_round_counter_hours_and_show_the_currency(report):
    text = render([totals_view(report, "en"), shift_view(report.best.shifts, "yuan", "en")])
    hours = f"{report.best.counter_hours:.1f}"
    assert re.search(rf"^plan\s+{re.escape(hours)}\s", text, re.MULTILINE)
    cost = report.best.shifts.total_cost
    assert f"cost {cost:,.0f} yuan" in text and "(yuan)" in text
    assert not re.search(r"\d\.\d{2,}", text)  # nothing like 13.3333


def test_costs_without_a_currency_are_cost_units(report):
    shifts = load_shifts(SHIFTS)
    assert shifts.currency is None
    text = render([shift_view(report.best.shifts, shifts.currency, "en")])
    assert "(cost units)" in text


def test_the_progress_line_names_each_phase_only_on_a_terminal():
    shown = io.StringIO()
    console = Console(file=shown, force_terminal=True, width=80)
    with phases("en", console) as phase:
        phase("staff_phase_proving", {"n": 100})
    assert "proving the plans and today's counters on 100 fresh days" in shown.getvalue()
    piped = io.StringIO()
    with phases("en", Console(file=piped, force_terminal=False)) as phase:
        phase("staff_phase_proving", {"n": 100})
    assert piped.getvalue() == ""


def _run(replications: int, period: float, day: float):
    return SimpleNamespace(replications=replications, period=period,
                           scenario=SimpleNamespace(clock=SimpleNamespace(end=day)))


def test_advice_when_the_iteration_does_not_settle_names_options_that_exist():
    advice = unsettled(_run(100, 30, 480))
    assert "--replications 200" in advice and "--period 60" in advice
    assert "--period 90" in unsettled(_run(200, 30, 450))  # 60 does not divide 450 minutes
    assert "--period" not in unsettled(_run(200, 30, 30))  # no longer period fits the day


def test_the_advice_is_said_in_chinese_too():
    advice = unsettled(_run(100, 30, 480))
    chinese = advice.say("zh")
    assert "--replications 200" in chinese and "--period 60" in chinese
    assert "迭代配置" in chinese and "iterative" not in chinese


def test_notes_are_english_text_in_the_json_and_chinese_on_request(report):
    lines = report.plan.steps + report.notes
    document = json.loads(json.dumps(lines))
    assert document == [str(line) for line in lines]
    assert any(line.startswith("the plan uses identical counters") for line in document)
    chinese = [say(line, "zh") for line in lines]
    assert i18n.say("staff_note_identical", "zh", counters=2) in chinese
    assert any("窗口小时，成本" in line and "yuan" in line for line in chinese)
    assert pickle.loads(pickle.dumps(lines[0])).say("zh") == chinese[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_frontier_and_the_steady_state_tables_fit_80_columns(lang):
    curve = pd.DataFrame({"target": [0.6, 0.95], "counter_hours": [30.0, 40 / 3],
                          "cost": [1800.0, float("nan")], "service_level": [0.62, 0.951],
                          "low": [0.6, 0.94], "high": [0.64, 0.96], "periods_missed": [0, 1]})
    steady = pd.DataFrame({"counters": [2, 3], "theory": [False, True],
                           "service_level": [0.51, 0.83], "abandon_rate": [0.1, 0.02],
                           "meets": [False, True]})
    text = render([frontier_view(curve, "元", lang),
                   stationary_view(SimpleNamespace(name="M/M/3", customers={}), steady, 3,
                                   lang)])
    assert_fits(text)
    assert "13.3" in text and "13.33" not in text and "1,800" in text and "元" in text
    assert "[94, 96]" in text and i18n.texts(lang)["staff_yes"] in text
    assert i18n.texts(lang)["staff_gave_up"].split("\n")[0] not in text  # nobody gives up
