"""The network file: which branches, which what-ifs, how many days, which targets.

A network file is YAML, validated like a scenario (pydantic, ``extra="forbid"``), and its
problems are reported one line each, naming the file and the field path, with a did-you-mean::

    name: South region
    seed: 2026                  # root seed of the network; each branch's own seed derives from
                                # it and the branch's name, never from its position
    replications: 20            # days per branch (and per what-if), the same for every branch
    branches:
      - folder: branches/       # every *.yaml in it, named by file stem
      - file: ../scenarios/nanhu_branch.yaml
        name: nanhu             # optional; default: the file stem
        set: ["arrivals.scale=1.1"]
    what_ifs:                   # the same PATH=VALUE vocabulary as --set
      one_line: ["queue.structure=single_line"]
      more_customers: ["arrivals.scale=1.1"]
    targets: {wait_minutes: 10, service_level: 0.8}   # optional: overrides every branch's
    cost_per_counter_hour: 60   # optional: currency per counter-hour, for the staff cost total

Paths are relative to the network file. A branch entry may also be a visit log with a
``branch`` column: each branch in it is fitted (as ``queuesim fit --branch X``) and evaluated::

      - visit_log: visits.csv   # one hall per value of the branch column (see :mod:`.fitted`)
        fit: {days: mon-fri, period: 60}   # optional: format, columns, days, from, to, period
        set: ["arrivals.scale=1.1"]        # applied to every fitted hall
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ..errors import ScenarioError, did_you_mean
from ..loader import explain, read_yaml


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class FitOptions(_Model):
    """How the halls of a ``visit_log`` entry are read and fitted: the options of
    ``queuesim fit``."""

    format: Literal["visits", "columns", "anonymous_bank"] = Field(
        "visits", description="visits (the documented columns), columns (with a column "
        "mapping file) or anonymous_bank.")
    columns: str | None = Field(None, description="Column mapping file for format columns.")
    days: str | None = Field(None, description="Weekdays to fit on, e.g. sun-thu, weekdays.")
    from_: date | None = Field(None, alias="from", description="First day to use.")
    to: date | None = Field(None, description="Last day to use (included).")
    period: Literal[15, 30, 60] = Field(60, description="Length of the fitted periods, "
                                        "minutes.")

    @field_validator("days")
    @classmethod
    def _known_days(cls, text: str | None) -> str | None:
        from ..calibration.visitlog import parse_days

        if text is not None:
            try:
                parse_days(text)
            except ScenarioError as error:
                raise ValueError(error.problems[0].split(": ", 1)[-1]) from None
        return text


class BranchEntry(_Model):
    """One line of ``branches``: a scenario file, a folder of them, or a visit log."""

    file: str | None = Field(None, description="A branch's scenario YAML file.")
    folder: str | None = Field(None, description="A folder: each *.yaml in it is a branch.")
    visit_log: str | None = Field(None, description="A visit log with a branch column: each "
                                  "branch in it is fitted as a hall.")
    fit: FitOptions | None = Field(None, description="How to read and fit the visit log.")
    name: str | None = Field(None, description="The branch's name; default: the file stem.")
    set_: list[str] = Field(default_factory=list, alias="set",
                            description="PATH=VALUE changes for this branch, as --set.")

    @model_validator(mode="after")
    def _one_source(self):
        given = [key for key in ("file", "folder", "visit_log") if getattr(self, key)]
        if len(given) != 1:
            raise ValueError("give exactly one of file, folder or visit_log, found "
                             f"{', '.join(given) or 'none'}")
        if self.name and not self.file:
            raise ValueError("name: only a single file can be named")
        if self.fit and not self.visit_log:
            raise ValueError("fit: only a visit_log entry is fitted")
        return self


class NetworkTargets(_Model):
    """Targets that replace every branch's own (a field left out keeps the branch's)."""

    wait_minutes: float | None = Field(None, gt=0, description="Target wait, minutes.")
    service_level: float | None = Field(None, gt=0, le=1, description="Share within it.")
    max_abandon: float | None = Field(None, ge=0, le=1, description="Highest abandon rate.")


class Network(_Model):
    """A network of branches and the what-ifs to try in every one of them."""

    name: str = Field(description="Shown in every output.")
    branches: list[BranchEntry] = Field(min_length=1, description="Scenario files or folders.")
    what_ifs: dict[str, list[str]] = Field(
        default_factory=dict, description="Named sets of PATH=VALUE changes tried in every "
        "branch, each compared with the branch as it is on the same simulated days.")
    replications: int = Field(10, ge=2, description="Days per branch (at least 2 for a CI).")
    seed: int = Field(0, ge=0, description="Root seed of the network.")
    targets: NetworkTargets | None = Field(None, description="Targets for every branch.")
    cost_per_counter_hour: float | None = Field(
        None, ge=0, description="Currency per counter-hour, for the network's staff cost.")

    @model_validator(mode="after")
    def _what_if_names(self):
        for name, changes in self.what_ifs.items():
            if name == "today":
                raise ValueError(f"what_ifs.{name}: 'today' names the branch as it is; "
                                 "choose another name")
            if not changes:
                raise ValueError(f"what_ifs.{name}: expected at least one PATH=VALUE change")
        return self


def load_network(path: str | Path) -> Network:
    """Read and validate a network file; one line per problem, naming the file and field."""
    path = Path(path)
    raw = read_yaml(path, "a network YAML file")
    if not isinstance(raw, dict):
        raise ScenarioError("expected a mapping of network fields (name, branches, what_ifs, "
                            f"replications...), found {type(raw).__name__}", str(path))
    try:
        return Network.model_validate(raw)
    except ValidationError as error:
        lines = [_did_you_mean(line) for line in explain(error, join_inner_paths=True)]
        raise ScenarioError(lines, str(path)) from None


_NETWORK_FIELDS = (set(Network.model_fields) | set(BranchEntry.model_fields) | {"set", "from"}
                   | set(NetworkTargets.model_fields) | set(FitOptions.model_fields)
                   ) - {"set_", "from_"}


def _did_you_mean(line: str) -> str:
    """The loader suggests scenario fields; suggest the network file's own instead."""
    head, marker, _ = line.partition(": unknown key")
    if not marker:
        return line
    key = head.rsplit(".", 1)[-1].split("]")[-1] or head
    return f"{head}: unknown key{did_you_mean(key, sorted(_NETWORK_FIELDS))}"
