"""Tables for the terminal: the summary of a run, each figure with its 95 % CI.

Rendering only: it reads the summary dict of :func:`queuesim.metrics.summarise` and builds
``rich`` tables; it computes nothing the metrics did not.
"""

from __future__ import annotations

import sys

from rich.table import Table

_PERCENT = {"service_level", "abandon_rate", "balk_rate", "utilization", "overtaken_share",
            "worse_than_expected", "as_expected", "better_than_expected", "announce_within_5"}
_MINUTES = {"wait_mean", "wait_p50", "wait_p90", "wait_p95", "wait_max", "overtime",
            "open_time", "busy_time", "absent_time", "perceived_wait_mean", "announce_error",
            "announce_error_abs"}
_LABELS = {
    "arrivals": "arrivals", "served": "served", "balked": "balked (did not join)",
    "reneged": "reneged (gave up)", "no_show": "no-show (missed call)",
    "unserved": "unserved at the end", "wait_mean": "wait, mean", "wait_p50": "wait, median",
    "wait_p90": "wait, 90th pct", "wait_p95": "wait, 95th pct", "wait_max": "wait, longest",
    "service_level": "service level", "abandon_rate": "abandon rate", "balk_rate": "balk rate",
    "utilization": "utilization", "waiting_mean": "waiting, time-avg",
    "waiting_max": "waiting, most", "overtime": "overtime", "open_time": "open",
    "busy_time": "busy", "absent_time": "lost to absent calls",
    "overtaken_share": "overtaken by later arrivals", "illegitimate_overtakes":
    "unfair overtakes per customer", "perceived_wait_mean": "perceived wait (model)",
    "worse_than_expected": "wait worse than expected", "as_expected": "wait as expected",
    "better_than_expected": "wait better than expected", "announce_error":
    "announced − actual wait", "announce_error_abs": "announcement error, mean abs.",
    "announce_within_5": "announced within ±5 min",
}


def label(kpi: str) -> str:
    """Readable KPI name with its unit: ``wait, mean (min)``, ``service level (%)``."""
    unit = (" (%)" if kpi in _PERCENT else " (min)" if kpi in _MINUTES
            else " (people)" if kpi.startswith("waiting_") else "")
    return _LABELS.get(kpi, kpi.replace("_", " ")) + unit


def number(kpi: str, value: float | None) -> str:
    """A KPI value in its unit (percent for shares, minutes for times), or a dash."""
    if value is None:
        return "–"
    return f"{100 * value:.1f}" if kpi in _PERCENT else f"{value:.1f}"


def interval(kpi: str, stat: dict) -> str:
    """``lo–hi`` in the KPI's unit, or ``n=1`` when there is no interval."""
    low, high = stat["ci95"]
    if low is None:
        return f"n={stat['n']}"
    return f"{number(kpi, low)}–{number(kpi, high)}"


def summary_table(summary: dict, targets) -> Table:
    """Every overall KPI: mean, 95 % CI, and the target where there is one."""
    table = Table(title=f"{summary['scenario']} — {summary['replications']} replications, "
                        f"seed {summary['seed']}", title_justify="left")
    for column in ("KPI", "mean", "95 % CI", "target"):
        table.add_column(column, justify="left" if column in ("KPI", "target") else "right")
    for kpi, stat in summary["kpis"].items():
        table.add_row(label(kpi), number(kpi, stat["mean"]), interval(kpi, stat),
                      _target(kpi, stat, targets))
    return table


def _target(kpi: str, stat: dict, targets) -> str:
    if kpi == "service_level":
        goal = f"≥ {100 * targets.service_level:.0f} % in {targets.wait_minutes:g} min"
        return f"{goal}: {verdict(stat, targets.service_level, above=True)}"
    if kpi == "abandon_rate" and targets.max_abandon is not None:
        goal = f"at most {100 * targets.max_abandon:.0f} %"
        return f"{goal}: {verdict(stat, targets.max_abandon, above=False)}"
    return ""


def verdict(stat: dict, goal: float, above: bool) -> str:
    """met / missed when the whole CI is on one side of the goal, else 'not clear'."""
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


def group_table(title: str, groups: dict, kpis: tuple[str, ...]) -> Table:
    """One row per group (class, counter, hour): the mean and CI of a few KPIs."""
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for kpi in kpis:
        table.add_column(f"{label(kpi)}\nmean [95 % CI]", justify="right")
    for name, stats in groups.items():
        cells = [f"{number(k, stats[k]['mean'])} [{interval(k, stats[k])}]" if k in stats
                 else "–" for k in kpis]
        table.add_row(name, *cells)
    return table


def comparison_table(comparison, kpis: tuple[str, ...]) -> Table:
    """One row per KPI, one column per option: the mean with its 95 % CI and, under it, the
    paired difference from the first option with its CI (``*``: the CI excludes 0)."""
    first = comparison.options[0].name
    table = Table(title=f"{len(comparison.options)} options on the same "
                        f"{comparison.replications} days (seed {comparison.seed}); Δ = paired "
                        f"difference from '{first}', * = significant", title_justify="left")
    table.add_column("KPI")
    wide = comparison.table(kpis)
    for option in wide.index:
        table.add_column(str(option), justify="right")
    for kpi in kpis:
        cells = []
        for option in wide.index:
            row = wide.loc[option]
            value = _cell(kpi, row[(kpi, "mean")], row[(kpi, "low")], row[(kpi, "high")])
            difference = row[(kpi, "difference")]
            if difference == difference:  # not NaN: every option but the first
                mark = " *" if row[(kpi, "significant")] else ""
                value += "\nΔ " + _cell(kpi, difference, row[(kpi, "difference_low")],
                                        row[(kpi, "difference_high")], signed=True) + mark
            cells.append(value)
        table.add_row(label(kpi), *cells)
    return table


def _cell(kpi, mean, low, high, signed=False) -> str:
    def show(value):
        if value != value:
            return "–"
        text = number(kpi, value)
        return f"+{text}" if signed and value > 0 else text

    return f"{show(mean)} [{show(low)}–{show(high)}]"


def sweep_view(comparison, table, kpi: str) -> Table:
    """A grid of options: the varied settings, the KPI's mean with its 95 % CI, and the paired
    difference from the first grid point (``*``: significant)."""
    view = Table(title=f"{label(kpi)} over the grid, {comparison.replications} days each "
                       "(mean [95 % CI]; Δ: paired difference from the first row, "
                       "* = significant)", title_justify="left")
    settings = [c for c in table.columns if c not in ("option", "source", "group", "mean",
                                                      "low", "high", "n")]
    for column in [*settings, label(kpi), "Δ [95 % CI]"]:
        view.add_column(str(column), justify="right")
    differences = comparison.differences
    differences = differences[(differences["part"] == "overall") & (differences["kpi"] == kpi)]
    by_option = differences.set_index("option")
    for values in table.to_dict("records"):
        delta = ""
        if values["option"] in by_option.index:
            d = by_option.loc[values["option"]]
            delta = _cell(kpi, d["mean"], d["low"], d["high"], signed=True)
            delta += " *" if d["significant"] else ""
        view.add_row(*(str(values[c]) for c in settings),
                     _cell(kpi, values["mean"], values["low"], values["high"]), delta)
    return view


_SHORT = {"wait_mean": "wait\n(min)", "service_level": "served in\ntime (%)",
          "abandon_rate": "gave up\n(%)", "perceived_wait_mean": "felt wait\n(min)",
          "illegitimate_overtakes": "unfair\novertakes"}


def advice_table(advice, rank: str) -> Table:
    """Policies ranked by the paired change of ``rank``: each shown KPI's change (``*``
    significant) over its 95 % CI, and the change in staff hours."""
    from .advise import SHOWN

    comparison = advice.comparison
    table = Table(title=f"Change against the baseline, same {comparison.replications} days "
                        f"(seed {comparison.seed}); best first by {label(rank)}; "
                        "Δ over [95 % CI], * = significant", title_justify="left")
    table.add_column("measure")
    for kpi in SHOWN:
        table.add_column(f"Δ {_SHORT.get(kpi, label(kpi))}", justify="right")
    table.add_column("Δ staff\nhours", justify="right")
    for row in advice.table.to_dict("records"):
        cells = []
        for kpi in SHOWN:
            low, high = (_signed(kpi, row[f"{kpi}_{end}"]) for end in ("low", "high"))
            star = " *" if row[f"{kpi}_significant"] else ""
            cells.append(f"{_signed(kpi, row[kpi])}{star}\n[{low}, {high}]")
        table.add_row(row["policy"], *cells, f"{row['staff_hours']:+g}")
    return table


def _signed(kpi: str, value: float) -> str:
    if value != value:
        return "–"
    text = number(kpi, value)
    return f"+{text}" if value > 0 else text


def print_warnings(warnings: list[dict]) -> None:
    """Each warning of :mod:`queuesim.diagnostics` (or of a staffing plan) on stderr, one line
    each, starting ``warning:``."""
    for warning in warnings:
        print(f"warning: {warning['message']}", file=sys.stderr)
