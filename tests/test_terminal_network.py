"""The tables of ``queuesim network``: league, totals and staffing plans within 80 columns in
English and Chinese, changes with a real minus sign."""

from __future__ import annotations

import pandas as pd
import pytest
from terminal_helpers import assert_fits, render

from network_helpers import write_network
from queuesim import i18n
from queuesim.network import run_network
from queuesim.terminal import network as tables
from queuesim.terminal.format import MINUS


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    folder = tmp_path_factory.mktemp("network")
    return run_network(write_network(folder), "compare", folder / "out", workers=1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_league_and_totals_fit_80_columns(compared, lang):
    league = compared.tables["branches"].sort_values("rank_gap")
    text = render([tables.league_table(league, "Region", 4, lang),
                   tables.totals_table(compared.tables["totals"], lang)])
    assert_fits(text)
    words = i18n.texts(lang)
    for key in ("term_net_served", "term_net_walk_outs", "term_net_league_note"):
        assert words[key] in text
    assert "east" in text and "[" in text


def test_a_fall_in_the_totals_is_written_with_a_minus_sign(compared):
    totals = compared.tables["totals"]
    falls = totals[totals["change"] < -0.05]
    assert len(falls)
    text = render([tables.totals_table(totals, "en")])
    row = falls.iloc[0]
    assert f"{MINUS}{abs(row['change']):.1f}" in text
    assert "-" + f"{abs(row['change']):.1f}" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_staffing_plans_fit_80_columns_with_rounded_hours(lang):
    plans = pd.DataFrame([{
        "branch": "东湖支行", "counter_hours_today": 38.0, "counter_hours_plan": 40 / 3,
        "cost_today": 2280.0, "cost_plan": 4020.0, "service_level_plan": 0.91,
        "service_level_plan_low": 0.85, "service_level_plan_high": 0.97,
        "service_level_today": 0.78, "meets_every_period": True}])
    totals = pd.DataFrame([{"quantity": "counter_hours", "today": 38.0, "plan": 40 / 3},
                           {"quantity": "cost", "today": 2280.0, "plan": 4020.0}])
    totals["change"] = totals["plan"] - totals["today"]
    text = render([tables.staffing_table(plans, lang), tables.plan_totals_table(totals, lang)])
    assert_fits(text)
    assert "38.0 → 13.3" in text and "13.3333" not in text
    assert f"{MINUS}24.7" in text and "+1,740" in text and "[85.0, 97.0]" in text
