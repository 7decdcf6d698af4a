"""What the duty manager can do: options in words, and what they do to the counters' hours.

An option is one or more actions joined by ``and`` (or ``;``)::

    nothing                         do nothing (always run, the baseline)
    open T5 now                     open a counter now (or: at 12:00), until closing time
    open T5 now until 13:00         ... or until a given time
    open T6 now like T1             a counter the scenario does not have, serving like T1
    close T2 at 12:30               (or: now) it finishes the customer at the counter first
    extend T3 to 14:00              keep an open counter open until 14:00 (skips a break)
    move T4 to business,vip         from now on T4 serves these classes, in this order

Counter hours are lists of (start, end) in minutes after midnight; :func:`apply` changes them
(and a counter's classes) in place. Words are checked when read, with a did-you-mean, so that a
typo never silently runs "nothing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..clock import parse_time
from ..errors import ScenarioError, did_you_mean

VERBS = ("nothing", "open", "close", "extend", "move")
NOTHING = "nothing"
_WHEN = r"(now|at\s+\S+)"
_GRAMMAR = {
    "open": re.compile(rf"^open\s+(\S+)\s+{_WHEN}(?:\s+until\s+(\S+))?(?:\s+like\s+(\S+))?$"),
    "close": re.compile(rf"^close\s+(\S+)\s+{_WHEN}$"),
    "extend": re.compile(r"^extend\s+(\S+)\s+(?:to|until)\s+(\S+)$"),
    "move": re.compile(r"^move\s+(\S+)\s+to\s+(\S+(?:\s*,\s*\S+)*)$"),
}
_EXAMPLE = {"open": "open T5 now | open T5 at 12:00 [until 13:00] [like T1]",
            "close": "close T2 now | close T2 at 12:30", "extend": "extend T3 to 14:00",
            "move": "move T4 to business,vip"}


@dataclass(frozen=True)
class Action:
    """One change to one counter; times in minutes after midnight (``at`` None: now)."""

    verb: str
    counter: str
    at: float | None = None
    until: float | None = None
    like: str | None = None
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    """An option as written, and its actions (none for "nothing")."""

    text: str
    actions: tuple[Action, ...] = field(default=())


def parse_option(text: str, counters: list[str], classes: list[str]) -> Option:
    """Read an option; ``counters`` and ``classes`` are the scenario's ids and class names.

    Raises
    ------
    ScenarioError
        Naming the option, what was expected and what was found, with a did-you-mean.
    """
    words = " ".join(str(text).split())
    if words.lower() in (NOTHING, "do nothing"):
        return Option(NOTHING)
    parts = [p.strip() for p in re.split(r"\s+and\s+|;", words) if p.strip()]
    try:
        return Option(words, tuple(_action(part, counters, classes) for part in parts))
    except ValueError as error:
        raise ScenarioError(f"--option {text!r}: {error}") from None


def _action(text: str, counters: list[str], classes: list[str]) -> Action:
    verb = text.split()[0].lower()
    if verb not in _GRAMMAR:
        raise ValueError(f"unknown action '{verb}'{did_you_mean(verb, VERBS)}; expected one "
                         f"of {', '.join(VERBS)}")
    match = _GRAMMAR[verb].match(verb + text[len(verb):])
    if not match:
        raise ValueError(f"expected '{_EXAMPLE[verb]}', found '{text}'")
    counter = _counter(match[1], counters, verb == "open" and match[4] is not None)
    if verb == "move":
        names = tuple(n.strip() for n in match[2].split(","))
        for name in names:
            if name not in classes:
                raise ValueError(f"unknown class '{name}'{did_you_mean(name, classes)}")
        return Action(verb, counter, classes=names)
    if verb == "extend":
        return Action(verb, counter, until=_clock(match[2]))
    at = None if match[2] == "now" else _clock(match[2].split()[1])
    if verb == "close":
        return Action(verb, counter, at=at)
    like = match[4]
    if like is not None and like not in counters:
        raise ValueError(f"like: unknown counter '{like}'{did_you_mean(like, counters)}")
    until = None if match[3] is None else _clock(match[3])
    return Action(verb, counter, at=at, until=until, like=like)


def _counter(name: str, counters: list[str], new_allowed) -> str:
    if name in counters or new_allowed:
        return name
    hint = did_you_mean(name, counters)
    extra = "" if hint else f"; to add a counter say 'open {name} now like {counters[0]}'"
    raise ValueError(f"unknown counter '{name}'{hint}{extra}")


def _clock(text: str) -> float:
    try:
        return parse_time(text)
    except ValueError as error:
        raise ValueError(str(error)) from None


def apply(option: Option, hours: dict[str, list[tuple[float, float]]],
          serves: dict[str, list | None], now: float, close: float) -> None:
    """Change ``hours`` and ``serves`` (by counter id) in place by the option's actions.

    ``now`` and ``close`` (minutes after midnight) are the state's time and the end of the
    simulated arrivals; a new counter (``like``) gets its model's classes.
    """
    for action in option.actions:
        start = now if action.at is None else max(action.at, now)
        if action.verb == "open":
            if action.like is not None:
                serves[action.counter] = serves[action.like]
            hours[action.counter] = union(hours.get(action.counter, []),
                                          (start, action.until or close))
        elif action.verb == "close":
            hours[action.counter] = cut(hours[action.counter], start)
        elif action.verb == "extend":
            hours[action.counter] = union(hours[action.counter], (now, action.until))
        else:
            serves[action.counter] = list(action.classes)


def union(intervals: list[tuple[float, float]], extra: tuple[float, float]
          ) -> list[tuple[float, float]]:
    """Sorted, merged intervals covering ``intervals`` and ``extra`` (minutes)."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted([*intervals, extra]):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def cut(intervals: list[tuple[float, float]], at: float) -> list[tuple[float, float]]:
    """The intervals with everything from ``at`` on removed (minutes)."""
    return [(s, min(e, at)) for s, e in intervals if s < at]


def without(intervals: list[tuple[float, float]], start: float, end: float
            ) -> list[tuple[float, float]]:
    """The intervals with [start, end) removed (minutes)."""
    kept = [(s, min(e, start)) for s, e in intervals] + [(max(s, end), e) for s, e in intervals]
    return union([(s, e) for s, e in kept if e > s], (0.0, 0.0))
