"""The compare, sweep and advise tables: changes as ``−4.1 [−5.0, −3.1]`` with a real minus
sign, a footnoted mark, what each measure changed, 80 columns in English and Chinese."""

from __future__ import annotations

import re

import pytest
from terminal_helpers import assert_fits, render

from helpers import scenario
from queuesim import advise as advising
from queuesim import compare as comparing
from queuesim import i18n
from queuesim.terminal import advice_table, comparison_table, not_tried, sweep_view
from queuesim.terminal.format import MINUS

KPIS = ("wait_mean", "service_level", "abandon_rate")


HALL = {"customers": {"all": {"share": 1.0,
                             "service_time": {"dist": "exponential", "mean": 1.6},
                             "patience": {"dist": "exponential", "mean": 6}}},
        "arrivals": {"per_hour": 40}, "counters": {"count": 1}, "replications": 4,
        "clock": {"open": "09:00", "close": "12:00"}}
"""A one-counter hall a little overloaded, whose customers give up after about 6 minutes."""


def _hall():
    return scenario(**HALL)


@pytest.fixture(scope="module")
def comparison():
    hall = {"name": "test hall", **HALL}
    options = comparing.expand([hall], ["counters.count=1,2"])
    return comparing.compare(options, seed=3, workers=1)


def _by_hand(value: float, share: bool) -> str:
    """A paired difference written independently of the package: sign, one decimal."""
    shown = f"{(100 if share else 1) * value:+.1f}"
    return shown.replace("-", MINUS)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_comparison_fits_80_columns_and_shows_changes_with_a_real_minus(comparison, lang):
    text = render([comparison_table(comparison, KPIS, lang)])
    assert_fits(text)
    assert not re.search(r"(?<![\w.=])-\d", text), "a hyphen used as a minus sign"
    assert "–-" not in text and "[-" not in text
    second = comparison.options[1].name
    differences = comparison.differences
    for kpi in KPIS:
        row = differences[(differences["part"] == "overall") & (differences["kpi"] == kpi)
                          & (differences["option"] == second)].iloc[0]
        share = kpi != "wait_mean"
        expected = (f"{_by_hand(row['mean'], share)}   [{_by_hand(row['low'], share)}, "
                    f"{_by_hand(row['high'], share)}]")
        assert expected in text, (kpi, expected)
    words = i18n.texts(lang)
    note = words["term_difference_note"].format(first=comparison.options[0].name)
    assert re.sub(r"\s+", "", note) in re.sub(r"\s+", "", text)
    assert words["term_difference"] in text


def test_a_second_counter_is_a_significant_fall_in_the_wait(comparison):
    text = render([comparison_table(comparison, ("wait_mean",), "en")])
    (line,) = [line for line in text.splitlines() if "counters.count=2" in line]
    assert MINUS in line and line.rstrip().endswith("*")
    assert "* the change is real" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_sweep_fits_80_columns(comparison, lang):
    view = sweep_view(comparison, comparing.sweep_table(comparison, "wait_mean"), "wait_mean",
                      lang)
    text = render([view])
    assert_fits(text)
    assert MINUS in text and "counters.count" in text


@pytest.fixture(scope="module")
def advice():
    return advising.advise(_hall(), ["part_time_peak", "self_service", "cross_training"],
                           {"part_time_peak": {"hours": 1.5}}, "wait_mean", 4, 3, 1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_advice_says_what_each_measure_changed_within_80_columns(advice, lang):
    text = render([advice_table(advice, "wait_mean", lang)])
    assert_fits(text)
    words = i18n.texts(lang)
    flat = re.sub(r"\s+", "", text)
    for name in advice.table["policy"]:
        assert words[f"policy_{name}"] in text
    assert re.sub(r"\s+", "", words["policy_part_time_peak_does"].format(hours="1.5")) in flat
    self_service = words["policy_self_service_does"].format(
        machines="2", share="30", time_ratio="70", **{"class": "all"})
    assert re.sub(r"\s+", "", self_service) in flat
    assert "[" in text and MINUS in text and "part_time_peak" not in text
    assert any(words["policy_cross_training"] in line for line in not_tried(advice, lang))


def test_advice_columns_leave_out_walk_outs_when_nobody_can_give_up():
    hall = scenario(replications=3)
    advice = advising.advise(hall, ["part_time_peak"], None, "wait_mean", 3, 1, 1)
    text = render([advice_table(advice, "wait_mean", "en")])
    assert i18n.texts("en")["abandon_rate"] not in text
    assert i18n.texts("en")["wait_mean"] in text
