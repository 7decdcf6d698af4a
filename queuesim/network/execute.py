"""Running a network: skip what is stored, send the rest to an engine, save as results arrive,
then build the league table from what is stored.

Exit status of the command (see ``docs/network.md``): 0 every branch evaluated; 1 some branches
failed (each named with its one-line error), the others are in the league table; 2 the network
file or an option is wrong (nothing run); 130 interrupted by Ctrl-C, 143 by SIGTERM (every
finished branch is kept, and the same command resumes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import __version__
from ..errors import ScenarioError
from ..interrupts import deferred
from ..store import write_folder, write_json
from . import league, results
from .branches import BranchFailure, BranchJob, branch_jobs
from .engines import Engine, engine_for
from .fitted import with_stored_fit
from .spec import Network, load_network
from .work import evaluate_branch

MODES = ("run", "compare", "staff")


@dataclass
class NetworkRun:
    """What a network run did and produced (tables are ``None`` until built)."""

    network: Network
    mode: str
    out: Path
    jobs: list[BranchJob]
    failures: list[BranchFailure]
    reused: int = 0
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    document: dict = field(default_factory=dict)

    @property
    def evaluated(self) -> list[str]:
        failed = {failure.name for failure in self.failures}
        return sorted(job.name for job in self.jobs if job.name not in failed)


def prepare(path: Path, mode: str, out: Path | None, settings: dict | None = None) -> NetworkRun:
    """Read the network file and load every branch (no simulation yet)."""
    if mode not in MODES:
        raise ScenarioError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    network = load_network(path)
    if mode == "compare" and not network.what_ifs:
        raise ScenarioError("what_ifs: compare needs at least one what-if, e.g. what_ifs: "
                            "{one_line: [queue.structure=single_line]}", str(path))
    jobs, failures = branch_jobs(network, Path(path).parent, mode, settings)
    folder = out or Path("results") / f"{Path(path).stem}-{mode}"
    return NetworkRun(network, mode, folder, jobs, failures)


def execute(run: NetworkRun, engine: Engine | None = None, scheduler: str | None = None,
            workers: int | None = None, progress: Callable[[int, int], None] | None = None,
            function: Callable = evaluate_branch) -> NetworkRun:
    """Evaluate the branches not yet stored, saving each as it arrives; then the league.

    ``progress(done, total)`` is called once before any work and after each branch.
    """
    missing = [with_stored_fit(job, results.branch_folder(run.out, job.name))
               for job in run.jobs if not results.is_done(run.out, job)]
    run.reused = len(run.jobs) - len(missing)
    total, done = len(run.jobs), run.reused
    if progress:
        progress(done, total)
    if missing:
        owned = engine is None
        engine = engine or engine_for(scheduler, workers)
        try:
            for job, outcome in engine.results(function, missing):
                _keep(run, job, outcome)
                done += 1
                if progress:
                    progress(done, total)
        finally:
            if owned:
                engine.close()
    build_league(run)
    return run


def _keep(run: NetworkRun, job: BranchJob, outcome) -> None:
    if isinstance(outcome, BaseException):
        message = str(outcome.with_source(job.source)) if isinstance(
            outcome, ScenarioError) else f"{job.source}: {type(outcome).__name__}: {outcome}"
        run.failures.append(BranchFailure(job.name, message))
        return
    # a branch's folder is small (milliseconds to write): Ctrl-C or SIGTERM waits for it, so
    # that no temporary folder is left behind, whatever moment the signal comes
    with deferred():
        results.save_branch(run.out, job, outcome)


def build_league(run: NetworkRun) -> None:
    """The league tables from the stored branches, written to ``OUT/league/`` at once."""
    names = run.evaluated
    cost = run.network.cost_per_counter_hour
    if names and run.mode == "staff":
        plans, totals = league.staffing_tables(results.load_staffing(run.out, names), cost)
        run.tables = {"staffing": plans, "totals": totals}
    elif names:
        table = results.load_replications(run.out, names)
        summary, differences = league.branch_statistics(table)
        targets = results.stored_targets(run.out, names)
        run.tables = {"branches": league.branches_table(summary, targets),
                      "totals": league.totals_table(table, cost)}
        if run.mode == "compare":
            run.tables["effects"] = league.effects_table(differences)
    run.document = _document(run)
    write_folder(run.out / "league", _write_tables(run))


def _document(run: NetworkRun) -> dict:
    network = run.network
    return {"network": network.name, "mode": run.mode, "replications": network.replications,
            "seed": network.seed, "what_ifs": network.what_ifs if run.mode == "compare" else {},
            "branches": len(run.jobs) + len({f.name for f in run.failures}
                                            - {j.name for j in run.jobs}),
            "evaluated": len(run.evaluated),
            "failed": [{"branch": f.name, "error": f.message} for f in _sorted(run.failures)],
            "tables": {name: table.to_dict("records") for name, table in run.tables.items()},
            "version": __version__}


def _sorted(failures: list[BranchFailure]) -> list[BranchFailure]:
    return sorted(failures, key=lambda failure: failure.name)


def _write_tables(run: NetworkRun) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        for name, table in run.tables.items():
            table.to_parquet(folder / f"{name}.parquet", index=False)
        write_json(folder / "league.json", run.document)
    return write


def run_network(path: str | Path, mode: str = "run", out: Path | None = None,
                scheduler: str | None = None, workers: int | None = None,
                settings: dict | None = None) -> NetworkRun:
    """Everything at once, for Python users: prepare, execute, build the league."""
    return execute(prepare(Path(path), mode, out, settings), scheduler=scheduler,
                   workers=workers)
