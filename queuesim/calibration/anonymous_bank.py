"""The "Anonymous Bank" call-centre format (Brown et al., JASA 100 (2005) 36–50).

One tab-separated row per call: the voice-response unit (VRU), the agents' queue and the talk
with an agent, each as clock times ``H:MM:SS`` plus a duration in seconds, on a ``date``
(YYMMDD). Turning a call into a visit handles every trap of the data:

* calls past midnight carry times such as ``0:03:12`` on the same ``date``: a time before 04:00
  is on the next calendar day (and in the working day of ``date``);
* ``0:00:00`` means "did not happen" in the queue and service columns;
* a served call that never queued went straight from the VRU to an agent: it arrived at
  ``vru_exit`` and waited 0;
* instants come from ``q_start`` (or ``vru_exit``), durations from ``q_time`` and ``ser_time``:
  the clocks of the switch and of the agents differ by a second or two, the durations do not;
* skipped and counted: a call that hung up in the VRU (it never reached the queue), a PHANTOM
  call (fate unknown), a served call whose service start is ``0:00:00``;
* priority 2 callers are advanced in the queue (priority 1 in the visit log); 0 (unidentified)
  and 1 (regular) are served alike (priority 0).

The visit id is the VRU line and the call id (call ids repeat across lines); the counter is the
agent (``NO_SERVER`` becomes empty).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ScenarioError, did_you_mean
from .files import read_table, row_label

FIELDS = ("vru+line", "call_id", "customer_id", "priority", "type", "date", "vru_entry",
          "vru_exit", "vru_time", "q_start", "q_exit", "q_time", "outcome", "ser_start",
          "ser_exit", "ser_time", "server")
NEXT_DAY_BEFORE = pd.Timedelta(hours=4)
"""Clock times earlier than this are past midnight: the next calendar day."""
SKIPS = {
    "hung up in the voice-response unit": "vru hang",
    "phantom call (fate unknown)": "phantom",
    "served with a service start of 0:00:00": "no start",
}


def read_anonymous_bank(path: str | Path):
    """Read the call-centre TSV into a :class:`.visitlog.VisitLog`."""
    from .visitlog import build_log

    table, first_line = read_table(path, "\t", what="an Anonymous Bank call log (TSV)")
    source = str(path)
    _require(table, source)
    calls = _Calls(table, source, first_line)
    kind = calls.kind()
    skipped = {reason: int(np.count_nonzero(kind == code)) for reason, code in SKIPS.items()
               if np.count_nonzero(kind == code)}
    keep = np.isin(kind, ["served", "abandoned"])
    visits = calls.visits(kind)[keep]
    return build_log(visits, source, first_line, skipped=skipped, rows_read=len(table))


def _require(table: pd.DataFrame, source: str) -> None:
    present = list(table.columns)
    missing = [name for name in FIELDS if name not in present]
    if missing:
        strangers = [c for c in present if c not in FIELDS]
        raise ScenarioError([f"missing column '{name}'{did_you_mean(name, strangers)}; expected "
                             "the 17 tab-separated columns of the Anonymous Bank log"
                             for name in missing], source)


class _Calls:
    """The columns of the call log, parsed, with errors naming the line and column."""

    def __init__(self, table: pd.DataFrame, source: str, first_line: int):
        self.table, self.source, self.first_line = table, source, first_line
        self.date = self._dates()

    def _fail(self, bad: np.ndarray, column: str, expected: str):
        at = int(np.flatnonzero(bad)[0])
        raise ScenarioError(f"{row_label(self.first_line, at)}, column {column}: expected "
                            f"{expected}, found {self.table[column].iloc[at]!r}", self.source)

    def _dates(self) -> pd.Series:
        text = self.table["date"].str.strip()
        dates = pd.to_datetime(text, format="%y%m%d", errors="coerce")
        if dates.isna().any():
            self._fail(dates.isna().to_numpy(), "date", "a date YYMMDD such as 990201")
        return dates

    def seconds(self, column: str) -> pd.Series:
        values = pd.to_numeric(self.table[column].str.strip(), errors="coerce")
        if values.isna().any():
            self._fail(values.isna().to_numpy(), column, "a whole number of seconds")
        return pd.to_timedelta(values, unit="s")

    def instant(self, column: str, zero_is_missing: bool = True) -> pd.Series:
        """Date-times of a clock-time column (NaT where it did not happen)."""
        text = self.table[column].str.strip()
        clock = pd.to_timedelta(text.where(text.str.fullmatch(r"\d{1,2}:\d\d:\d\d")),
                                errors="coerce")
        if clock.isna().any():
            self._fail(clock.isna().to_numpy(), column, "a clock time H:MM:SS")
        clock = clock + pd.to_timedelta((clock < NEXT_DAY_BEFORE).astype(int), unit="D")
        stamps = self.date + clock
        return stamps.where(text != "0:00:00") if zero_is_missing else stamps

    def kind(self) -> np.ndarray:
        outcome = self.table["outcome"].str.strip()
        known = outcome.isin(["AGENT", "HANG", "PHANTOM"]).to_numpy()
        if not known.all():
            self._fail(~known, "outcome", "AGENT, HANG or PHANTOM")
        queued = (self.table["q_start"].str.strip() != "0:00:00").to_numpy()
        started = (self.table["ser_start"].str.strip() != "0:00:00").to_numpy()
        return np.select(
            [outcome == "PHANTOM", (outcome == "HANG") & ~queued, outcome == "HANG",
             ~started], ["phantom", "vru hang", "abandoned", "no start"], "served")

    def visits(self, kind: np.ndarray) -> pd.DataFrame:
        """One visit per call, in the visit log's columns (skipped calls included: the caller
        drops them)."""
        table = self.table
        queued = self.instant("q_start")
        arrived = queued.fillna(self.instant("vru_exit", zero_is_missing=False))
        waited = self.seconds("q_time").where(queued.notna(), pd.Timedelta(0))
        served = kind == "served"
        start = (arrived + waited).where(served)
        server = table["server"].str.strip()
        return pd.DataFrame({
            "visit": table["vru+line"].str.strip() + "-" + table["call_id"].str.strip(),
            "class": table["type"].str.strip(),
            "priority": (table["priority"].str.strip() == "2").astype(int),
            "arrived": arrived, "service_start": start,
            "service_end": start + self.seconds("ser_time"),
            "left": (arrived + waited).where(kind == "abandoned"),
            "outcome": np.where(served, "served", "abandoned"),
            "counter": server.where(server != "NO_SERVER", ""),
        })
