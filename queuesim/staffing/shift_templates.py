"""Shift templates: the kinds of staff shift a plan may use, read from YAML and validated.

A template says when a shift may start (a window of clock times), how long it lasts, where its
unpaid break may fall, what a paid hour costs and how many of it may be used. Templates come
from a file ``shifts: [...]`` (with an optional ``max_counters``) or, later, from the same list
inside a scenario. :mod:`queuesim.staffing.shifts` turns them into the cheapest plan for a
requirement. Times are clock times ``"HH:MM"`` and minutes; costs are currency units (e.g. yuan)
per paid hour. Errors name the file and the YAML path, one line per problem.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from ..clock import format_time, parse_interval, parse_time
from ..errors import ScenarioError
from ..limits import FINITE, MAX_COUNTERS, MAX_NAME

_DAY = 24 * 60.0  # minutes


def _loader():
    """The scenario loader, imported late: the scenario itself holds shift templates."""
    from .. import loader

    return loader


class _Model(BaseModel):
    model_config = FINITE


def parse_window(text: str) -> tuple[float, float]:
    """First and last minute after midnight of a window ``"HH:MM-HH:MM"`` or one ``"HH:MM"``.

    Unlike opening hours, a window may start and end at the same time (a single start time).

    Raises
    ------
    ValueError
        When the text is not one or two clock times, or the window ends before it starts.
    """
    parts = str(text).split("-")
    if len(parts) > 2:
        raise ValueError(f'expected "HH:MM-HH:MM" or "HH:MM", found {text!r}')
    first, last = parse_time(parts[0]), parse_time(parts[-1])
    if last < first:
        raise ValueError(f"{text!r} ends before it starts")
    return first, last


class BreakRule(_Model):
    """An unpaid break inside a shift: the window it must lie in and its length."""

    window: str = Field(description='Clock times "HH:MM-HH:MM" the whole break lies in.')
    length: int | list[int] = Field(
        description="Minutes: a number, or [shortest, longest] for any whole number of periods "
        "between the two (the optimiser picks).")

    @field_validator("window")
    @classmethod
    def _window_is_hours(cls, value):
        parse_interval(value)
        return value

    @field_validator("length", mode="before")
    @classmethod
    def _length(cls, value):
        items = value if isinstance(value, list) else [value]
        whole = all(isinstance(v, (int, float)) and not isinstance(v, bool)
                    and float(v).is_integer() and v > 0 for v in items)
        if not whole or len(items) != (2 if isinstance(value, list) else 1):
            raise ValueError("expected whole minutes above 0, or [shortest, longest], "
                             f"found {value!r}")
        if items[0] > items[-1]:
            raise ValueError(f"[shortest, longest] is in the wrong order: {value}")
        return [int(v) for v in items] if isinstance(value, list) else int(value)

    @model_validator(mode="after")
    def _window_holds_the_break(self):
        first, last = parse_interval(self.window)
        if last - first < self.shortest:
            raise ValueError(f"window: {self.window} is {last - first:g} minutes, shorter than "
                             f"the {self.shortest}-minute break")
        return self

    @property
    def shortest(self) -> int:
        """Shortest allowed break, minutes."""
        return self.length[0] if isinstance(self.length, list) else self.length

    @property
    def longest(self) -> int:
        """Longest allowed break, minutes."""
        return self.length[-1] if isinstance(self.length, list) else self.length


class ShiftTemplate(_Model):
    """A kind of shift: when it may start, how long it lasts, its break, pay and count bounds."""

    name: str = Field(min_length=1, max_length=MAX_NAME,
                      description="Shown in plans, e.g. full_time.")
    start: str = Field(description='Allowed start times: a window "HH:MM-HH:MM" or one "HH:MM".')
    length: int = Field(gt=0, le=int(_DAY), description="Minutes on site, break included.")
    break_: BreakRule | None = Field(None, alias="break", description="Unpaid break, if any.")
    cost_per_hour: float = Field(
        gt=0, le=1e6,
        description="Pay per paid hour, currency units such as yuan; breaks are unpaid.")
    min_count: int = Field(0, ge=0, le=MAX_COUNTERS,
                           description="Use at least this many of this shift.")
    max_count: int | None = Field(None, ge=0, le=MAX_COUNTERS,
                                  description="Use at most this many (none: any).")

    @field_validator("start")
    @classmethod
    def _start(cls, value):
        parse_window(value)
        return value

    @model_validator(mode="after")
    def _ends_in_the_day(self):
        last = parse_window(self.start)[1]
        if last + self.length > _DAY:
            raise ValueError(f"length: starting at {format_time(last)}, a {self.length}-minute "
                             "shift ends after 24:00")
        return self

    @model_validator(mode="after")
    def _counts_in_order(self):
        if self.max_count is not None and self.min_count > self.max_count:
            raise ValueError(f"min_count: {self.min_count} is more than max_count "
                             f"{self.max_count}")
        return self

    @model_validator(mode="after")
    def _break_inside_the_shift(self):
        rule = self.break_
        if rule is None:
            return self
        if rule.longest >= self.length:
            raise ValueError(f"break.length: a {rule.longest}-minute break leaves no work in a "
                             f"{self.length}-minute shift")
        (first, last), (opens, closes) = parse_window(self.start), parse_interval(rule.window)
        if closes - rule.shortest <= first or opens >= last + self.length - rule.shortest:
            raise ValueError(f"break.window: a {rule.shortest}-minute break in {rule.window} "
                             f"cannot fall inside the shift, which works from "
                             f"{format_time(first)} to {format_time(last + self.length)} at most")
        return self


class ShiftsConfig(_Model):
    """The shift templates a plan may use, and the hall's physical limit on counters."""

    shifts: list[ShiftTemplate] = Field(min_length=1, description="The shift templates.")
    max_counters: int | None = Field(
        None, ge=1, le=MAX_COUNTERS,
        description="Physical counters: the most staff on duty at once (none: any).")
    currency: str | None = Field(
        None, min_length=1, max_length=20,
        description="Currency of cost_per_hour, shown beside every cost, e.g. yuan or 元 "
        "(none: costs are shown as cost units).")

    @model_validator(mode="after")
    def _names_unique(self):
        names = [template.name for template in self.shifts]
        for index, name in enumerate(names):
            if name in names[:index]:
                raise ValueError(f"shifts[{index}].name: '{name}' is used twice")
        return self


# Reading shift files. ---------------------------------------------------------------------------


def load_shifts(source: str | Path | Mapping) -> ShiftsConfig:
    """Read and validate shift templates.

    Parameters
    ----------
    source
        A YAML file path, or a mapping with the same content (``shifts: [...]`` and an optional
        ``max_counters``).

    Raises
    ------
    ScenarioError
        One line per problem, naming the file and the field, e.g.
        ``shifts.yaml: shifts[1].break.window: ...``.
    """
    name = str(source) if isinstance(source, (str, Path)) else "<shifts>"
    raw = _read_yaml(Path(source)) if isinstance(source, (str, Path)) else dict(source)
    try:
        return ShiftsConfig.model_validate(raw)
    except ValidationError as error:
        raise ScenarioError(_loader().explain(error, join_inner_paths=True), name) from None


def _read_yaml(path: Path) -> Any:
    data = _loader().read_yaml(path)
    return {} if data is None else data


# Patterns: every concrete shift a template allows on the period grid. ---------------------------


def grid_problems(templates: Sequence[ShiftTemplate], period: float,
                  day_start: float) -> list[str]:
    """Lines naming each template window or break range that holds no value on the grid.

    Parameters
    ----------
    templates
        The templates, in file order (``shifts[i]`` in the lines).
    period
        Grid step, minutes.
    day_start
        Minutes after midnight of model minute 0: the grid is ``day_start + k * period``.
    """
    problems: list[str] = []
    for index, template in enumerate(templates):
        path, rule = f"shifts[{index}]", template.break_
        problems += _off_grid(f"{path}.start", template.start, 0, period, day_start)
        lengths = _break_lengths(rule, period) if rule else [0]
        if rule and not lengths:
            problems.append(f"{path}.break.length: {rule.length} holds no whole number of "
                            f"{period:g}-minute periods; widen it to include "
                            f"{period * math.ceil(rule.shortest / period):g}")
        elif rule:
            problems += _off_grid(f"{path}.break.window", rule.window, min(lengths), period,
                                  day_start)
    return problems


def patterns(template: ShiftTemplate, period: float, day_start: float,
             day_end: float) -> list[tuple[float, float, float | None, float | None]]:
    """Every concrete shift of ``template``: start and break start on the grid, inside the day.

    Parameters
    ----------
    template
        The shift template.
    period
        Grid step, minutes.
    day_start
        Minutes after midnight of model minute 0.
    day_end
        End of the day, model minutes; shifts lie inside [0, day_end].

    Returns
    -------
    list of tuple
        ``(start, end, break_start, break_end)`` in model minutes; the break is ``None`` when
        the template has none, and always has work before and after it.
    """
    first, last = (value - day_start for value in parse_window(template.start))
    found = []
    for start in _grid(max(first, 0), min(last, day_end - template.length), period):
        end = start + template.length
        found += [(start, end, *pause)
                  for pause in _breaks(template.break_, start, end, period, day_start)]
    return found


def _grid(first: float, last: float, period: float) -> list[float]:
    """Grid times (multiples of ``period``) from ``first`` to ``last`` inclusive, minutes."""
    low, high = math.ceil(first / period - 1e-9), math.floor(last / period + 1e-9)
    return [k * period for k in range(low, high + 1)]


def _break_lengths(rule: BreakRule, period: float) -> list[float]:
    """A fixed length as given; a [shortest, longest] range as the multiples of the period."""
    if not isinstance(rule.length, list):
        return [rule.length]
    return _grid(rule.shortest, rule.longest, period)


def _off_grid(path: str, text: str, span: float, period: float, day_start: float) -> list[str]:
    """A problem line when window ``text`` holds no grid time followed by ``span`` minutes."""
    first, last = (value - day_start for value in parse_window(text))
    if _grid(first, last - span, period):
        return []
    wide = [day_start + period * round_(value / period) for round_, value in
            ((math.floor, first), (math.ceil, last))]
    return [f"{path}: {text} holds no start on the {period:g}-minute grid from "
            f"{format_time(day_start)}; widen it to {format_time(wide[0])}-{format_time(wide[1])}"]


def _breaks(rule: BreakRule | None, start: float, end: float, period: float,
            day_start: float) -> list[tuple[float | None, float | None]]:
    """(start, end) model minutes of each allowed break of a shift, work before and after."""
    if rule is None:
        return [(None, None)]
    opens, closes = (value - day_start for value in parse_interval(rule.window))
    return [(at, at + length) for length in _break_lengths(rule, period)
            for at in _grid(max(opens, start + period), min(closes, end) - length, period)
            if at + length < end]
