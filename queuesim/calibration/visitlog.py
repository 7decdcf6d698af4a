"""The visit log: one checked table of visits, whatever file it came from.

Every reader (:func:`read_visit_log` with ``format`` ``visits``, ``columns`` or
``anonymous_bank``) ends in :func:`build_log`, which types the columns of :mod:`.schema`,
rejects what cannot be right with a one-line error (file, row, column, expected, found) and
skips rows that are merely inconsistent, counting them by reason. :func:`select_days` picks the
working days to fit or compare; :func:`customers_table` (in :mod:`.observed`) turns one observed
day into the simulator's per-customer tables, so its KPIs come from the same function as a
simulated day's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .. import i18n
from ..errors import ScenarioError, did_you_mean
from .files import read_table, row_label
from .observed import customers_table, visit_log_from_results
from .schema import COLUMNS, DAY_START, OUTCOMES, REQUIRED, TIMESTAMPS

__all__ = ["FORMATS", "VisitLog", "build_log", "customers_table", "describe", "load_visit_log",
           "read_visit_log", "select_days", "visit_log_from_results", "write_visit_log"]

FORMATS = ("visits", "columns", "anonymous_bank")


@dataclass(frozen=True)
class VisitLog:
    """A checked visit log and what reading it left out."""

    table: pd.DataFrame
    """The columns of :data:`.schema.COLUMNS` plus ``day`` (the working day, a date)."""
    rows_read: int
    """Data rows in the file."""
    skipped: dict[str, int]
    """Rows left out, by reason."""
    source: str
    """The file name as given."""

    @property
    def days(self) -> list[date]:
        """The working days in the log, in order."""
        return sorted(d.date() for d in self.table["day"].unique())


def read_visit_log(path: str | Path, format: str = "visits",
                   columns: str | Path | None = None) -> VisitLog:
    """Read a visit log.

    Parameters
    ----------
    path
        The log: CSV (optionally ``.gz``) or Parquet (``.parquet``) for ``visits`` and
        ``columns``; the call-centre TSV for ``anonymous_bank``.
    format
        ``visits`` (the documented columns), ``columns`` (any table, described by the mapping
        file ``columns``) or ``anonymous_bank``.
    columns
        The mapping file (YAML) for ``format="columns"``.

    Raises
    ------
    ScenarioError
        One line per problem, naming the file, the row and the column.
    """
    if format == "visits":
        tab = str(path).lower().endswith((".tsv", ".tsv.gz"))
        table, first_line = read_table(path, "\t" if tab else ",")
        return build_log(table, str(path), first_line)
    if format == "columns":
        from .adapters import read_mapped

        if columns is None:
            raise ScenarioError("--format columns needs a mapping file: --columns map.yaml",
                                str(path))
        return read_mapped(path, columns)
    if format == "anonymous_bank":
        from .anonymous_bank import read_anonymous_bank

        return read_anonymous_bank(path)
    raise ScenarioError(f"unknown log format {format!r}; expected one of "
                        f"{', '.join(FORMATS)}{did_you_mean(format, FORMATS)}", str(path))


def build_log(table: pd.DataFrame, source: str, first_line: int = 2,
              skipped: dict[str, int] | None = None, time_format: str | None = None,
              day_start: str = DAY_START, rows_read: int | None = None) -> VisitLog:
    """Check and type a table whose columns already carry the visit log's names.

    ``first_line`` is the file line of the table's first row (0: name rows ``row N``);
    ``skipped`` counts rows an adapter already left out; ``time_format`` is a ``strftime``
    pattern for text timestamps (default ISO 8601, e.g. ``2024-03-05 09:12:30``);
    ``day_start`` ("HH:MM") is when a working day begins.
    """
    _require_columns(table, source)
    where = _Where(source, first_line)
    typed = _typed(table.reset_index(drop=True), where, time_format)
    kept, skipped_here = _skip_inconsistent(typed)
    kept = kept.assign(day=_working_day(kept["arrived"], day_start))
    _reject_duplicates(kept, where)
    counts = dict(skipped or {})
    for reason, count in skipped_here.items():
        counts[reason] = counts.get(reason, 0) + count
    rows = len(table) + sum((skipped or {}).values()) if rows_read is None else rows_read
    return VisitLog(kept.reset_index(drop=True), rows, counts, source)


@dataclass(frozen=True)
class _Where:
    source: str
    first_line: int

    def error(self, position: int, column: str, message: str) -> ScenarioError:
        return ScenarioError(i18n.say("msg.log_cell", row=row_label(self.first_line,
                                                                    int(position)),
                                      column=column, message=message), self.source)


def _require_columns(table: pd.DataFrame, source: str) -> None:
    present = [str(c) for c in table.columns]
    strangers = [c for c in present if c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in present]
    if missing:
        raise ScenarioError([i18n.say("msg.log_missing_column", name=name,
                                      suggestion=did_you_mean(name, strangers),
                                      header=", ".join(present)) for name in missing], source)


def _typed(table: pd.DataFrame, where: _Where, time_format: str | None) -> pd.DataFrame:
    """The schema's columns, typed; absent optional columns filled (empty, NaT, 0)."""
    columns = {}
    for name in ("visit", "branch", "class", "counter"):
        values = table[name] if name in table else pd.Series("", index=table.index)
        columns[name] = values.fillna("").astype(str).str.strip()
    columns["priority"] = _priorities(table, where)
    for name in TIMESTAMPS:
        columns[name] = (_timestamps(table[name], name, where, time_format) if name in table
                         else pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns]"))
    columns["outcome"] = _outcomes(table["outcome"], where)
    typed = pd.DataFrame(columns)[list(COLUMNS)]
    _reject_reversed_service(typed, where)
    return typed


def _priorities(table: pd.DataFrame, where: _Where) -> pd.Series:
    if "priority" not in table:
        return pd.Series(0, index=table.index, dtype=int)
    text = table["priority"].astype(str).str.strip().replace({"": "0", "nan": "0"})
    numbers = pd.to_numeric(text, errors="coerce")
    bad = numbers.isna() | (numbers != np.round(numbers))
    if bad.any():
        at = int(np.flatnonzero(bad.to_numpy())[0])
        raise where.error(at, "priority", i18n.say("msg.log_whole_number",
                                                   found=repr(text.iloc[at])))
    return numbers.astype(int)


def _timestamps(values: pd.Series, column: str, where: _Where,
                time_format: str | None) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        times = values.dt.tz_localize(None) if values.dt.tz is not None else values
        return times.astype("datetime64[ns]")
    text = values.fillna("").astype(str).str.strip()
    empty = text.isin(["", "NaT", "nan", "None"])
    parsed = pd.to_datetime(text.where(~empty), format=time_format or "ISO8601",
                            errors="coerce")
    bad = parsed.isna() & ~empty
    if bad.any():
        at = int(np.flatnonzero(bad.to_numpy())[0])
        expected = (i18n.say("msg.log_time_format", format=repr(time_format)) if time_format
                    else i18n.say("msg.log_time_like"))
        raise where.error(at, column, i18n.say("msg.log_time", expected=expected,
                                               found=repr(text.iloc[at])))
    return parsed.astype("datetime64[ns]")


def _outcomes(values: pd.Series, where: _Where) -> pd.Series:
    text = values.fillna("").astype(str).str.strip().str.lower()
    bad = ~text.isin(OUTCOMES)
    if bad.any():
        at = int(np.flatnonzero(bad.to_numpy())[0])
        found = values.iloc[at]
        raise where.error(at, "outcome", i18n.say(
            "msg.log_outcome", known=", ".join(OUTCOMES), found=repr(found),
            suggestion=did_you_mean(text.iloc[at], OUTCOMES)))
    return text


def _reject_reversed_service(typed: pd.DataFrame, where: _Where) -> None:
    reversed_ = (typed["service_end"] < typed["service_start"]).to_numpy()
    if reversed_.any():
        at = int(np.flatnonzero(reversed_)[0])
        raise where.error(at, "service_end", i18n.say(
            "msg.log_reversed", end=typed["service_end"][at], start=typed["service_start"][at]))


INCONSISTENT = {
    "served without a service start or end": lambda t: (t["outcome"] == "served") & (
        t["service_start"].isna() | t["service_end"].isna()),
    "not served but with a service start": lambda t: (t["outcome"] != "served") & (
        t["service_start"].notna()),
    "service starts before arrival": lambda t: t["service_start"] < t["arrived"],
    "called before arrival": lambda t: t["called"] < t["arrived"],
    "leaves before arrival": lambda t: t["left"] < t["arrived"],
    "no arrival time": lambda t: t["arrived"].isna(),
}
"""Rows that cannot be used but are not a broken file: skipped and counted by reason."""


def _skip_inconsistent(typed: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    drop = np.zeros(len(typed), bool)
    counts = {}
    for reason, rule in INCONSISTENT.items():
        hit = rule(typed).to_numpy() & ~drop
        if hit.any():
            counts[reason] = int(hit.sum())
        drop |= hit
    return typed[~drop], counts


def _working_day(arrived: pd.Series, day_start: str) -> pd.Series:
    hours, minutes = (int(part) for part in day_start.split(":"))
    return (arrived - pd.Timedelta(hours=hours, minutes=minutes)).dt.normalize()


def _reject_duplicates(table: pd.DataFrame, where: _Where) -> None:
    repeated = table.duplicated(["branch", "day", "visit"], keep=False).to_numpy()
    if not repeated.any():
        return
    rows = table.index[repeated]
    first = table.loc[rows[0], "visit"]
    same = [r for r in rows if table.loc[r, "visit"] == first]
    raise where.error(same[1], "visit", f"duplicate visit id {first!r} (also on "
                      f"{row_label(where.first_line, same[0])}, same branch and day); "
                      "expected one row per visit")


_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_SETS = {"weekdays": "mon-fri", "weekend": "sat,sun", "all": "mon-sun"}


def parse_days(text: str) -> set[int]:
    """Weekday numbers (Monday 0) of a day list such as ``sun-thu``, ``mon-fri``,
    ``weekdays``, ``sat,sun`` (a range may wrap past Sunday)."""
    chosen: set[int] = set()
    for part in _DAY_SETS.get(text.strip().lower(), text.strip().lower()).split(","):
        ends = [_day_number(name, text) for name in part.strip().split("-")]
        if len(ends) > 2:
            raise ScenarioError(i18n.say("msg.days_range", text=repr(text)))
        first, last = ends[0], ends[-1]
        chosen.update((first + k) % 7 for k in range((last - first) % 7 + 1))
    return chosen


def _day_number(name: str, text: str) -> int:
    key = name.strip()[:3]
    if key not in _DAY_NAMES:
        choices = [*_DAY_NAMES, *_DAY_SETS]
        raise ScenarioError(i18n.say("msg.days_unknown", text=repr(text),
                                     name=repr(name.strip()),
                                     suggestion=did_you_mean(name.strip(), choices)))
    return _DAY_NAMES.index(key)


def select_days(log: VisitLog, days: str | None = None, start: date | None = None,
                end: date | None = None, branch: str | None = None) -> VisitLog:
    """The visits of the chosen working days (``days`` such as ``sun-thu``; ``start`` and
    ``end`` inclusive) and branch. An empty choice is an error naming what was available."""
    table = log.table
    keep = np.ones(len(table), bool)
    day = table["day"]
    if days:
        keep &= day.dt.day_of_week.isin(parse_days(days)).to_numpy()
    if start is not None:
        keep &= (day >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        keep &= (day <= pd.Timestamp(end)).to_numpy()
    if branch is not None:
        branches = sorted(set(table["branch"]))
        if branch not in branches:
            raise ScenarioError(i18n.say("msg.no_branch", branch=repr(branch),
                                         known=", ".join(map(repr, branches)),
                                         suggestion=did_you_mean(branch, branches)), log.source)
        keep &= (table["branch"] == branch).to_numpy()
    if not keep.any():
        first, last = log.days[0], log.days[-1]
        raise ScenarioError(i18n.say("msg.no_visits_chosen", first=first, last=last),
                            log.source)
    return dataclasses.replace(log, table=table[keep].reset_index(drop=True))


def load_visit_log(path: str | Path, format: str = "visits", columns: str | Path | None = None,
                   days: str | None = None, start: date | None = None, end: date | None = None,
                   branch: str | None = None) -> VisitLog:
    """:func:`read_visit_log`, then :func:`select_days` (what the commands' log options do)."""
    log = read_visit_log(path, format, columns)
    if days or start or end or branch is not None:
        log = select_days(log, days, start, end, branch)
    return log


def describe(log: VisitLog) -> str:
    """One sentence on what was read: rows, used, skipped by reason, days."""
    skipped = "; ".join(f"{count} {reason}" for reason, count in log.skipped.items())
    return (f"{log.rows_read} rows read, {len(log.table)} visits used on {len(log.days)} days"
            + (f"; skipped: {skipped}" if skipped else "") + ".")


def write_visit_log(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a visit-log table (its :data:`.schema.COLUMNS`) as CSV, or Parquet for a
    ``.parquet`` name; timestamps as ``YYYY-MM-DD HH:MM:SS.ffffff``."""
    path = Path(path)
    columns = table[list(COLUMNS)]
    if path.suffix.lower() in (".parquet", ".pq"):
        columns.to_parquet(path, index=False)
    else:
        columns.to_csv(path, index=False, date_format="%Y-%m-%d %H:%M:%S.%f")
    return path


