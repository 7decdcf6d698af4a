"""Run folders: what --save keeps, CSV and Parquet tables that read back to the same numbers,
and reports drawn from either."""

from __future__ import annotations

import pandas as pd
import pytest

from queuesim import ScenarioError, simulate, store
from queuesim.report import run_page

NANHU = "scenarios/nanhu_branch.yaml"


@pytest.fixture(scope="module")
def results():
    return simulate(NANHU, replications=2, seed=3, workers=1)


def plain(table: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain strings (a categorical or Arrow string reads back as either)."""
    text = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    return table.astype(dict.fromkeys(text, object))


@pytest.mark.parametrize("file_format", store.FORMATS)
@pytest.mark.parametrize("name", ["customers", "timeline", "counters"])
def test_tables_read_back_to_the_same_values(results, tmp_path, file_format, name):
    table = getattr(results, name)
    path = store.write_table(table, tmp_path / name, file_format)
    assert path.name == f"{name}.{file_format}"
    text = tuple(c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c]))
    back = store.read_table(tmp_path, name, text=text)
    pd.testing.assert_frame_equal(plain(back), plain(table), check_exact=True)


def test_csv_quotes_text_only_where_needed(tmp_path):
    table = pd.DataFrame({"group": ["a", "b"], "x": [1.5, float("nan")], "n,m": [1, 2]})
    path = store.write_table(table, tmp_path / "t")
    assert path.read_text(encoding="utf-8").splitlines() == ['group,x,"n,m"', "a,1.5,1", "b,,2"]
    table = pd.DataFrame({"group": ["a", "b,c", 'say "hi"'], "x": [1.5, float("nan"), 0.0]})
    lines = store.write_table(table, tmp_path / "t").read_text(encoding="utf-8").splitlines()
    assert lines == ["group,x", '"a",1.5', '"b,c",', '"say ""hi""",0']


def test_save_kpis_leaves_out_the_per_customer_log(results, tmp_path):
    folder = store.save(results, tmp_path / "run", file_format="parquet", level="kpis")
    names = {path.name for path in folder.iterdir()}
    assert names == {store.MARKER, "summary.json", "scenario.yaml", "counters.parquet", *(
        f"kpis_{part}.parquet" for part in ("overall", "by_class", "by_hour", "by_counter"))}
    with pytest.raises(ScenarioError, match="--save customers"):
        run_page(folder)


def test_a_run_that_keeps_no_log_has_the_same_kpis(results):
    lean = simulate(NANHU, replications=2, seed=3, workers=2, keep=store.kept_tables("kpis"))
    assert lean.customers is None and lean.timeline is None
    assert lean.summary == results.summary
    for part, table in results.kpis.items():
        pd.testing.assert_frame_equal(lean.kpis[part], table, check_exact=True)


def test_report_of_a_parquet_folder_is_the_report_of_the_csv_folder(results, tmp_path):
    pages = [run_page(store.save(results, tmp_path / file_format, file_format=file_format),
                      lang="en")
             for file_format in store.FORMATS]
    assert pages[0] == pages[1]
