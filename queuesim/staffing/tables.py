"""The tables ``queuesim staff`` prints, in the user's language, each within 80 columns.

Rendering only: every number was computed by the optimiser, the shift scheduler or the
verification run (:mod:`.report` holds the same figures as data). Headings are plain words; a
footnote says which method each column comes from (SIPP, iterative staffing) for those who
know the names. Counter-hours are rounded to one decimal, costs to whole currency units and
shown with the currency of the shift templates (``cost units`` when none is given). Times are
clock times ``HH:MM``.
"""

from __future__ import annotations

import numpy as np
from rich.console import Group
from rich.markup import escape
from rich.table import Table

from ..terminal.format import framed, new_table, words
from .plan import StaffingReport
from .report import option_document, period_table


def _percent(value, low, high) -> str:
    """A share in percent, its 95 % CI under it: ``78`` / ``[74, 82]``."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if low is None or np.isnan(low):
        return f"{100 * value:.0f}"
    return f"{100 * value:.0f}\n[{100 * low:.0f}, {100 * high:.0f}]"


def _columns(table: Table, text: dict[str, str], keys: tuple[str, ...]) -> None:
    for index, key in enumerate(keys):
        table.add_column(text[key], justify="left" if index == 0 else "right", no_wrap=True)


def _patient(scenario) -> bool:
    """Whether anyone can give up (else the abandonment columns are left out)."""
    return any(c.patience is not None for c in scenario.customers.values())


def target_words(report: StaffingReport, text: dict[str, str]) -> str:
    """The target, as the run table says it."""
    targets = report.scenario.targets
    goal = text["term_target_service"].format(level=f"{100 * targets.service_level:.0f}",
                                              minutes=f"{targets.wait_minutes:g}")
    if targets.max_abandon is not None:
        goal += text["term_target_abandon"].format(level=f"{100 * targets.max_abandon:.0f}")
    return goal


def period_view(report: StaffingReport, lang: str | None = None) -> Group:
    """Per period: demand, counters today, by theory, in the plan and on duty, and the plan's
    proof (served in time, gave up) with its verdict."""
    text, patient = words(lang), _patient(report.scenario)
    table = new_table()
    keys = ("staff_time", "staff_arrivals", "staff_today", "staff_theory", "staff_plan",
            "staff_on_duty", "staff_in_time", *(("staff_gave_up",) if patient else ()),
            "term_target")
    _columns(table, text, keys)
    for row in period_table(report).itertuples():
        table.add_row(row.clock, f"{row.arrivals_per_hour:.0f}",
                      *map(str, (row.current, row.sipp, row.required, row.rostered)),
                      _percent(row.service_level, row.service_level_low, row.service_level_high),
                      *((_percent(row.abandon_rate, row.abandon_low, row.abandon_high),)
                        if patient else ()),
                      text["met"] if row.meets else f"[bold]{text['missed']}[/]")
    title = text["staff_period_title"].format(scenario=report.scenario.name,
                                              period=f"{report.period:g}")
    note = "\n".join([target_words(report, text), text["staff_methods_note"].format(
        n=report.best.summary["replications"])])
    return framed(title, table, note)


def cost_words(cost, currency: str | None) -> str:
    """``4,020 yuan``: a cost in whole units with its currency (a dash for none)."""
    if cost is None or cost != cost:
        return "–"
    return f"{cost:,.0f} {currency}" if currency else f"{cost:,.0f}"


def cost_heading(text: dict[str, str], currency: str | None) -> str:
    """``cost\\n(yuan)``, or ``cost\\n(cost units)`` without a currency."""
    return text["staff_cost"].format(currency=currency or text["staff_cost_units"])


def totals_view(report: StaffingReport, lang: str | None = None) -> Group:
    """Plan, theory and today side by side: counter-hours, cost, service level, abandonment
    and the periods that miss the target, all proven on the same fresh days."""
    text, patient = words(lang), _patient(report.scenario)
    table = new_table()
    table.add_column(text["staff_staffing"], no_wrap=True)
    table.add_column(text["staff_counter_hours"], justify="right", no_wrap=True)
    table.add_column(cost_heading(text, report.currency), justify="right", no_wrap=True)
    table.add_column(text["staff_in_time"], justify="right", no_wrap=True)
    if patient:
        table.add_column(text["staff_gave_up"], justify="right", no_wrap=True)
    table.add_column(text["staff_missed"], justify="right", no_wrap=True)
    for key, option in (("staff_plan", report.best), ("staff_theory", report.sipp),
                        ("staff_today", report.current)):
        info = option_document(option)
        level, abandon = info["service_level"], info["abandon_rate"]
        name = text[key].replace("\n", " ")
        if option is report.best and info["periods_missed"]:
            name = text["staff_plan_misses"].format(n=info["periods_missed"])
        table.add_row(name, f"{info['counter_hours']:.1f}",
                      "–" if info["cost"] is None else f"{info['cost']:,.0f}",
                      _percent(level["mean"], *level["ci95"]),
                      *((_percent(abandon["mean"], *abandon["ci95"]),) if patient else ()),
                      str(info["periods_missed"]))
    return framed(text["staff_totals_title"], table, text["staff_totals_note"])


def shift_view(plan, currency: str | None, lang: str | None = None) -> Group:
    """The chosen shifts: name, hours, break, how many, paid hours each and their cost."""
    text = words(lang)
    table = new_table()
    for key in ("staff_shift", "staff_hours", "staff_break", "staff_count", "staff_paid_hours"):
        table.add_column(text[key], justify="left" if key in ("staff_shift", "staff_hours",
                                                                  "staff_break") else "right")
    table.add_column(cost_heading(text, currency), justify="right")
    for row in plan.to_table().to_dict("records"):
        table.add_row(escape(str(row["shift"])), row["hours"], row["break"], str(row["count"]),
                      f"{row['paid_hours']:.1f}", f"{row['cost']:,.0f}")
    title = text["staff_shifts_title"].format(cost=cost_words(plan.total_cost, currency),
                                              hours=f"{plan.paid_hours:.1f}")
    return framed(title, table, text["staff_shifts_note"])


def frontier_view(curve, currency: str | None, lang: str | None = None) -> Group:
    """Cost against service level: per target, the proven plan's counter-hours, cost,
    achieved service level with its 95 % CI and periods missed."""
    text = words(lang)
    table = new_table()
    for key in ("staff_target_level", "staff_counter_hours"):
        table.add_column(text[key], justify="right")
    table.add_column(cost_heading(text, currency), justify="right")
    for key in ("staff_in_time", "staff_missed"):
        table.add_column(text[key], justify="right")
    for row in curve.itertuples():
        table.add_row(f"{100 * row.target:.0f}", f"{row.counter_hours:.1f}",
                      cost_words(row.cost, None), _percent(row.service_level, row.low, row.high),
                      str(row.periods_missed))
    return framed(text["staff_frontier_title"], table, text["staff_frontier_note"])


def stationary_view(scenario, table, chosen, lang: str | None = None) -> Group:
    """A steady-state hall: the counters tried, Erlang's choice, the simulated service level
    and abandonment, and whether each meets the target."""
    text, patient = words(lang), _patient(scenario)
    view = new_table()
    for key in ("staff_counters", "staff_erlang", "staff_in_time_simulated",
                *(("staff_gave_up",) if patient else ()), "staff_meets"):
        view.add_column(text[key], justify="right")
    for row in table.itertuples():
        view.add_row(str(row.counters), text["staff_yes"] if row.theory else "",
                     f"{100 * row.service_level:.1f}",
                     *((f"{100 * row.abandon_rate:.1f}",) if patient else ()),
                     text["staff_yes"] if row.meets else text["staff_no"])
    title = text["staff_stationary_title"].format(scenario=scenario.name)
    return framed(title, view, text["staff_least"].format(counters=chosen if chosen is not None
                                                          else "–"))
