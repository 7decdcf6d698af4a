"""The tables ``queuesim compare`` and ``queuesim sweep`` print.

One section per KPI, one row per option: its mean with the 95 % CI, and its paired difference
from the first option, ``−4.1 [−5.0, −3.1]`` with a real minus sign, marked ``*`` when the CI
excludes 0 (the footnote says so). Long rather than wide, so that any number of options fits in
80 columns. Rendering only: the numbers come from :class:`queuesim.compare.Comparison`.
"""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table

from .format import bracket, framed, label, new_table, number, signed, words


def comparison_table(comparison, kpis: tuple[str, ...], lang: str | None = None) -> Group:
    """Each KPI as a section: per option the mean [95 % CI] and the paired difference from the
    first option [95 % CI], ``*`` when it is significant."""
    text = words(lang)
    first = comparison.options[0].name
    title = text["term_compare_title"].format(options=len(comparison.options),
                                              n=comparison.replications, seed=comparison.seed)
    table = new_table()
    table.add_column(text["option"], overflow="fold")
    _figure_columns(table, text)
    wide = comparison.table(kpis)
    for kpi in kpis:
        table.add_row(f"[bold]{label(kpi, lang)}[/]")
        for option in wide.index:
            row = wide.loc[option]
            change = {key: row[(kpi, column)] for key, column in (
                ("mean", "difference"), ("low", "difference_low"),
                ("high", "difference_high"), ("significant", "significant"))}
            table.add_row(f"  {escape(str(option))}",
                          *_figures(kpi, row[(kpi, "mean")], row[(kpi, "low")],
                                    row[(kpi, "high")]),
                          *_difference(kpi, change))
        table.rows[-1].end_section = True
    return framed(title, table, footnote(text, first))


def footnote(text: dict[str, str], first: str) -> str:
    """What the difference column and the mark mean."""
    return text["term_difference_note"].format(first=first)


def _figure_columns(table: Table, text: dict[str, str]) -> None:
    """Mean, its CI, the change, its CI and the significance mark."""
    table.add_column(text["mean"], justify="right", no_wrap=True)
    table.add_column(text["term_ci"], no_wrap=True)
    table.add_column(text["term_difference"], justify="right", no_wrap=True)
    table.add_column(text["term_ci"], no_wrap=True)
    table.add_column("", no_wrap=True)


def _figures(kpi: str, mean, low, high) -> tuple[str, str]:
    return number(kpi, mean), bracket(kpi, low, high)


def _difference(kpi: str, difference: dict) -> tuple[str, str, str]:
    """The paired difference, its CI and the significance mark (empty for the first option)."""
    if difference["mean"] != difference["mean"]:
        return "", "", ""
    return (signed(kpi, difference["mean"]),
            bracket(kpi, difference["low"], difference["high"], difference=True),
            "*" if difference["significant"] else "")


def sweep_view(comparison, table, kpi: str, lang: str | None = None) -> Group:
    """A grid of options: the varied settings, the KPI's mean with its 95 % CI, and the paired
    difference from the first grid point (``*``: significant)."""
    text = words(lang)
    settings = [c for c in table.columns if c not in ("option", "source", "group", "mean",
                                                      "low", "high", "n")]
    title = text["term_sweep_title"].format(kpi=label(kpi, lang), n=comparison.replications,
                                            seed=comparison.seed)
    view = new_table()
    for column in settings:
        view.add_column(escape(str(column)), justify="right", overflow="fold")
    _figure_columns(view, text)
    differences = comparison.differences
    differences = differences[(differences["part"] == "overall") & (differences["kpi"] == kpi)]
    by_option = differences.set_index("option")
    for values in table.to_dict("records"):
        delta = {"mean": float("nan")}
        if values["option"] in by_option.index:
            delta = by_option.loc[values["option"]]
        view.add_row(*(escape(str(values[c])) for c in settings),
                     *_figures(kpi, values["mean"], values["low"], values["high"]),
                     *_difference(kpi, delta))
    return framed(title, view, footnote(text, comparison.options[0].name))
