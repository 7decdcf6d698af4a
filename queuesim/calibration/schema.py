"""The visit log's columns: names, order, types and meaning, in one place.

A visit log has one row per visit to a hall (or call to a centre). Every reader produces this
table, whatever the file looked like, and :mod:`.observed` turns it into the simulator's
per-customer tables. Timestamps are real date-times (tz-naive); a visit's working ``day`` is
added by the reader.
"""

from __future__ import annotations

COLUMNS = ("visit", "branch", "class", "priority", "arrived", "called", "service_start",
           "service_end", "left", "outcome", "counter")
"""The visit log's columns, in this order."""

TIMESTAMPS = ("arrived", "called", "service_start", "service_end", "left")
REQUIRED = ("visit", "class", "arrived", "service_start", "service_end", "outcome")
"""Columns a file must have; the others may be absent (then empty, NaT or priority 0)."""

OUTCOMES = ("served", "abandoned", "no_show", "balked", "unserved")
"""``unserved``: still waiting when the log ends (not called before closing, or sent home)."""

MEANING = {
    "visit": "visit id, unique within (branch, day)",
    "branch": "branch or centre (optional)",
    "class": "service type (customer class)",
    "priority": "higher is served first (0 if unknown)",
    "arrived": "ticket taken / joined the queue",
    "called": "first call (ticket halls)",
    "service_start": "service began",
    "service_end": "service ended",
    "left": "gave up (if known)",
    "outcome": " | ".join(OUTCOMES),
    "counter": "counter or agent",
}

DAY_START = "04:00"
"""Default day boundary: a visit before 04:00 belongs to the previous working day (a hall open
past midnight keeps its late visits on the day they belong to)."""
