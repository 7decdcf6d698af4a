"""The tables ``queuesim network`` prints: the league of branches, their staffing plans and the
network's totals, in the user's language and within 80 columns.

Each figure with its 95 % CI under it (counter-hours and costs of rosters are exact and have
none); a change from today as ``−4.1 [−5.0, −3.1]`` with a real minus sign. Rendering only:
the numbers come from :mod:`queuesim.network.league`.
"""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape

from .format import bracket, framed, new_table, number, signed, words


def _cell(row: dict, column: str, kpi: str, low: str | None = None,
          high: str | None = None) -> str:
    """A mean in the KPI's unit, its 95 % CI under it."""
    mean = row.get(column)
    interval = bracket(kpi, row.get(low or f"{column}_low"), row.get(high or f"{column}_high"))
    return number(kpi, mean) + (f"\n{interval}" if interval else "")


def league_table(branches, name: str, days: int, lang: str | None = None) -> Group:
    """Branches farthest below their service-level target first."""
    text = words(lang)
    view = new_table()
    view.add_column(text["term_net_rank"], justify="right", no_wrap=True)
    view.add_column(text["term_net_branch"], overflow="fold")
    for key in ("term_net_in_time", "term_net_target", "term_net_wait", "term_net_gave_up"):
        view.add_column(text[key], justify="right", no_wrap=True)
    for row in branches.to_dict("records"):
        view.add_row(str(row["rank_gap"]), escape(str(row["branch"])),
                     _cell(row, "service_level", "service_level"),
                     f"{100 * row['target_service_level']:.0f}",
                     _cell(row, "wait_mean", "wait_mean"),
                     _cell(row, "abandon_rate", "abandon_rate"))
    title = text["term_net_league_title"].format(network=name, n=days)
    return framed(title, view, text["term_net_league_note"])


def staffing_table(plans, lang: str | None = None) -> Group:
    """Each branch's plan against today: counter-hours, cost, proven service level."""
    text = words(lang)
    view = new_table()
    view.add_column(text["term_net_branch"], overflow="fold")
    for key in ("term_net_hours", "term_net_cost", "term_net_plan_in_time",
                "term_net_today_in_time", "term_net_meets"):
        view.add_column(text[key], justify="right", no_wrap=True)
    for row in plans.to_dict("records"):
        today = row["service_level_today"]
        view.add_row(escape(str(row["branch"])),
                     f"{row['counter_hours_today']:.1f} → {row['counter_hours_plan']:.1f}",
                     f"{_money(row['cost_today'])} → {_money(row['cost_plan'])}",
                     _cell(row, "service_level_plan", "service_level"),
                     number("service_level", today),
                     text["staff_yes"] if row["meets_every_period"] else text["staff_no"])
    return framed(text["term_net_staffing_title"], view, text["term_net_staffing_note"])


def _money(value) -> str:
    return "–" if value is None or value != value else f"{value:,.0f}"


def plan_totals_table(totals, lang: str | None = None) -> Group:
    """The network's counter-hours and cost per day, today and in the plan."""
    text = words(lang)
    view = new_table()
    view.add_column(text["term_net_quantity"])
    for key in ("staff_today", "staff_plan", "term_difference"):
        view.add_column(text[key].replace("\n", " "), justify="right", no_wrap=True)
    for row in totals.to_dict("records"):
        show = (lambda v: f"{v:.1f}") if row["quantity"] == "counter_hours" else _money
        change = row["change"]
        name = "term_net_counter_hours" if row["quantity"] == "counter_hours" \
            else "term_net_staff_cost"
        view.add_row(text[name], show(row["today"]), show(row["plan"]),
                     "–" if change != change else
                     ("+" if change > 0 else "") + show(change).replace("-", "\N{MINUS SIGN}"))
    return framed(text["term_net_plan_totals_title"], view, text["term_net_exact_note"])


def totals_table(totals, lang: str | None = None) -> Group:
    """Network totals per day for each option, and each what-if's paired change from today."""
    text = words(lang)
    view = new_table()
    view.add_column(text["option"], overflow="fold")
    for key in ("mean", "term_ci", "term_difference", "term_ci"):
        view.add_column(text[key], justify="right" if key != "term_ci" else "left",
                        no_wrap=True)
    for quantity in dict.fromkeys(totals["quantity"]):
        view.add_row(f"[bold]{text[f'term_net_{quantity}']}[/]")
        for row in totals[totals["quantity"] == quantity].to_dict("records"):
            view.add_row(f"  {escape(str(row['option']))}", number(quantity, row["mean"]),
                         bracket(quantity, row["low"], row["high"]),
                         "" if row["change"] != row["change"] else signed(quantity,
                                                                          row["change"]),
                         bracket(quantity, row["change_low"], row["change_high"], True))
        view.rows[-1].end_section = True
    return framed(text["term_net_totals_title"], view, text["term_net_totals_note"])
