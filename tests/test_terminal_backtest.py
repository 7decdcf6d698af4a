"""The backtest tables: observed against simulated, per section, within 80 columns in English
and Chinese, the same numbers as ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from terminal_helpers import assert_fits
from typer.testing import CliRunner

from queuesim import i18n
from queuesim.cli import app
from queuesim.terminal.format import label

ROOT = Path(__file__).resolve().parents[1]
HALL = ROOT / "scenarios" / "nanhu_ticket.yaml"
ZH = ROOT / "examples" / "ticket_hall_zh"
ARGUMENTS = ["backtest", str(HALL), str(ZH / "叫号机导出.csv"), "--format", "columns",
             "--columns", str(ZH / "map.yaml"), "-n", "4", "--seed", "1", "--workers", "1"]


@pytest.fixture(scope="module")
def printed():
    runner = CliRunner()
    shown = {lang: runner.invoke(app, [*ARGUMENTS, "--lang", lang]) for lang in ("en", "zh")}
    document = runner.invoke(app, [*ARGUMENTS, "--json"])
    assert document.exit_code == 0, document.output
    return shown, json.loads(document.stdout)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_backtest_fits_80_columns_in_both_languages(printed, lang):
    shown, _ = printed
    assert shown[lang].exit_code == 0, shown[lang].output
    text = shown[lang].stdout  # printed at the 80 columns of a terminal that is not a tty
    assert_fits(text)
    words = i18n.texts(lang)
    for key in ("term_whole_day", "term_by_class", "term_by_period", "term_observed",
                "term_verdict"):
        assert words[key].split("\n")[0] in text
    assert label("wait_mean", lang) in text


def test_the_backtest_shows_the_numbers_of_the_json(printed):
    shown, document = printed
    text = shown["en"].stdout
    for row in document["overall"]:
        kpi = row["kpi"]
        scale = 100 if kpi in ("abandon_rate", "service_level", "utilization") else 1
        if row["simulated_mean"] is None:
            continue
        line = next(line for line in text.splitlines() if line.startswith(label(kpi, "en")))
        assert f"{scale * row['simulated_mean']:.1f}" in line, kpi
