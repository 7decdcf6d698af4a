"""Each branch's result in its own folder, written all at once: what makes a run resumable.

``OUT/branches/<branch>/`` holds ``branch.json`` (name, source file, seed, run key, options,
the service-level target) and ``replications.parquet`` (run, compare) or ``staffing.json``
(staff), ``report.html`` when asked, and ``scenario.yaml`` for a branch fitted from a visit log
(the fitted hall with its provenance; ``branch.json`` then also holds its fit key). It is
written with :func:`queuesim.store.write_folder` (a temporary folder, then one rename) the
moment the branch's result arrives, so an interrupted run — Ctrl-C, a killed worker, a lost
node — leaves each branch either complete or absent. A rerun reads the stored
keys and evaluates only the branches that are absent or whose key changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .. import __version__
from ..store import write_folder, write_json
from .branches import BranchJob


def branch_folder(out: Path, name: str) -> Path:
    """The folder of one branch's result."""
    return Path(out) / "branches" / name


def is_done(out: Path, job: BranchJob) -> bool:
    """True when the branch's folder holds a result with the job's key."""
    meta = branch_folder(out, job.name) / "branch.json"
    if not meta.is_file():
        return False
    try:
        return json.loads(meta.read_text(encoding="utf-8")).get("key") == job.key
    except (OSError, ValueError):
        return False


def save_branch(out: Path, job: BranchJob, result: dict) -> Path:
    """Write one branch's result atomically; return its folder."""
    def write(folder: Path) -> None:
        if "replications" in result:
            result["replications"].to_parquet(folder / "replications.parquet", index=False)
        if "staffing" in result:
            write_json(folder / "staffing.json", result["staffing"])
        if "report" in result:
            (folder / "report.html").write_text(result["report"], encoding="utf-8")
        if "scenario" in result:
            (folder / "scenario.yaml").write_text(result["scenario"], encoding="utf-8")
        write_json(folder / "branch.json", {
            "name": job.name, "source": job.source, "mode": job.mode, "seed": job.seed,
            "replications": job.replications, "options": _option_names(job),
            "key": job.key, "version": __version__,
            **({} if job.fit is None else {"fit_key": job.fit.key}),
            "target_service_level": result["target_service_level"]})

    return write_folder(branch_folder(out, job.name), write)


def _option_names(job: BranchJob) -> list[str]:
    return [name for name, _ in (job.options if job.fit is None else job.fit.changes)]


def stored_targets(out: Path, names: list[str]) -> dict[str, float]:
    """The service-level target each stored branch was evaluated against (a fitted branch's
    target is known only once it is fitted)."""
    return {name: json.loads((branch_folder(out, name) / "branch.json").read_text("utf-8"))
            ["target_service_level"] for name in names}


def load_replications(out: Path, names: list[str]) -> pd.DataFrame:
    """The stored per-replication tables of ``names``, stacked with a ``branch`` column first."""
    tables = [pd.read_parquet(branch_folder(out, name) / "replications.parquet")
              .assign(branch=name) for name in names]
    table = pd.concat(tables, ignore_index=True)
    return table[["branch", *[c for c in table.columns if c != "branch"]]]


def load_staffing(out: Path, names: list[str]) -> dict[str, dict]:
    """The stored staffing documents of ``names``."""
    return {name: json.loads((branch_folder(out, name) / "staffing.json").read_text("utf-8"))
            for name in names}


def has_report(out: Path, name: str) -> bool:
    """Whether the branch's own page was written."""
    return (branch_folder(out, name) / "report.html").is_file()
