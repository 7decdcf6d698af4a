"""The backtest page: observed days against the simulated hall, KPI by KPI.

Rendering only: it reads a :class:`queuesim.calibration.backtest.Backtest` (computed elsewhere)
and draws, for each period of the day, the observed days (thin lines), their mean and the
simulated mean with its 95 % CI band on the same axes, then the verdict tables and the rule.
Every word comes from the catalogue (:mod:`queuesim.i18n`, keys ``backtest_…``), in English or
Chinese: the rule is written from the backtest's tolerances, and its notes and the sentence on
what was read from the log are matched to catalogue entries.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import i18n, terminal
from ..calibration.backtest import TOLERANCES, WAIT_FLOOR
from .labels import kpi_label, language_code, texts
from .page import boxed, document, escape, figure_html, note, record_list
from .style import BAND, colour, finish

CURVES = (("arrivals", 1.0), ("abandon_rate", 100.0), ("wait_mean", 1.0),
          ("service_level", 100.0))
NOTES = ("backtest_note_no_balked", "backtest_note_hours", "backtest_note_no_hours")
"""Catalogue keys of the notes a backtest writes; a note is matched by its English text."""
_READ = re.compile(r"(?P<rows>\d+) rows read, (?P<visits>\d+) visits used on (?P<days>\d+) "
                   r"days(?:; skipped: (?P<skipped>.*))?\.$")
"""The sentence of :func:`queuesim.calibration.visitlog.describe`."""


def backtest_page(backtest, hall: str, log: str, read: str, lang: str | None = None) -> str:
    """The whole page. ``hall`` and ``log`` name the scenario and the log file; ``read`` says
    what reading the log used and skipped; ``lang`` is ``en`` or ``zh`` (default: locale)."""
    text = texts(lang)
    header = (f"<h1>{escape(text['backtest_title'])}: {escape(hall)}</h1>"
              + note(text["backtest_facts"].format(
                  days=len(backtest.days), log=log, dates=", ".join(backtest.days),
                  replications=backtest.replications, read=read_text(read, text))))
    figure = _curves_figure(backtest.curves, text)
    notes = [(text["backtest_note"], note_text(line, text)) for line in backtest.notes]
    sections = [
        ("overall", _table(backtest.overall, None, text)),
        ("day", note(text["backtest_note_day"]) + figure_html(figure, "backtest-day")),
        ("classes", _table(backtest.by_class, "class", text)),
        ("periods", _table(backtest.by_period, "period", text)),
        ("rule", note(rule_text(text)) + record_list(notes)),
    ]
    return document(f"{text['backtest_title']} — {hall}", language_code(text), header,
                    [(ident, escape(text[f"backtest_{ident}"]), inner)
                     for ident, inner in sections], text)


def rule_text(text: dict[str, str]) -> str:
    """The verdict rule of :mod:`queuesim.calibration.backtest`, with its tolerances."""
    parts = [text[f"backtest_{kind}"].format(kpi=text[kpi], value=100 * value)
             for kpi, (kind, value) in TOLERANCES.items()]
    parts.append(text["backtest_wait_floor"].format(minutes=WAIT_FLOOR))
    return text["backtest_rule_text"].format(tolerances="; ".join(parts))


def note_text(line: str, text: dict[str, str]) -> str:
    """A backtest's note in the page's language (a note the catalogue lacks stays as written)."""
    english = i18n.texts("en")
    return next((text[key] for key in NOTES if english[key] == line), line)


def read_text(read: str, text: dict[str, str]) -> str:
    """What reading the log used and skipped, in the page's language (the reasons for skipping
    rows stay as the reader of the log wrote them)."""
    found = _READ.match(read)
    if not found:
        return read
    skipped = found["skipped"]
    return text["backtest_read"].format(
        rows=found["rows"], visits=found["visits"], days=found["days"],
        skipped=text["backtest_skipped"].format(list=skipped) if skipped else "")


def _curves_figure(curves: dict, text: dict) -> go.Figure:
    observed, simulated = curves["observed"], curves["simulated"]
    titles = [kpi_label(text, kpi) + (text["backtest_per_period"] if kpi == "arrivals" else "")
              for kpi, _ in CURVES]
    figure = make_subplots(rows=2, cols=2, subplot_titles=titles, horizontal_spacing=0.1,
                           vertical_spacing=0.14)
    for index, ((kpi, scale), title) in enumerate(zip(CURVES, titles, strict=True)):
        row, col = index // 2 + 1, index % 2 + 1
        for day, rows in observed.groupby("day"):
            figure.add_trace(go.Scatter(
                x=rows["period"], y=rows[kpi] * scale, mode="lines",
                name=text["backtest_day_line"],
                line={"color": "#bbbbbb", "width": 1}, legendgroup="day",
                showlegend=index == 0 and day == 0), row=row, col=col)
        mean = observed.groupby("period", sort=False)[kpi].mean() * scale
        figure.add_trace(go.Scatter(x=mean.index, y=mean.values, mode="markers",
                                    marker={"color": "#000000", "size": 6},
                                    name=text["backtest_observed_mean"], legendgroup="mean",
                                    showlegend=index == 0), row=row, col=col)
        _simulated_band(figure, simulated, kpi, scale, (row, col), text, index == 0)
        figure.update_yaxes(title_text=title, row=row, col=col, rangemode="tozero")
        figure.update_xaxes(title_text=text["backtest_x"], row=row, col=col)
    figure.update_layout(legend={"orientation": "h"})
    return finish(figure, 720)


def _simulated_band(figure, simulated: pd.DataFrame, kpi: str, scale: float, cell: tuple,
                    text: dict, legend: bool) -> None:
    grouped = simulated.groupby("period", sort=False)[kpi]
    mean, sd, count = grouped.mean(), grouped.std(ddof=1), grouped.count()
    half = 1.96 * sd / np.sqrt(count.clip(lower=1))
    periods = list(mean.index)
    row, col = cell
    figure.add_trace(go.Scatter(x=periods + periods[::-1],
                                y=list((mean + half) * scale) + list((mean - half)[::-1] * scale),
                                fill="toself", fillcolor=BAND, line={"width": 0},
                                hoverinfo="skip", name=text["backtest_ci"], legendgroup="ci",
                                showlegend=legend), row=row, col=col)
    figure.add_trace(go.Scatter(x=periods, y=mean * scale, mode="lines",
                                line={"color": colour(0), "width": 2},
                                name=text["backtest_simulated_mean"], legendgroup="sim",
                                showlegend=legend), row=row, col=col)


COLUMNS = ("kpi", "observed", "range", "simulated", "ci", "error", "allowed", "verdict")
VERDICTS = {"pass": "backtest_pass", "fail": "backtest_fail", "n/a": "backtest_na"}


def _table(table: pd.DataFrame, key: str | None, text: dict) -> str:
    head = ([text["class" if key == "class" else "backtest_period"]] if key else []) + [
        text[f"backtest_column_{column}"] for column in COLUMNS]
    cells = "".join(f"<th>{escape(name)}</th>" for name in head)
    rows = "".join(_row(record, key, text)
                   for record in table.to_dict(orient="records"))
    return boxed(f'<table class="groups"><thead><tr>{cells}</tr></thead>'
                 f"<tbody>{rows}</tbody></table>")


def _row(record: dict, key: str | None, text: dict) -> str:
    kpi = record["kpi"]

    def shown(value) -> str:
        missing = value is None or (isinstance(value, float) and math.isnan(value))
        return "–" if missing else terminal.number(kpi, value)
    values = ([record[key]] if key else []) + [
        kpi_label(text, kpi), shown(record["observed_mean"]),
        f"{shown(record['observed_min'])}–{shown(record['observed_max'])} "
        f"({record['days']})", shown(record["simulated_mean"]),
        f"{shown(record['ci_low'])}–{shown(record['ci_high'])}", shown(record["error"]),
        "±" + shown(record["allowed"]),
        text[VERDICTS.get(record["verdict"], "backtest_na")]]
    return "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in values) + "</tr>"
