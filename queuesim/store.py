"""Saving a run to a folder, all or nothing.

A run folder holds the tables (CSV or Parquet), the summary (JSON) and the scenario exactly as
it was simulated (YAML, after ``--set`` overrides), so that a result can be read, checked and
reported on later without simulating again. Files are first written to a temporary folder beside the
target, which then replaces the target in one rename: an interrupted run never leaves a
half-written or half-old result behind.

Nothing a user owns is ever replaced. queuesim writes only into a folder it creates, or one that
carries its marker file (``.queuesim-result``, written into every result folder) or holds only
files a result folder holds; :func:`check_output` refuses anything else (a folder with other
files, a file, the current or home folder) before any simulation. With ``force`` the results
are written *into* such a folder file by file, beside what is there: nothing else in it is
removed, and it does not get the marker, so it is never replaced as a whole later. Staging
folders are named ``.<name>-<pid>-XXXX``; one left by a process that no longer runs (or older
than :data:`STALE_HOURS`) is removed by the next save beside it.
"""


from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import yaml

from . import __version__, interrupts
from .errors import ScenarioError
from .runner import TABLES, Results
from .saved_log import saved_customers

SAVE = ("kpis", "customers")
"""What ``queuesim run --save`` keeps: ``kpis``, the summary, the scenario and the tables of
per-replication KPIs and of counters; ``customers``, those and the per-customer log and the
timeline (what the wait and day charts of a report are drawn from; by far the largest files,
and most of a long run's memory)."""
FORMATS = ("csv", "parquet")
MARKER = ".queuesim-result"
STALE_HOURS = 12
"""A staging folder older than this is removed by the next save beside it, whoever left it."""
RESULT_NAMES = re.compile(r"(summary\.json|scenario\.yaml|roster\.yaml|report\.html|"
                          r"(customers|timeline|counters|kpis|differences|plan|shifts|frontier|"
                          r"kpis_\w+)\.(csv|parquet))")
"""Files queuesim writes into a result folder (a folder of only these, with a summary, is a
result written before the marker existed)."""
_NAME_LIMIT = 80


def summary_document(results: Results) -> dict:
    """The JSON summary: ``scenario``, ``replications``, ``seed``, ``kpis``, ``by_class``,
    ``by_counter``, ``by_hour`` (each KPI as ``{"mean", "ci95": [lo, hi], "n"}``), ``version``."""
    return _finite({**results.summary, "version": __version__})


def save(results: Results, directory: str | Path, force: bool = False,
         file_format: str = "csv", level: str = "customers") -> Path:
    """Write ``results`` to ``directory`` (replacing an earlier run there); return the folder.

    The tables are written as ``file_format`` (:data:`FORMATS`), those of ``level``
    (:data:`SAVE`) that the run kept. ``force``: see :func:`check_output`."""
    tables = kept_tables(level)
    return write_folder(directory, lambda folder: _write_all(results, folder, file_format,
                                                             tables), force)


def kept_tables(save_level: str) -> tuple[str, ...]:
    """The tables of :data:`queuesim.runner.TABLES` a run needs to keep for ``save_level``."""
    if save_level not in SAVE:
        raise ValueError(f"unknown save level {save_level!r}, expected one of {SAVE}")
    return TABLES if save_level == "customers" else ("counters",)


def write_table(table: pd.DataFrame, path: Path, file_format: str = "csv") -> Path:
    """Write ``table`` (a DataFrame, without its index, or an Arrow table) as ``path`` with the
    suffix of ``file_format``.

    Both formats go through Apache Arrow, whose CSV writer is several times faster than
    pandas' for the per-customer log; text is quoted only where needed, a missing value is an
    empty field."""
    import pyarrow as pa

    if file_format not in FORMATS:
        raise ValueError(f"unknown table format {file_format!r}, expected one of {FORMATS}")
    arrow = table if isinstance(table, pa.Table) else pa.Table.from_pandas(
        table, preserve_index=False)
    target = path.with_suffix(f".{file_format}")
    if file_format == "parquet":
        import pyarrow.parquet as parquet

        parquet.write_table(arrow, target)
    else:
        _write_csv(arrow, [str(name) for name in arrow.column_names], target)
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


def write_folder(directory: str | Path, write: Callable[[Path], None],
                 force: bool = False) -> Path:
    """Let ``write`` fill a temporary folder, then put it in place of ``directory`` at once
    (into it, file by file, when ``force`` lets queuesim write into a folder not its own)."""
    target = Path(directory)
    into = check_output(target, force)
    place = target if into else target.resolve().parent
    place.mkdir(parents=True, exist_ok=True)
    name = target.resolve().name
    clean_stale(place, name)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-{os.getpid()}-", dir=place))
    try:
        _mark(staging)
        write(staging)
        with interrupts.deferred():
            if into:
                _merge(staging, target)
            else:
                _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    interrupts.record_written(target)
    return target


def check_output(directory: str | Path, force: bool = False) -> bool:
    """Whether queuesim may write to ``directory``: ``False`` when it will create or replace
    the folder, ``True`` when ``force`` lets it write into a folder that is not its own.

    Call it before simulating, so that a wrong ``--out`` costs nothing.

    Raises
    ------
    ScenarioError
        For a file, or for a folder queuesim did not write (not empty, no marker, or the
        current, home or root folder) unless ``force`` is given.
    """
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise ScenarioError(f"{target} is a file, not a folder; queuesim writes a folder of "
                            "results: give a folder name that does not exist yet", "--out")
    if not target.exists() or (_is_result(target) and not _protected(target)):
        return False
    if force:
        return True
    entries = sorted(entry.name for entry in target.iterdir())
    found = (f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}, e.g. "
             f"'{entries[0]}'" if entries else "your working folder")
    raise ScenarioError(
        f"{target} is not a queuesim result folder ({found}); queuesim writes only into new "
        f"folders or its own (marked by {MARKER}): give a new folder, or add --force to write "
        "the results into it beside what is there (nothing there is removed)", "--out")


def output_folder(name: str, overrides: Sequence[str] = ()) -> Path:
    """The default folder ``results/<name>``; a what-if (``--set`` overrides) gets its own,
    ``results/<name>--<overrides>``, so it never replaces the baseline. Characters other than
    letters, digits and ``.=,+-`` become ``_``; a long name is cut and ends in a short hash of
    the whole, so the same what-if always finds the same folder."""
    label = "+".join(overrides)
    full = f"{name}--{label}" if label else name
    safe = re.sub(r"[^\w.=,+-]+", "_", full).strip("._") or "run"
    if len(safe) > _NAME_LIMIT:
        digest = hashlib.sha1(full.encode("utf-8")).hexdigest()[:8]
        safe = f"{safe[:_NAME_LIMIT - 9]}-{digest}"
    return Path("results") / safe


def clean_stale(place: Path, name: str) -> list[Path]:
    """Remove staging folders ``.<name>-<pid>-*`` (and ``.<name>-old-<pid>``) in ``place`` that
    a process no longer running left, or older than :data:`STALE_HOURS`; only folders that are
    empty or carry the marker, so nothing of a user's is touched. Returns what was removed."""
    pattern = re.compile(rf"\.{re.escape(name)}-(?:old-)?(\d+)(?:-.*)?")
    removed = []
    for entry in place.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_dir() or entry.is_symlink():
            continue
        age_hours = (time.time() - entry.stat().st_mtime) / 3600
        pid = int(match.group(1))
        if pid == os.getpid() or (_running(pid) and age_hours < STALE_HOURS):
            continue
        if (entry / MARKER).is_file() or not any(entry.iterdir()):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _is_result(folder: Path) -> bool:
    """Empty, marked, or holding only result files including a summary."""
    names = [entry.name for entry in folder.iterdir()]
    if not names or MARKER in names:
        return True
    return "summary.json" in names and all(RESULT_NAMES.fullmatch(n) for n in names)


def _protected(folder: Path) -> bool:
    """The current folder, one above it, the home folder: never replaced as a whole."""
    resolved, here = folder.resolve(), Path.cwd().resolve()
    return resolved == Path.home().resolve() or here == resolved or resolved in here.parents


def _mark(folder: Path) -> None:
    """Give a new folder the permissions the umask asks for (a temporary folder is private) and
    the marker that makes it queuesim's."""
    mask = os.umask(0o022)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)
    (folder / MARKER).write_text(
        f"written by queuesim {__version__}; the next run with this folder as --out replaces "
        "the whole folder\n", encoding="utf-8")


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
        table = getattr(results, name)
        if table is not None and name == "customers":
            table = saved_customers(table, results.scenario)
        if table is not None:
            write_table(table, folder / name, file_format)
    for name, table in results.kpis.items():
        write_table(table, folder / f"kpis_{name}", file_format)
    write_json(folder / "summary.json", summary_document(results))
    write_scenario(folder / "scenario.yaml", results.scenario)


def _merge(staging: Path, target: Path) -> None:
    """Move the written files into ``target`` one by one, leaving its other files alone."""
    for entry in staging.iterdir():
        if entry.name != MARKER:
            os.replace(entry, target / entry.name)
    shutil.rmtree(staging, ignore_errors=True)


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


def save_comparison(comparison, directory: str | Path, force: bool = False,
                    extra: dict | None = None) -> Path:
    """summary.json (as ``--json`` prints, with ``extra`` entries such as the overrides and
    warnings), kpis.csv, differences.csv, per-replication KPIs."""
    def write(folder: Path) -> None:
        write_json(folder / "summary.json", {**comparison.to_dict(), **(extra or {}),
                                             "version": __version__})
        comparison.summary.to_csv(folder / "kpis.csv", index=False)
        comparison.differences.to_csv(folder / "differences.csv", index=False)
        for part, table in comparison.kpis.items():
            table.to_csv(folder / f"kpis_{part}_by_replication.csv", index=False)

    return write_folder(directory, write, force)
