"""The HTML around the charts: document, sections, KPI cards, tables, and writing the file.

Every piece of text that comes from a file or a user (scenario, class and counter names, option
names, settings) goes through :func:`escape` before it reaches the page or a chart, so a name
such as ``<script>`` shows as text and runs nothing; plotly shows the escaped entities as the
original characters. plotly.js is embedded once, as one inline script in the head, so the page
works with no network.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

import plotly.io as pio
from plotly.offline import get_plotlyjs

from .. import terminal
from .labels import kpi_label
from .style import CONFIG, CSS, PRINT_SCRIPT

_VERDICTS = {"met": "met", "missed": "missed", "no data": "no_data"}


def escape(text) -> str:
    """Text for the page (HTML-escaped, quotes too)."""
    return html.escape(str(text), quote=True)


def chart_text(text) -> str:
    """Text for a chart: ``<``, ``>`` and ``&`` escaped, which plotly turns back into the
    characters when it draws them (it does not read ``&quot;``, so quotes are left as they are)."""
    return html.escape(str(text), quote=False)


def verdict(stat: dict, goal: float, above: bool) -> str:
    """``met``, ``missed``, ``unclear`` or ``no_data``: the terminal's rule for a KPI and goal
    (met or missed only when the whole 95 % CI is on one side)."""
    word = terminal.verdict(stat, goal, above)
    return _VERDICTS.get(word, "unclear")


def figure_html(figure, div_id: str) -> str:
    """A chart as a ``div`` and its drawing call; plotly.js itself is in the page head."""
    height = figure.layout.height or 420
    body = pio.to_html(figure, config=CONFIG, include_plotlyjs=False, full_html=False,
                       div_id=div_id, default_height=f"{height}px", default_width="100%")
    return f'<div class="chart">{body}</div>'


def document(title: str, lang_code: str, header: str, sections: list[tuple[str, str, str]],
             text: dict[str, str]) -> str:
    """The whole page. ``sections`` are (id, escaped heading, inner HTML)."""
    links = "".join(f'<a href="#{ident}">{heading}</a>' for ident, heading, _ in sections)
    nav = f'<nav aria-label="{escape(text["contents"])}">{links}</nav>'
    keep = ' class="keep"'
    body = "\n".join(
        f'<section id="{ident}"{keep if i == 0 else ""}><h2>{heading}</h2>{inner}</section>'
        for i, (ident, heading, inner) in enumerate(sections))
    return (f'<!DOCTYPE html>\n<html lang="{lang_code}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n"
            f'<script type="text/javascript">{get_plotlyjs()}</script>\n</head>\n<body>\n<main>\n'
            f"<header>{header}{nav}</header>\n{body}\n</main>\n"
            f"<script>{PRINT_SCRIPT}</script>\n</body>\n</html>\n")


def warnings_block(warnings: list[dict], text: dict[str, str]) -> str:
    """The run's warnings (:mod:`queuesim.diagnostics`) as a framed list, or nothing."""
    if not warnings:
        return ""
    items = "".join(f"<li>{escape(w['message'])}</li>" for w in warnings)
    return (f'<div class="warnings" role="alert"><strong>{escape(text["warnings"])}</strong>'
            f"<ul>{items}</ul></div>")


def note(text: str) -> str:
    """An explanatory paragraph (``text`` is escaped)."""
    return f'<p class="note">{escape(text)}</p>'


def value_cell(kpi: str, stat: dict | None) -> str:
    """``12.3`` with its CI underneath, or a dash."""
    if not stat or stat.get("mean") is None:
        return "<td>–</td>"
    value = terminal.number(kpi, stat["mean"])
    return f'<td>{value}<br><span class="ci">[{escape(terminal.interval(kpi, stat))}]</span></td>'


def group_table(groups: dict, kpis: tuple[str, ...], first_column: str,
                text: dict[str, str]) -> str:
    """One row per group (class, counter, option): mean and 95 % CI of each KPI."""
    head = "".join(f"<th>{escape(kpi_label(text, kpi))}</th>" for kpi in kpis)
    rows = "".join(
        f"<tr><td>{escape(name)}</td>{''.join(value_cell(k, stats.get(k)) for k in kpis)}</tr>"
        for name, stats in groups.items())
    return boxed(f'<table><thead><tr><th>{escape(first_column)}</th>{head}</tr></thead>'
                 f"<tbody>{rows}</tbody></table>")


def boxed(table: str) -> str:
    """A table in a box that scrolls sideways when the table is wider than the page."""
    return f'<div class="table-box">{table}</div>'


def card(text: dict[str, str], kpi: str, stat: dict, goal: str = "",
         judged: str | None = None, explain: str = "") -> str:
    """A headline KPI: name, mean in its unit, 95 % CI, and the target with its verdict;
    ``explain`` says in a line how the figure is made when its name alone could mislead."""
    name = escape(kpi_label(text, kpi))
    if stat.get("mean") is None:
        value, interval = "–", ""
    else:
        value = terminal.number(kpi, stat["mean"])
        low, high = stat["ci95"]
        interval = (text["ci"].format(low=terminal.number(kpi, low),
                                      high=terminal.number(kpi, high))
                    if low is not None else text["no_ci"].format(n=stat["n"]))
    target = (f'<div class="goal">{escape(goal)}</div>'
              f'<span class="verdict {judged}">{escape(text[judged])}</span>') if judged else ""
    line = f'<div class="explain">{escape(explain)}</div>' if explain else ""
    return (f'<div class="card"><div class="name">{name}</div><div class="value">{value}</div>'
            f'<div class="ci">{escape(interval)}</div>{line}{target}</div>')


def signed(value: float, digits: int = 2) -> str:
    """A change with its sign: ``+1.30``, and a true minus sign for a decrease: ``−4.10``."""
    return terminal.format.with_sign(value, digits)


def record_list(items: list[tuple[str, str]]) -> str:
    """A definition list of (label, value) pairs, both escaped."""
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items)
    return f'<dl class="record">{rows}</dl>'


def write_report(page: str, path: str | Path) -> Path:
    """Write a page to ``path`` atomically (a temporary file beside it, then one rename), so a
    reader never sees half a report. Returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(page)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
