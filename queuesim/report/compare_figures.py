"""The charts of a comparison page, one small function per chart.

Options keep one colour (by their position) on every chart; past the 20 colours of the palette
they also get another dash, marker or bar pattern (:mod:`.style`). KPI statistics arrive as the
``{"mean", "ci95": [low, high], "n"}`` dicts of the summary, per option; differences as rows of
the comparison's ``differences`` table. Shares are shown in %, their differences in percentage
points; names reach a chart only through :func:`page.chart_text`.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .figures import clock_offset, error_bars, time_axis
from .labels import SHARES, kpi_label
from .page import chart_text
from .style import INK, TARGET_LINE, colour, dash, finish, pattern, symbol

COLUMNS = 2
_GREY = "#8a8a8a"
_GAP = 80
"""Pixels between rows of panels: room for the tick labels and the next panel's title."""


def _grid(kpis: list[str], names: list[str], text: dict[str, str],
          difference: bool = False) -> go.Figure:
    """Panels for KPIs, two to a row, options down the shared y axis in their order."""
    rows = math.ceil(len(kpis) / COLUMNS)
    height = _height(rows, len(names))
    titles = [chart_text(kpi_label(text, kpi, difference)) for kpi in kpis]
    figure = make_subplots(rows=rows, cols=COLUMNS, subplot_titles=titles, shared_yaxes=True,
                           horizontal_spacing=0.05,
                           vertical_spacing=min(0.3, _GAP / height) if rows > 1 else 0.1)
    figure.update_yaxes(type="category", categoryorder="array", autorange="reversed",
                        categoryarray=[chart_text(name) for name in names])
    figure.update_yaxes(ticks="", col=COLUMNS)
    return finish(figure, height)


def _height(rows: int, options: int) -> int:
    return rows * (70 + 32 * options + _GAP) + 60


def _place(index: int) -> dict:
    return {"row": index // COLUMNS + 1, "col": index % COLUMNS + 1}


def _scale(kpi: str) -> float:
    return 100.0 if kpi in SHARES else 1.0


def option_bars_figure(stats: dict[str, dict], names: list[str], kpis: list[str], targets,
                       text: dict[str, str]) -> go.Figure:
    """One panel per KPI: a bar per option with its 95 % CI, and the target where there is
    one. ``stats`` maps option name to KPI to statistic; ``names`` are the options in order."""
    figure = _grid(kpis, names, text)
    for index, kpi in enumerate(kpis):
        shown = [(i, name) for i, name in enumerate(names)
                 if ((stats.get(name) or {}).get(kpi) or {}).get("mean") is not None]
        mean, minus, plus = error_bars([stats[name][kpi] for _, name in shown], _scale(kpi))
        figure.add_trace(go.Bar(
            y=[chart_text(name) for _, name in shown], x=mean, orientation="h",
            showlegend=False, marker={"color": [colour(i) for i, _ in shown],
                                      "pattern": {"shape": [pattern(i) for i, _ in shown]}},
            error_x={"type": "data", "array": plus, "arrayminus": minus, "color": INK},
            hovertemplate="%{y}: %{x:.2f}<extra></extra>"), **_place(index))
        goal = _goal(kpi, targets)
        if goal is not None:
            figure.add_vline(x=100 * goal, line=TARGET_LINE, **_place(index))
    figure.update_xaxes(rangemode="tozero")
    figure.update_layout(margin={"b": 50})
    return figure


def _goal(kpi: str, targets) -> float | None:
    if kpi == "service_level":
        return targets.service_level
    return targets.max_abandon if kpi == "abandon_rate" else None


def differences_figure(rows: dict[str, dict[str, dict]], names: list[str], kpis: list[str],
                       text: dict[str, str]) -> go.Figure:
    """One panel per KPI: each option's paired difference to the baseline with its 95 % CI;
    filled markers are significant. ``rows`` maps option to KPI to a differences row;
    ``names`` are all options in order (the first, the baseline, gets no row)."""
    figure = _grid(kpis, names[1:], text, difference=True)
    for index, kpi in enumerate(kpis):
        for key in ("significant", "not_significant"):
            chosen = [(i, n) for i, n in enumerate(names) if kpi in rows.get(n, {})
                      and bool(rows[n][kpi]["significant"]) == (key == "significant")]
            first = bool(chosen) and not any(t.legendgroup == key and t.showlegend
                                             for t in figure.data)
            figure.add_trace(_difference_trace(rows, kpi, chosen, key, first, text),
                             **_place(index))
        figure.add_vline(x=0, line={"color": INK, "width": 1}, **_place(index))
    return figure


def _difference_trace(rows, kpi, chosen, key: str, legend: bool, text) -> go.Scatter:
    scale = _scale(kpi)
    stats = [rows[name][kpi] for _, name in chosen]
    mean = [scale * s["mean"] for s in stats]
    plus = [scale * (s["high"] - s["mean"]) for s in stats]
    minus = [scale * (s["mean"] - s["low"]) for s in stats]
    significant = key == "significant"
    marker = ({"color": [colour(i) for i, _ in chosen], "size": 12,
               "symbol": [symbol(i) for i, _ in chosen]}
              if significant else {"color": _GREY, "size": 11, "line": {"width": 2},
                                   "symbol": [f"{symbol(i)}-open" for i, _ in chosen]})
    return go.Scatter(
        x=mean, y=[chart_text(name) for _, name in chosen], mode="markers", name=text[key],
        legendgroup=key, showlegend=legend,
        marker=marker, error_x={"type": "data", "array": plus, "arrayminus": minus,
                                "color": INK if significant else _GREY},
        customdata=[s["p_value"] for s in stats],
        hovertemplate="%{y}: %{x:.2f}<br>p = %{customdata:.3f}<extra></extra>")


def day_overlay_figure(curves: dict[str, tuple], text: dict[str, str]) -> go.Figure:
    """Mean people waiting through the day, one line per option whose tables were kept.
    ``curves`` maps option name to (option index, scenario, day profile)."""
    figure = go.Figure()
    low, high, first = math.inf, -math.inf, None
    for name, (index, scenario, profile) in curves.items():
        first = first or scenario
        figure.add_trace(go.Scatter(
            x=profile.grid + clock_offset(scenario), y=profile.waiting_mean, mode="lines",
            name=chart_text(name),
            line={"color": colour(index), "width": 2.5, "dash": dash(index)},
            hovertemplate="%{y:.1f}"))
        low, high = min(low, profile.grid[0]), max(high, profile.grid[-1])
    figure.update_xaxes(time_axis(first, float(low), float(high), text))
    figure.update_yaxes(title_text=text["axis_waiting"], rangemode="tozero")
    figure.update_layout(hovermode="x unified")
    return finish(figure, 440)


def ecdf_overlay_figure(curves: dict[str, tuple], targets, text: dict[str, str]) -> go.Figure:
    """Share of customers who joined served within each wait, one line per option.
    ``curves`` maps option name to (option index, (waits, shares))."""
    figure = go.Figure()
    reach = 0.0
    for name, (index, (waits, shares)) in curves.items():
        figure.add_trace(go.Scatter(
            x=waits, y=100 * shares, mode="lines", name=chart_text(name),
            line={"color": colour(index), "width": 2.5, "dash": dash(index)},
            hovertemplate=f"{text['axis_wait']}: %{{x:.1f}}<br>%{{y:.1f}} %"))
        reach = max(reach, float(np.quantile(waits, 0.99)))
    figure.add_vline(x=targets.wait_minutes, line=TARGET_LINE)
    figure.add_hline(y=100 * targets.service_level, line=TARGET_LINE)
    figure.update_xaxes(title_text=text["axis_wait"],
                        range=[0, max(reach, 2 * targets.wait_minutes)])
    figure.update_yaxes(title_text=text["axis_within"], range=[0, 100])
    return finish(figure, 440)


def sweep_line_figure(setting: str, points: list[tuple], kpi: str,
                      text: dict[str, str]) -> go.Figure:
    """A KPI (mean and 95 % CI) against the one varied setting. ``points`` are
    (number, statistic) in the order to draw."""
    mean, minus, plus = error_bars([stat for _, stat in points], _scale(kpi))
    figure = go.Figure(go.Scatter(
        x=[value for value, _ in points], y=mean,
        mode="lines+markers", line={"color": colour(0), "width": 2.5}, marker={"size": 9},
        error_y={"type": "data", "array": plus, "arrayminus": minus, "color": INK},
        name=chart_text(kpi_label(text, kpi)), hovertemplate="%{x}: %{y:.2f}<extra></extra>"))
    figure.update_xaxes(title_text=chart_text(setting), type="linear")
    figure.update_yaxes(title_text=chart_text(kpi_label(text, kpi)))
    return finish(figure, 420)


def sweep_heatmap_figure(settings: tuple[str, str], cells: dict[tuple, dict], kpi: str,
                         text: dict[str, str]) -> go.Figure:
    """A KPI's mean over a grid of two varied settings; each cell shows mean and 95 % CI.
    ``cells`` maps (x value, y value) to the KPI's statistic."""
    xs = _ordered({x for x, _ in cells})
    ys = _ordered({y for _, y in cells})
    scale = _scale(kpi)
    z = [[_cell(cells.get((x, y)), scale, "mean") for x in xs] for y in ys]
    labels = [[_cell_text(cells.get((x, y)), scale) for x in xs] for y in ys]
    label = chart_text(kpi_label(text, kpi))
    figure = go.Figure(go.Heatmap(
        x=[chart_text(x) for x in xs], y=[chart_text(y) for y in ys], z=z, text=labels,
        texttemplate="%{text}", colorscale="Cividis", colorbar={"title": {"text": label}},
        hovertemplate="%{x} · %{y}: %{text}<extra></extra>"))
    figure.update_xaxes(title_text=chart_text(settings[0]), type="category", showgrid=False)
    figure.update_yaxes(title_text=chart_text(settings[1]), type="category", showgrid=False,
                        autorange="reversed")
    return finish(figure, max(380, 140 + 60 * len(ys)))


def _ordered(values: set) -> list:
    """Setting values in numeric order when they are all numbers, else in text order."""
    return sorted(values, key=lambda v: (0, v, "") if isinstance(v, float) else (1, 0.0, str(v)))


def _cell(stat: dict | None, scale: float, key: str) -> float | None:
    return None if stat is None or stat[key] is None else scale * stat[key]


def _cell_text(stat: dict | None, scale: float) -> str:
    if stat is None or stat["mean"] is None:
        return ""
    low, high = stat["ci95"]
    interval = "" if low is None else f"<br>[{scale * low:.1f}–{scale * high:.1f}]"
    return f"{scale * stat['mean']:.1f}{interval}"
