"""The tables of ``queuesim now``: many options still fit 80 columns, in English and Chinese,
each figure with its 95 % CI."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from terminal_helpers import assert_fits, render

from queuesim import i18n
from queuesim.now.verdict import SHOWN as ROWS
from queuesim.terminal.now import now_table

OPTIONS = ["nothing", "open T3 now", "open T3 at 12:00 until 13:30", "extend T2 to 13:30",
           "move T4 to business,vip", "close T2 at 12:30"]
QUARTERS = [f"service_level_{k}" for k in range(1, 9)]


def _decision():
    """A decision with made-up figures: option i, figure j has mean i + j / 10 (a share: a
    hundredth of that) and a CI of ± 0.5 around it."""
    def summary(index: int, kpi: str) -> dict:
        mean = index + [*ROWS, *QUARTERS].index(kpi) / 10
        if kpi.startswith("service_level"):
            mean /= 100
            return {"mean": mean, "ci95": [mean - 0.005, mean + 0.005], "n": 8}
        return {"mean": mean, "ci95": [mean - 0.5, mean + 0.5], "n": 8}

    return SimpleNamespace(horizon=120.0, values=np.zeros((1, 8)), seed=4, level=1.07,
                           options=OPTIONS, kpis=[*ROWS, *QUARTERS], summary=summary)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_six_options_fit_80_columns_with_their_intervals(lang):
    text = render(now_table(_decision(), lang))
    assert_fits(text)
    words = i18n.texts(lang)
    for kpi in ROWS:
        assert words[f"term_now_{kpi}"] in text
    assert "  move T4 to business,vip   " in text
    assert "5.2   [4.7, 5.7]" in text  # option 5, walk-outs (third figure): 5 + 2/10 ± 0.5
    (last,) = [line.split() for line in text.splitlines() if line.startswith("105–120")]
    assert last == ["105–120", "1", "2", "3", "4", "5", "6"]  # option i: (i + 1.1) %


def _chosen():
    """Opening a counter: waits 2 min shorter [1, 3], 3 fewer walk-outs, 30 counter-minutes,
    100 customer-minutes saved [50, 150]."""
    changes = {"wait_now": -2.0, "wait_next_hour": -2.0, "walkouts": -3.0,
               "counter_minutes": 30.0, "waiting_minutes": -100.0}

    def difference(option: int, kpi: str) -> dict:
        mean = changes[kpi]
        return {"mean": mean, "ci95": [mean - abs(mean) / 2, mean + abs(mean) / 2]}

    return SimpleNamespace(options=["nothing", "open T3 now"], waiting_now=14, horizon=120.0,
                           values=np.zeros((1, 8)), difference=difference)


def test_the_trade_off_reads_as_before_in_english_and_in_chinese_on_request():
    from queuesim.now.verdict import recommendation, trade_off

    decision = _chosen()
    assert trade_off(decision, 1) == (
        "open T3 now: −2.0 min [−3.0, −1.0] for the 14 waiting, −2.0 min [−3.0, −1.0] for the "
        "next hour's arrivals, 3.0 fewer walk-outs, +30 counter-minutes")
    assert recommendation(decision).startswith(
        "Recommended: open T3 now — saves 100 customer-minutes of waiting in the next 120 min "
        "for +30 counter-minutes. open T3 now: ")
    chinese = recommendation(decision, "zh")
    assert chinese.startswith("建议：open T3 now") and "现在等候的 14 人 −2.0 分钟" in chinese
    assert "放弃离开少 3.0 人" in chinese and "min" not in chinese
