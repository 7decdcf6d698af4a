"""The charts of a run page, one small function per chart.

Each function takes already condensed numbers (:mod:`queuesim.report.condense`) or the summary
of :func:`queuesim.metrics.summarise`, and returns a plotly figure with units on every axis.
Names from the scenario reach a chart only through :func:`page.chart_text`. Times on the x axis
are clock times in a day run (minutes after midnight, labelled ``HH:MM``) and minutes from the
start in a steady-state run.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..clock import format_time
from .condense import DayProfile, Histogram
from .page import chart_text, verdict
from .style import BAND, INK, TARGET_LINE, VERDICT_COLOURS, colour, finish


def clock_offset(scenario) -> float:
    """What to add to model minutes for the x axis: the opening time, or 0 in steady state."""
    return scenario.clock.start


def time_axis(scenario, low: float, high: float, text: dict[str, str]) -> dict:
    """x-axis settings for model times in ``[low, high]`` minutes: hourly ``HH:MM`` ticks."""
    if scenario.clock.steady:
        return {"title": {"text": text["axis_minutes"]}, "range": [low, high]}
    offset = clock_offset(scenario)
    first, last = np.ceil((low + offset) / 60), np.floor((high + offset) / 60)
    ticks = [60.0 * h for h in range(int(first), int(last) + 1)]
    return {"title": {"text": text["axis_clock"]}, "range": [low + offset, high + offset],
            "tickvals": ticks, "ticktext": [format_time(t) for t in ticks]}


def time_labels(scenario, minutes: np.ndarray, text: dict[str, str]) -> list[str]:
    """Readable instants for hover text: ``HH:MM``, or minutes from the start in steady state."""
    if scenario.clock.steady:
        return [f"{m:.0f} {text['unit_minutes']}" for m in minutes]
    return [format_time(m + clock_offset(scenario)) for m in minutes]


def waits_figure(histogram: Histogram, ecdfs: dict, scenario, text: dict[str, str]) -> go.Figure:
    """Left: stacked histogram of waits per class. Right: share served within each wait."""
    figure = make_subplots(rows=1, cols=2, horizontal_spacing=0.1)
    centres = (histogram.edges[:-1] + histogram.edges[1:]) / 2
    per = text["axis_per_run" if scenario.clock.steady else "axis_per_day"]
    for index, (name, counts) in enumerate(histogram.counts.items()):
        figure.add_trace(go.Bar(
            x=centres, y=counts, width=histogram.width, name=chart_text(name),
            legendgroup=name, marker={"color": colour(index), "line": {"width": 0}},
            hovertemplate=f"{text['axis_wait']}: %{{x}}<br>{per}: %{{y:.1f}}"), row=1, col=1)
    classes = list(histogram.counts)
    for name, curve in ecdfs.items():
        everyone = name is None
        figure.add_trace(go.Scatter(
            x=curve[0], y=100 * curve[1], mode="lines", legendgroup=name, showlegend=everyone,
            name=text["all_customers"] if everyone else chart_text(name),
            line={"color": INK if everyone else colour(classes.index(name)),
                  "width": 3 if everyone else 2},
            hovertemplate=f"{text['axis_wait']}: %{{x:.1f}}<br>%{{y:.1f}} %"), row=1, col=2)
    targets = scenario.targets
    for column in (1, 2):
        figure.add_vline(x=targets.wait_minutes, line=TARGET_LINE, row=1, col=column)
    figure.add_hline(y=100 * targets.service_level, line=TARGET_LINE, row=1, col=2)
    figure.update_layout(barmode="stack", bargap=0)
    figure.update_xaxes(title_text=text["axis_wait"], range=[0, histogram.edges[-1]])
    figure.update_yaxes(title_text=per, row=1, col=1)
    figure.update_yaxes(title_text=text["axis_within"], range=[0, 100], row=1, col=2)
    return finish(figure, 440)


def day_figure(profile: DayProfile, scenario, text: dict[str, str]) -> go.Figure:
    """People waiting through the day (mean and 10–90 % band), and busy against open counters."""
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.62, 0.38],
                           vertical_spacing=0.07)
    x = profile.grid + clock_offset(scenario)
    when = time_labels(scenario, profile.grid, text)
    figure.add_trace(go.Scatter(x=x, y=profile.waiting_high, mode="lines", line={"width": 0},
                                showlegend=False, hoverinfo="skip"), row=1, col=1)
    figure.add_trace(go.Scatter(x=x, y=profile.waiting_low, mode="lines", line={"width": 0},
                                fill="tonexty", fillcolor=BAND,
                                name=text["band_runs" if scenario.clock.steady else "band"],
                                hoverinfo="skip"), row=1, col=1)
    figure.add_trace(_line(x, profile.waiting_mean, when, text["mean"], colour(0), 2.5,
                           text["axis_waiting"]), row=1, col=1)
    _mark_peak(figure, x, profile.waiting_mean, when, text)
    figure.add_trace(go.Scatter(x=x, y=profile.busy, mode="lines", fill="tozeroy",
                                name=text["busy_counters"], customdata=when,
                                line={"color": colour(1), "width": 1.5},
                                hovertemplate="%{customdata}: %{y:.2f}"), row=2, col=1)
    figure.add_trace(_line(x, profile.open, when, text["open_counters"], INK, 2,
                           text["axis_counters"], dash="dash"), row=2, col=1)
    axis = time_axis(scenario, float(profile.grid[0]), float(profile.grid[-1]), text)
    figure.update_xaxes(axis, row=2, col=1)
    figure.update_xaxes({**axis, "title": {"text": ""}}, row=1, col=1)
    figure.update_yaxes(title_text=text["axis_waiting"], rangemode="tozero", row=1, col=1)
    figure.update_yaxes(title_text=text["axis_counters"], rangemode="tozero", row=2, col=1)
    return finish(figure, 600)


def _line(x, y, when, name, line_colour, width, unit, dash=None) -> go.Scatter:
    return go.Scatter(x=x, y=y, mode="lines", name=name, customdata=when,
                      line={"color": line_colour, "width": width, "dash": dash},
                      hovertemplate=f"%{{customdata}}: %{{y:.1f}} ({unit})")


def _mark_peak(figure: go.Figure, x, mean, when, text: dict[str, str]) -> None:
    """Point out when the mean curve is highest: the peak of the average day, lower than the
    card's "most at once", which averages each day's own peak (days peak at other times)."""
    top = int(np.argmax(mean))
    figure.add_annotation(x=x[top], y=mean[top], row=1, col=1, showarrow=True, arrowhead=2,
                          ax=40, ay=-30, bgcolor="white",
                          text=text["peak"].format(value=f"{mean[top]:.1f}", time=when[top]))


def hours_figure(by_hour: dict, targets, text: dict[str, str]) -> go.Figure:
    """Service level and abandon rate per hour of arrival, with 95 % CIs, against targets."""
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1)
    _hour_bars(figure, by_hour, "service_level", (targets.service_level, True), 1, text)
    goal = None if targets.max_abandon is None else (targets.max_abandon, False)
    _hour_bars(figure, by_hour, "abandon_rate", goal, 2, text)
    figure.add_hline(y=100 * targets.service_level, line=TARGET_LINE, row=1, col=1)
    if goal is not None:
        figure.add_hline(y=100 * targets.max_abandon, line=TARGET_LINE, row=2, col=1)
    figure.update_layout(barmode="overlay")
    # hours in clock order on both rows, whatever order the verdicts' traces come in
    figure.update_xaxes(type="category", categoryorder="array",
                        categoryarray=[chart_text(hour) for hour in sorted(by_hour)])
    figure.update_xaxes(title_text=text["axis_hour"], row=2, col=1)
    figure.update_yaxes(title_text=text["axis_service_level"], range=[0, 105], row=1, col=1)
    figure.update_yaxes(title_text=text["axis_abandon"], rangemode="tozero", row=2, col=1)
    return finish(figure, 560)


def _hour_bars(figure, by_hour: dict, kpi: str, goal, row: int, text: dict[str, str]) -> None:
    """One bar trace per verdict (so the legend explains the colours), or one plain trace."""
    groups: dict[str, list] = {}
    for hour, stats in by_hour.items():
        stat = stats.get(kpi)
        if not stat or stat["mean"] is None:
            continue
        key = verdict(stat, *goal) if goal else kpi
        groups.setdefault(key, []).append((chart_text(hour), stat))
    for key, rows in groups.items():
        hours = [hour for hour, _ in rows]
        mean, minus, plus = error_bars([stat for _, stat in rows], 100.0)
        figure.add_trace(go.Bar(
            x=hours, y=mean, name=text[key], legendgroup=key,
            showlegend=not any(t.legendgroup == key for t in figure.data),
            marker={"color": VERDICT_COLOURS.get(key, colour(0))},
            error_y={"type": "data", "array": plus, "arrayminus": minus, "color": INK},
            hovertemplate="%{x}: %{y:.1f} %"), row=row, col=1)


def error_bars(stats: list[dict], scale: float = 1.0) -> tuple[list, list, list]:
    """Means and the distances down and up to the 95 % CI bounds (0 when there is no CI)."""
    mean = [scale * s["mean"] for s in stats]
    minus = [0.0 if s["ci95"][0] is None else scale * (s["mean"] - s["ci95"][0]) for s in stats]
    plus = [0.0 if s["ci95"][1] is None else scale * (s["ci95"][1] - s["mean"]) for s in stats]
    return mean, minus, plus


def counters_figure(by_counter: dict, hours: list[tuple[str, float, float]], scenario,
                    window: tuple[float, float], text: dict[str, str]) -> go.Figure:
    """Utilization per counter (95 % CI) beside its opening hours."""
    figure = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.38, 0.62],
                           horizontal_spacing=0.06)
    known = [(c.id, by_counter[c.id]["utilization"]) for c in scenario.counters
             if ((by_counter.get(c.id) or {}).get("utilization") or {}).get("mean") is not None]
    mean, minus, plus = error_bars([s for _, s in known], 100.0)
    figure.add_trace(go.Bar(
        y=[chart_text(name) for name, _ in known], x=mean, orientation="h",
        name=text["utilization"], marker={"color": colour(0)},
        error_x={"type": "data", "array": plus, "arrayminus": minus, "color": INK},
        hovertemplate="%{y}: %{x:.1f} %"), row=1, col=1)
    offset = clock_offset(scenario)
    starts = time_labels(scenario, np.array([s for _, s, _ in hours]), text)
    ends = time_labels(scenario, np.array([e for _, _, e in hours]), text)
    spans = [f"{start}–{end}" for start, end in zip(starts, ends, strict=True)]
    figure.add_trace(go.Bar(
        y=[chart_text(name) for name, _, _ in hours], x=[e - s for _, s, e in hours],
        base=[s + offset for _, s, _ in hours], orientation="h", name=text["open_hours"],
        marker={"color": colour(5)}, customdata=spans,
        hovertemplate="%{y}: %{customdata}<extra></extra>"), row=1, col=2)
    figure.update_layout(barmode="overlay")
    figure.update_yaxes(autorange="reversed", type="category", title_text=text["counter"],
                        row=1, col=1)
    figure.update_yaxes(ticks="", row=1, col=2)
    figure.update_xaxes(title_text=text["axis_utilization"], range=[0, 105], row=1, col=1)
    figure.update_xaxes(time_axis(scenario, *window, text), row=1, col=2)
    return finish(figure, max(320, 150 + 40 * len(scenario.counters)))
