"""The backtest page: observed days against the simulated hall, KPI by KPI.

Rendering only: it reads a :class:`queuesim.calibration.backtest.Backtest` (computed elsewhere)
and draws, for each period of the day, the observed days (thin lines), their mean and the
simulated mean with its 95 % CI band on the same axes, then the verdict tables and the rule.
KPI names and units come from :mod:`.labels` (English or Chinese); the few words of this page
are below, in both languages. The rule and the notes are the backtest's own (English) text.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import terminal
from .labels import kpi_label, language_code, texts
from .page import document, escape, figure_html, note, record_list
from .style import BAND, colour, finish

CURVES = (("arrivals", 1.0), ("abandon_rate", 100.0), ("wait_mean", 1.0),
          ("service_level", 100.0))
WORDS = {
    "en": {"title": "Backtest", "facts": "{days} observed days of {log} ({dates}) against "
           "{replications} simulated days. {read}", "overall": "Verdicts, whole day",
           "day": "Through the day", "classes": "By class", "periods": "By period of arrival",
           "rule": "How the verdict is reached",
           "note_day": "Thin grey lines: observed days; black dots: their mean; blue line and "
           "band: the simulated mean and its 95 % CI over replications.",
           "x": "period of arrival (clock time)", "per_period": " per period",
           "day_line": "observed day", "observed_mean": "observed mean",
           "simulated_mean": "simulated mean", "ci": "simulated 95 % CI",
           "columns": ("KPI", "observed mean", "observed min–max (days)", "simulated mean",
                       "95 % CI", "difference", "allowed", "verdict"),
           "class": "class", "period": "period", "note": "note",
           "verdicts": {"pass": "pass", "fail": "FAIL", "n/a": "n/a"}},
    "zh": {"title": "回测", "facts": "观测 {days} 天({log}:{dates})对比模拟 {replications} 天。"
           "{read}", "overall": "全天判定", "day": "一天之中", "classes": "按客户类别",
           "periods": "按到达时段", "rule": "判定规则",
           "note_day": "灰色细线:各观测日;黑点:观测均值;蓝线与色带:模拟均值及其 95 % 置信区间。",
           "x": "到达时段(时钟时间)", "per_period": "(每时段)", "day_line": "观测日",
           "observed_mean": "观测均值", "simulated_mean": "模拟均值", "ci": "模拟 95 % 置信区间",
           "columns": ("指标", "观测均值", "观测最小–最大(天数)", "模拟均值", "95 % 置信区间",
                       "差值", "允许", "判定"),
           "class": "类别", "period": "时段", "note": "说明",
           "verdicts": {"pass": "通过", "fail": "未通过", "n/a": "无法判定"}},
}


def backtest_page(backtest, hall: str, log: str, read: str, lang: str | None = None) -> str:
    """The whole page. ``hall`` and ``log`` name the scenario and the log file; ``read`` says
    what reading the log used and skipped; ``lang`` is ``en`` or ``zh`` (default: locale)."""
    text = texts(lang)
    words = WORDS["zh" if language_code(text) == "zh-CN" else "en"]
    header = f"<h1>{escape(words['title'])}: {escape(hall)}</h1>" + note(words["facts"].format(
        days=len(backtest.days), log=log, dates=", ".join(backtest.days),
        replications=backtest.replications, read=read))
    figure = _curves_figure(backtest.curves, text, words)
    sections = [
        ("overall", escape(words["overall"]), _table(backtest.overall, None, text, words)),
        ("day", escape(words["day"]), note(words["note_day"]) +
         figure_html(figure, "backtest-day")),
        ("classes", escape(words["classes"]), _table(backtest.by_class, "class", text, words)),
        ("periods", escape(words["periods"]), _table(backtest.by_period, "period", text, words)),
        ("rule", escape(words["rule"]), note(backtest.to_dict()["rule"]) + record_list(
            [(words["note"], line) for line in backtest.notes])),
    ]
    return document(f"{words['title']} — {hall}", language_code(text), header, sections, text)


def _curves_figure(curves: dict, text: dict, words: dict) -> go.Figure:
    observed, simulated = curves["observed"], curves["simulated"]
    titles = [kpi_label(text, kpi) + (words["per_period"] if kpi == "arrivals" else "")
              for kpi, _ in CURVES]
    figure = make_subplots(rows=2, cols=2, subplot_titles=titles, horizontal_spacing=0.1,
                           vertical_spacing=0.14)
    for index, ((kpi, scale), title) in enumerate(zip(CURVES, titles, strict=True)):
        row, col = index // 2 + 1, index % 2 + 1
        for day, rows in observed.groupby("day"):
            figure.add_trace(go.Scatter(
                x=rows["period"], y=rows[kpi] * scale, mode="lines", name=words["day_line"],
                line={"color": "#bbbbbb", "width": 1}, legendgroup="day",
                showlegend=index == 0 and day == 0), row=row, col=col)
        mean = observed.groupby("period", sort=False)[kpi].mean() * scale
        figure.add_trace(go.Scatter(x=mean.index, y=mean.values, mode="markers",
                                    marker={"color": "#000000", "size": 6},
                                    name=words["observed_mean"], legendgroup="mean",
                                    showlegend=index == 0), row=row, col=col)
        _simulated_band(figure, simulated, kpi, scale, (row, col), words, index == 0)
        figure.update_yaxes(title_text=title, row=row, col=col, rangemode="tozero")
        figure.update_xaxes(title_text=words["x"], row=row, col=col)
    figure.update_layout(legend={"orientation": "h"})
    return finish(figure, 720)


def _simulated_band(figure, simulated: pd.DataFrame, kpi: str, scale: float, cell: tuple,
                    words: dict, legend: bool) -> None:
    grouped = simulated.groupby("period", sort=False)[kpi]
    mean, sd, count = grouped.mean(), grouped.std(ddof=1), grouped.count()
    half = 1.96 * sd / np.sqrt(count.clip(lower=1))
    periods = list(mean.index)
    row, col = cell
    figure.add_trace(go.Scatter(x=periods + periods[::-1],
                                y=list((mean + half) * scale) + list((mean - half)[::-1] * scale),
                                fill="toself", fillcolor=BAND, line={"width": 0},
                                hoverinfo="skip", name=words["ci"], legendgroup="ci",
                                showlegend=legend), row=row, col=col)
    figure.add_trace(go.Scatter(x=periods, y=mean * scale, mode="lines",
                                line={"color": colour(0), "width": 2},
                                name=words["simulated_mean"], legendgroup="sim",
                                showlegend=legend), row=row, col=col)


def _table(table: pd.DataFrame, key: str | None, text: dict, words: dict) -> str:
    head = ([words[key]] if key else []) + list(words["columns"])
    cells = "".join(f"<th>{escape(name)}</th>" for name in head)
    rows = "".join(_row(record, key, text, words)
                   for record in table.to_dict(orient="records"))
    return f'<table class="groups"><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>'


def _row(record: dict, key: str | None, text: dict, words: dict) -> str:
    kpi = record["kpi"]

    def shown(value) -> str:
        missing = value is None or (isinstance(value, float) and math.isnan(value))
        return "–" if missing else terminal.number(kpi, value)
    values = ([record[key]] if key else []) + [
        kpi_label(text, kpi), shown(record["observed_mean"]),
        f"{shown(record['observed_min'])}–{shown(record['observed_max'])} "
        f"({record['days']})", shown(record["simulated_mean"]),
        f"{shown(record['ci_low'])}–{shown(record['ci_high'])}", shown(record["error"]),
        "±" + shown(record["allowed"]), words["verdicts"].get(record["verdict"], "n/a")]
    return "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in values) + "</tr>"
