"""``fit.html``: what a fitted hall was learnt from, drawn so that each choice can be checked.

One section per part of the fit — arrivals per class and period with the band of the days,
service times (ECDF and QQ against the chosen distribution, the candidates' AIC, KS and
Anderson–Darling figures), patience (Kaplan–Meier against the fitted survival), counters
(capacity measured, counters seen, the profile written) and the provenance. Built with the page
helpers of :mod:`queuesim.report`; it reads the fit and simulates nothing. Times in minutes.
Words come from the catalogue (keys ``fit_…``) in English or Chinese; distribution names stay as
a scenario file writes them, and the provenance lines are those written as comments into the
fitted YAML, in English.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from pydantic import TypeAdapter

from ..clock import format_time
from ..distributions import Distribution
from ..report.labels import language_code, texts
from ..report.page import boxed, chart_text, document, escape, figure_html, note
from ..report.style import BAND, colour, finish
from .service import MEAN_TOLERANCE

_DISTRIBUTION = TypeAdapter(Distribution)
POINTS = 200
"""Points drawn per curve."""


POOLED = " (pooled over classes: no served visit of its own)"
"""The end of a service's ``why`` when the class had no served visit of its own."""


def fit_page(fit, lang: str | None = None) -> str:
    """The whole page of a :class:`queuesim.calibration.fit.Fit`; ``lang`` is ``en`` or ``zh``
    (default: the locale's)."""
    details, text = fit.details, texts(lang)
    sections = [
        ("provenance", _provenance(fit, text)),
        ("arrivals", _arrivals(details, text)),
        ("service", _service(details, text)),
        ("patience", _patience(details, text)),
        ("counters", _counters(details, fit.scenario, text)),
    ]
    name = fit.scenario["name"]
    header = (f"<h1>{escape(name)}</h1>"
              f'<p class="subtitle">{escape(text["fit_subtitle"])}</p>')
    return document(text["fit_title"].format(name=name), language_code(text), header,
                    [(ident, escape(text[f"fit_section_{ident}"]), inner)
                     for ident, inner in sections], text)


def _provenance(fit, text: dict) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in fit.provenance)
    return note(text["fit_note_provenance"]) + f"<ul>{items}</ul>"


def _clock(minutes) -> list[str]:
    return [format_time(m) for m in minutes]


def _arrivals(details: dict, text: dict) -> str:
    arrivals = details["arrivals"]
    x = _clock(arrivals.rates.index)
    figure = go.Figure()
    spread = arrivals.spread
    figure.add_trace(go.Scatter(x=x + x[::-1], y=list(spread["high"]) + list(spread["low"])[::-1],
                                fill="toself", fillcolor=BAND, line={"width": 0},
                                name=text["fit_band_days"], hoverinfo="skip"))
    figure.add_trace(go.Scatter(x=x, y=spread["mean"], name=text["fit_mean_days"],
                                line={"color": colour(7), "width": 2.5}))
    for i, name in enumerate(arrivals.rates.columns):
        figure.add_trace(go.Scatter(x=x, y=arrivals.rates[name], name=chart_text(name),
                                    line={"color": colour(i), "dash": "dot"}))
    figure.update_layout(xaxis_title=text["fit_axis_period"],
                         yaxis_title=text["fit_axis_per_hour"])
    test = arrivals.dispersion
    words = (text["fit_dispersion"].format(
        statistic=f"{test['statistic']:.1f}", df=test["df"], p=f"{test['p_value']:.3g}",
        cv=f"{test['cv']:.3f}") if test["df"] else text["fit_one_day"])
    return note(words) + figure_html(finish(figure, 460), "fit-arrivals")


def _service(details: dict, text: dict) -> str:
    parts = []
    for i, (name, service) in enumerate(details["services"].items()):
        parts.append(f"<h3>{escape(name)}</h3>" + note(why(service, text)))
        parts.append(_candidates_table(service["candidates"], service["chosen"], text))
        parts.append(figure_html(_ecdf_qq(service, text), f"fit-service-{i}"))
    return "".join(parts)


def why(service: dict, text: dict) -> str:
    """Why the service distribution was chosen, from the fit's candidates (as
    :func:`.service.fit_service_times` decides)."""
    tolerance = f"{MEAN_TOLERANCE:.0%}"
    if service["chosen"] == "empirical":
        line = text["fit_why_empirical"].format(tolerance=tolerance)
    else:
        dropped = [c["family"] for c in service["candidates"] if not c["kept"]]
        line = text["fit_why_family"].format(family=service["chosen"], tolerance=tolerance)
        line += text["fit_left_out"].format(families=", ".join(dropped)) if dropped else ""
    return line + (text["fit_pooled"] if service["why"].endswith(POOLED) else "")


def _candidates_table(candidates: list[dict], chosen: str, text: dict) -> str:
    yes, no, mark = text["fit_yes"], text["fit_no"], text["fit_chosen"]
    rows = "".join(
        f"<tr><td>{escape(c['family'])}{mark if c['family'] == chosen else ''}</td>"
        f"<td>{c['aic']:.1f}</td><td>{c['ks']:.4f}</td><td>{c['ad']:.2f}</td>"
        f"<td>{c['mean_error']:+.1%}</td><td>{yes if c['kept'] else no}</td></tr>"
        for c in candidates)
    head = "".join(f"<th>{escape(text[f'fit_column_{key}'])}</th>"
                   for key in ("family", "aic", "ks", "ad", "mean_error", "kept"))
    return boxed(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def _ecdf_qq(service: dict, text: dict) -> go.Figure:
    from plotly.subplots import make_subplots

    probabilities = (np.arange(POINTS) + 0.5) / POINTS
    sample = service["sample_quantiles"]
    chosen = _DISTRIBUTION.validate_python(service["spec"])
    model = chosen.quantile(probabilities)
    figure = make_subplots(rows=1, cols=2,
                           subplot_titles=(text["fit_ecdf"], text["fit_qq"]))
    figure.add_trace(go.Scatter(x=sample, y=probabilities, name=text["fit_observed"],
                                mode="lines",
                                line={"color": colour(0)}), 1, 1)
    figure.add_trace(go.Scatter(x=sample, y=chosen.cdf(sample), name=service["chosen"],
                                mode="lines", line={"color": colour(1), "dash": "dash"}), 1, 1)
    figure.add_trace(go.Scatter(x=model, y=sample, mode="markers", name=text["fit_quantiles"],
                                marker={"color": colour(0), "size": 4}), 1, 2)
    top = float(max(np.max(model), np.max(sample)))
    figure.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", name=text["fit_equal"],
                                line={"color": colour(7), "width": 1}), 1, 2)
    figure.update_xaxes(title_text=text["fit_axis_service"], row=1, col=1)
    figure.update_yaxes(title_text=text["fit_axis_share"], row=1, col=1)
    figure.update_xaxes(title_text=text["fit_axis_model_quantile"].format(
        family=service["chosen"]), row=1, col=2)
    figure.update_yaxes(title_text=text["fit_axis_observed_quantile"], row=1, col=2)
    return finish(figure, 420)


def _patience(details: dict, text: dict) -> str:
    fits = details["patience"]
    shown = {text["fit_all_classes"]: fits["pooled"]}
    shown.update({name: fits[name] for name in details["classes"]
                  if fits[name] is not None and fits[name] is not fits["pooled"]})
    if fits["pooled"] is None:
        return note(text["fit_no_patience"])
    parts = [note(text["fit_note_patience"])]
    for i, (name, fitted) in enumerate(shown.items()):
        parts.append(f"<h3>{escape(name)}</h3>" + note(text["fit_patience_line"].format(
            family=fitted["chosen"], mean=f"{fitted['mean']:.3g}", events=fitted["events"],
            censored=fitted["censored"], naive=f"{fitted['naive_mean']:.3g}")))
        parts.append(figure_html(_survival(fitted, text), f"fit-patience-{i}"))
    return "".join(parts)


def _survival(fitted: dict, text: dict) -> go.Figure:
    figure = go.Figure()
    grid = fitted["grid"]
    if fitted["km"] is not None:
        times, survival, band = fitted["km"]
        figure.add_trace(go.Scatter(x=list(times) + list(times[::-1]),
                                    y=list(band[1]) + list(band[0][::-1]), fill="toself",
                                    fillcolor=BAND, line={"width": 0}, name=text["fit_band"],
                                    hoverinfo="skip"))
        figure.add_trace(go.Scatter(x=times, y=survival, name="Kaplan–Meier",
                                    line={"color": colour(7), "shape": "hv"}))
    for i, (family, curve) in enumerate(fitted["curves"].items()):
        dash = None if family == fitted["chosen"] else "dot"
        figure.add_trace(go.Scatter(x=grid, y=curve, name=family,
                                    line={"color": colour(i), "dash": dash}))
    figure.update_layout(xaxis_title=text["fit_axis_waited"],
                         yaxis_title=text["fit_axis_willing"])
    return finish(figure, 400)


def _counters(details: dict, scenario: dict, text: dict) -> str:
    counters = details["counters"]
    x = _clock(counters.capacity.index)
    figure = go.Figure()
    figure.add_trace(go.Bar(x=x, y=counters.seen, name=text["fit_counters_seen"],
                            marker_color=colour(5)))
    figure.add_trace(go.Scatter(x=x, y=counters.capacity, name=text["fit_capacity"],
                                mode="lines+markers", line={"color": colour(0)}))
    profile = scenario["counters"].get("profile") if isinstance(scenario["counters"], dict) \
        else None
    if profile:
        figure.add_trace(go.Scatter(x=list(profile), y=list(profile.values()),
                                    name=text["fit_counters_open"],
                                    line={"color": colour(3), "shape": "hv"}))
    figure.update_layout(xaxis_title=text["fit_axis_period"],
                         yaxis_title=text["axis_counters"])
    return (note(text["fit_note_counters"]) + figure_html(finish(figure, 420), "fit-counters")
            + _calibration(details, text))


def _calibration(details: dict, text: dict) -> str:
    if not details["calibration"]:
        return ""
    parts = list(details["factors"])

    def waits(row: dict) -> str:
        return " · ".join(f"{part} {row.get(f'wait_{part}', float('nan')):.2f}"
                          for part in parts)

    rows = "".join(f"<tr><td>{_factors(row['factors'])}</td><td>{row['wait_mean']:.2f}</td>"
                   f"<td>{waits(row)}</td><td>{row['abandon_rate']:.1%}</td></tr>"
                   for row in details["calibration"])
    observed = details["observed"]
    by_part = {f"wait_{part}": observed[f"wait_{part}"].mean() for part in parts
               if f"wait_{part}" in observed}
    head = "".join(f"<th>{escape(text[f'fit_column_{key}'])}</th>"
                   for key in ("factor", "wait", "parts", "abandonment"))
    return (note(text["fit_calibration"].format(
        wait=f"{observed['wait_mean'].mean():.2f}", parts=waits(by_part),
        abandonment=f"{observed['abandon_rate'].mean():.1%}", days=len(observed),
        factor=_factors(details["factors"])))
            + boxed(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"))


def _factors(factors: dict) -> str:
    return " · ".join(f"{part} {factor:.3f}" for part, factor in factors.items())
