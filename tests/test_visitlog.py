"""The visit log: reading, checking, days, and an observed day as a replication."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest

import queuesim
from queuesim import metrics
from queuesim.calibration import visitlog
from queuesim.calibration.visitlog import (
    customers_table,
    read_visit_log,
    select_days,
    visit_log_from_results,
    write_visit_log,
)
from queuesim.errors import ScenarioError

HEADER = "visit,class,priority,arrived,called,service_start,service_end,left,outcome,counter\n"
ROWS = [
    "1,retail,0,2024-03-04 09:00:00,,2024-03-04 09:00:00,2024-03-04 09:04:00,,served,A1",
    "2,retail,0,2024-03-04 09:01:00,,2024-03-04 09:04:00,2024-03-04 09:06:00,,served,A1",
    "3,retail,0,2024-03-04 09:02:00,,,,2024-03-04 09:05:00,abandoned,",
]
QUEUE_KPIS = ("arrivals", "served", "balked", "reneged", "no_show", "unserved", "wait_mean",
              "wait_p50", "wait_p90", "wait_p95", "wait_max", "service_level", "abandon_rate",
              "balk_rate", "utilization", "waiting_mean", "waiting_max", "overtime")


def write(tmp_path, text: str, name: str = "log.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path, **options) -> str:
    with pytest.raises(ScenarioError) as caught:
        read_visit_log(path, **options)
    return str(caught.value)


def test_three_visits_by_hand_give_the_waits_and_the_timeline(tmp_path):
    log = read_visit_log(write(tmp_path, HEADER + "\n".join(ROWS)))
    assert (log.rows_read, log.skipped, log.days) == (3, {}, [datetime.date(2024, 3, 4)])
    frames = customers_table(log.table, "09:00", ["retail"], ["A1"], {"A1": 60.0})
    customers = frames["customers"]
    assert customers["wait"].tolist() == [0.0, 3.0, 3.0]
    assert customers["outcome"].astype(str).tolist() == ["served", "served", "reneged"]
    timeline = frames["timeline"]
    # waiting: 1 from 09:01, 2 from 09:02, 1 at 09:04 (2 starts), 0 at 09:05 (3 gives up)
    assert timeline["time"].tolist() == [0.0, 1.0, 2.0, 4.0, 5.0, 6.0]
    assert timeline["waiting"].tolist() == [0, 1, 2, 1, 0, 0]
    assert timeline["busy"].tolist() == [1, 1, 1, 1, 1, 0]
    assert frames["counters"]["busy_time"].tolist() == [6.0]
    assert frames["counters"]["utilization"].tolist() == [0.1]


@pytest.mark.parametrize("hall", ["scenarios/nanhu_ticket.yaml",
                                  "scenarios/hospital_registration.yaml"])
def test_simulated_days_survive_the_visit_log_with_identical_kpis(tmp_path, hall):
    results = queuesim.simulate(hall, replications=2, seed=3, workers=1)
    table = visit_log_from_results(results, datetime.date(2024, 3, 4))
    log = read_visit_log(write_visit_log(table, tmp_path / "days.parquet"))
    assert log.skipped == {} and log.rows_read == len(results.customers)
    scenario, ids = results.scenario, [c.id for c in results.scenario.counters]
    for replication, (_, visits) in enumerate(log.table.groupby("day")):
        counters = results.counters[results.counters["replication"] == replication]
        frames = customers_table(visits, scenario.clock.open, scenario.class_names, ids,
                                 counters.set_index("counter")["open_time"].to_dict())
        observed = metrics.replication_kpis(scenario, frames)["overall"].iloc[0]
        simulated = results.kpis["overall"].iloc[replication]
        for kpi in QUEUE_KPIS:
            assert np.isclose(observed[kpi], simulated[kpi], rtol=1e-9, equal_nan=True), kpi


def test_csv_and_parquet_give_the_same_table(tmp_path):
    log = read_visit_log(write(tmp_path, HEADER + "\n".join(ROWS)))
    again = read_visit_log(write_visit_log(log.table, tmp_path / "log.parquet"))
    pd.testing.assert_frame_equal(log.table, again.table)


def test_inconsistent_rows_are_skipped_and_counted_by_reason(tmp_path):
    bad = ["4,retail,0,2024-03-04 09:03:00,,,,,served,A1",
           "5,retail,0,2024-03-04 09:03:00,,2024-03-04 09:02:00,2024-03-04 09:07:00,,served,A1",
           "6,retail,0,2024-03-04 09:03:00,,,,2024-03-04 09:01:00,abandoned,"]
    log = read_visit_log(write(tmp_path, HEADER + "\n".join(ROWS + bad)))
    assert log.rows_read == 6 and len(log.table) == 3
    assert log.skipped == {"served without a service start and end": 1,
                           "service starts before arrival": 1, "leaves before arrival": 1}


@pytest.mark.parametrize(("text", "expected"), [
    (HEADER.replace("arrived", "arrival") + ROWS[0],
     "log.csv: missing column 'arrived' (did you mean 'arrival'?)"),
    (HEADER + ROWS[0] + "\n" + ROWS[1].replace("09:01:00", "9h01"),
     "log.csv: line 3, column arrived: expected a date-time like 2024-03-05 09:12:30, "
     "found '2024-03-04 9h01'"),
    (HEADER + ROWS[0].replace("09:04:00", "08:04:00"),
     "log.csv: line 2, column service_end: the service ends (2024-03-04 08:04:00) before it "
     "starts (2024-03-04 09:00:00)"),
    (HEADER + ROWS[0] + "\n" + ROWS[0], "log.csv: line 3, column visit: duplicate visit id '1' "
     "(also on line 2, same branch and day)"),
    (HEADER + ROWS[0].replace("served", "serverd"),
     "log.csv: line 2, column outcome: expected one of served, abandoned, no_show, balked, "
     "unserved, found 'serverd' (did you mean 'served'?)"),
    (HEADER + ROWS[0].replace(",0,", ",high,"),
     "log.csv: line 2, column priority: expected a whole number, found 'high'"),
    ("", "log.csv: the file is empty"),
    (HEADER, "log.csv: the file has a header but no rows"),
])
def test_bad_files_give_one_line_naming_file_row_and_column(tmp_path, text, expected):
    path = write(tmp_path, text)
    message = error_of(path)
    assert message.startswith(f"{tmp_path}/{expected}") and "\n" not in message


def test_a_binary_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert error_of(path).startswith(f"{path}: a binary file, not text")
    path = tmp_path / "log.parquet"
    path.write_bytes(b"not parquet at all")
    assert error_of(path).startswith(f"{path}: not a readable Parquet file")


def test_an_unknown_format_suggests_the_right_one(tmp_path):
    assert "did you mean 'anonymous_bank'?" in error_of(tmp_path / "x.csv",
                                                         format="anonymous-bank")


def week_log(tmp_path):
    """One visit a day from Sunday 3 March 2024 to Saturday 9 March, and one at 01:30 on
    Sunday night that belongs to Sunday's working day."""
    rows = [f"{d},retail,0,2024-03-{d:02d} 10:00:00,,2024-03-{d:02d} 10:00:00,"
            f"2024-03-{d:02d} 10:05:00,,served,A1" for d in range(3, 10)]
    rows.append("late,retail,0,2024-03-04 01:30:00,,,,2024-03-04 01:31:00,abandoned,")
    return read_visit_log(write(tmp_path, HEADER + "\n".join(rows)))


def test_select_days_by_weekday_range_and_dates(tmp_path):
    log = week_log(tmp_path)
    assert len(log.table[log.table["day"] == pd.Timestamp("2024-03-03")]) == 2
    sun_thu = select_days(log, "sun-thu")
    assert [d.isoformat() for d in sun_thu.days] == [
        "2024-03-03", "2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"]
    assert len(select_days(log, "weekdays").days) == 5
    assert [d.day for d in select_days(log, "sat,sun").days] == [3, 9]
    assert [d.day for d in select_days(log, start=datetime.date(2024, 3, 8)).days] == [8, 9]
    assert [d.day for d in select_days(log, "mon-fri", end=datetime.date(2024, 3, 5)).days] == [
        4, 5]


def test_select_days_explains_what_it_did_not_understand(tmp_path):
    log = week_log(tmp_path)
    with pytest.raises(ScenarioError, match=r"unknown day 'thr'; .*did you mean 'thu'"):
        select_days(log, "sun-thr")
    with pytest.raises(ScenarioError, match="no visits on the chosen days; the log covers "
                       "2024-03-03 to 2024-03-09"):
        select_days(log, start=datetime.date(2025, 1, 1))
    with pytest.raises(ScenarioError, match="no branch 'north'"):
        select_days(log, branch="north")


def test_an_unknown_class_in_the_log_is_named(tmp_path):
    log = read_visit_log(write(tmp_path, HEADER + "\n".join(ROWS)))
    with pytest.raises(ScenarioError, match=r"class 'retail' of the log is not a class of "
                       r"the hall.*did you mean 'Retail'"):
        customers_table(log.table, "09:00", ["Retail"], ["A1"])


def test_the_module_offers_the_agreed_names():
    for name in ("VisitLog", "read_visit_log", "select_days", "customers_table",
                 "visit_log_from_results"):
        assert hasattr(visitlog, name)


def test_a_tab_separated_log_and_an_excel_workbook(tmp_path):
    text = (HEADER + "\n".join(ROWS)).replace(",", "\t")
    assert len(read_visit_log(write(tmp_path, text, "log.tsv")).table) == 3
    path = tmp_path / "log.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00")
    assert "(an Excel workbook? save it as CSV UTF-8)" in error_of(path)


def test_load_visit_log_reads_selects_and_describes(tmp_path):
    path = write(tmp_path, HEADER + "\n".join(
        [*ROWS, "9,retail,0,2024-03-05 09:00:00,,,,,served,"]))
    log = visitlog.load_visit_log(path, days="mon")
    assert log.days == [datetime.date(2024, 3, 4)]
    assert visitlog.describe(log) == ("4 rows read, 3 visits used on 1 days; skipped: 1 served "
                                      "without a service start and end.")


@pytest.mark.parametrize("seed", range(5))
def test_the_observed_timeline_conserves_waiting_time(seed):
    """Little's law on one observed day: the area under the number waiting equals the sum of
    the waits of everyone who joined (served, gave up or no-show), and never goes below 0."""
    rng = np.random.default_rng(seed)
    n = 200
    day = pd.Timestamp("2024-03-04")
    arrived = day + pd.to_timedelta(9 * 60 + np.sort(rng.uniform(0, 480, n)), unit="min")
    waits = pd.to_timedelta(rng.exponential(5, n), unit="min")
    outcome = rng.choice(["served", "abandoned", "no_show", "balked"], n, p=[.7, .15, .1, .05])
    served = outcome == "served"
    start = (arrived + waits).where(served)
    table = pd.DataFrame({
        "visit": np.arange(n).astype(str), "branch": "", "class": "retail", "priority": 0,
        "arrived": arrived, "called": (arrived + waits).where(outcome == "no_show"),
        "service_start": start, "service_end": start + pd.Timedelta(minutes=3),
        "left": (arrived + waits).where(outcome == "abandoned"), "outcome": outcome,
        "counter": np.where(served, "A1", ""), "day": day})
    frames = customers_table(table, "09:00", ["retail"], ["A1"])
    timeline, customers = frames["timeline"], frames["customers"]
    assert timeline["waiting"].min() == 0 and timeline["busy"].min() == 0
    high = float(timeline["time"].iloc[-1])
    area = metrics.time_average(timeline, "waiting", 0.0, high) * high
    joined = customers["outcome"] != "balked"
    assert area == pytest.approx(customers.loc[joined, "wait"].sum(), rel=1e-9)
    assert customers.loc[~joined, "wait"].eq(0).all()
