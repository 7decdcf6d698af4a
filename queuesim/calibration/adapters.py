"""The column-mapping adapter: any table of visits, described by a small YAML file.

A ticket machine (排队叫号机) or a switch exports its own columns, often with Chinese headers and
its own status words. ``map.yaml`` says which column is which visit-log column, how timestamps
are written, which status values mean served, no-show or abandoned, and (optionally) the
hall's name for each service type; the table is then renamed
and read exactly like a ``visits`` file (:func:`.visitlog.build_log`). Example::

    columns: {visit: 票号, class: 业务类型, arrived: 取号时间, called: 叫号时间,
              service_start: 开始办理时间, service_end: 结束时间, counter: 窗口, outcome: 状态}
    time_format: "%Y-%m-%d %H:%M:%S"
    outcomes: {served: [已办结], no_show: [空号], abandoned: [弃号]}
    classes: {个人业务: personal, 对公业务: business}

Mistakes in the mapping are reported against ``map.yaml`` (with a did-you-mean among the log's
headers); mistakes in the data against the log, by line and column.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ScenarioError, did_you_mean
from ..loader import read_yaml
from .files import read_table, row_label
from .schema import COLUMNS, DAY_START, OUTCOMES, REQUIRED

KEYS = ("columns", "time_format", "outcomes", "classes", "separator", "encoding", "constants",
        "day_start")


def read_mapped(path: str | Path, mapping_path: str | Path):
    """Read a log with the column mapping ``mapping_path``: a :class:`.visitlog.VisitLog`."""
    from .visitlog import build_log

    mapping = read_mapping(Path(mapping_path))
    table, first_line = read_table(path, mapping.get("separator", ","),
                                   mapping.get("encoding", "utf-8-sig"))
    renamed = _renamed(table, mapping, str(mapping_path))
    if "outcomes" in mapping:
        renamed["outcome"] = _translated(renamed["outcome"], mapping["outcomes"], str(path),
                                         first_line, mapping["columns"]["outcome"])
    if mapping.get("classes"):
        names = {str(word): str(name) for word, name in mapping["classes"].items()}
        renamed["class"] = renamed["class"].astype(str).str.strip().replace(names)
    return build_log(renamed, str(path), first_line, time_format=mapping.get("time_format"),
                     day_start=mapping.get("day_start", DAY_START))


def read_mapping(path: Path) -> dict:
    """The mapping file, checked for its own mistakes (unknown keys, unknown visit-log
    columns, missing required columns)."""
    data = read_yaml(path, "a column mapping (map.yaml)")
    source = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise ScenarioError("expected a mapping with 'columns: {visit-log column: column of "
                            "the file}'", source)
    problems = [f"{key}: unknown key{did_you_mean(key, KEYS)}; expected one of "
                f"{', '.join(KEYS)}" for key in data if key not in KEYS]
    problems += [f"columns.{key}: not a visit-log column{did_you_mean(key, COLUMNS)}; expected "
                 f"one of {', '.join(COLUMNS)}" for key in data["columns"] if key not in COLUMNS]
    constants = data.get("constants") or {}
    problems += [f"columns: no column for '{name}' (required)" for name in REQUIRED
                 if name not in data["columns"] and name not in constants]
    for outcome in data.get("outcomes") or {}:
        if outcome not in OUTCOMES:
            problems.append(f"outcomes.{outcome}: unknown outcome{did_you_mean(outcome, OUTCOMES)}"
                            f"; expected one of {', '.join(OUTCOMES)}")
    if problems:
        raise ScenarioError(problems, source)
    return data


def _renamed(table: pd.DataFrame, mapping: dict, source: str) -> pd.DataFrame:
    headers = list(table.columns)
    problems = [f"columns.{name}: column {column!r} is not in the log; its header has "
                f"{', '.join(headers)}{_closest(str(column), headers)}"
                for name, column in mapping["columns"].items() if str(column) not in headers]
    if problems:
        raise ScenarioError(problems, source)
    renamed = pd.DataFrame({name: table[str(column)]
                            for name, column in mapping["columns"].items()})
    for name, value in (mapping.get("constants") or {}).items():
        renamed[name] = str(value)
    return renamed


def _closest(word: str, headers: list[str]) -> str:
    """A did-you-mean among the headers; a looser match for short (e.g. Chinese) names, where
    one wrong character of four is already a large difference."""
    suggestion = did_you_mean(word, headers)
    close = difflib.get_close_matches(word, headers, n=1, cutoff=0.5)
    return suggestion or (f" (did you mean '{close[0]}'?)" if close else "")


def _translated(values: pd.Series, outcomes: dict, source: str, first_line: int,
                column: str) -> pd.Series:
    """Status words → visit-log outcomes; a word the mapping does not list is an error."""
    words = {str(word).strip(): outcome for outcome, listed in outcomes.items()
             for word in ([listed] if isinstance(listed, str) else listed or [])}
    text = values.astype(str).str.strip()
    unknown = ~text.isin(list(words))
    if unknown.any():
        at = int(np.flatnonzero(unknown.to_numpy())[0])
        raise ScenarioError(f"{row_label(first_line, at)}, column {column}: status "
                            f"{text.iloc[at]!r} is not listed under outcomes in the mapping; "
                            f"known: {', '.join(words)}{did_you_mean(text.iloc[at], words)}",
                            source)
    return text.map(words)
