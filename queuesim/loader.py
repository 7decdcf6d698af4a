"""Reading scenarios: YAML files, ``--set`` overrides, and readable validation errors.

``load_scenario`` is the only way into a :class:`~queuesim.scenario.Scenario` from outside. It
reads the YAML, applies ``PATH=VALUE`` overrides to the raw mapping (so an override is validated
exactly like the file), validates, and turns pydantic's errors into one line per problem, each
naming the file and the field path as it is written in YAML, with a did-you-mean for unknown keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import distributions, scenario
from .errors import ScenarioError, did_you_mean

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def load_scenario(source: str | Path | Mapping, overrides: Iterable[str] = ()) -> scenario.Scenario:
    """Read and validate a scenario.

    Parameters
    ----------
    source
        A YAML file path, or a mapping with the same content.
    overrides
        ``"PATH=VALUE"`` strings, e.g. ``"queue.structure=ticket"``, ``"counters[2].speed=1.2"``
        or ``"counters.T3.hours=['09:00-12:00']"`` (a list of counters is indexed by position or
        by id). VALUE is read as YAML, so numbers, lists and mappings work.

    Raises
    ------
    ScenarioError
        One line per problem, naming the file and the field.
    """
    name = str(source) if isinstance(source, (str, Path)) else "<scenario>"
    raw = _read_yaml(Path(source)) if isinstance(source, (str, Path)) else dict(source)
    for text in overrides:
        try:
            apply_override(raw, text)
        except ScenarioError as error:
            raise error.with_source(name) from None
    try:
        return scenario.Scenario.model_validate(raw)
    except ValidationError as error:
        raise ScenarioError(sorted(set(_explain(error))), name) from None


def _read_yaml(path: Path) -> dict:
    if not path.exists():
        raise ScenarioError("file not found", str(path))
    if path.is_dir():
        raise ScenarioError("is a folder; expected a scenario YAML file", str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f"line {where.line + 1}, column {where.column + 1}: " if where else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ScenarioError(f"{line}unreadable YAML: {problem}", str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"cannot read the file: {error}", str(path)) from None
    if not isinstance(data, dict):
        raise ScenarioError(f"expected a mapping of scenario fields, found "
                            f"{type(data).__name__}", str(path))
    return data


def apply_override(raw: dict, text: str) -> None:
    """Set one ``PATH=VALUE`` in the raw scenario mapping, in place."""
    if "=" not in text:
        raise ScenarioError(f"--set {text!r}: expected PATH=VALUE, e.g. arrivals.scale=1.2")
    path, value_text = text.split("=", 1)
    steps = [name if name else int(index) for name, index in _STEP.findall(path.strip())]
    if not steps:
        raise ScenarioError(f"--set {text!r}: empty path")
    try:
        value = yaml.safe_load(value_text)
    except yaml.YAMLError:
        value = value_text
    parent = raw
    for depth, step in enumerate(steps[:-1]):
        parent = _child(parent, step, steps[: depth + 1], text)
    _assign(parent, steps[-1], value, text)


def _child(parent: Any, step: str | int, walked: list, text: str) -> Any:
    if isinstance(parent, list) and isinstance(step, str):
        step = _index_by_id(parent, step, text)
    if isinstance(parent, dict):
        if step not in parent:
            parent[step] = {}
        return parent[step]
    if isinstance(parent, list) and isinstance(step, int) and step < len(parent):
        return parent[step]
    raise ScenarioError(f"--set {text!r}: no field {_path(walked)} to set")


def _assign(parent: Any, step: str | int, value: Any, text: str) -> None:
    if isinstance(parent, list) and isinstance(step, str):
        step = _index_by_id(parent, step, text)
    if isinstance(parent, dict) or (isinstance(parent, list) and isinstance(step, int)
                                     and step < len(parent)):
        parent[step] = value
        return
    raise ScenarioError(f"--set {text!r}: cannot set {step!r} here")


def _index_by_id(items: list, key: str, text: str) -> int:
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    if key in ids:
        return ids.index(key)
    raise ScenarioError(f"--set {text!r}: no item with id '{key}'{did_you_mean(key, ids)}")


def _path(loc: Iterable[str | int]) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


# Turning pydantic errors into lines. ------------------------------------------------------------

_NOISE = set(distributions.DISTRIBUTION_NAMES) | {"str", "float", "int", "list[str]", "dict[str,float]"}


def _explain(error: ValidationError) -> Iterable[str]:
    for problem in error.errors(include_url=False):
        loc = [step for step in problem["loc"] if not _is_noise(step)]
        path, message = _path(loc), _message(problem, loc)
        # Validators of the whole scenario put the field path first in their message.
        yield f"{path}: {message}" if path else message


def _is_noise(step: str | int) -> bool:
    """Union members pydantic adds to a location (``lognormal``, ``function-after[...]``)."""
    return isinstance(step, str) and (step in _NOISE or "[" in step or step.startswith("function"))


def _message(problem: dict, loc: list) -> str:
    kind, found = problem["type"], problem.get("input")
    if kind == "extra_forbidden":
        key = loc[-1] if loc else found
        return f"unknown key{did_you_mean(key, _FIELD_NAMES)}"
    if kind == "missing":
        return "required field is missing"
    if kind == "union_tag_invalid":
        tag = problem.get("ctx", {}).get("tag", found)
        return (f"unknown distribution '{tag}'{did_you_mean(tag, distributions.DISTRIBUTION_NAMES)}"
                f"; expected one of {', '.join(distributions.DISTRIBUTION_NAMES)}")
    if kind == "union_tag_not_found":
        return "expected a 'dist' field naming the distribution, e.g. {dist: exponential, mean: 5}"
    message = problem["msg"].removeprefix("Value error, ")
    if kind.startswith(("value_error", "assertion_error")):
        return message
    shown = "" if isinstance(found, (dict, list)) else f", found {found!r}"
    return f"{message[0].lower()}{message[1:]}{shown}"


def _all_field_names() -> set[str]:
    names: set[str] = set()
    for module in (scenario, distributions):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel):
                for field_name, field in value.model_fields.items():
                    names.add(field.alias or field_name)
    return names


_FIELD_NAMES = _all_field_names() | {"count", "prefix"}
