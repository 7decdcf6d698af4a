"""What the model records, column by column, and how it becomes tables.

The model writes into plain Python lists and arrays while it runs (cheap appends, no pandas);
:meth:`RunLog.frames` turns one replication's buffers into three DataFrames. Every time is in
minutes from the scenario's start (the opening time of a day run); a quantity that did not
happen is NaN, never a made-up timestamp.

**customers** — one row per arriving customer

=============== ======= ==================================================================
column          type    meaning
=============== ======= ==================================================================
replication     int     replication number, from 0 (added by the runner)
customer        int     arrival order within the replication, from 0
class           str     customer class
arrival         float   arrival instant
origin          str     walk_in | appointment | burst
slot            float   appointment slot of a booked customer (NaN otherwise)
ready           float   instant the customer joined the queue (a booked customer early for the
                        slot joins at the slot; everyone else at arrival)
ticket          float   ticket number (ticket halls; NaN otherwise or if balked)
line            str     counter whose line was chosen on arrival (multi_line), else ""
jockeys         int     voluntary line switches (multi_line)
transfers       int     moves forced by a closing counter (multi_line)
recalls         int     times the number was called again after a missed call (ticket)
first_call      float   instant of the first call, when it went unanswered (ticket; NaN
                        otherwise: the first call was the service start, or there was none)
service_start   float   instant service began (NaN if never)
service_end     float   instant service ended (NaN if never, or still in service at the end)
counter         str     counter that served the customer, else ""
outcome         str     served | reneged | balked | no_show | unserved
exit            float   instant the customer left (NaN if still inside at the end)
announced       float   wait shown on arrival (halls with an announcement; NaN otherwise)
wait            float   time waiting from ``ready``: to service start, or to leaving unserved
                        (0 if balked)
service_time    float   service_end − service_start
=============== ======= ==================================================================

``unserved`` means still inside when the run ended (steady state) or sent away at closing
(``after_close: leave``; then ``exit`` is the closing time).

A saved run (:mod:`queuesim.saved_log`) writes this table for people as well as programs:
the minutes rounded to the hundredth (0.6 s), and in a day run, after ``class``, the clock times
``arrival_clock``, ``service_start_clock``, ``service_end_clock`` and ``exit_clock`` as
``HH:MM:SS`` (empty when the instant did not happen; past midnight they go on counting,
``24:10:00``). A simulated day has no calendar date: ``replication`` numbers the days.

**timeline** — one row per change of state: ``time``, ``waiting`` (customers waiting to be
served; a ticket holder who has left is not counted), ``busy`` (counters serving or calling),
``open`` (counters open). Values hold from ``time`` until the next row.

**counters** — one row per counter: ``counter``, ``open_time``, ``busy_time``, ``absent_time``
(lost to calls nobody answered), ``served``, ``utilization`` (busy / open), all in minutes within
the measured window. The raw intervals behind them are kept in ``shifts`` (counter, start, end)
and ``calls`` (counter, customer, start, end).
"""

from __future__ import annotations

from array import array

import numpy as np
import pandas as pd

OUTCOMES = ("waiting", "served", "reneged", "balked", "no_show", "unserved")
"""Outcome codes as stored by the model (index); "waiting" is replaced at the end of a run."""
WAITING, SERVED, RENEGED, BALKED, NO_SHOW, UNSERVED = range(len(OUTCOMES))

NAN = float("nan")


class RunLog:
    """Buffers of one replication. The model writes the public lists directly by customer index."""

    def __init__(self, arrival: np.ndarray, klass: np.ndarray, origin: np.ndarray | None = None,
                 slot: np.ndarray | None = None):
        n = len(arrival)
        self.slot = np.full(n, np.nan) if slot is None else slot
        self.announced = [NAN] * n
        self.arrival = np.array(arrival, dtype=float)
        self.ready = self.arrival.copy()
        self.klass = klass
        self.origin = np.zeros(n, int) if origin is None else origin
        self.ticket = [NAN] * n
        self.line = [-1] * n
        self.jockeys = [0] * n
        self.transfers = [0] * n
        self.recalls = [0] * n
        self.first_call = [NAN] * n
        self.service_start = [NAN] * n
        self.service_end = [NAN] * n
        self.counter = [-1] * n
        self.outcome = [WAITING] * n
        self.exit = [NAN] * n
        self._time, self._waiting = array("d", [0.0]), array("l", [0])
        self._busy, self._open = array("l", [0]), array("l", [0])
        self.shifts: list[tuple[int, float, float]] = []
        self.calls: list[tuple[int, int, float, float]] = []

    def record_state(self, time: float, waiting: int, busy: int, open_: int) -> None:
        """Append a timeline row; rows at the same instant are merged into the last one."""
        if time == self._time[-1]:
            self._waiting[-1], self._busy[-1], self._open[-1] = waiting, busy, open_
        elif (waiting, busy, open_) != (self._waiting[-1], self._busy[-1], self._open[-1]):
            self._time.append(time)
            self._waiting.append(waiting)
            self._busy.append(busy)
            self._open.append(open_)

    def set_timeline(self, time, waiting, busy, open_) -> None:
        """Replace the timeline by whole columns (for an engine that computes it at once)."""
        self._time = np.asarray(time, float)  # arrays as they are: no copy element by element
        self._waiting, self._busy, self._open = (np.asarray(column, int)
                                                 for column in (waiting, busy, open_))

    def finish(self) -> None:
        """Mark everyone still inside as unserved (their exit stays NaN)."""
        self.outcome = [UNSERVED if o == WAITING else o for o in self.outcome]

    def frames(self, class_names: list[str], counter_ids: list[str],
               window: tuple[float, float]) -> dict[str, pd.DataFrame]:
        """The customers, timeline and counters tables of this replication.

        ``window`` (start, end) in minutes is the measured period of the counters table: a
        steady-state run leaves out its warm-up.
        """
        return {
            "customers": self._customers(class_names, counter_ids),
            "timeline": pd.DataFrame({"time": np.asarray(self._time, float),
                                      "waiting": np.asarray(self._waiting),
                                      "busy": np.asarray(self._busy),
                                      "open": np.asarray(self._open)}),
            "counters": self._counters(counter_ids, window),
        }

    def _customers(self, class_names, counter_ids) -> pd.DataFrame:
        from .model.draws import ORIGINS  # here: the model package imports this module

        ids = np.array([*counter_ids, ""], dtype=object)
        start, end = np.array(self.service_start), np.array(self.service_end)
        exit_ = np.array(self.exit)
        outcome = np.array(self.outcome)
        wait = np.where(np.isnan(start), exit_, start) - np.asarray(self.ready, float)
        return pd.DataFrame({
            "customer": np.arange(len(self.arrival)),
            "class": pd.Categorical.from_codes(self.klass, categories=class_names),
            "arrival": self.arrival,
            "origin": pd.Categorical.from_codes(self.origin, categories=list(ORIGINS)),
            "slot": self.slot,
            "ready": np.asarray(self.ready, float),
            "ticket": np.array(self.ticket),
            "line": ids[np.array(self.line, dtype=int)],
            "jockeys": np.array(self.jockeys),
            "transfers": np.array(self.transfers),
            "recalls": np.array(self.recalls),
            "first_call": np.asarray(self.first_call, float),
            "service_start": start,
            "service_end": end,
            "counter": ids[np.array(self.counter, dtype=int)],
            "outcome": pd.Categorical.from_codes(outcome, categories=list(OUTCOMES)),
            "exit": exit_,
            "announced": np.asarray(self.announced, float),
            "wait": wait,
            "service_time": end - start,
        })

    def _counters(self, counter_ids, window) -> pd.DataFrame:
        low, high = window
        n = len(counter_ids)
        desk = np.array(self.counter, dtype=int)
        start, end = np.array(self.service_start), np.array(self.service_end)
        served_here = desk >= 0
        busy = np.bincount(desk[served_here], _overlap(start, np.where(np.isnan(end), high, end),
                                                       low, high)[served_here], minlength=n)
        done = served_here & (end >= low) & (end <= high)
        served = np.bincount(desk[done], minlength=n)
        open_time, absent = (np.bincount(*_intervals(rows, low, high), minlength=n)
                             for rows in (self.shifts, [row[::2] + row[3:] for row in self.calls]))
        with np.errstate(invalid="ignore", divide="ignore"):
            utilization = np.where(open_time > 0, busy / open_time, np.nan)
        return pd.DataFrame({"counter": list(counter_ids), "open_time": open_time,
                             "busy_time": busy, "absent_time": absent, "served": served,
                             "utilization": utilization})


def _intervals(rows: list[tuple[int, float, float]], low: float, high: float):
    """Counter indexes and clipped lengths of (counter, start, end) rows, for ``bincount``."""
    table = np.array(rows, dtype=float).reshape(-1, 3)
    return table[:, 0].astype(int), _overlap(table[:, 1], table[:, 2], low, high)


def _overlap(start, end, low: float, high: float):
    """Lengths of [start, end] ∩ [low, high], minutes (arrays or numbers)."""
    return np.maximum(0.0, np.minimum(end, high) - np.maximum(start, low))
