"""The page of ``queuesim now --report``: the options from the hall as it is, in one file.

Rendering only: it reads a :class:`queuesim.now.decide.Decision` and the lines of
:mod:`queuesim.now.verdict`. Sections: the recommendation and each option's trade-off; the
paired differences against doing nothing (95 % CIs); the service level per quarter hour of the
horizon by option; a table of every figure. Every word from the catalogue
(:mod:`queuesim.i18n.now`), in English or Chinese; the options stay as the manager wrote them,
the baseline is named in the page's language.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import __version__
from ..now.verdict import SHOWN, option_names, recommendation, trade_off
from .figures import error_bars
from .labels import language_code, texts
from .page import boxed, chart_text, document, escape, figure_html, note
from .style import colour, dash, finish


def now_page(decision, scenario_name: str, state_line: str, lines: list[str] | None = None,
             lang: str | None = None) -> str:
    """The whole page; ``lines`` are the recommendation, then one trade-off line per option
    (by default those of :mod:`queuesim.now.verdict` in the page's language)."""
    text, names = texts(lang), option_names(decision, lang)
    replications = decision.values.shape[1]
    if lines is None:
        lines = [recommendation(decision, lang),
                 *(trade_off(decision, i, lang) for i in range(1, len(decision.options)))]
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
    sections = [
        ("recommendation", text["now_section_recommendation"],
         paragraphs + note(text["now_note_recommendation"])),
        ("differences", text["now_section_differences"],
         figure_html(differences_figure(decision, text), "chart-now-differences")),
        ("service-level", text["now_section_service_level"],
         note(text["now_note_service_level"].format(replications=replications))
         + figure_html(service_level_figure(decision, names, text), "chart-now-service-level")),
        ("table", text["now_section_table"], _table(decision, names, text)),
    ]
    facts = text["now_facts"].format(state=state_line, horizon=f"{decision.horizon:g}",
                                     replications=replications, seed=decision.seed,
                                     level=f"{decision.level:.2f}", version=__version__)
    title = text["now_page_title"]
    header = (f"<h1>{escape(title)}</h1><p class=\"subtitle\">{escape(scenario_name)}</p>"
              f"<p class=\"facts\">{escape(facts)}</p>")
    return document(f"{title} — {scenario_name}", language_code(text), header,
                    [(i, escape(h), inner) for i, h, inner in sections], text)


def differences_figure(decision, text: dict[str, str]) -> go.Figure:
    """One panel per headline figure: each option minus doing nothing, with its 95 % CI."""
    kpis = list(SHOWN)
    figure = make_subplots(rows=1, cols=len(kpis), shared_yaxes=True,
                           subplot_titles=[chart_text(text[f"now_{k}"]) for k in kpis])
    names = [chart_text(n) for n in decision.options[1:]]
    for column, kpi in enumerate(kpis, start=1):
        stats = [decision.difference(i, kpi) for i in range(1, len(decision.options))]
        stats = [s if s["mean"] is not None else {"mean": 0.0, "ci95": [None, None]}
                 for s in stats]
        mean, minus, plus = error_bars(stats)
        figure.add_trace(go.Scatter(
            x=mean, y=names, mode="markers", marker={"color": colour(column - 1), "size": 10},
            error_x={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus},
            showlegend=False), row=1, col=column)
        figure.add_vline(x=0, line={"color": "#888888", "dash": "dot"}, row=1, col=column)
    return finish(figure, 120 + 40 * len(names))


def service_level_figure(decision, names: list[str], text: dict[str, str]) -> go.Figure:
    """Service level (%) per quarter hour of the horizon, one line per option, 95 % CI bars."""
    figure = go.Figure()
    quarters = [k for k in decision.kpis if k.startswith("service_level_")]
    ends = [15 * (q + 1) for q in range(len(quarters))]
    for index, name in enumerate(names):
        stats = [decision.summary(index, k) for k in quarters]
        kept = [(end, s) for end, s in zip(ends, stats, strict=True) if s["mean"] is not None]
        mean, minus, plus = error_bars([s for _, s in kept], scale=100.0)
        figure.add_trace(go.Scatter(
            x=[end for end, _ in kept], y=mean, name=chart_text(name), mode="lines+markers",
            line={"color": colour(index), "dash": dash(index)},
            error_y={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus}))
    figure.update_layout(xaxis_title=text["now_axis_quarter"],
                         yaxis_title=text["now_axis_service_level"])
    return finish(figure, 380)


def _table(decision, names: list[str], text: dict[str, str]) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name in names)
    rows = []
    for kpi in SHOWN:
        cells = "".join(f"<td>{_cell(decision.summary(i, kpi))}</td>"
                        for i in range(len(decision.options)))
        rows.append(f"<tr><td>{escape(text[f'now_{kpi}'])}</td>{cells}</tr>")
    return boxed(f"<table><thead><tr><th></th>{head}</tr></thead>"
                 f"<tbody>{''.join(rows)}</tbody></table>")


def _cell(stat: dict) -> str:
    if stat["mean"] is None:
        return "–"
    low, high = stat["ci95"]
    interval = "" if low is None else f'<br><span class="ci">[{low:.1f}, {high:.1f}]</span>'
    return f"{stat['mean']:.1f}{interval}"
