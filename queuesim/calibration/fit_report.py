"""``fit.html``: what a fitted hall was learnt from, drawn so that each choice can be checked.

One section per part of the fit — arrivals per class and period with the band of the days,
service times (ECDF and QQ against the chosen distribution, the candidates' AIC, KS and
Anderson–Darling figures), patience (Kaplan–Meier against the fitted survival), counters
(capacity measured, counters seen, the profile written) and the provenance. Built with the page
helpers of :mod:`queuesim.report`; it reads the fit and simulates nothing. Times in minutes.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from pydantic import TypeAdapter

from ..clock import format_time
from ..distributions import Distribution
from ..report.labels import texts
from ..report.page import chart_text, document, escape, figure_html, note
from ..report.style import BAND, colour, finish

_DISTRIBUTION = TypeAdapter(Distribution)
POINTS = 200
"""Points drawn per curve."""


def fit_page(fit) -> str:
    """The whole page of a :class:`queuesim.calibration.fit.Fit`."""
    details, text = fit.details, texts("en")
    sections = [
        ("provenance", "Where it comes from", _provenance(fit)),
        ("arrivals", "Arrivals", _arrivals(details)),
        ("service", "Service times", _service(details)),
        ("patience", "Patience", _patience(details)),
        ("counters", "Counters", _counters(details, fit.scenario)),
    ]
    header = (f"<h1>{escape(fit.scenario['name'])}</h1>"
              f'<p class="subtitle">How the hall was learnt from its visit log</p>')
    return document(f"Fit: {fit.scenario['name']}", "en", header, sections, text)


def _provenance(fit) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in fit.provenance)
    return f"<ul>{items}</ul>"


def _clock(minutes) -> list[str]:
    return [format_time(m) for m in minutes]


def _arrivals(details: dict) -> str:
    arrivals = details["arrivals"]
    x = _clock(arrivals.rates.index)
    figure = go.Figure()
    spread = arrivals.spread
    figure.add_trace(go.Scatter(x=x + x[::-1], y=list(spread["high"]) + list(spread["low"])[::-1],
                                fill="toself", fillcolor=BAND, line={"width": 0},
                                name="all classes: lowest to highest day", hoverinfo="skip"))
    figure.add_trace(go.Scatter(x=x, y=spread["mean"], name="all classes: mean",
                                line={"color": colour(7), "width": 2.5}))
    for i, name in enumerate(arrivals.rates.columns):
        figure.add_trace(go.Scatter(x=x, y=arrivals.rates[name], name=chart_text(name),
                                    line={"color": colour(i), "dash": "dot"}))
    figure.update_layout(xaxis_title="period starting (clock time)",
                         yaxis_title="arrivals per hour")
    test = arrivals.dispersion
    words = (f"Day totals against Poisson: chi-square {test['statistic']:.1f} on {test['df']} "
             f"degrees of freedom, p = {test['p_value']:.3g}; day-to-day cv {test['cv']:.3f}."
             if test["df"] else "One day only: the day-to-day variation cannot be estimated.")
    return note(words) + figure_html(finish(figure, 460), "fit-arrivals")


def _service(details: dict) -> str:
    parts = []
    for i, (name, service) in enumerate(details["services"].items()):
        parts.append(f"<h3>{escape(name)}</h3>" + note(service["why"]))
        parts.append(_candidates_table(service["candidates"], service["chosen"]))
        parts.append(figure_html(_ecdf_qq(service), f"fit-service-{i}"))
    return "".join(parts)


def _candidates_table(candidates: list[dict], chosen: str) -> str:
    rows = "".join(
        f"<tr><td>{escape(c['family'])}{' (chosen)' if c['family'] == chosen else ''}</td>"
        f"<td>{c['aic']:.1f}</td><td>{c['ks']:.4f}</td><td>{c['ad']:.2f}</td>"
        f"<td>{c['mean_error']:+.1%}</td><td>{'yes' if c['kept'] else 'no'}</td></tr>"
        for c in candidates)
    return ("<table><thead><tr><th>family</th><th>AIC</th><th>KS distance</th>"
            "<th>Anderson–Darling</th><th>mean vs sample</th><th>mean kept</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _ecdf_qq(service: dict) -> go.Figure:
    from plotly.subplots import make_subplots

    probabilities = (np.arange(POINTS) + 0.5) / POINTS
    sample = service["sample_quantiles"]
    chosen = _DISTRIBUTION.validate_python(service["spec"])
    model = chosen.quantile(probabilities)
    figure = make_subplots(rows=1, cols=2, subplot_titles=("ECDF", "QQ"))
    figure.add_trace(go.Scatter(x=sample, y=probabilities, name="observed", mode="lines",
                                line={"color": colour(0)}), 1, 1)
    figure.add_trace(go.Scatter(x=sample, y=chosen.cdf(sample), name=service["chosen"],
                                mode="lines", line={"color": colour(1), "dash": "dash"}), 1, 1)
    figure.add_trace(go.Scatter(x=model, y=sample, mode="markers", name="quantiles",
                                marker={"color": colour(0), "size": 4}), 1, 2)
    top = float(max(np.max(model), np.max(sample)))
    figure.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", name="equal",
                                line={"color": colour(7), "width": 1}), 1, 2)
    figure.update_xaxes(title_text="service time (min)", row=1, col=1)
    figure.update_yaxes(title_text="share at most", row=1, col=1)
    figure.update_xaxes(title_text=f"{service['chosen']} quantile (min)", row=1, col=2)
    figure.update_yaxes(title_text="observed quantile (min)", row=1, col=2)
    return finish(figure, 420)


def _patience(details: dict) -> str:
    fits = details["patience"]
    shown = {"all classes": fits["pooled"]}
    shown.update({name: fits[name] for name in details["classes"]
                  if fits[name] is not None and fits[name] is not fits["pooled"]})
    if fits["pooled"] is None:
        return note("Nobody gave up in the log: no patience is modelled.")
    parts = [note("Patience is censored: those served waited less than their patience. The "
                  "Kaplan–Meier estimate (with its 95 % band) uses every visit; the naive "
                  "mean of those who gave up is biased low and shown only for comparison.")]
    for i, (name, fitted) in enumerate(shown.items()):
        parts.append(f"<h3>{escape(name)}</h3>" + note(
            f"{fitted['chosen']}: mean {fitted['mean']:.3g} min ({fitted['events']} gave up, "
            f"{fitted['censored']} censored); naive mean {fitted['naive_mean']:.3g} min."))
        parts.append(figure_html(_survival(fitted), f"fit-patience-{i}"))
    return "".join(parts)


def _survival(fitted: dict) -> go.Figure:
    figure = go.Figure()
    grid = fitted["grid"]
    if fitted["km"] is not None:
        times, survival, band = fitted["km"]
        figure.add_trace(go.Scatter(x=list(times) + list(times[::-1]),
                                    y=list(band[1]) + list(band[0][::-1]), fill="toself",
                                    fillcolor=BAND, line={"width": 0}, name="95 % band",
                                    hoverinfo="skip"))
        figure.add_trace(go.Scatter(x=times, y=survival, name="Kaplan–Meier",
                                    line={"color": colour(7), "shape": "hv"}))
    for i, (family, curve) in enumerate(fitted["curves"].items()):
        dash = None if family == fitted["chosen"] else "dot"
        figure.add_trace(go.Scatter(x=grid, y=curve, name=family,
                                    line={"color": colour(i), "dash": dash}))
    figure.update_layout(xaxis_title="time waited (min)",
                         yaxis_title="share still willing to wait")
    return finish(figure, 400)


def _counters(details: dict, scenario: dict) -> str:
    counters = details["counters"]
    x = _clock(counters.capacity.index)
    figure = go.Figure()
    figure.add_trace(go.Bar(x=x, y=counters.seen, name="counters seen (mean over days)",
                            marker_color=colour(5)))
    figure.add_trace(go.Scatter(x=x, y=counters.capacity, name="capacity measured",
                                mode="lines+markers", line={"color": colour(0)}))
    profile = scenario["counters"].get("profile") if isinstance(scenario["counters"], dict) \
        else None
    if profile:
        figure.add_trace(go.Scatter(x=list(profile), y=list(profile.values()),
                                    name="counters open in the fitted hall",
                                    line={"color": colour(3), "shape": "hv"}))
    figure.update_layout(xaxis_title="period starting (clock time)", yaxis_title="counters")
    words = ("Capacity is the mean number of busy counters while customers waited; in the "
             "periods where nobody waited it is the most busy at once (a lower bound).")
    return note(words) + figure_html(finish(figure, 420), "fit-counters") + _calibration(details)


def _calibration(details: dict) -> str:
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
    return (note(f"Calibration: observed mean wait {observed['wait_mean'].mean():.2f} min "
                 f"(by part of the day: {waits(by_part)}), abandonment "
                 f"{observed['abandon_rate'].mean():.1%} over {len(observed)} days; chosen "
                 f"factors {_factors(details['factors'])}.")
            + "<table><thead><tr><th>factors</th><th>simulated mean wait (min)</th>"
              "<th>by part of the day (min)</th>"
              f"<th>simulated abandonment</th></tr></thead><tbody>{rows}</tbody></table>")


def _factors(factors: dict) -> str:
    return " · ".join(f"{part} {factor:.3f}" for part, factor in factors.items())
