"""From the network file to one job per branch: its scenarios, its seed and its run key.

Every branch is loaded here, in the process that reads the network file, so a worker needs no
access to the files (only queuesim installed) and a broken branch is found before any work is
sent: it becomes a :class:`BranchFailure` naming the branch and the loader's one-line error,
and the other branches go on.

Seeds. A branch's root seed is derived from the network seed and the branch's *name* (a
``SeedSequence`` whose entropy holds the name's bytes), never from its position in the file, a
worker or an order of completion; inside the branch, replication *r* and source *s* are spawned
from it with key ``(r, s)`` as in a single run. Renaming a branch changes its numbers; adding or
removing other branches does not.

Run key. A job's key is a hash of everything its numbers depend on (the mode, the simulated
scenarios as text — for a branch fitted from a visit log, its fit key and changes instead —,
replications, seed, the mode's options and the package version): a rerun skips a branch whose
stored key matches, and redoes one whose file or options changed.

A ``visit_log`` entry gives one branch per value of the log's ``branch`` column; its rows are
read here and the hall is fitted on the worker (:mod:`.fitted`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import __version__
from ..errors import ScenarioError
from ..loader import load_scenario, read_yaml
from ..scenario import Scenario
from ..store import scenario_text
from .fitted import NO_BRANCH, FitInput, LogRows, fit_input, log_branches
from .spec import Network

TODAY = "today"
"""The name of each branch as it is, the reference of every what-if."""


@dataclass(frozen=True)
class BranchJob:
    """What a worker needs to evaluate one branch (picklable; no file access needed)."""

    name: str
    source: str
    mode: str
    options: tuple[tuple[str, Scenario], ...]
    """``(option name, scenario)``: ``today`` first, then each what-if (empty for a branch
    still to be fitted: the worker fills it, see :mod:`.fitted`)."""
    replications: int
    seed: int
    settings: dict = field(default_factory=dict)
    """The mode's options (staff: period, shifts...; run/compare: branch_report)."""
    key: str = ""
    fit: FitInput | None = None
    """For a branch fitted from a visit log: its rows and the changes of each option."""


@dataclass(frozen=True)
class BranchFailure:
    """A branch that could not be evaluated, and why (one or more lines)."""

    name: str
    message: str


def branch_seed(root: int, name: str) -> int:
    """The root seed of branch ``name`` in a network with root seed ``root`` (0 ≤ seed < 2⁶³)."""
    entropy = [root, int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest(), "big")]
    return int(np.random.SeedSequence(entropy).generate_state(1, np.uint64)[0] >> np.uint64(1))


Source = tuple[str, "Path | LogRows", list[str]]
"""``(name, scenario file or rows of a visit log, --set changes)``"""


def branch_sources(network: Network, base: Path) -> list[Source]:
    """``(name, file or log rows, --set changes)`` of every branch, in file order; folders and
    the branches of a visit log in name order.

    Raises
    ------
    ScenarioError
        For a missing folder, an empty one, a log that cannot be read or names no branch, a
        name that cannot be a folder name, or two branches with the same name.
    """
    sources: list[Source] = []
    for index, entry in enumerate(network.branches):
        if entry.visit_log:
            sources += [(name, rows, list(entry.set_))
                        for name, rows in log_branches(entry, index, base)]
            continue
        if entry.file:
            path = base / entry.file
            sources.append((entry.name or path.stem, path, list(entry.set_)))
            continue
        folder = base / entry.folder
        if not folder.is_dir():
            raise ScenarioError(f"branches[{index}].folder: no folder {folder}")
        files = sorted(folder.glob("*.yaml"))
        if not files:
            raise ScenarioError(f"branches[{index}].folder: no *.yaml file in {folder}")
        sources += [(path.stem, path, list(entry.set_)) for path in files]
    _check_names(sources)
    return sources


def _check_names(sources: list[Source]) -> None:
    seen: dict[str, object] = {}
    for name, source, _ in sources:
        path = source if isinstance(source, Path) else f"branch {name} of {source.log.source}"
        if name == NO_BRANCH:
            continue
        if not name.strip() or name.startswith(".") or "/" in name or "\\" in name:
            raise ScenarioError(f"branches: {name!r} ({path}) cannot name a branch: no "
                                "slashes, no leading dot")
        if name in seen:
            raise ScenarioError(f"branches: two branches are named {name!r} ({seen[name]} and "
                                f"{path}); give one of them a name: with its file:")
        seen[name] = path


def branch_jobs(network: Network, base: Path, mode: str, settings: dict | None = None
                ) -> tuple[list[BranchJob], list[BranchFailure]]:
    """The job of every branch that loads, and the failure of every one that does not.

    ``mode`` is ``run`` (each branch as it is), ``compare`` (and every what-if) or ``staff``.
    """
    settings = dict(settings or {})
    targets = _target_changes(network)
    what_ifs = network.what_ifs if mode == "compare" else {}
    jobs, failures, files = [], [], _Files()
    for name, path, changes in branch_sources(network, base):
        if not isinstance(path, Path):
            job = _fitted_job(network, mode, settings, name, path, [*changes, *targets])
            (failures if isinstance(job, BranchFailure) else jobs).append(job)
            continue
        try:
            options = [(TODAY, files.load(path, [*changes, *targets]))]
            options += [(what_if, _load_what_if(files, path, [*changes, *targets], what_if,
                                                extra)) for what_if, extra in what_ifs.items()]
        except ScenarioError as error:
            failures.append(BranchFailure(name, str(error)))
            continue
        job = BranchJob(name, str(path), mode, tuple(options), network.replications,
                        branch_seed(network.seed, name), settings)
        jobs.append(_with_key(job))
    return jobs, failures


def _fitted_job(network: Network, mode: str, settings: dict, name: str, rows: LogRows,
                changes: list[str]) -> BranchJob | BranchFailure:
    """The job of a branch to be fitted from its rows of a visit log (or the failure of rows
    that name no branch)."""
    source = rows.log.source
    if name == NO_BRANCH:
        return BranchFailure(name, f"{source}: {len(rows.log.table)} visits name no branch; "
                             "they were not fitted")
    what_ifs = network.what_ifs if mode == "compare" else {}
    options = ((TODAY, tuple(changes)),
               *((what_if, (*changes, *extra)) for what_if, extra in what_ifs.items()))
    seed = branch_seed(network.seed, name)
    job = BranchJob(name, source, mode, (), network.replications, seed, settings,
                    fit=fit_input(rows, name, seed, options))
    return _with_key(job)


class _Files:
    """Each scenario file read once (reading the YAML is most of the cost of loading: a branch
    is loaded once per what-if, and branches may share a file)."""

    def __init__(self):
        self.raw: dict[Path, object] = {}

    def load(self, path: Path, changes: list[str]) -> Scenario:
        """:func:`queuesim.load_scenario` of the file with ``changes``, errors naming it."""
        if path not in self.raw:
            self.raw[path] = read_yaml(path, "a scenario YAML file")
        raw = self.raw[path]
        if not isinstance(raw, dict):
            return load_scenario(path, changes)  # the loader's own message for this file
        try:
            return load_scenario(raw, changes)
        except ScenarioError as error:
            raise ScenarioError(error.problems, str(path)) from None


def _load_what_if(files: _Files, path: Path, changes: list[str], what_if: str,
                  extra: list[str]) -> Scenario:
    try:
        return files.load(path, [*changes, *extra])
    except ScenarioError as error:
        raise ScenarioError([f"what_ifs.{what_if}: {line}" for line in error.problems],
                            error.source) from None


def _target_changes(network: Network) -> list[str]:
    if network.targets is None:
        return []
    chosen = network.targets.model_dump(exclude_none=True)
    return [f"targets.{name}={value}" for name, value in chosen.items()]


def _with_key(job: BranchJob) -> BranchJob:
    options = ([[name, scenario_text(scenario)] for name, scenario in job.options]
               if job.fit is None else [job.fit.key, job.fit.changes])
    content = json.dumps({
        "mode": job.mode, "replications": job.replications, "seed": job.seed,
        "settings": job.settings, "version": __version__, "options": options,
    }, sort_keys=True, default=str)
    key = hashlib.sha256(content.encode("utf-8")).hexdigest()[:20]
    return dataclasses.replace(job, key=key)
