"""The run tables of the terminal: what leads, what is hidden, 80 columns in English and Chinese,
and numbers that equal those of ``--json``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from terminal_helpers import assert_fits, render
from typer.testing import CliRunner

from helpers import scenario
from queuesim import i18n, load_scenario, simulate
from queuesim.cli import app
from queuesim.terminal import summary_tables
from queuesim.terminal.format import MINUS, bracket, label, number, signed
from queuesim.terminal.run import GROUPS, hidden

ROOT = Path(__file__).resolve().parents[1]
TICKET = ROOT / "scenarios" / "nanhu_ticket.yaml"


@pytest.fixture(scope="module")
def ticket_run():
    hall = load_scenario(TICKET)
    return hall, simulate(hall, replications=3, seed=5, workers=1).summary


def test_signed_numbers_use_a_real_minus_and_intervals_a_comma():
    assert signed("wait_mean", -4.08) == f"{MINUS}4.1"
    assert signed("wait_mean", 1.04) == "+1.0" and signed("wait_mean", 0.0) == "0"
    assert signed("service_level", -0.0004) == f"{MINUS}0.0"  # below zero, however little
    assert bracket("wait_mean", -5.0, -3.1, difference=True) == f"[{MINUS}5.0, {MINUS}3.1]"
    assert bracket("service_level", 0.701, 0.786) == "[70.1, 78.6]"
    assert bracket("wait_mean", None, None) == "" and number("wait_mean", None) == "–"


def test_labels_come_from_the_catalogue_with_their_unit():
    assert label("wait_mean", "en") == f"{i18n.texts('en')['wait_mean']} (min)"
    assert label("wait_mean", "zh") == f"{i18n.texts('zh')['wait_mean']}（分钟）"
    assert label("service_level", "en", difference=True).endswith("(pp)")
    assert label("illegitimate_overtakes", "en") == i18n.texts("en")["illegitimate_overtakes"]


def test_rows_that_cannot_apply_are_hidden_from_the_scenario_not_from_zeros():
    plain = scenario()  # no patience, no balking, one line, no experience, no announcement
    gone = hidden(plain)
    assert {"reneged", "abandon_rate", "balked", "balk_rate", "no_show", "absent_time",
            "perceived_wait_mean", "illegitimate_overtakes", "announce_error"} <= gone
    assert "overtime" not in gone and "wait_p90" not in gone
    ticket = hidden(load_scenario(TICKET))
    assert not {"reneged", "abandon_rate", "balked", "no_show", "absent_time"} & ticket
    felt = hidden(scenario(experience={"standing": 1.2}))
    assert "perceived_wait_mean" not in felt and "worse_than_expected" not in felt
    told = hidden(scenario(announcement={"predictor": "queue_length"}))
    assert "announce_error" not in told


def test_a_plain_hall_shows_no_walk_out_rows_even_when_everything_else_is_there():
    hall = scenario(replications=2)
    summary = simulate(hall, workers=1).summary
    text = render(summary_tables(summary, hall, "en"))
    words = i18n.texts("en")
    for kpi in ("reneged", "no_show", "balked", "perceived_wait_mean", "announce_error"):
        assert words[kpi] not in text
    assert words["wait_mean"] in text and words["term_group_glance"] in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_run_tables_fit_80_columns_with_whole_catalogue_labels(ticket_run, lang):
    hall, summary = ticket_run
    text = render(summary_tables(summary, hall, lang))
    assert_fits(text)
    gone = hidden(hall)
    shown = [kpi for _, names in GROUPS for kpi in names
             if kpi in summary["kpis"] and kpi not in gone]
    assert "no_show" in shown and "reneged" in shown
    for kpi in shown:
        assert label(kpi, lang) in text, kpi
    words = i18n.texts(lang)
    for key in ("term_group_glance", "term_by_class", "term_by_counter", "term_by_hour"):
        assert words[key] in text
    first = text.index(words["term_group_glance"])
    assert first < text.index(label("wait_mean", lang)) < text.index(words["term_group_waits"])


def test_the_chinese_tables_use_the_chinese_catalogue(ticket_run):
    hall, summary = ticket_run
    text = render(summary_tables(summary, hall, "zh"))
    zh = i18n.texts("zh")
    assert zh["reneged"] in text and zh["term_target"] in text and zh["no_show"] in text
    assert i18n.texts("en")["wait_mean"] not in text


def _row(text: str, name: str) -> list[str]:
    """The cells after a row's label (split on runs of spaces)."""
    (line,) = [line for line in text.splitlines() if line.strip().startswith(name + "  ")]
    return re.split(r"\s{2,}", line.strip())[1:]


def test_the_numbers_shown_are_those_of_the_json(tmp_path):
    arguments = ["run", str(TICKET), "-n", "3", "--seed", "7", "--workers", "1", "--lang", "en",
                 "--save", "kpis"]
    runner = CliRunner()
    shown = runner.invoke(app, [*arguments, "--out", str(tmp_path / "a")])
    printed = runner.invoke(app, [*arguments, "--out", str(tmp_path / "b"), "--json"])
    assert shown.exit_code == 0 and printed.exit_code == 0, shown.output
    kpis = json.loads(printed.stdout)["kpis"]
    checked = 0
    for kpi in ("wait_mean", "wait_p90", "reneged", "abandon_rate", "service_level",
                "utilization", "arrivals", "no_show", "overtime"):
        stat, scale = kpis[kpi], 100 if kpi in ("abandon_rate", "service_level",
                                                "utilization") else 1
        low, high = stat["ci95"]
        cells = _row(shown.stdout, label(kpi, "en"))
        assert cells[:2] == [f"{scale * stat['mean']:.1f}",
                             f"[{scale * low:.1f}, {scale * high:.1f}]"], kpi
        checked += 1
    assert checked == 9
