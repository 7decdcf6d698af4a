"""Clock times of the day and opening hours.

Scenario files speak in wall-clock times ("09:00", "11:30") while the model counts minutes from
the scenario's start (the hall's opening time in a day run). This module converts between the
two and parses opening hours such as ``"09:00-12:00"``; it knows nothing else of scenarios.
"""

from __future__ import annotations

import re

_TIME = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")


def parse_time(text: str) -> float:
    """Minutes after midnight of a ``"HH:MM"`` clock time (``"24:00"`` is allowed as day end).

    Raises
    ------
    ValueError
        With a message saying what was expected, for anything but ``HH:MM``.
    """
    match = _TIME.match(str(text).strip())
    if not match:
        raise ValueError(f"expected a clock time \"HH:MM\", found {text!r}")
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    if minutes > 24 * 60:
        raise ValueError(f"expected a clock time up to 24:00, found {text!r}")
    return float(minutes)


def format_time(minutes: float) -> str:
    """``"HH:MM"`` for minutes after midnight (rounded down to the minute)."""
    whole = int(minutes // 1)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def parse_interval(text: str) -> tuple[float, float]:
    """Start and end, in minutes after midnight, of an ``"HH:MM-HH:MM"`` interval.

    Raises
    ------
    ValueError
        When the text is not two clock times joined by ``-``, or the end is not after the start.
    """
    parts = str(text).split("-")
    if len(parts) != 2:
        raise ValueError(f"expected hours as \"HH:MM-HH:MM\", found {text!r}")
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if end <= start:
        raise ValueError(f"hours {text!r} end before they start")
    return start, end
