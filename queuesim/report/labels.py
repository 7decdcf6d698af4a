"""Units and labels of the KPIs on the report pages; the words come from :mod:`queuesim.i18n`.

KPI names use the stable names of :mod:`queuesim.metrics` as keys, and every KPI has a unit
(minutes, %, people, counters) shown on each axis and card.
"""

from __future__ import annotations

from .. import i18n
from ..errors import ScenarioError
from ..experience import SHARE_KPIS
from ..i18n import default_language

__all__ = ["SHARES", "default_language", "kpi_label", "language_code", "texts", "unit"]

SHARES = frozenset({"service_level", "abandon_rate", "balk_rate", "utilization",
                    "announce_within_5", *SHARE_KPIS})
_MINUTES = frozenset({"wait_mean", "wait_p50", "wait_p90", "wait_p95", "wait_max", "overtime",
                      "open_time", "busy_time", "absent_time", "perceived_wait_mean",
                      "announce_error", "announce_error_abs"})
_PEOPLE = frozenset({"arrivals", "served", "balked", "reneged", "no_show", "unserved",
                     "waiting_mean", "waiting_max"})


def texts(lang: str | None = None) -> dict[str, str]:
    """The strings of a language (``"en"`` or ``"zh"``; ``None``: the locale's).

    Raises
    ------
    ScenarioError
        For any other language.
    """
    try:
        return i18n.texts(lang)
    except ValueError as error:
        raise ScenarioError(str(error)) from None


def language_code(text: dict[str, str]) -> str:
    """The HTML ``lang`` attribute of a table of strings."""
    return "zh-CN" if text is i18n.texts("zh") else "en"


def unit(text: dict[str, str], kpi: str, difference: bool = False) -> str:
    """The unit of a KPI: minutes, % (percentage points for a difference of shares), people."""
    if kpi in SHARES:
        return text["unit_points"] if difference else text["unit_percent"]
    if kpi in _MINUTES:
        return text["unit_minutes"]
    return text["unit_people"] if kpi in _PEOPLE else ""


def kpi_label(text: dict[str, str], kpi: str, difference: bool = False) -> str:
    """``mean wait (min)``: a KPI's name with its unit."""
    name = text.get(kpi, kpi.replace("_", " "))
    suffix = unit(text, kpi, difference)
    return f"{name} ({suffix})" if suffix else name
