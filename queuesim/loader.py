"""Reading scenarios: YAML files, ``--set`` overrides, and readable validation errors.

``load_scenario`` is the only way into a :class:`~queuesim.scenario.Scenario` from outside. It
reads the YAML, applies ``PATH=VALUE`` overrides to the raw mapping (so an override is validated
exactly like the file), validates, and turns pydantic's errors into one line per problem, each
naming the file and the field path as it is written in YAML, with a did-you-mean for unknown keys.
The YAML reader rejects a key given twice in one mapping (naming both lines) and nesting deeper
than :data:`~queuesim.limits.MAX_DEPTH`; texts longer than the limits are rejected before
validation, so that no input, however large, costs more than a moment to refuse.

The lines speak the language of :func:`queuesim.i18n.current` (paths, keys and values found stay
as written). In English a validation problem is pydantic's own message; in another language it
is the catalogue's template for its pydantic error type (``pydantic.<type>``), filled with
pydantic's context; the messages of the scenario's own validators stay in English.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import counter_overrides, distributions, i18n, scenario
from .errors import ScenarioError, did_you_mean
from .limits import MAX_DEPTH, MAX_NAME, MAX_TEXT

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
        by id). VALUE is read as YAML, so numbers, lists and mappings work. On a list of
        counters, ``counters.count=N`` and ``counters.T5={...}`` (a new id) change how many
        there are: see :mod:`queuesim.counter_overrides`.

    Raises
    ------
    ScenarioError
        One line per problem, naming the file and the field.
    """
    name = str(source) if isinstance(source, (str, Path)) else "<scenario>"
    raw = _read_yaml(Path(source)) if isinstance(source, (str, Path)) else copy.deepcopy(
        dict(source))
    for text in overrides:
        try:
            apply_override(raw, text)
        except ScenarioError as error:
            raise error.with_source(name) from None
    oversized = _oversized(raw)
    if oversized:
        raise ScenarioError(oversized, name)
    try:
        return scenario.Scenario.model_validate(raw)
    except ValidationError as error:
        lines = explain(error)
        if isinstance(raw.get("counters"), dict):
            # {count: N} shorthand: the file has no counters[i], only the one mapping.
            lines = [re.sub(r"^counters\[\d+\]", "counters", line) for line in lines]
        raise ScenarioError(sorted(set(lines)), name) from None


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML, except that an unquoted ``17:30`` stays the text "17:30": YAML 1.1 reads it
    as the base-60 number 1050, but in a scenario it is always a clock time."""


def _clock_time_or_int(loader: _YamlLoader, node: yaml.ScalarNode) -> int | str:
    text = loader.construct_scalar(node)
    return text if ":" in text else loader.construct_yaml_int(node)


_YamlLoader.add_constructor("tag:yaml.org,2002:int", _clock_time_or_int)


class _TooDeep(yaml.MarkedYAMLError):
    """Nesting deeper than a scenario can use (and deep enough to exhaust Python's stack)."""


def _compose_node(loader: _YamlLoader, parent, index):
    """Compose a node, counting the nesting depth: one line instead of a RecursionError."""
    loader.depth = getattr(loader, "depth", 0) + 1
    try:
        if loader.depth > MAX_DEPTH:
            raise _TooDeep(problem=i18n.say("msg.too_deep", depth=MAX_DEPTH),
                           problem_mark=loader.peek_event().start_mark)
        return yaml.SafeLoader.compose_node(loader, parent, index)
    finally:
        loader.depth -= 1


def _mapping_without_duplicates(loader: _YamlLoader, node: yaml.MappingNode) -> dict:
    """A mapping whose keys are all different: in YAML the last of two equal keys silently
    wins, which hides a mistake, so the second one is an error naming both lines. Keys merged
    in with ``<<`` may be overridden, as YAML intends."""
    seen: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if isinstance(key, (str, int, float)) and key in seen:
            raise yaml.MarkedYAMLError(
                problem=i18n.say("msg.key_twice", name=repr(_short(key)), first=seen[key],
                                 second=line),
                problem_mark=key_node.start_mark)
        if isinstance(key, (str, int, float)):
            seen[key] = line
    return loader.construct_mapping(node, deep=True)


_YamlLoader.compose_node = _compose_node
_YamlLoader.add_constructor("tag:yaml.org,2002:map", _mapping_without_duplicates)


def read_yaml(path: Path, what: str = "a YAML file") -> Any:
    """The content of a YAML file (None if empty), or a ScenarioError naming the file and,
    for a syntax error, the line and column. Clock times such as 17:30 stay text."""
    if not path.exists():
        raise ScenarioError(i18n.say("msg.file_not_found"), str(path))
    if path.is_dir():
        raise ScenarioError(i18n.say("msg.is_folder", what=i18n.translated(what, "msg.file_")),
                            str(path))
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = i18n.say("msg.line_column", line=where.line + 1,
                        column=where.column + 1) if where else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ScenarioError(i18n.say("msg.unreadable_yaml", where=line, problem=problem),
                            str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(i18n.say("msg.cannot_read", error=error), str(path)) from None


def _read_yaml(path: Path) -> dict:
    data = read_yaml(path, "a scenario YAML file")
    if data is None:
        raise ScenarioError(i18n.say("msg.empty_scenario"), str(path))
    if not isinstance(data, dict):
        raise ScenarioError(i18n.say("msg.not_a_mapping", found=_describe(data)), str(path))
    return data


_MAX_VALUES = 1_000_000  # keys, items and values in one scenario (YAML aliases can multiply)


def _oversized(raw: Any) -> list[str]:
    """Lines for texts longer than the limits and structures too deep or too large to be a
    scenario: keys of at most MAX_NAME characters, other texts of at most MAX_TEXT."""
    problems, count, stack = [], 0, [((), raw)]
    while stack and len(problems) < 10:
        loc, value = stack.pop()
        count += 1
        if count > _MAX_VALUES or len(loc) > MAX_DEPTH:
            limit = (i18n.say("msg.too_many_values", limit=f"{_MAX_VALUES:,}")
                     if count > _MAX_VALUES else i18n.say("msg.too_deep_values", depth=MAX_DEPTH))
            return [*problems, _at(loc[:MAX_DEPTH], limit)]
        if isinstance(value, str) and len(value) > MAX_TEXT:
            problems.append(_at(loc, i18n.say("msg.text_too_long", limit=f"{MAX_TEXT:,}",
                                              length=f"{len(value):,}")))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and len(key) > MAX_NAME:
                    problems.append(_at(loc, i18n.say(
                        "msg.name_too_long", limit=MAX_NAME, length=f"{len(key):,}",
                        name=repr(_short(key)))))
                stack.append(((*loc, str(key)[:MAX_NAME]), item))
        elif isinstance(value, list):
            stack.extend(((*loc, index), item) for index, item in enumerate(value))
    return problems


def _at(loc: tuple, message: str) -> str:
    """A problem line: the YAML path (if any), then the message."""
    return f"{_path(loc)}: {message}" if loc else message


def _short(text: Any, length: int = 40) -> str:
    """``text`` as a string, cut to about ``length`` characters with an ellipsis."""
    text = str(text)
    return text if len(text) <= length else f"{text[:length]}…"


def apply_override(raw: dict, text: str) -> None:
    """Set one ``PATH=VALUE`` in the raw scenario mapping, in place."""
    if "=" not in text:
        raise ScenarioError(i18n.say("msg.set_needs_equals", text=repr(text)))
    path, value_text = text.split("=", 1)
    steps = [name if name else int(index) for name, index in _STEP.findall(path.strip())]
    if not steps:
        raise ScenarioError(i18n.say("msg.set_empty_path", text=repr(text)))
    try:
        value = yaml.load(value_text, Loader=_YamlLoader)
    except yaml.YAMLError:
        value = value_text
    parent = raw
    for depth, step in enumerate(steps[:-1]):
        parent = _child(parent, step, steps[: depth + 1], text)
    if steps[:-1] == ["counters"] and isinstance(steps[-1], str):
        if isinstance(parent, list):
            raw["counters"] = counter_overrides.set_counters(parent, steps[-1], value,
                                                             raw.get("customers"), text)
            return
        counter_overrides.check_shorthand_field(steps[-1], value, text)
    _assign(parent, steps[-1], value, text)


def _child(parent: Any, step: str | int, walked: list, text: str) -> Any:
    if isinstance(parent, list) and isinstance(step, str):
        step = _index_by_id(parent, step, text)
    forms = {"count": "{count: N}", "profile": "{profile: ...}"}
    shorthand = next((form for key, form in forms.items()
                      if isinstance(parent, dict) and key in parent and step not in parent), None)
    if shorthand:
        raise ScenarioError(i18n.say("msg.set_shorthand", text=repr(text),
                                     path=_path(walked[:-1]), form=shorthand))
    if isinstance(parent, dict) and isinstance(step, str):
        return parent.setdefault(step, {})
    if isinstance(parent, list) and isinstance(step, int) and step < len(parent):
        return parent[step]
    raise ScenarioError(i18n.say("msg.set_no_field", text=repr(text), path=_path(walked)))


def _assign(parent: Any, step: str | int, value: Any, text: str) -> None:
    if isinstance(parent, list) and isinstance(step, str):
        step = _index_by_id(parent, step, text)
    if isinstance(parent, dict) or (isinstance(parent, list) and isinstance(step, int)
                                     and step < len(parent)):
        parent[step] = value
        return
    raise ScenarioError(i18n.say("msg.set_cannot", text=repr(text), step=repr(step)))


def _index_by_id(items: list, key: str, text: str) -> int:
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    if key in ids:
        return ids.index(key)
    raise ScenarioError(i18n.say("msg.set_no_id", text=repr(text), item=key,
                                 suggestion=did_you_mean(key, ids)))


def _path(loc: Iterable[str | int]) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


# Turning pydantic errors into lines. ------------------------------------------------------------

_UNION_MEMBERS = {"str", "float", "int", "list[str]", "dict[str,float]"}
_NOISE = set(distributions.DISTRIBUTION_NAMES) | _UNION_MEMBERS


_INNER_PATH = re.compile(r"^(\w+(?:\.\w+|\[\d+\])*): (.*)$", re.DOTALL)


def explain(error: ValidationError, join_inner_paths: bool = False) -> list[str]:
    """One line per problem of a validation (a scenario, or a file of shift templates), the
    path as written in YAML; a misspelt required field is reported once, as the unknown key
    beside it. With ``join_inner_paths``, a validator's message that starts with a field path
    (``"break.window: ..."``) has it joined to the model's own path (``shifts[1].break.window``).
    """
    located = [([step for step in problem["loc"] if not _is_noise(step)], problem)
               for problem in _one_per_union(error.errors(include_url=False))]
    misspelt = _misspelt_fields(located)
    lines = []
    for loc, problem in located:
        if problem["type"] == "missing" and tuple(loc) in misspelt.values():
            continue  # reported once, as the misspelt key beside it
        path, message = _path(loc), _message(problem, loc, misspelt.get(tuple(loc)))
        inner = (_INNER_PATH.match(message)
                 if join_inner_paths and problem["type"] == "value_error" else None)
        if inner:
            path, message = (f"{path}.{inner[1]}" if path else inner[1]), inner[2]
        lines.append(f"{path}: {message}" if path else message)
    return list(dict.fromkeys(lines))


def _one_per_union(problems: list[dict]) -> list[dict]:
    """One report for a value that fits no member of a union (``float | dict[str, float]``):
    the errors inside the member it went furthest into, else one "a number or a mapping"."""
    kept, by_union = [], {}
    for problem in problems:
        loc = problem["loc"]
        cut = next((i for i, step in enumerate(loc) if step in _UNION_MEMBERS), None)
        if cut is None:
            kept.append(problem)
        else:
            by_union.setdefault(loc[:cut], []).append(problem)
    for root, members in by_union.items():
        deeper = [p for p in members if len(p["loc"]) > len(root) + 1]
        if deeper:
            kept.extend(deeper)
            continue
        expected = " or ".join(p["msg"].split(",")[0].removeprefix("Input should be ")
                               for p in members)
        kept.append({**members[0], "loc": root, "type": "union",
                     "msg": f"Input should be {expected}"})
    return kept


def _misspelt_fields(located: list) -> dict[tuple, tuple]:
    """Unknown keys that are a misspelling of a required field missing beside them (so the
    missing field is not reported a second time), as {unknown key path: missing field path}."""
    missing = [tuple(loc) for loc, problem in located if problem["type"] == "missing"]
    typos = {}
    for loc, problem in located:
        if problem["type"] == "extra_forbidden" and loc:
            beside = [m for m in missing if m[:-1] == tuple(loc[:-1])
                      and m not in typos.values() and did_you_mean(loc[-1], [m[-1]])]
            if beside:
                typos[tuple(loc)] = beside[0]
    return typos


def _is_noise(step: str | int) -> bool:
    """Union members pydantic adds to a location (``lognormal``, ``function-after[...]``)."""
    return isinstance(step, str) and (step in _NOISE or "[" in step or step.startswith("function"))


def _message(problem: dict, loc: list, meant: tuple | None = None) -> str:
    kind, found = problem["type"], problem.get("input")
    if kind == "extra_forbidden":
        key = loc[-1] if loc else found
        suggestion = (i18n.say("msg.did_you_mean", word=meant[-1]) if meant
                      else did_you_mean(key, _FIELD_NAMES))
        return i18n.say("pydantic.extra_forbidden", suggestion=suggestion)
    if kind == "union_tag_invalid":
        tag = problem.get("ctx", {}).get("tag", found)
        names = distributions.DISTRIBUTION_NAMES
        return i18n.say("pydantic.union_tag_invalid", tag=tag,
                        suggestion=did_you_mean(tag, names), known=", ".join(names))
    if kind == "model_attributes_type":
        kind = "model_type"
    if kind in ("missing", "union_tag_not_found", "too_short", "model_type"):
        return _from_template(kind, problem, found)
    message = problem["msg"].removeprefix("Value error, ")
    if kind.startswith(("value_error", "assertion_error")):
        return message
    if i18n.current() != "en":
        return _from_template(kind, problem, found)
    message = message.replace("a valid dictionary", "a mapping (key: value)")
    return f"{message[0].lower()}{message[1:]}, found {_describe(found)}"


def _from_template(kind: str, problem: dict, found: Any) -> str:
    """A problem in the current language from the catalogue's template for its pydantic type
    (numbers of the context as ``0.5``, not ``0.5000``); pydantic's message in an unknown
    type's template."""
    context = {name: f"{value:g}" if isinstance(value, float) else value
               for name, value in problem.get("ctx", {}).items()}
    table = i18n.texts()
    template = table.get(f"pydantic.{kind}")
    if template is None:
        return i18n.say("pydantic.other", message=problem["msg"], found=_describe(found))
    return template.format(**context, found=_describe(found))


def _describe(value: Any) -> str:
    """A found value as a reader would name it: its text, or "a list" / "a mapping"."""
    if isinstance(value, dict):
        return i18n.say("msg.found_mapping")
    if isinstance(value, list):
        return i18n.say("msg.found_list")
    if isinstance(value, str) and len(value) > 60:
        return i18n.say("msg.found_long_text", text=repr(_short(value)),
                        length=f"{len(value):,}")
    return repr(value)


def _all_field_names() -> set[str]:
    names: set[str] = set()
    from . import arrivals, experience_settings, waiting
    from .staffing import shift_templates

    for module in (scenario, distributions, arrivals, waiting, experience_settings,
                   shift_templates):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel):
                for field_name, field in value.model_fields.items():
                    names.add(field.alias or field_name)
    return names


_FIELD_NAMES = _all_field_names() | {"count", "prefix", "profile"}
