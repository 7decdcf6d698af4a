"""The page of ``queuesim now --report``: the options from the hall as it is, in one file.

Rendering only: it reads a :class:`queuesim.now.decide.Decision` and takes the recommended
option from :func:`queuesim.now.verdict.best`. Sections: the recommendation and each option's
trade-off; the paired differences against doing nothing (95 % CIs); the service level per
quarter hour of the horizon by option; a table of every figure. Every word comes from the
catalogue (keys ``now_…``), in English or Chinese; options keep the words the user wrote them
in, except doing nothing.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import __version__
from ..now.options import NOTHING
from ..now.verdict import best
from .figures import error_bars
from .labels import language_code, texts
from .page import boxed, chart_text, document, escape, figure_html, note, signed
from .style import colour, dash, finish

HEADLINE = ("wait_now", "wait_next_hour", "walkouts", "counter_minutes")
_GAP = 100
"""Pixels between the two rows of panels: room for the ticks and the next row's titles."""
_STATE = re.compile(r"(?P<time>\d\d:\d\d): (?P<serving>\d+) serving, (?P<waiting>\d+) waiting$")
"""The line of :func:`queuesim.now.state.describe`."""


def now_page(decision, scenario_name: str, state_line: str, lines: list[str] | None = None,
             lang: str | None = None) -> str:
    """The whole page. ``state_line`` is :func:`queuesim.now.state.describe` of the hall now;
    ``lines`` (the terminal's recommendation and trade-offs) are not needed: the page writes
    them from the decision in its own language."""
    text = texts(lang)
    names = option_names(decision, text)
    replications = decision.values.shape[1]
    paragraphs = "".join(f"<p>{escape(line)}</p>"
                         for line in [recommendation(decision, names, text),
                                      *(trade_off(decision, i, names, text)
                                        for i in range(1, len(names)))])
    sections = [
        ("recommendation", paragraphs + note(text["now_note_recommendation"])),
        ("differences", figure_html(differences_figure(decision, names, text),
                                    "chart-now-differences")),
        ("service-level", note(text["now_note_service_level"].format(
            replications=replications)) + figure_html(
                service_level_figure(decision, names, text), "chart-now-service-level")),
        ("table", _table(decision, names, text)),
    ]
    facts = text["now_facts"].format(
        state=state_text(state_line, text), horizon=f"{decision.horizon:g}",
        replications=replications, seed=decision.seed, level=f"{decision.level:.2f}",
        version=__version__)
    header = (f"<h1>{escape(text['now_title'])}</h1><p class=\"subtitle\">"
              f"{escape(scenario_name)}</p><p class=\"facts\">{escape(facts)}</p>")
    return document(f"{text['now_title']} — {scenario_name}", language_code(text), header,
                    [(ident, escape(text[f"now_section_{ident}"]), inner)
                     for ident, inner in sections], text)


def option_names(decision, text: dict[str, str]) -> list[str]:
    """The options as shown: doing nothing in the page's words, the others as written."""
    return [text["now_nothing"] if name == NOTHING else name for name in decision.options]


def state_text(line: str, text: dict[str, str]) -> str:
    """The hall now (``11:40: 4 serving, 14 waiting``) in the page's language."""
    found = _STATE.match(line)
    return text["now_state"].format(**found.groupdict()) if found else line


def trade_off(decision, option: int, names: list[str], text: dict[str, str]) -> str:
    """An option's paired differences against doing nothing, in one line."""
    parts = []
    now = decision.difference(option, "wait_now")
    if now["mean"] is not None:
        parts.append(text["now_for_waiting"].format(change=_minutes(now, text),
                                                    waiting=decision.waiting_now))
    parts.append(text["now_for_next_hour"].format(
        change=_minutes(decision.difference(option, "wait_next_hour"), text)))
    walkouts = decision.difference(option, "walkouts")["mean"] or 0.0
    parts.append(text["now_fewer" if walkouts <= 0 else "now_more"].format(
        count=f"{abs(walkouts):.1f}"))
    minutes = decision.difference(option, "counter_minutes")["mean"] or 0.0
    parts.append(text["now_minutes_change"].format(change=signed(minutes, 0)))
    return f"{names[option]}: " + text["now_separator"].join(parts)


def recommendation(decision, names: list[str], text: dict[str, str]) -> str:
    """The recommended option with what it saves and costs, or doing nothing."""
    chosen, saved = best(decision)
    if chosen is None:
        return text["now_recommend_nothing"].format(replications=decision.values.shape[1])
    cost = decision.difference(chosen, "counter_minutes")["mean"] or 0.0
    return text["now_recommend"].format(
        option=names[chosen], saved=f"{saved:.0f}", horizon=f"{decision.horizon:g}",
        cost=signed(cost, 0), trade_off=trade_off(decision, chosen, names, text))


def differences_figure(decision, names: list[str], text: dict[str, str]) -> go.Figure:
    """One panel per headline figure, two to a row: each option minus doing nothing, with its
    95 % CI; options down the shared y axis."""
    shown = [chart_text(name) for name in names[1:]]
    panel = 70 + 32 * len(shown)
    figure = make_subplots(rows=2, cols=2, shared_yaxes=True, horizontal_spacing=0.06,
                           vertical_spacing=_GAP / (2 * (panel + _GAP) + 60),
                           subplot_titles=[chart_text(text[f"now_{k}"]) for k in HEADLINE])
    for index, kpi in enumerate(HEADLINE):
        stats = [decision.difference(i, kpi) for i in range(1, len(names))]
        stats = [s if s["mean"] is not None else {"mean": 0.0, "ci95": [None, None]}
                 for s in stats]
        mean, minus, plus = error_bars(stats)
        cell = {"row": index // 2 + 1, "col": index % 2 + 1}
        figure.add_trace(go.Scatter(
            x=mean, y=shown, mode="markers", marker={"color": colour(index), "size": 10},
            error_x={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus},
            showlegend=False), **cell)
        figure.add_vline(x=0, line={"color": "#888888", "dash": "dot"}, **cell)
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=shown,
                        autorange="reversed")
    figure.update_layout(margin={"b": 40})
    return finish(figure, 2 * (panel + _GAP) + 60)


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
                         yaxis_title=text["axis_service_level"])
    return finish(figure, 380)


def _table(decision, names: list[str], text: dict[str, str]) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name in names)
    rows = []
    for kpi in HEADLINE:
        cells = "".join(f"<td>{_cell(decision.summary(i, kpi))}</td>" for i in range(len(names)))
        rows.append(f"<tr><td>{escape(text[f'now_{kpi}'])}</td>{cells}</tr>")
    return boxed(f"<table><thead><tr><th></th>{head}</tr></thead>"
                 f"<tbody>{''.join(rows)}</tbody></table>")


def _cell(stat: dict) -> str:
    if stat["mean"] is None:
        return "–"
    low, high = stat["ci95"]
    interval = "" if low is None else f'<br><span class="ci">[{low:.1f}, {high:.1f}]</span>'
    return f"{stat['mean']:.1f}{interval}"


def _minutes(stat: dict, text: dict[str, str]) -> str:
    if stat["mean"] is None:
        return "–"
    low, high = stat["ci95"]
    interval = "" if low is None else f" [{signed(low, 1)}, {signed(high, 1)}]"
    return f"{signed(stat['mean'], 1)} {text['unit_minutes']}{interval}"
