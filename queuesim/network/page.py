"""The network's page: a sortable league table, branches against target, totals, failures.

Rendering only, from the league tables (see :mod:`.league`); the page frame, escaping and the
embedded plotly.js come from :mod:`queuesim.report.page`, so it opens offline like every report.
Column headers sort the table (a few lines of inline script; no other JavaScript than plotly).
Each branch name links to the branch's own report when it was written, else to its stored result.
Its words come from the catalogue (:mod:`queuesim.i18n.network`), in English or Chinese.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from .. import terminal
from .execute import NetworkRun
from .results import has_report

_SORT_SCRIPT = """
document.querySelectorAll('table.sortable th').forEach(function (th, column) {
  th.style.cursor = 'pointer';
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var up = th.dataset.order !== 'up'; th.dataset.order = up ? 'up' : 'down';
    var rows = Array.prototype.slice.call(body.rows);
    function key(row) { var cell = row.cells[column];
      var v = cell.dataset.value; return v === undefined ? cell.textContent : parseFloat(v); }
    rows.sort(function (a, b) { var x = key(a), y = key(b);
      if (typeof x === 'number' && isNaN(x)) return 1;
      if (typeof y === 'number' && isNaN(y)) return -1;
      return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1); });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""

_COLUMNS = ("service_level", "wait_mean", "abandon_rate", "utilization", "served",
            "counter_hours")
"""KPIs of the league table, each named by the catalogue key ``net_<kpi>``."""


def network_page(run: NetworkRun, lang: str | None = None) -> str:
    """The whole page as HTML text, in ``lang`` (``"en"``, ``"zh"``; default: the locale's)."""
    from ..report.labels import language_code, texts
    from ..report.page import document, escape

    text = texts(lang)
    sections = []
    if "branches" in run.tables:
        sections.append(("league", text["net_section_league"], _league(run, text)))
        sections.append(("target", text["net_section_target"], _target_chart(run, text)))
        sections.append(("totals", text["net_section_totals"],
                         _totals(run.tables["totals"], text)))
    if "staffing" in run.tables:
        sections.append(("staffing", text["net_section_staffing"],
                         _frame(run.tables["staffing"])))
        sections.append(("totals", text["net_section_totals"], _frame(run.tables["totals"])))
    if run.failures:
        items = "".join(f"<li><b>{escape(f.name)}</b>: {escape(f.message)}</li>"
                        for f in sorted(run.failures, key=lambda f: f.name))
        sections.append(("failed", text["net_section_failed"], f"<ul>{items}</ul>"))
    facts = text["net_facts"].format(mode=text[f"net_mode_{run.mode}"],
                                     branches=len(run.evaluated),
                                     days=run.network.replications, seed=run.network.seed)
    header = f"<h1>{escape(run.network.name)}</h1><p>{escape(facts)}</p>"
    page = document(text["net_title"].format(name=run.network.name), language_code(text),
                    header, sections, text)
    return page.replace("</body>", f"<script>{_SORT_SCRIPT}</script>\n</body>")


def _cell(kpi: str, row, value_kpi: str | None = None) -> str:
    from ..report.page import escape

    mean = row.get(value_kpi or kpi)
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return '<td data-value="NaN">–</td>'
    low, high = row.get(f"{kpi}_low"), row.get(f"{kpi}_high")
    interval = ("" if low is None or pd.isna(low) else
                f' <span class="ci">[{escape(terminal.interval(kpi, {"ci95": [low, high]}))}]'
                "</span>")
    return f'<td data-value="{mean!r}">{terminal.number(kpi, mean)}{interval}</td>'


def _league(run: NetworkRun, text: dict[str, str]) -> str:
    from ..report.page import escape

    branches = run.tables["branches"]
    effects = run.tables.get("effects")
    what_ifs = [] if effects is None else list(dict.fromkeys(effects["what_if"]))
    head = [text[f"net_{name}"] for name in ("branch", *_COLUMNS, "target", "gap", "rank_gap")]
    head += [text["net_gain"].format(what_if=name) for name in what_ifs]
    head += [text["net_rank_gain"].format(what_if=name) for name in what_ifs]
    rows = []
    for row in branches.to_dict("records"):
        cells = [f"<td>{_link(run, row['branch'])}</td>"]
        cells += [_cell(kpi, row) for kpi in _COLUMNS]
        cells.append(_plain(100 * row["target_service_level"]))
        cells.append(_plain(100 * row["gap"]))
        cells.append(_plain(row["rank_gap"], 0))
        gains = _gains(effects, row["branch"], what_ifs)
        cells += [_cell("service_level", gain) for gain in gains]
        cells += [_plain(gain.get("rank_gain"), 0) for gain in gains]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    header = "".join(f"<th>{escape(name)}</th>" for name in head)
    return (f'<p class="note">{escape(text["net_note_league"])}</p><table class="sortable">'
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _gains(effects, branch: str, what_ifs: list[str]) -> list[dict]:
    if effects is None:
        return []
    rows = effects[(effects["branch"] == branch) & (effects["kpi"] == "service_level")]
    found = {row["what_if"]: {"service_level": row["mean"], "service_level_low": row["low"],
                              "service_level_high": row["high"], "rank_gain": row["rank_gain"]}
             for row in rows.to_dict("records")}
    return [found.get(name, {}) for name in what_ifs]


def _plain(value, digits: int = 1) -> str:
    if value is None or pd.isna(value):
        return '<td data-value="NaN">–</td>'
    return f'<td data-value="{float(value)!r}">{float(value):.{digits}f}</td>'


def _link(run: NetworkRun, name: str) -> str:
    from ..report.page import escape

    target = "report.html" if has_report(run.out, name) else "branch.json"
    return f'<a href="../branches/{escape(name)}/{target}">{escape(name)}</a>'


def _target_chart(run: NetworkRun, text: dict[str, str]) -> str:
    import plotly.graph_objects as go

    from ..report.page import chart_text, figure_html

    table = run.tables["branches"].sort_values("gap", ascending=False, kind="stable")
    names = [chart_text(name) for name in table["branch"]]
    level = 100 * table["service_level"]
    figure = go.Figure([
        go.Scatter(x=names, y=level, mode="markers", name=text["net_chart_level"],
                   error_y={"type": "data", "symmetric": False,
                            "array": 100 * table["service_level_high"] - level,
                            "arrayminus": level - 100 * table["service_level_low"]}),
        go.Scatter(x=names, y=100 * table["target_service_level"], mode="markers",
                   marker={"symbol": "line-ew-open", "size": 18},
                   name=text["net_chart_target"])])
    figure.update_layout(height=420, yaxis_title=text["net_chart_y"],
                         xaxis_title=text["net_chart_x"])
    return figure_html(figure, "against-target")


def _totals(totals: pd.DataFrame, text: dict[str, str]) -> str:
    from ..report.page import escape

    rows = "".join(
        f"<tr><td>{escape(row['option'])}</td>"
        f"<td>{escape(text['net_quantity_' + row['quantity']])}</td>"
        f"{_interval(row['mean'], row['low'], row['high'])}"
        f"{_interval(row['change'], row['change_low'], row['change_high'])}</tr>"
        for row in totals.to_dict("records"))
    head = "".join(f"<th>{escape(text[key])}</th>" for key in (
        "net_option", "net_quantity", "net_per_day", "net_change"))
    table = (f'<table class="sortable"><thead><tr>{head}</tr></thead>'
             f"<tbody>{rows}</tbody></table>")
    return table + f'<p class="note">{escape(text["net_note_totals"])}</p>'


def _interval(mean, low, high) -> str:
    if mean is None or pd.isna(mean):
        return '<td data-value="NaN">–</td>'
    interval = "" if pd.isna(low) else f' <span class="ci">[{low:,.1f}–{high:,.1f}]</span>'
    return f'<td data-value="{float(mean)!r}">{mean:,.1f}{interval}</td>'


def _frame(table: pd.DataFrame) -> str:
    from ..report.page import escape

    head = "".join(f"<th>{escape(column)}</th>" for column in table.columns)
    rows = "".join("<tr>" + "".join(
        _plain(value, 3) if isinstance(value, float) else f"<td>{escape(value)}</td>"
        for value in row) + "</tr>" for row in table.itertuples(index=False))
    return f'<table class="sortable"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def write_page(run: NetworkRun, lang: str | None = None) -> Path:
    """``OUT/league/network.html`` in ``lang``, written atomically."""
    from ..report.page import write_report

    return write_report(network_page(run, lang), run.out / "league" / "network.html")
