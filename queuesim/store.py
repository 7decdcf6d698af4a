"""Saving a run to a folder, all or nothing.

A run folder holds the tables (CSV), the summary (JSON) and the scenario exactly as it was
simulated (YAML, after ``--set`` overrides), so that a result can be read, checked and reported
on later without simulating again. Files are first written to a temporary folder beside the
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

import yaml

from . import __version__
from .runner import Results

TABLES = ("customers", "timeline", "counters")


def summary_document(results: Results) -> dict:
    """The JSON summary: ``scenario``, ``replications``, ``seed``, ``kpis``, ``by_class``,
    ``by_counter``, ``by_hour`` (each KPI as ``{"mean", "ci95": [lo, hi], "n"}``), ``version``."""
    return _finite({**results.summary, "version": __version__})


def save(results: Results, directory: str | Path) -> Path:
    """Write ``results`` to ``directory`` (replacing an earlier run there); return the folder."""
    return write_folder(directory, lambda folder: _write_all(results, folder))


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


def _write_all(results: Results, folder: Path) -> None:
    for name in TABLES:
        getattr(results, name).to_csv(folder / f"{name}.csv", index=False)
    for name, table in results.kpis.items():
        table.to_csv(folder / f"kpis_{name}.csv", index=False)
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
