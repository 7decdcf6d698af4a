"""The state of a hall at an instant: the starting point of ``queuesim now``.

A state file (YAML) says what the duty manager sees: the time; which counters are open and whom
they are serving since when; who is waiting, since when; how many came in since opening; and the
changes already decided (a lunch break at 12:00), in the words of :mod:`.options`::

    time: "11:40"
    counters:
      T1: {serving: {class: personal, since: "11:31"}}
      T3: {open: false}                 # default: as the scenario's hours say
    waiting:
      - {class: personal, since: "11:12", ticket: 41}   # line: T2 (one line per counter)
    arrived_today: 130
    changes: ["close T2 at 12:30"]
    appointments:                       # bookings still due (default: the scenario's)
      - {class: business, at: "12:10", count: 2}

It is validated like a scenario — one line per problem naming the field, with a did-you-mean —
first on its own (:class:`State`), then against the scenario (:func:`check_against`): every
counter and class must exist, a counter serves only a class it serves, a closed counter serves
nobody, nobody joined or began service after the state's time, and the time lies in opening
hours; a waiting customer's line (one line per counter) is that of a counter open now that
serves their class; a booking still due is of a known class, at or after the state's time and before
closing. Clock times are ``"HH:MM"`` or ``"HH:MM:SS"``; internally minutes after midnight.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .. import i18n
from ..clock import format_time, parse_time
from ..errors import ScenarioError, did_you_mean
from ..loader import explain, read_yaml


def clock_minutes(text: str) -> float:
    """Minutes after midnight of ``"HH:MM"`` or ``"HH:MM:SS"``.

    Raises
    ------
    ValueError
        Saying what was expected.
    """
    parts = str(text).strip().split(":")
    if len(parts) == 3 and parts[2].isdigit() and len(parts[2]) == 2 and int(parts[2]) < 60:
        return parse_time(":".join(parts[:2])) + int(parts[2]) / 60
    try:
        return parse_time(text)
    except ValueError:
        raise ValueError(f'expected a clock time "HH:MM" or "HH:MM:SS", found {text!r}') from None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _OfClass(_Model):
    class_: str = Field(alias="class", description="Customer class, as in the scenario.")


class _Timed(_OfClass):
    since: str = Field(description='When it began, "HH:MM" or "HH:MM:SS".')

    @field_validator("since")
    @classmethod
    def _clock(cls, value):
        clock_minutes(value)
        return value

    @property
    def minutes(self) -> float:
        """``since`` in minutes after midnight."""
        return clock_minutes(self.since)


class Serving(_Timed):
    """The customer at a counter: their class and when their service began."""


class Waiting(_Timed):
    """A waiting customer: class, when they joined (``since``), their number if any."""

    ticket: int | None = Field(None, ge=0, description="Ticket number (orders equal times).")
    line: str | None = Field(None, description="The counter whose line they stand in, in a "
                             "hall with one line per counter (default: the hall's line choice).")


class Booking(_OfClass):
    """Customers booked for one slot still to come: no-show and lateness as the scenario's
    appointments of their class say (:mod:`.forward`)."""

    at: str = Field(description='The slot, "HH:MM".')
    count: int = Field(1, ge=1, le=1000, description="Customers booked for it (at most 1,000).")

    @field_validator("at")
    @classmethod
    def _clock(cls, value):
        parse_time(value)
        return value

    @property
    def minutes(self) -> float:
        """``at`` in minutes after midnight."""
        return parse_time(self.at)


class CounterState(_Model):
    """One counter now. Counters not listed are as the scenario's hours say, and idle."""

    open: bool | None = Field(None, description="Open now (default: as the scenario's hours).")
    until: str | None = Field(None, description='An open counter closes at "HH:MM" (default: '
                              "as the scenario's hours, or at closing time).")
    serving: Serving | None = Field(None, description="The customer at the counter, if any.")

    @field_validator("until")
    @classmethod
    def _clock(cls, value):
        if value is not None:
            parse_time(value)
        return value


class State(_Model):
    """The hall at an instant (see the module docstring)."""

    time: str = Field(description='The instant, "HH:MM", on a day of the scenario.')
    counters: dict[str, CounterState] = Field(default_factory=dict,
                                              description="Counters by id.")
    waiting: list[Waiting] = Field(default_factory=list, description="Who waits, any order.")
    arrived_today: int | None = Field(None, ge=0, description="Customers who came in since "
                                      "opening (for --today-so-far).")
    changes: list[str] = Field(default_factory=list, description="Changes already decided, "
                               "e.g. 'close T2 at 12:30' (apply to every option).")
    appointments: list[Booking] | None = Field(
        None, description="Bookings still due, replacing the scenario's appointments from now "
        "on (default: the scenario's slots after the state's time).")

    @field_validator("time")
    @classmethod
    def _clock(cls, value):
        parse_time(value)
        return value

    @property
    def minutes(self) -> float:
        """The instant in minutes after midnight."""
        return parse_time(self.time)

    def queue(self) -> list[Waiting]:
        """The waiting customers in the order they joined (ticket number breaks a tie)."""
        return sorted(self.waiting, key=lambda w: (w.minutes, w.ticket if w.ticket else 0))


def load_state(source: str | Path | Mapping, scenario) -> State:
    """Read a state file (or mapping) and check it against ``scenario`` (None: on its own).

    Raises
    ------
    ScenarioError
        One line per problem, naming the file and the field.
    """
    name = str(source) if isinstance(source, (str, Path)) else "<state>"
    raw = read_yaml(Path(source), "a state YAML file") if isinstance(source, (str, Path)) \
        else dict(source)
    if not isinstance(raw, dict):
        raise ScenarioError("expected a mapping of state fields (time: ..., waiting: ...)", name)
    try:
        state = State.model_validate(raw)
    except ValidationError as error:
        raise ScenarioError(explain(error), name) from None
    problems = [] if scenario is None else check_against(state, scenario)
    if problems:
        raise ScenarioError(problems, name)
    return state


def check_against(state: State, scenario) -> list[str]:
    """The lines of every way ``state`` contradicts ``scenario`` (none: it fits)."""
    clock, now = scenario.clock, state.minutes
    if clock.steady:
        return ["the scenario is a steady-state run; a state needs a day (clock.open/close)"]
    problems = []
    if not clock.start <= now < clock.start + clock.end:
        problems.append(f"time: {state.time} is outside opening hours "
                        f"{clock.open}-{clock.close}")
    problems += _counter_problems(state, scenario)
    problems += _change_problems(state, scenario)
    problems += _booking_problems(state, scenario)
    classes = scenario.class_names
    for i, person in enumerate(state.waiting):
        if person.class_ not in classes:
            problems.append(f"waiting[{i}].class: unknown class '{person.class_}'"
                            f"{did_you_mean(person.class_, classes)}")
        if person.minutes > now:
            problems.append(f"waiting[{i}].since: {person.since} is after the state's time "
                            f"{state.time}")
        if person.line is not None:
            problems += [f"waiting[{i}].line: {p}" for p in line_problems(person, state,
                                                                           scenario)]
    return problems


def line_problems(person: Waiting, state: State, scenario) -> list[str]:
    """Why ``person`` cannot stand in the line they are said to (none: they can)."""
    ids, line = [c.id for c in scenario.counters], person.line
    if scenario.queue.structure != "multi_line":
        return [f"the hall has no line per counter (queue.structure is "
                f"{scenario.queue.structure}); leave line out"]
    if line not in ids:
        return [f"unknown counter '{line}'{did_you_mean(line, ids)}"]
    counter = scenario.counters[ids.index(line)]
    if person.class_ in scenario.class_names and \
            person.class_ not in counter.preference(scenario.class_names):
        return [f"{line} does not serve '{person.class_}'"]
    if not open_now(state, scenario, counter):
        return [f"{line} is not open at {state.time}"]
    return []


def open_now(state: State, scenario, counter) -> bool:
    """Whether ``counter`` is open at the state's time: as the state says, else its hours."""
    told = state.counters.get(counter.id)
    if told is not None and told.open is not None:
        return told.open
    now = state.minutes - scenario.clock.start
    return any(start <= now < end for start, end in scenario.counter_hours(counter))


def _counter_problems(state: State, scenario) -> list[str]:
    ids = [c.id for c in scenario.counters]
    problems = []
    for counter_id, counter in state.counters.items():
        where = f"counters.{counter_id}"
        if counter_id not in ids:
            problems.append(f"{where}: unknown counter '{counter_id}'"
                            f"{did_you_mean(counter_id, ids)}")
            continue
        if counter.until is not None and parse_time(counter.until) <= state.minutes:
            problems.append(f"{where}.until: {counter.until} is not after the state's time "
                            f"{state.time}")
        if counter.serving is None:
            continue
        spec, person = scenario.counters[ids.index(counter_id)], counter.serving
        if counter.open is False:
            problems.append(f"{where}.serving: the counter is closed (open: false) but serving")
        if person.class_ not in scenario.class_names:
            problems.append(f"{where}.serving.class: unknown class '{person.class_}'"
                            f"{did_you_mean(person.class_, scenario.class_names)}")
        elif person.class_ not in spec.preference(scenario.class_names):
            problems.append(f"{where}.serving.class: {counter_id} does not serve "
                            f"'{person.class_}'")
        if person.minutes > state.minutes:
            problems.append(f"{where}.serving.since: {person.since} is after the state's time "
                            f"{state.time}")
    return problems


def _booking_problems(state: State, scenario) -> list[str]:
    classes, problems = scenario.class_names, []
    closing = scenario.clock.start + scenario.clock.end
    for i, booking in enumerate(state.appointments or []):
        if booking.class_ not in classes:
            problems.append(f"appointments[{i}].class: unknown class '{booking.class_}'"
                            f"{did_you_mean(booking.class_, classes)}")
        if booking.minutes < state.minutes:
            problems.append(f"appointments[{i}].at: {booking.at} is before the state's time "
                            f"{state.time} (a booked customer already here is waiting)")
        elif booking.minutes >= closing:
            problems.append(f"appointments[{i}].at: {booking.at} is not before closing time "
                            f"{scenario.clock.close}")
    return problems


def _change_problems(state: State, scenario) -> list[str]:
    from .options import parse_option

    ids, problems = [c.id for c in scenario.counters], []
    for i, text in enumerate(state.changes):
        try:
            parse_option(text, ids, scenario.class_names)
        except ScenarioError as error:
            problems.append(f"changes[{i}]: {str(error).split(': ', 1)[1]}")
    return problems


def describe(state: State, lang: str | None = None) -> str:
    """One line: ``11:40: 4 serving, 14 waiting`` (in ``lang``; None: the locale's)."""
    serving = sum(c.serving is not None for c in state.counters.values())
    return i18n.say("now_state_line", lang, time=format_time(state.minutes), serving=serving,
                    waiting=len(state.waiting))
