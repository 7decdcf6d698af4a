"""The state of a hall at an instant, read from its visit log.

At the instant t, from the visit log of :mod:`queuesim.calibration.visitlog`:

* **being served**: service began at or before t and had not ended (``service_start ≤ t <
  service_end``, or no end recorded);
* **waiting**: arrived at or before t, not yet served at t, and had not left (``left`` after t,
  or not recorded for someone later served); a visit that ended unserved with no time of leaving
  is left out (when they gave up is unknown);
* **arrived today**: visits of t's working day that arrived at or before t.

The log's counter names are kept when the scenario has them; otherwise (agents' names in a
call centre against a fitted hall's ``A1 … An``) each customer in service is put at the first
free counter of the scenario that serves their class. More in service than the scenario has
counters for is an error, or (``overflow="drop"``, for backtests of a fitted hall whose
counters are the capacity actually offered rather than the head count) those customers are
left out. In a hall with one line per counter, a waiting visit stands in the line of the
counter that later served it, where that counter is the hall's, open and serving its class;
otherwise (it gave up, or was served elsewhere) its line is unknown and the hall's line choice
places it (:func:`without_line` counts them, and the command says so). A log class with
several priorities is the fitted hall's ``<class>-p<priority>``
where the scenario has that class. The result is a state mapping, checked by
:func:`~.state.load_state` like a file.
"""

from __future__ import annotations

import pandas as pd

from ..errors import ScenarioError
from .state import State, Waiting, line_problems


def parse_instant(text: str) -> pd.Timestamp:
    """The ``--at`` instant, e.g. ``"2026-02-22 11:40"``."""
    try:
        return pd.Timestamp(str(text))
    except ValueError:
        raise ScenarioError(f"--at: expected a date and time such as \"2026-02-22 11:40\", "
                            f"found {text!r}") from None


def state_from_log(path, at: str, scenario, log_format: str = "visits") -> dict:
    """Read the visit log at ``path`` and return the state mapping at ``at``."""
    from ..calibration.visitlog import read_visit_log

    return state_at(read_visit_log(path, log_format).table, parse_instant(at), scenario)


def state_at(table: pd.DataFrame, at: pd.Timestamp, scenario, overflow: str = "error") -> dict:
    """The state mapping (see :mod:`.state`) of the visits in ``table`` at instant ``at``."""
    arrived = table["arrived"] <= at
    if arrived.any():  # only the working day of the instant
        table = table[table["day"] == table.loc[arrived, "day"].max()]
        arrived = table["arrived"] <= at
    begun = table["service_start"] <= at
    serving = table[begun & ~(table["service_end"] <= at)]
    not_gone = (table["left"] > at) | (table["left"].isna() & table["service_start"].notna())
    waiting = table[arrived & ~begun & not_gone & (table["outcome"] != "balked")]
    name = _class_names(scenario.class_names)
    waiting = waiting.sort_values("arrived")
    raw = {
        "time": at.strftime("%H:%M"),
        "counters": _counters(serving.sort_values("service_start"), scenario, at, name,
                              overflow),
        "waiting": [{"class": name(row), "since": _clock(row["arrived"], at)}
                    for _, row in waiting.iterrows()],
        "arrived_today": int(arrived.sum()),
    }
    if scenario.queue.structure == "multi_line":
        _lines(raw, [str(c or "") for c in waiting.get("counter", [""] * len(waiting))],
               scenario)
    return raw


def _lines(raw: dict, counters: list[str], scenario) -> None:
    """Give each waiting visit the line of the counter that later served them, where that
    counter is one of the hall's, open now and serving their class (in place). The log does
    not say in which line someone stood, only where they were served: one who moved to
    another line after the instant is placed in the later one."""
    state = State.model_validate({**raw, "waiting": []})
    for entry, counter in zip(raw["waiting"], counters, strict=True):
        person = Waiting.model_validate({**entry, "line": counter})
        if counter and not line_problems(person, state, scenario):
            entry["line"] = counter


def without_line(state: State, scenario) -> int:
    """How many of those waiting in a hall with one line per counter have no line (they
    rejoin by the hall's line choice); 0 in any other hall."""
    if scenario.queue.structure != "multi_line":
        return 0
    return sum(person.line is None for person in state.waiting)


def _class_names(names: list[str]):
    """The scenario's class of a visit (a row): ``<class>-p<priority>`` where it has one."""
    known = set(names)

    def name(row) -> str:
        split = f"{row['class']}-p{int(row['priority'])}"
        return split if split in known else str(row["class"])

    return name


def _counters(serving: pd.DataFrame, scenario, at: pd.Timestamp, class_name,
              overflow: str) -> dict:
    ids = [c.id for c in scenario.counters]
    classes = {c.id: set(c.preference(scenario.class_names)) for c in scenario.counters}
    taken: dict[str, dict] = {}
    for _, row in serving.iterrows():
        name, klass = str(row.get("counter") or ""), class_name(row)
        if name not in ids or name in taken:
            name = next((i for i in ids if i not in taken and klass in classes[i]), None)
        if name is None and overflow == "drop":
            continue
        if name is None:
            raise ScenarioError(f"{len(serving)} customers in service at {at} but the scenario "
                                f"has no free counter serving '{klass}' for one of them")
        taken[name] = {"serving": {"class": klass, "since": _clock(row["service_start"], at)}}
    return taken


def _clock(moment: pd.Timestamp, at: pd.Timestamp) -> str:
    """``HH:MM:SS`` of a moment of the same day as ``at`` (never after ``at``'s minute)."""
    moment = min(moment, at.floor("min"))
    return moment.strftime("%H:%M:%S")
