"""Every YAML file queuesim reads, told apart by its fields and checked with its own schema.

queuesim reads five kinds of YAML file: a hall (a scenario), shift templates (``staff
--shifts``), the state of a hall at an instant (``now --state``), a network of branches
(``network``) and the column mapping of a visit log (``fit``/``backtest --columns``).
``queuesim validate`` takes any of them: :func:`kind_of` tells them apart by their top-level
keys (the kind whose fields the keys name most often; a hall on a tie, so a hall with typos is
still judged as a hall), and :func:`check_files` validates each with its own loader, so a file
of shift templates is never reported as a hall with unknown keys. A state file is checked
against a hall given beside it, whose counters and classes it must name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import i18n
from .errors import ScenarioError
from .loader import load_scenario, read_yaml

KINDS = {
    "scenario": "a hall (scenario)",
    "shifts": "shift templates",
    "state": "the state of a hall",
    "network": "a network of branches",
    "columns": "a visit log's column mapping",
}
"""The kinds of file, each with the words that name it in messages."""


def _fields() -> dict[str, set[str]]:
    """The top-level keys of each kind of file (imported here: some loaders are heavy)."""
    from .network.spec import Network
    from .now.state import State
    from .scenario import Scenario
    from .staffing.shift_templates import ShiftsConfig

    def keys(model) -> set[str]:
        return {field.alias or name for name, field in model.model_fields.items()}

    return {"scenario": keys(Scenario), "shifts": keys(ShiftsConfig), "state": keys(State),
            "network": keys(Network),
            "columns": {"columns", "time_format", "outcomes", "classes", "separator",
                        "encoding", "constants", "day_start"}}


def kind_of(raw: Any) -> str:
    """The kind of file (a key of :data:`KINDS`) whose fields the mapping ``raw`` names most
    often; ``scenario`` on a tie and for anything but a mapping."""
    if not isinstance(raw, dict):
        return "scenario"
    scores = {kind: len(fields & set(map(str, raw))) for kind, fields in _fields().items()}
    best = max(scores.values())
    return "scenario" if scores["scenario"] == best else max(scores, key=scores.get)


def check_files(paths: Sequence[str | Path], overrides: Sequence[str] = ()) -> list[str]:
    """Validate each file with the schema of its kind; return one "ok" line per file.

    ``overrides`` (``--set``) apply to the halls. A state file is checked against the hall
    among ``paths`` (if there is exactly one), else on its own.

    Raises
    ------
    ScenarioError
        Every problem of every file, one line each, naming the file and the field.
    """
    kinds = {Path(path): _read_kind(Path(path)) for path in paths}
    halls = [path for path, kind in kinds.items() if kind == "scenario"]
    if overrides and not halls:
        raise ScenarioError("--set changes a hall (scenario) file; none was given")
    done, problems, loaded = {}, [], {}
    for path in sorted(kinds, key=lambda p: kinds[p] == "state"):  # halls before states
        try:
            hall = (halls[0], loaded.get(halls[0])) if len(halls) == 1 else (None, None)
            text, loaded[path] = _check(path, kinds[path], overrides, hall)
            done[path] = text if kinds[path] == "scenario" else f"{path}: ok — {text}"
        except ScenarioError as error:
            problems.extend(str(error).splitlines())
    if problems:
        raise ScenarioError(problems)
    return [done[path] for path in kinds]


def _read_kind(path: Path) -> str:
    """The kind of the file at ``path``; ``scenario`` when it cannot be read (its loader then
    reports why, as for any hall)."""
    try:
        return kind_of(read_yaml(path))
    except ScenarioError:
        return "scenario"


def _check(path: Path, kind: str, overrides: Sequence[str], hall: tuple) -> tuple[str, Any]:
    """The "ok" text of a file of ``kind`` and what was loaded from it; ``hall`` is the
    (path, scenario) a state is checked against (scenario None: none)."""
    if kind == "scenario":
        scenario = load_scenario(path, overrides)
        return (i18n.say("msg.validate_ok", file=path, name=scenario.name,
                         classes=len(scenario.customers), counters=len(scenario.counters),
                         structure=scenario.queue.structure), scenario)
    if kind == "shifts":
        from .staffing.shift_templates import load_shifts

        shifts = load_shifts(path)
        limit = (f"; at most {shifts.max_counters} counters at once"
                 if shifts.max_counters else "")
        return (f"{KINDS[kind]}: {', '.join(t.name for t in shifts.shifts)}{limit}", shifts)
    if kind == "state":
        return _check_state(path, hall)
    if kind == "network":
        return _check_network(path)
    from .calibration.adapters import read_mapping

    mapping = read_mapping(path)
    return f"{KINDS[kind]}: {len(mapping['columns'])} columns", mapping


def _check_state(path: Path, hall: tuple) -> tuple[str, Any]:
    from .now.state import describe, load_state

    hall_path, scenario = hall
    state = load_state(path, scenario)
    against = (f"fits {hall_path}" if scenario is not None else
               "give the hall's file too (queuesim validate HALL.yaml STATE.yaml) to check its "
               "counters and classes")
    return f"{KINDS['state']} at {describe(state)}; {against}", state


def _check_network(path: Path) -> tuple[str, Any]:
    """The network file and every branch it names (each branch's problems on its own line)."""
    from .network.branches import branch_jobs
    from .network.spec import load_network

    network = load_network(path)
    try:
        jobs, failures = branch_jobs(network, path.parent, "compare")
    except ScenarioError as error:
        raise error.with_source(str(path)) from None
    if failures:
        raise ScenarioError([f"branches: {failure.name}: {line}" for failure in failures
                             for line in failure.message.splitlines()], str(path))
    return (f"{KINDS['network']} '{network.name}': {len(jobs)} branches, "
            f"{len(network.what_ifs)} what-ifs", network)
