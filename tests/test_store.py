"""Run folders: what --save keeps, CSV and Parquet tables that read back to the same numbers,
reports drawn from either, and the per-customer log a spreadsheet can read (clock times, minutes
to the hundredth) that still agrees with the exact log and its visit-log form."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest

from queuesim import ScenarioError, load_scenario, saved_log, simulate, store
from queuesim.calibration.visitlog import visit_log_from_results
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


# The per-customer log as saved: clock times and minutes to the hundredth. ----------------------


def clock_seconds(text: str) -> int:
    hours, minutes, seconds = map(int, text.split(":"))
    return hours * 3600 + minutes * 60 + seconds


def test_saved_customers_have_clock_times_and_short_minutes(results, tmp_path):
    folder = store.save(results, tmp_path / "run")
    text = (folder / "customers.csv").read_text(encoding="utf-8")
    assert "nan" not in text.lower()  # a missing instant is an empty field
    lines = text.splitlines()
    header = lines[0].split(",")
    assert header[:7] == ["replication", "customer", "class", "arrival_clock",
                          "service_start_clock", "service_end_clock", "exit_clock"]
    minutes = [header.index(name) for name in saved_log.MINUTE_COLUMNS]
    fields = [line.split(",") for line in lines[1:]]
    assert all(len(row[i].partition(".")[2]) <= 2 for row in fields for i in minutes)
    saved = pd.read_csv(folder / "customers.csv", keep_default_na=False, na_values=[""])
    exact = results.customers
    opening = results.scenario.clock.start
    for name, clock in saved_log.CLOCK_COLUMNS.items():
        happened = exact[name].notna().to_numpy()
        assert (saved[clock].isna().to_numpy() == ~happened).all()
        seconds = saved.loc[happened, clock].map(clock_seconds).to_numpy()
        assert abs(seconds - (exact.loc[happened, name] + opening) * 60).max() <= 0.5
        assert abs(saved[name] - exact[name]).max() <= 0.005


def test_clock_times_go_on_past_midnight_and_leave_gaps_empty():
    texts = saved_log.clock_texts(np.array([0.0, 0.5 / 60, 59.999, 15 * 60 + 10.25, np.nan]),
                              9 * 60)
    assert texts.to_pylist() == ["09:00:00", "09:00:00", "10:00:00", "24:10:15", None]


def test_a_steady_state_log_has_no_clock(tmp_path):
    scenario = load_scenario("scenarios/mmc_steady.yaml", ["clock.horizon=300", "clock.warmup=0"])
    steady = simulate(scenario, replications=1, seed=1, workers=1)
    table = store.read_table(store.save(steady, tmp_path / "s"), "customers")
    assert not {*saved_log.CLOCK_COLUMNS.values()} & set(table.columns)


def test_saved_clock_times_are_those_of_the_visit_log(results, tmp_path):
    folder = store.save(results, tmp_path / "run", file_format="parquet")
    saved = store.read_table(folder, "customers")
    visits = visit_log_from_results(results, datetime.date(2026, 3, 2))
    served = (visits["outcome"] == "served").to_numpy()
    stamps = visits.loc[served, "service_end"]
    seconds = (stamps - stamps.dt.normalize()).dt.total_seconds().to_numpy()
    clocks = saved.loc[served, "service_end_clock"].map(clock_seconds).to_numpy()
    assert abs(clocks - seconds).max() <= 0.5


def test_a_run_saved_before_clock_times_still_gives_its_report(results, tmp_path):
    folder = store.save(results, tmp_path / "run")
    store.write_table(results.customers, folder / "customers")  # exact minutes, no clock
    page = run_page(folder, lang="en")
    assert "Headline figures" in page
