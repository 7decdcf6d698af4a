"""Branches learnt from a visit log: one fitted hall per value of the log's ``branch`` column.

The command's process reads the log once — its format, column mapping and days as for
``queuesim fit`` — and splits it by branch (:func:`log_branches`). Each branch's rows travel
with its job, so workers need no access to the file. On the worker, :func:`resolve` fits the
hall with :func:`queuesim.calibration.fit.fit` (what ``queuesim fit LOG --branch X`` does, its
capacity calibration simulated in the worker's own process), then applies the branch's
``set``, the network's targets and each what-if as ``PATH=VALUE`` changes; from there the
branch is evaluated like any other. The fitted scenario, headed by its provenance, is stored as
``scenario.yaml`` in the branch's folder, where the user can open it and run it alone.

Fit key. A hash of the branch's rows as read, the fit options, its provenance notes and seed:
a branch whose stored fit has the same key is not fitted again (:func:`with_stored_fit`, e.g.
when only a what-if changed); its stored scenario travels with the job instead.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import yaml

from .. import __version__
from ..errors import ScenarioError
from ..loader import load_scenario
from .spec import BranchEntry, FitOptions

NO_BRANCH = "(no branch)"
"""The name under which rows of a log that name no branch are reported."""


class LogRows(NamedTuple):
    """One branch's rows of a visit log (a :class:`queuesim.calibration.visitlog.VisitLog`)
    and the length of the periods to fit, minutes."""

    log: object
    period: int
    skipped: dict
    """Rows the reader left out of the whole log, by reason (not told apart by branch)."""


@dataclass(frozen=True)
class FitInput:
    """What a worker needs to fit one branch's hall and derive its options."""

    log: object | None
    """The branch's rows (a :class:`queuesim.calibration.visitlog.VisitLog`); ``None`` when
    a stored fit is reused."""
    period: int
    """Length of the fitted periods, minutes."""
    changes: tuple[tuple[str, tuple[str, ...]], ...]
    """``(option name, PATH=VALUE changes)``: ``today`` first, then each what-if."""
    notes: tuple[str, ...] = ()
    """Provenance lines on where the rows came from."""
    key: str = ""
    stored: str | None = None
    """The stored ``scenario.yaml`` text of a fit with the same key."""


def log_branches(entry: BranchEntry, index: int, base: Path) -> list[tuple[str, LogRows]]:
    """``(branch name, its rows)`` for every branch of the entry's log, in name order; rows
    that name no branch come as :data:`NO_BRANCH`.

    Raises
    ------
    ScenarioError
        For a log that cannot be read, or that has no ``branch`` column to split by.
    """
    from ..calibration.visitlog import load_visit_log

    options = entry.fit or FitOptions()
    path = base / entry.visit_log
    columns = base / options.columns if options.columns else None
    log = load_visit_log(path, options.format, columns, options.days, options.from_,
                         options.to)
    names = log.table["branch"]
    if (names == "").all():
        raise ScenarioError(f"branches[{index}].visit_log: the log names no branch (its branch "
                            "column is absent or empty); fit a single hall with queuesim fit",
                            str(path))
    return [(name if name else NO_BRANCH, LogRows(dataclasses.replace(
        log, table=rows.reset_index(drop=True), rows_read=len(rows), skipped={}),
        options.period, log.skipped)) for name, rows in log.table.groupby("branch", sort=True)]


def fit_input(rows: LogRows, name: str, seed: int,
              changes: tuple[tuple[str, tuple[str, ...]], ...]) -> FitInput:
    """The fit of branch ``name`` from its rows, with its key."""
    log, period, skipped = rows
    whole = Path(log.source).name
    left_out = "; ".join(f"{count} {reason}" for reason, count in skipped.items() if count)
    notes = (f"Branch {name} of {whole}, fitted from its own {len(log.table)} rows"
             + (f"; reading the whole log skipped {left_out}." if left_out else "."),)
    digest = hashlib.sha256(pd.util.hash_pandas_object(log.table, index=False).to_numpy()
                            .tobytes()).hexdigest()
    content = json.dumps({"rows": digest, "period": period, "notes": notes, "seed": seed,
                          "name": name, "version": __version__}, sort_keys=True)
    return FitInput(log, period, changes, notes,
                    hashlib.sha256(content.encode("utf-8")).hexdigest()[:20])


def with_stored_fit(job, folder: Path):
    """``job`` carrying the fitted scenario stored in ``folder`` when its fit key matches
    (then the rows stay behind: nothing is fitted again); else ``job`` as it is."""
    if job.fit is None:
        return job
    try:
        meta = json.loads((folder / "branch.json").read_text(encoding="utf-8"))
        if meta.get("fit_key") != job.fit.key:
            return job
        text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    except (OSError, ValueError):
        return job
    return dataclasses.replace(job, fit=dataclasses.replace(job.fit, log=None, stored=text))


def resolve(job):
    """``(job with its options' scenarios, scenario.yaml text)`` for a fitted branch (fitting
    it, seeded by the branch's seed, unless a stored fit came with it); ``(job, None)`` for a
    branch from a file."""
    if job.fit is None:
        return job, None
    text = job.fit.stored if job.fit.stored is not None else _fit_text(job)
    mapping = yaml.safe_load(text)
    options = []
    for option, changes in job.fit.changes:
        try:
            options.append((option, load_scenario(mapping, list(changes))))
        except ScenarioError as error:
            where = "" if option == "today" else f"what_ifs.{option}: "
            raise ScenarioError([f"fitted hall: {where}{line}" for line in error.problems]
                                ) from None
    return dataclasses.replace(job, options=tuple(options)), text


def _fit_text(job) -> str:
    """Fit the branch's hall and return it as YAML headed by its provenance."""
    from ..calibration.fit import fit, fit_text

    fitted = fit(job.fit.log, period=job.fit.period, name=job.name, seed=job.seed,
                 workers=1, notes=job.fit.notes)
    return fit_text(fitted)
