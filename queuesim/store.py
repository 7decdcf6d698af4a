"""Saving a run to a folder, all or nothing.

A run folder holds the tables (CSV or Parquet), the summary (JSON) and the scenario exactly as
it was simulated (YAML, after ``--set`` overrides), so that a result can be read, checked and
reported on later without simulating again. Files are first written to a temporary folder beside the
target, which then replaces the target in one rename: an interrupted run never leaves a
half-written or half-old result behind.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

from . import __version__
from .runner import TABLES, Results

SAVE = ("kpis", "customers")
"""What ``queuesim run --save`` keeps: ``kpis``, the summary, the scenario and the tables of
per-replication KPIs and of counters; ``customers``, those and the per-customer log and the
timeline (what the wait and day charts of a report are drawn from; by far the largest files,
and most of a long run's memory)."""
FORMATS = ("csv", "parquet")


def summary_document(results: Results) -> dict:
    """The JSON summary: ``scenario``, ``replications``, ``seed``, ``kpis``, ``by_class``,
    ``by_counter``, ``by_hour`` (each KPI as ``{"mean", "ci95": [lo, hi], "n"}``), ``version``."""
    return _finite({**results.summary, "version": __version__})


def save(results: Results, directory: str | Path, file_format: str = "csv",
         level: str = "customers") -> Path:
    """Write ``results`` to ``directory`` (replacing an earlier run there); return the folder.

    The tables are written as ``file_format`` (:data:`FORMATS`), those of ``level``
    (:data:`SAVE`) that the run kept."""
    tables = kept_tables(level)
    return write_folder(directory, lambda folder: _write_all(results, folder, file_format,
                                                             tables))


def kept_tables(save_level: str) -> tuple[str, ...]:
    """The tables of :data:`queuesim.runner.TABLES` a run needs to keep for ``save_level``."""
    if save_level not in SAVE:
        raise ValueError(f"unknown save level {save_level!r}, expected one of {SAVE}")
    return TABLES if save_level == "customers" else ("counters",)


def write_table(table: pd.DataFrame, path: Path, file_format: str = "csv") -> Path:
    """Write ``table`` (without its index) as ``path`` with the suffix of ``file_format``.

    Both formats go through Apache Arrow, whose CSV writer is several times faster than
    pandas' for the per-customer log; text is quoted only where needed, a missing value is an
    empty field."""
    import pyarrow as pa

    if file_format not in FORMATS:
        raise ValueError(f"unknown table format {file_format!r}, expected one of {FORMATS}")
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    target = path.with_suffix(f".{file_format}")
    if file_format == "parquet":
        import pyarrow.parquet as parquet

        parquet.write_table(arrow, target)
    else:
        _write_csv(arrow, [str(name) for name in table.columns], target)
    return target


def _write_csv(arrow, names: list[str], target: Path) -> None:
    """Arrow's CSV writer quotes either every text value or none; quote none unless a value
    holds a comma, a quote or a line break (then Arrow refuses, and every text is quoted)."""
    import pyarrow as pa
    import pyarrow.csv as csv

    for quoting in ("none", "needed"):
        try:
            with target.open("wb") as file:  # Arrow would quote every name in a header
                file.write((",".join(map(_csv_field, names)) + "\n").encode())
                csv.write_csv(arrow, file, csv.WriteOptions(include_header=False,
                                                            quoting_style=quoting))
            return
        except pa.ArrowInvalid:
            continue


def _csv_field(text: str) -> str:
    """``text`` as one CSV field, quoted only when it must be."""
    if any(mark in text for mark in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def read_table(folder: Path, name: str, columns: list[str] | None = None,
               text: tuple[str, ...] = ()) -> pd.DataFrame | None:
    """Table ``name`` of a run folder, from Parquet or CSV, whichever is there (None if
    neither): the ``columns`` given (default all), those named in ``text`` as plain strings
    (an empty string stays one), missing numbers as NaN."""
    if (folder / f"{name}.parquet").is_file():
        table = pd.read_parquet(folder / f"{name}.parquet", columns=columns)
        return table.astype(dict.fromkeys(text, str))
    if not (folder / f"{name}.csv").is_file():
        return None
    table = pd.read_csv(folder / f"{name}.csv", usecols=columns, dtype=dict.fromkeys(text, str),
                        keep_default_na=False, na_values=[""])
    return table.fillna(dict.fromkeys(text, ""))


def write_folder(directory: str | Path, write: Callable[[Path], None]) -> Path:
    """Let ``write`` fill a temporary folder, then put it in place of ``directory`` at once."""
    target = Path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        write(staging)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def write_json(path: Path, document: dict) -> None:
    """A JSON file with NaN and infinity written as null, UTF-8, readable indentation."""
    text = json.dumps(_finite(document), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def scenario_text(scenario) -> str:
    """The scenario as YAML text, loadable by :func:`queuesim.load_scenario`."""
    raw = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)


def write_scenario(path: Path, scenario) -> None:
    """The scenario as a YAML file (see :func:`scenario_text`)."""
    path.write_text(scenario_text(scenario), encoding="utf-8")


def _write_all(results: Results, folder: Path, file_format: str, tables) -> None:
    for name in tables:
        if getattr(results, name) is not None:
            write_table(getattr(results, name), folder / name, file_format)
    for name, table in results.kpis.items():
        write_table(table, folder / f"kpis_{name}", file_format)
    write_json(folder / "summary.json", summary_document(results))
    write_scenario(folder / "scenario.yaml", results.scenario)


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` in place of ``target`` with renames only."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _finite(value):
    """JSON has no NaN or infinity: they become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def save_comparison(comparison, directory: str | Path) -> Path:
    """summary.json (as ``--json`` prints), kpis.csv, differences.csv, per-replication KPIs."""
    def write(folder: Path) -> None:
        write_json(folder / "summary.json", {**comparison.to_dict(), "version": __version__})
        comparison.summary.to_csv(folder / "kpis.csv", index=False)
        comparison.differences.to_csv(folder / "differences.csv", index=False)
        for part, table in comparison.kpis.items():
            table.to_csv(folder / f"kpis_{part}_by_replication.csv", index=False)

    return write_folder(directory, write)
