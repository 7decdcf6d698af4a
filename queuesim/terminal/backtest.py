"""The tables ``queuesim backtest`` and ``queuesim fit`` print: observed days against the
simulated hall, figure by figure, with a verdict.

For each figure: the observed mean with its smallest and largest day under it, the simulated
mean with its 95 % CI under it, and whether the observation is within what the simulation
allows (the rule is printed under the tables). Per class or per period, each group is a
section. Rendering only: the numbers come from :func:`queuesim.calibration.backtest.backtest`.
"""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape

from .format import bracket, framed, label, new_table, number, words

VERDICTS = {"pass": "term_pass", "fail": "term_fail"}


def verdict_table(title: str, table, key: str | None, lang: str | None = None,
                  note: str = "") -> Group:
    """Observed (mean, smallest–largest day) against simulated (mean, 95 % CI) per KPI; with
    ``key`` (``class``, ``period``) one section per value of that column."""
    text = words(lang)
    view = new_table()
    view.add_column(text["term_figure"], no_wrap=True)
    for heading in ("term_observed", "term_simulated"):
        view.add_column(text[heading], justify="right", no_wrap=True)
    view.add_column(text["term_verdict"], no_wrap=True)
    rows = table.to_dict(orient="records")
    groups = list(dict.fromkeys(row[key] for row in rows)) if key else [None]
    for group in groups:
        if key:
            view.add_row(f"[bold]{escape(str(group))}[/]")
        for row in rows:
            if key is None or row[key] == group:
                _add(view, row, text, lang, indent="  " if key else "")
        if view.rows:
            view.rows[-1].end_section = True
    return framed(title, view, note or text["term_backtest_note"])


def _add(view, row: dict, text: dict[str, str], lang: str | None, indent: str) -> None:
    kpi = row["kpi"]
    low, high = number(kpi, row["observed_min"]), number(kpi, row["observed_max"])
    verdict = row["verdict"]
    shown = text[VERDICTS.get(verdict, "term_not_applicable")]
    interval = bracket(kpi, row["ci_low"], row["ci_high"])
    view.add_row(indent + label(kpi, lang),
                 number(kpi, row["observed_mean"]) + ("" if low == high == "–"
                                                      else f"\n{low}–{high}"),
                 number(kpi, row["simulated_mean"]) + (f"\n{interval}" if interval else ""),
                 f"[bold red]{shown}[/]" if verdict == "fail" else shown)
