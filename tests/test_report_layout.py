"""The pages as a browser lays them out (headless Chromium; skipped without it): plotly's toolbar
clear of every chart title, tables and code inside the page's width (a wide table scrolls in
its own box), no script error, on a run page, a comparison of four files with a wide table of
every figure, and the Chinese advise page of every measure."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_browser import chromium, measure_layout

from queuesim import advise, load_scenario, simulate
from queuesim.compare import compare, expand
from queuesim.report import compare_page, run_page_from_results

ROOT = Path(__file__).resolve().parent.parent
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"


def pages() -> dict:
    """The pages to lay out, each made when its test runs."""
    def run():
        return run_page_from_results(simulate(NANHU, replications=2, seed=5, workers=1), "en")

    def files():
        options = expand(sorted((ROOT / "scenarios").glob("nanhu*.yaml")))
        return compare_page(compare(options, replications=2, workers=1), "en")

    def measures():
        advice = advise.advise(load_scenario(NANHU), replications=2, workers=1)
        return compare_page(advice.comparison, "zh", "wait_mean")
    return {"run": run, "compare": files, "advise_zh": measures}


@pytest.mark.parametrize("name", list(pages()))
def test_toolbar_titles_and_tables_fit(name, tmp_path):
    chromium()
    found = measure_layout(pages()[name](), tmp_path, name, width=1024)
    assert found["errors"] == []
    assert found["plots"] >= 2 and found["bars"] == found["plots"]
    assert found["covered"] == [], found["covered"]
    assert found["wide"] == [], found["wide"]
    scroll, client = found["page"]
    assert scroll <= client
