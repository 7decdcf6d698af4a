"""``--set`` on a listed hall's counters: how many there are, and a counter added by name.

A scenario that lists its counters one by one has no single ``count`` to change, yet "what if
we had 3, 4 or 5 counters" is the first question asked of it, and "a fifth counter from 11:00
to 14:00" the second. :mod:`queuesim.loader` hands these overrides of ``counters`` to
:func:`set_counters`, which edits the raw list before validation (so the result is checked
exactly like a file):

- ``counters.count=N`` keeps the first N counters when N is smaller than the list, and adds
  copies of the hall's most general staffed counter when it is larger — the one serving the most
  classes, open all day, with the fewest preference levels, first in the file on a tie. Copies
  are named after it, numbered on from the highest number in use (T1 → T5, T6). A count that
  would leave a class without a counter is refused, naming the class.
- ``counters.T5={hours: ["11:00-14:00"], serves: [personal]}`` adds a counter named T5 when no
  counter has that id, and replaces the counter T5 (keeping its id) when one has.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import ScenarioError, did_you_mean
from .limits import MAX_COUNTERS

_NUMBERED = re.compile(r"^(.*?)(\d*)$")


def set_counters(counters: list, key: str, value: Any, classes: Any, text: str) -> list:
    """The list of raw counters after the override ``text`` (``counters.KEY=VALUE``).

    ``classes`` is the raw ``customers`` mapping (to check that every class keeps a counter).

    Raises
    ------
    ScenarioError
        For a count that is not a whole number from 1 to 1,000 or leaves a class unserved, and
        for a new counter given as anything but a mapping of its fields.
    """
    ids = [item.get("id") if isinstance(item, dict) else None for item in counters]
    if key == "count" and key not in ids:
        return resize(counters, value, classes, text)
    if isinstance(value, dict) and value.get("id", key) != key:
        raise ScenarioError(f"--set {text!r}: the counter's id is {key!r} (from the path); "
                            f"remove 'id: {value['id']}' or use counters.{value['id']}")
    if key in ids:
        changed = list(counters)
        changed[ids.index(key)] = {"id": key, **value} if isinstance(value, dict) else value
        return changed
    if not isinstance(value, dict):
        raise ScenarioError(
            f"--set {text!r}: no counter with id '{key}'{did_you_mean(key, ids)}; to add one, "
            f"give its fields as a mapping, e.g. counters.{key}='{{hours: [\"11:00-14:00\"]}}'")
    return [*counters, {"id": key, **value}]


def check_shorthand_field(key: str, value: Any, text: str) -> None:
    """Refuse a counter added by name to the ``{count: N}`` or ``{profile: ...}`` shorthand,
    whose counters have no ids of their own (a field of all of them passes)."""
    from .scenario import Counter

    if isinstance(value, dict) and key not in {*Counter.model_fields, "count", "prefix",
                                               "profile"}:
        raise ScenarioError(f"--set {text!r}: counters is a shorthand for counters that are "
                            "all alike and have no ids; list the counters in the file to add "
                            "one by name")


def resize(counters: list, count: Any, classes: Any, text: str) -> list:
    """The first ``count`` counters, or the list and copies of its most general counter."""
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNTERS:
        raise ScenarioError(f"--set {text!r}: expected a whole number of counters from 1 to "
                            f"{MAX_COUNTERS:,}, found {count!r}")
    if count <= len(counters):
        kept = counters[:count]
        _check_every_class_served(kept, classes, text, len(counters))
        return kept
    model = most_general(counters, classes)
    if model is None:
        raise ScenarioError(f"--set {text!r}: the hall lists no staffed counter to copy; add "
                            "counters by name, e.g. counters.T9='{serves: [personal]}'")
    names = _new_ids(model["id"], [item.get("id") for item in counters
                                   if isinstance(item, dict)], count - len(counters))
    return [*counters, *({**model, "id": name} for name in names)]


def most_general(counters: list, classes: Any) -> dict | None:
    """The staffed counter (not a machine) serving the most classes, open all day, with the
    fewest preference levels; the first in the list on a tie. None if there is none."""
    staffed = [(index, item) for index, item in enumerate(counters)
               if isinstance(item, dict) and isinstance(item.get("id"), str)
               and not item.get("machine")]
    if not staffed:
        return None

    def generality(entry: tuple[int, dict]) -> tuple:
        index, item = entry
        serves = item.get("serves")
        levels = len(serves) if isinstance(serves, list) else 1
        return (len(_served(item, classes)), item.get("hours") is None, -levels, -index)

    return max(staffed, key=generality)[1]


def _new_ids(model: str, taken: list, how_many: int) -> list[str]:
    """``how_many`` new ids after ``model``'s pattern: its letters, then numbers from one above
    the highest in use with those letters (T1 with T1-T4 in use: T5, T6…)."""
    prefix = _NUMBERED.match(model).group(1)
    numbers = [int(match.group(2)) for match in map(_NUMBERED.match, map(str, taken))
               if match.group(1) == prefix and match.group(2)]
    names, number = [], max(numbers, default=1)
    while len(names) < how_many:
        number += 1
        if f"{prefix}{number}" not in taken:
            names.append(f"{prefix}{number}")
    return names


def _served(counter: dict, classes: Any) -> set[str]:
    """The class names a raw counter serves (every class when it names none)."""
    serves = counter.get("serves")
    if not isinstance(serves, list):
        return set(classes) if isinstance(classes, dict) else set()
    names: set[str] = set()
    for item in serves:
        names.update(item if isinstance(item, list) else [item])
    return {name for name in names if isinstance(name, str)}


def _check_every_class_served(kept: list, classes: Any, text: str, listed: int) -> None:
    if not isinstance(classes, dict):
        return  # the validator reports the missing customers
    served = set().union(*(_served(item, classes) for item in kept if isinstance(item, dict)))
    alone = [name for name in classes if name not in served]
    if alone:
        ids = ", ".join(str(item.get("id")) for item in kept if isinstance(item, dict))
        raise ScenarioError(
            f"--set {text!r}: keeping the first {len(kept)} of {listed} counters ({ids}) leaves "
            f"no counter for class {', '.join(map(repr, alone))}; give a larger count, or "
            "change the counters by id (counters.ID.hours=...)")
