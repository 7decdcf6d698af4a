"""The backtest page: observed days against the simulated hall, KPI by KPI.

Rendering only: it reads a :class:`queuesim.calibration.backtest.Backtest` (computed elsewhere)
and draws, for each period of the day, the observed days (thin lines), their mean and the
simulated mean with its 95 % CI band on the same axes, then the verdict tables and the rule.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import terminal
from .page import document, escape, figure_html, note, record_list
from .style import BAND, colour, finish

CURVES = (("arrivals", "arrivals per period (people)", 1.0),
          ("abandon_rate", "abandonment (%)", 100.0),
          ("wait_mean", "mean wait (min)", 1.0),
          ("service_level", "service level (%)", 100.0))
TEXT = {"contents": "Contents"}


def backtest_page(backtest, hall: str, log: str, read: str) -> str:
    """The whole page. ``hall`` and ``log`` name the scenario and the log file; ``read`` says
    what reading the log used and skipped."""
    header = (f"<h1>Backtest: {escape(hall)}</h1>" + note(
        f"{len(backtest.days)} observed days of {log} ({', '.join(backtest.days)}) against "
        f"{backtest.replications} simulated days. {read}"))
    sections = [
        ("overall", "Verdicts, whole day", _table(backtest.overall, None)),
        ("day", "Through the day", note(
            "Thin grey lines: observed days; black dots: their mean; blue line and band: the "
            "simulated mean and its 95 % CI over replications. x axis: period of arrival "
            "(clock time).") + figure_html(_curves_figure(backtest.curves), "backtest-day")),
        ("classes", "By class", _table(backtest.by_class, "class")),
        ("periods", "By period of arrival", _table(backtest.by_period, "period")),
        ("rule", "How the verdict is reached", note(backtest.to_dict()["rule"]) + record_list(
            [("note", line) for line in backtest.notes])),
    ]
    return document(f"Backtest — {hall}", "en", header, sections, TEXT)


def _curves_figure(curves: dict) -> go.Figure:
    observed, simulated = curves["observed"], curves["simulated"]
    figure = make_subplots(rows=2, cols=2, subplot_titles=[title for _, title, _ in CURVES],
                           horizontal_spacing=0.1, vertical_spacing=0.14)
    for index, (kpi, title, scale) in enumerate(CURVES):
        row, col = index // 2 + 1, index % 2 + 1
        for day, rows in observed.groupby("day"):
            figure.add_trace(go.Scatter(x=rows["period"], y=rows[kpi] * scale, mode="lines",
                                        line={"color": "#bbbbbb", "width": 1}, name="observed day",
                                        legendgroup="day", showlegend=index == 0 and day == 0),
                             row=row, col=col)
        mean = observed.groupby("period", sort=False)[kpi].mean() * scale
        figure.add_trace(go.Scatter(x=mean.index, y=mean.values, mode="markers",
                                    marker={"color": "#000000", "size": 6}, name="observed mean",
                                    legendgroup="mean", showlegend=index == 0), row=row, col=col)
        _simulated_band(figure, simulated, kpi, scale, row, col, index == 0)
        figure.update_yaxes(title_text=title, row=row, col=col, rangemode="tozero")
        figure.update_xaxes(title_text="period of arrival (clock time)", row=row, col=col)
    figure.update_layout(legend={"orientation": "h"})
    return finish(figure, 720)


def _simulated_band(figure, simulated: pd.DataFrame, kpi: str, scale: float, row: int,
                    col: int, legend: bool) -> None:
    grouped = simulated.groupby("period", sort=False)[kpi]
    mean, sd, count = grouped.mean(), grouped.std(ddof=1), grouped.count()
    half = 1.96 * sd / np.sqrt(count.clip(lower=1))
    periods = list(mean.index)
    figure.add_trace(go.Scatter(x=periods + periods[::-1],
                                y=list((mean + half) * scale) + list((mean - half)[::-1] * scale),
                                fill="toself", fillcolor=BAND, line={"width": 0},
                                hoverinfo="skip", name="simulated 95 % CI", legendgroup="ci",
                                showlegend=legend), row=row, col=col)
    figure.add_trace(go.Scatter(x=periods, y=mean * scale, mode="lines",
                                line={"color": colour(0), "width": 2}, name="simulated mean",
                                legendgroup="sim", showlegend=legend), row=row, col=col)


def _table(table: pd.DataFrame, key: str | None) -> str:
    head = ([key] if key else []) + ["KPI", "observed mean", "observed min–max (days)",
                                     "simulated mean", "95 % CI", "difference", "allowed",
                                     "verdict"]
    cells = "".join(f"<th>{escape(name)}</th>" for name in head)
    rows = "".join(_row(record, key) for record in table.to_dict(orient="records"))
    return f'<table class="groups"><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>'


def _row(record: dict, key: str | None) -> str:
    kpi = record["kpi"]

    def shown(value) -> str:
        return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else \
            terminal.number(kpi, value)
    values = ([record[key]] if key else []) + [
        terminal.label(kpi), shown(record["observed_mean"]),
        f"{shown(record['observed_min'])}–{shown(record['observed_max'])} "
        f"({record['days']})", shown(record["simulated_mean"]),
        f"{shown(record['ci_low'])}–{shown(record['ci_high'])}", shown(record["error"]),
        "±" + shown(record["allowed"]), record["verdict"]]
    return "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in values) + "</tr>"
