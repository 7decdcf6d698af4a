"""The table ``queuesim now`` prints: each option for the next hours against doing nothing.

One section per figure (the wait of those waiting now, of the next hour's arrivals, walk-outs,
counter-minutes, the service level per quarter hour), one row per option with its mean and
95 % CI, so that any number of options fits in 80 columns. Rendering only: the numbers come
from :func:`queuesim.now.decide.decide`.
"""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape

from ..now.verdict import SHOWN, option_names
from .format import bracket, framed, new_table, number, words


def now_table(decision, lang: str | None = None) -> list[Group]:
    """Each figure as a section (per option the mean and its 95 % CI), then the service level
    per quarter hour as a grid of quarters by options."""
    text = words(lang)
    title = text["term_now_title"].format(minutes=f"{decision.horizon:g}",
                                          n=decision.values.shape[1], seed=decision.seed,
                                          level=f"{decision.level:.2f}")
    view = new_table()
    view.add_column(text["option"], overflow="fold")
    view.add_column(text["mean"], justify="right", no_wrap=True)
    view.add_column(text["term_ci"], no_wrap=True)
    for kpi in SHOWN:
        view.add_row(f"[bold]{escape(text[f'term_now_{kpi}'])}[/]")
        for index, name in enumerate(option_names(decision, lang)):
            stat = decision.summary(index, kpi)
            view.add_row(f"  {escape(str(name))}", number(kpi, stat["mean"]),
                         bracket(kpi, *stat["ci95"]))
        view.rows[-1].end_section = True
    return [framed(title, view, text["term_now_note"]), quarter_table(decision, text, lang)]


def quarter_table(decision, text: dict[str, str], lang: str | None = None) -> Group:
    """The service level of each quarter hour (rows) under each option (columns), in percent,
    its 95 % CI under it."""
    view = new_table()
    view.add_column(text["term_now_minutes"], no_wrap=True)
    for name in option_names(decision, lang):
        view.add_column(escape(str(name)), justify="right", overflow="fold")
    for kpi in (k for k in decision.kpis if k.startswith("service_level_")):
        quarter = int(kpi.rsplit("_", 1)[1])
        cells = []
        for index in range(len(decision.options)):
            stat = decision.summary(index, kpi)
            cells.append(_percent(stat))
        view.add_row(f"{15 * quarter - 15}–{15 * quarter}", *cells)
    return framed(text["term_now_quarters"], view, text["term_now_quarters_note"])


def _percent(stat: dict) -> str:
    """A share in whole percent, its 95 % CI under it."""
    if stat["mean"] is None:
        return "–"
    low, high = stat["ci95"]
    shown = f"{100 * stat['mean']:.0f}"
    return shown if low is None else f"{shown}\n[{100 * low:.0f}, {100 * high:.0f}]"
