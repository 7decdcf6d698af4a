"""Adapters: the column mapping (with Chinese headers) and the Anonymous Bank call log."""

from __future__ import annotations

import gzip
import importlib.util
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from queuesim.calibration.visitlog import read_visit_log
from queuesim.errors import ScenarioError

ROOT = Path(__file__).resolve().parents[1]
ZH = ROOT / "examples" / "ticket_hall_zh"
BANK = ROOT / "examples" / "anonymous_bank" / "anonymous_bank_1999-02-07_to_11.tsv.gz"
BANK_HEADER = ("vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\t"
               "vru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\t"
               "server\n")


def example_module():
    spec = importlib.util.spec_from_file_location("make_example", ZH / "make_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_chinese_example_is_the_simulated_hall_read_back():
    simulated, _ = example_module().export()
    log = read_visit_log(ZH / "叫号机导出.csv", format="columns", columns=ZH / "map.yaml")
    assert log.rows_read == len(simulated) and log.skipped == {}
    assert log.table["outcome"].value_counts().to_dict() == simulated[
        "outcome"].value_counts().to_dict()
    assert sorted(set(log.table["class"])) == ["business", "personal", "vip"]
    for column in ("arrived", "service_start", "service_end"):
        gap = (log.table[column].to_numpy() - simulated[column].to_numpy()) / np.timedelta64(1, "s")
        assert np.nanmax(np.abs(gap)) <= 0.5   # written to the second
    assert set(log.table["outcome"]) >= {"served", "no_show"}


def mapping(tmp_path, text: str) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def mapped_error(tmp_path, text: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        read_visit_log(ZH / "叫号机导出.csv", format="columns", columns=mapping(tmp_path, text))
    return str(caught.value)


def test_a_mapping_naming_a_missing_column_suggests_the_header(tmp_path):
    text = (ZH / "map.yaml").read_text(encoding="utf-8").replace("取号时间", "取号時間")
    message = mapped_error(tmp_path, text)
    assert message.startswith(f"{tmp_path}/map.yaml: columns.arrived: column '取号時間' is not in "
                              "the log")
    assert message.endswith("(did you mean '取号时间'?)") and "\n" not in message


def test_a_mapping_with_a_misnamed_key_or_field_says_so(tmp_path):
    text = (ZH / "map.yaml").read_text(encoding="utf-8")
    assert "time_formt: unknown key (did you mean 'time_format'?)" in mapped_error(
        tmp_path, text.replace("time_format:", "time_formt:"))
    assert "columns.arived: not a visit-log column (did you mean 'arrived'?)" in mapped_error(
        tmp_path, text.replace("  arrived:", "  arived:"))
    assert "outcomes.no-show: unknown outcome (did you mean 'no_show'?)" in mapped_error(
        tmp_path, text.replace("no_show:", "no-show:"))


def test_a_status_word_the_mapping_does_not_list_is_named_with_its_line(tmp_path):
    text = (ZH / "map.yaml").read_text(encoding="utf-8").replace("  no_show: [空号]", "")
    message = mapped_error(tmp_path, text)
    first = pd.read_csv(ZH / "叫号机导出.csv")["状态"].tolist().index("空号")
    assert message.startswith(f"{ZH / '叫号机导出.csv'}: line {first + 2}, column 状态: status "
                              "'空号' is not listed under outcomes in the mapping")


def test_a_wrong_time_format_is_named_with_the_expected_format(tmp_path):
    text = (ZH / "map.yaml").read_text(encoding="utf-8").replace("%Y/%m/%d", "%d.%m.%Y")
    assert "line 2, column arrived: expected a date-time format '%d.%m.%Y %H:%M:%S', found " \
        "'2024/03/04 09:02:04'" in mapped_error(tmp_path, text)


def bank(tmp_path, *rows: str) -> Path:
    path = tmp_path / "calls.tsv"
    path.write_text(BANK_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


CALLS = [
    # queued 60 s then served 120 s by DORIT; priority 2 is advanced in the queue
    "AA0101\t1\t7\t2\tPS\t990207\t9:00:00\t9:00:10\t10\t9:00:10\t9:01:10\t60\tAGENT\t9:01:09\t"
    "9:03:09\t120\tDORIT",
    # never queued: arrives at vru_exit, waits 0 (the agent's clock is a second early)
    "AA0101\t2\t0\t0\tNE\t990207\t9:05:00\t9:05:20\t20\t0:00:00\t0:00:00\t0\tAGENT\t9:05:19\t"
    "9:06:19\t60\tTOVA",
    # past midnight, same date: hung up after 45 s in the queue
    "AA0101\t3\t0\t1\tPS\t990207\t23:59:50\t0:00:05\t15\t0:00:05\t0:00:50\t45\tHANG\t0:00:00\t"
    "0:00:00\t0\tNO_SERVER",
    "AA0101\t4\t0\t0\tPS\t990207\t10:00:00\t10:00:30\t30\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t"
    "0:00:00\t0\tNO_SERVER",
    "AA0101\t5\t0\t0\tPS\t990207\t10:10:00\t10:10:30\t30\t10:10:30\t10:11:00\t30\tPHANTOM\t"
    "0:00:00\t0:00:00\t0\tNO_SERVER",
    "AA0101\t6\t0\t0\tPS\t990207\t10:20:00\t10:20:30\t30\t0:00:00\t0:00:00\t0\tAGENT\t0:00:00\t"
    "10:20:30\t0\tNO_SERVER",
    # same call id on another line: a different call
    "AA0102\t1\t0\t0\tPS\t990208\t11:00:00\t11:00:10\t10\t0:00:00\t0:00:00\t0\tAGENT\t11:00:10\t"
    "11:01:10\t60\tNO_SERVER",
]


def test_every_pitfall_of_the_bank_format_on_hand_made_calls(tmp_path):
    log = read_visit_log(bank(tmp_path, *CALLS), format="anonymous_bank")
    assert log.rows_read == 7
    assert log.skipped == {"hung up in the voice-response unit": 1,
                           "phantom call (fate unknown)": 1,
                           "served with a service start of 0:00:00": 1}
    table = log.table.set_index("visit")
    ts = pd.Timestamp
    first, second, late, other = (table.loc[v] for v in ("AA0101-1", "AA0101-2", "AA0101-3",
                                                         "AA0102-1"))
    assert (first["arrived"], first["service_start"], first["service_end"]) == (
        ts("1999-02-07 09:00:10"), ts("1999-02-07 09:01:10"), ts("1999-02-07 09:03:10"))
    assert (first["priority"], first["counter"], first["class"]) == (1, "DORIT", "PS")
    assert second["arrived"] == second["service_start"] == ts("1999-02-07 09:05:20")
    assert (late["arrived"], late["left"], late["outcome"]) == (
        ts("1999-02-08 00:00:05"), ts("1999-02-08 00:00:50"), "abandoned")
    assert late["day"] == ts("1999-02-07") and late["priority"] == 0
    assert other["counter"] == "" and other["day"] == ts("1999-02-08")


def test_a_broken_bank_file_names_line_and_column(tmp_path):
    with pytest.raises(ScenarioError, match=r"calls.tsv: line 2, column q_start: expected a "
                       r"clock time H:MM:SS, found '9h00'"):
        read_visit_log(bank(tmp_path, CALLS[0].replace("10\t9:00:10\t9:01", "10\t9h00\t9:01")),
                       format="anonymous_bank")
    with pytest.raises(ScenarioError, match=r"line 3, column q_time: expected a whole number"):
        read_visit_log(bank(tmp_path, CALLS[1], CALLS[0].replace("\t60\tAGENT", "\tsixty\tAGENT")),
                       format="anonymous_bank")
    path = tmp_path / "calls.tsv"
    path.write_text(BANK_HEADER.replace("q_time", "qtime") + CALLS[0] + "\n")
    with pytest.raises(ScenarioError, match=r"missing column 'q_time' \(did you mean 'qtime'"):
        read_visit_log(path, format="anonymous_bank")


def raw_counts(text: str) -> dict[str, int]:
    """The skip counts, computed straight from the raw columns."""
    rows = [line.split("\t") for line in text.splitlines()[1:]]
    outcome = np.array([r[12] for r in rows])
    queued = np.array([r[9] != "0:00:00" for r in rows])
    started = np.array([r[13] != "0:00:00" for r in rows])
    return {"hung up in the voice-response unit": int(np.sum((outcome == "HANG") & ~queued)),
            "phantom call (fate unknown)": int(np.sum(outcome == "PHANTOM")),
            "served with a service start of 0:00:00": int(np.sum((outcome == "AGENT") &
                                                                 ~started))}


def check_bank_log(path: Path, days: int) -> None:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as file:
        text = file.read()
    log = read_visit_log(path, format="anonymous_bank")
    assert log.rows_read == text.count("\n") - 1
    assert log.skipped == raw_counts(text)
    assert len(log.table) + sum(log.skipped.values()) == log.rows_read
    assert len(log.days) == days
    table = log.table
    served = table[table["outcome"] == "served"]
    waits = (served["service_start"] - served["arrived"]).dt.total_seconds()
    assert waits.min() == 0 and (served["service_end"] >= served["service_start"]).all()
    hours = table["arrived"].dt.hour
    assert ((hours < 4) == (table["arrived"].dt.normalize() > table["day"])).all()


def test_the_shipped_week_of_real_calls_reads_with_every_row_accounted_for():
    check_bank_log(BANK, days=5)


@pytest.mark.skipif(not os.environ.get("QUEUESIM_BANK_DATA"),
                    reason="QUEUESIM_BANK_DATA (the two-week Anonymous Bank file) not set")
def test_the_full_two_weeks_read_when_available():
    check_bank_log(Path(os.environ["QUEUESIM_BANK_DATA"]), days=14)
