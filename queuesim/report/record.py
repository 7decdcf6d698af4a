"""What a page records of a scenario: the fields it sets, the full scenario folded away, and
what an option changes.

A run page and a comparison page are records: the scenario with the seed and the number of
days gives the same numbers again. What a reader wants to see is the scenario as written, the
fields that differ from the defaults; the full scenario with every default is folded under a
``<details>``. An option of a comparison is told apart from the baseline by the fields that
differ, named by key paths in the ``--set`` syntax (``counters.T4.hours``,
``customers.vip.share``) with their new values; the baseline itself by the ``--set`` changes to
its file. Counters are matched by ``id``, so adding a counter is one change, not a shift of
every later one.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import ScenarioError
from ..loader import load_scenario
from .page import escape

REMOVED = object()
"""The value of a field that an option leaves out."""
IGNORED = frozenset({"name", "description"})
"""Top-level fields that name a scenario rather than change the hall."""
WIDEST = 120
"""Characters of a value shown in the options table before it is cut with "…"."""


def raw(scenario, defaults: bool = True) -> dict:
    """The scenario as a plain mapping (with or without the fields left at their defaults)."""
    return scenario.model_dump(mode="json", by_alias=True, exclude_none=True,
                               exclude_defaults=not defaults)


def yaml_text(mapping: dict) -> str:
    """YAML text of a mapping, keys in the scenario's order, Chinese left readable."""
    return yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)


def written_text(scenario) -> str:
    """The scenario as written: the fields that differ from their defaults, loadable again."""
    return yaml_text(raw(scenario, defaults=False))


def scenario_block(scenario, text: dict[str, str]) -> str:
    """The scenario as written, then the full scenario folded (``<details>``)."""
    return (f"<pre>{escape(written_text(scenario))}</pre>"
            f'<details class="full-scenario"><summary>{escape(text["full_scenario"])}</summary>'
            f"<pre>{escape(yaml_text(raw(scenario)))}</pre></details>")


def changes(before: dict, after: dict, path: str = "") -> list[tuple[str, object]]:
    """The fields of ``after`` that differ from ``before``, as (key path, new value) pairs
    (:data:`REMOVED` for a field that ``after`` leaves out), in ``after``'s order."""
    if isinstance(before, list) and isinstance(after, list) and _by_id(before, after):
        before, after = ({item["id"]: item for item in side} for side in (before, after))
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return [] if before == after else [(path, after)]
    found: list[tuple[str, object]] = []
    for key in [*after, *(k for k in before if k not in after)]:
        if not path and key in IGNORED:
            continue
        where = f"{path}.{key}" if path else str(key)
        if key not in before:
            found.append((where, after[key]))
        elif key not in after:
            found.append((where, REMOVED))
        else:
            found.extend(changes(before[key], after[key], where))
    return found


def _by_id(*sides: list) -> bool:
    return all(isinstance(item, dict) and "id" in item for side in sides for item in side)


def option_changes(option, baseline) -> list[tuple[str, object]] | None:
    """What an option changes: against the baseline's scenario, or for the baseline itself,
    against the file it was read from (the ``--set`` and ``--vary`` changes; ``None`` when
    there is no file or it cannot be read any more)."""
    if option is not baseline:
        return changes(raw(baseline.scenario), raw(option.scenario))
    source = Path(option.source) if option.source and option.source != "<scenario>" else None
    if source is None or not source.is_file():
        return None
    try:
        as_filed = load_scenario(source)
    except ScenarioError:
        return None
    return changes(raw(as_filed), raw(option.scenario))


def value_text(path: str, value, text: dict[str, str]) -> str:
    """A changed value as a reader sees it: words for a queue structure, a mark for a removed
    field, compact YAML for the rest (cut at :data:`WIDEST` characters)."""
    if value is REMOVED:
        return text["removed"]
    if path == "queue.structure" and value in ("single_line", "multi_line", "ticket"):
        return text[value]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        shown = str(value)
    elif isinstance(value, float):
        shown = f"{value:.4g}"
    else:
        shown = yaml.safe_dump(_rounded(value), default_flow_style=True, allow_unicode=True,
                               width=10**6).strip().removesuffix("...").strip()
    return shown if len(shown) <= WIDEST else shown[:WIDEST - 1] + "…"


def _rounded(value):
    """Floats to 4 significant digits (a share of 0.7058823529411765 reads 0.7059)."""
    if isinstance(value, float):
        return float(f"{value:.4g}")
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return [_rounded(item) for item in value] if isinstance(value, list) else value
