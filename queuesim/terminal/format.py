"""How the terminal writes a figure: its name and unit from the catalogue, the number in that
unit, its 95 % confidence interval as ``[low, high]`` and a signed difference with a real minus
sign (−), so that ``−4.1 [−5.0, −3.1]`` cannot be misread as a range.

The names of the KPIs come from :mod:`queuesim.i18n.kpis`, the same names the report pages use.
Shares are shown in percent (differences of shares in percentage points), times in minutes.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from .. import i18n

SHARES = frozenset({"service_level", "abandon_rate", "balk_rate", "utilization",
                    "overtaken_share", "worse_than_expected", "as_expected",
                    "better_than_expected", "announce_within_5"})
MINUTES = frozenset({"wait_mean", "wait_p50", "wait_p90", "wait_p95", "wait_max", "overtime",
                     "open_time", "busy_time", "absent_time", "perceived_wait_mean",
                     "announce_error", "announce_error_abs"})
PEOPLE = frozenset({"arrivals", "served", "balked", "reneged", "no_show", "unserved",
                    "waiting_mean", "waiting_max"})
MINUS = "\N{MINUS SIGN}"


language = i18n.language
"""The language of the tables: ``lang`` if given, else the one chosen for this command."""

words = i18n.texts
"""Every string of the catalogue in the language of the tables."""


def with_sign(value: float, digits: int = 1) -> str:
    """A change with its sign and a true minus sign: ``+1.3``, ``−4.1``."""
    return f"{value:+.{digits}f}".replace("-", MINUS)


def unit(kpi: str, lang: str | None = None, difference: bool = False) -> str:
    """The unit of a KPI (``min``, ``%``, ``people``; ``pp`` for a difference of shares), or
    ``""`` for a plain number."""
    text = words(lang)
    if kpi in SHARES:
        return text["term_unit_points"] if difference else text["unit_percent"]
    if kpi in MINUTES:
        return text["unit_minutes"]
    return text["unit_people"] if kpi in PEOPLE else ""


def label(kpi: str, lang: str | None = None, difference: bool = False,
          separator: str = " ") -> str:
    """A KPI's name with its unit: ``mean wait (min)``, ``平均等候时间（分钟）`` (``separator``
    goes between name and unit in English: a newline for a column heading)."""
    text = words(lang)
    name = text.get(kpi, kpi.replace("_", " "))
    suffix = unit(kpi, lang, difference)
    if not suffix:
        return name
    if language(lang) == "zh":
        return f"{name}{separator.strip(' ')}（{suffix}）"
    return f"{name}{separator}({suffix})"


def number(kpi: str, value: float | None) -> str:
    """A KPI value in its unit (percent for shares, minutes for times, one decimal), a real
    minus sign for a negative value, or a dash for none."""
    if value is None or value != value:
        return "–"
    shown = f"{100 * value:.1f}" if kpi in SHARES else f"{value:.1f}"
    return shown.replace("-", MINUS)


def signed(kpi: str, value: float | None) -> str:
    """A difference: ``+1.2``, ``−1.2`` (``−0.0`` for a small negative one), ``0`` for none
    at all, a dash for a missing one."""
    if value == 0:
        return "0"
    shown = number(kpi, value)
    if shown == "–" or shown.startswith(MINUS):
        return shown
    return f"+{shown}"


def bracket(kpi: str, low: float | None, high: float | None, difference: bool = False) -> str:
    """A 95 % CI as ``[low, high]`` (``[−5.0, −3.1]`` for a difference), or ``""`` without."""
    if low is None or high is None or low != low or high != high:
        return ""
    show = signed if difference else number
    return f"[{show(kpi, low)}, {show(kpi, high)}]"


def interval(kpi: str, stat: dict) -> str:
    """``lo–hi`` in the KPI's unit, or ``n=1`` when there is no interval (the pages' form)."""
    low, high = stat["ci95"]
    if low is None:
        return f"n={stat['n']}"
    return f"{number(kpi, low)}–{number(kpi, high)}"


def verdict(stat: dict, goal: float, above: bool) -> str:
    """``met`` / ``missed`` when the whole CI is on one side of the goal, ``no data`` without a
    mean, else ``unclear (CI spans it)`` (English keys; :func:`verdict_word` and the pages
    translate them)."""
    low, high = stat["ci95"]
    if stat["mean"] is None:
        return "no data"
    if low is None:
        low = high = stat["mean"]
    if (low >= goal) if above else (high <= goal):
        return "met"
    if (high < goal) if above else (low > goal):
        return "missed"
    return "unclear (CI spans it)"


VERDICT_KEYS = {"met": "met", "missed": "missed", "no data": "no_data",
                "unclear (CI spans it)": "term_unclear"}


def verdict_word(stat: dict, goal: float, above: bool, lang: str | None = None) -> str:
    """The verdict of :func:`verdict` in the language of the tables (``not clear``)."""
    return words(lang)[VERDICT_KEYS[verdict(stat, goal, above)]]


def new_table() -> Table:
    """A table in the house form: a rule under the heading, no vertical lines (so that 80
    columns hold the figures)."""
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)


def framed(title: str, table: Table, note: str) -> Group:
    """The title, the table, its footnote and a blank line; title and footnote wrap at the
    terminal's width, not the table's."""
    return Group(Text(title, style="bold"), table, Text(note, style="dim"), Text(""))

