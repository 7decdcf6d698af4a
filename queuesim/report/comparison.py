"""The page of a comparison: several options of one hall, run on common random numbers.

It reads a comparison as built by ``queuesim.compare``: ``options`` (each with ``name``,
``scenario`` and ``settings``), ``results`` (a :class:`~queuesim.runner.Results` per option, or
``None`` when the tables were not kept), ``summary`` (rows option, part, group, kpi, mean, low,
high, n) and ``differences`` (the same plus p_value and significant, for every option but the
first, paired day by day against it). Nothing here simulates or tests: the statistics are the
comparison's own; this module only arranges them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from .. import __version__
from ..errors import ScenarioError, did_you_mean
from . import compare_figures, condense
from .labels import SHARES, kpi_label, language_code, texts
from .page import document, escape, figure_html, group_table, note, record_list
from .run import scenario_yaml

OVERALL_PARTS = ("overall", "kpis")
"""Names the summary may give the whole-hall rows (group ``all``)."""
KPIS = ("wait_mean", "wait_p90", "service_level", "abandon_rate", "utilization", "waiting_mean")
TABLE_KPIS = ("arrivals", "served", "wait_mean", "wait_p90", "service_level", "abandon_rate",
              "balk_rate", "utilization", "waiting_mean", "waiting_max")


def compare_page(comparison, lang: str | None = None, kpi: str = "wait_mean") -> str:
    """The comparison as one self-contained HTML page.

    Parameters
    ----------
    comparison
        Options, their results (or ``None``), the summary and the paired differences.
    lang
        ``"en"`` or ``"zh"``; default from the locale.
    kpi
        The KPI drawn over the grid of a sweep and shown first (a name of
        :data:`queuesim.metrics.KPI_NAMES`).

    Raises
    ------
    ScenarioError
        When ``kpi`` is not in the comparison's summary.
    """
    text = texts(lang)
    stats = option_stats(comparison.summary)
    known = sorted({k for option in stats.values() for k in option})
    if kpi not in known:
        raise ScenarioError(f"kpi: unknown figure '{kpi}'{did_you_mean(kpi, known)}")
    kpis = [kpi, *(k for k in KPIS if k != kpi and k in known)]
    options = list(comparison.options)
    baseline = options[0]
    sections = [
        ("options", text["section_options"], options_section(options, text)),
        ("option-kpis", text["section_option_kpis"], note(text["note_option_kpis"]) + figure_html(
            compare_figures.option_bars_figure(stats, [o.name for o in options], kpis,
                                               baseline.scenario.targets, text),
            "chart-option-kpis")),
        ("differences", text["section_differences"],
         differences_section(comparison.differences, options, kpis, text)),
        *curve_sections(options, list(comparison.results), text),
        *sweep_sections(options, stats, kpi, text),
        ("option-table", text["section_option_table"],
         group_table(stats, tuple(k for k in TABLE_KPIS if k in known), text["option"], text)),
        ("scenario", text["section_scenario"], record_section(comparison, text)),
    ]
    title = f"{text['title_compare']} — {baseline.scenario.name}"
    header = (f"<h1>{escape(text['title_compare'])}</h1>"
              f'<p class="subtitle">{escape(baseline.scenario.name)}</p>'
              f'<p class="facts">{escape(facts(comparison, text))}</p>')
    return document(title, language_code(text), header,
                    [(ident, escape(heading), inner) for ident, heading, inner in sections], text)


def overall_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The whole-hall rows of a summary or differences table."""
    rows = table[table["part"].astype(str).isin(OVERALL_PARTS)]
    return rows[rows["group"].astype(str).isin(("all", ""))] if "group" in rows else rows


def option_stats(summary: pd.DataFrame) -> dict[str, dict[str, dict]]:
    """Option → KPI → ``{"mean", "ci95": [low, high], "n"}`` (missing values as ``None``)."""
    stats: dict[str, dict[str, dict]] = {}
    for row in overall_rows(summary).itertuples(index=False):
        stats.setdefault(str(row.option), {})[str(row.kpi)] = {
            "mean": _number(row.mean), "ci95": [_number(row.low), _number(row.high)],
            "n": int(row.n) if _number(row.n) is not None else 0}
    return stats


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def difference_rows(differences: pd.DataFrame) -> dict[str, dict[str, dict]]:
    """Option → KPI → differences row (as a dict), for the rows with a mean and an interval."""
    rows: dict[str, dict[str, dict]] = {}
    for row in overall_rows(differences).to_dict("records"):
        if all(_number(row[key]) is not None for key in ("mean", "low", "high")):
            rows.setdefault(str(row["option"]), {})[str(row["kpi"])] = row
    return rows


def settings_items(settings) -> list[tuple[str, str]]:
    """An option's settings as (path, value) text pairs, from a mapping or ``PATH=VALUE``
    strings."""
    if not settings:
        return []
    if isinstance(settings, Mapping):
        return [(str(key), _value_text(value)) for key, value in settings.items()]
    return [tuple(str(item).split("=", 1)) if "=" in str(item) else (str(item), "")
            for item in settings]


def _value_text(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def options_section(options: list, text: dict[str, str]) -> str:
    """The options and what each one changes."""
    rows = "".join(
        f'<tr><td>{escape(option.name)}</td><td class="text">'
        + "<br>".join(f"{escape(k)} = {escape(v)}" for k, v in settings_items(option.settings))
        + "</td></tr>" for option in options)
    return (note(text["note_options"]) + f"<table><thead><tr><th>{escape(text['option'])}</th>"
            f'<th class="text">{escape(text["settings"])}</th></tr></thead><tbody>{rows}'
            "</tbody></table>")


def differences_section(differences: pd.DataFrame, options: list, kpis: list[str],
                        text: dict[str, str]) -> str:
    """The forest of paired differences to the baseline, and the same as a table."""
    rows = difference_rows(differences)
    rows = {o.name: rows[o.name] for o in options[1:] if o.name in rows}
    intro = note(text["note_differences"].format(baseline=options[0].name))
    if not rows:
        return intro
    shown = [k for k in kpis if any(k in by_kpi for by_kpi in rows.values())]
    figure = compare_figures.differences_figure(rows, [o.name for o in options], shown, text)
    return intro + figure_html(figure, "chart-differences") + differences_table(rows, shown, text)


def differences_table(rows: dict[str, dict[str, dict]], kpis: list[str],
                      text: dict[str, str]) -> str:
    """Option, KPI, difference [95 % CI], p-value, significant or not."""
    head = "".join(f'<th class="{kind}">{escape(text[key])}</th>' for key, kind in
                   (("option", "text"), ("kpi", "text"), ("difference", ""), ("p_value", ""),
                    ("significant", "text")))
    body = "".join(difference_row(name, kpi, by_kpi[kpi], text)
                   for name, by_kpi in rows.items() for kpi in kpis if kpi in by_kpi)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def difference_row(name: str, kpi: str, row: dict, text: dict[str, str]) -> str:
    """One table row: shares in percentage points, other KPIs in their unit."""
    scale = 100.0 if kpi in SHARES else 1.0
    p_value = _number(row.get("p_value"))
    verdict = text["significant" if row["significant"] else "not_significant"]
    cells = [
        f"<td>{escape(name)}</td>",
        f'<td class="text">{escape(kpi_label(text, kpi, difference=True))}</td>',
        f"<td>{scale * row['mean']:+.2f}<br><span class=\"ci\">"
        f"[{scale * row['low']:+.2f} – {scale * row['high']:+.2f}]</span></td>",
        f"<td>{'–' if p_value is None else f'{p_value:.3f}'}</td>",
        f'<td class="text">{escape(verdict)}</td>',
    ]
    return f"<tr>{''.join(cells)}</tr>"


def curve_sections(options: list, results: list, text: dict[str, str]) -> list[tuple]:
    """Waiting through the day and wait ECDFs per option, from the results that were kept."""
    pairs = enumerate(zip(options, results, strict=True))
    kept = [(index, option, result) for index, (option, result) in pairs if result is not None]
    missing = note(text["note_no_results"]) if len(kept) < len(options) else ""
    if not kept:
        return [("option-day", text["section_option_day"], missing)]
    days, waits = {}, {}
    for index, option, result in kept:
        scenario = result.scenario
        days[option.name] = (index, scenario, condense.day_profile(
            result.timeline, *condense.time_window(scenario, result.timeline)))
        curve = condense.wait_ecdf(condense.measured_customers(result.customers, scenario),
                                   scenario.clock.steady)
        if curve is not None:
            waits[option.name] = (index, curve)
    day = compare_figures.day_overlay_figure(days, text)
    sections = [("option-day", text["section_option_day"],
                 missing + figure_html(day, "chart-option-day"))]
    if waits:
        targets = options[0].scenario.targets
        figure = compare_figures.ecdf_overlay_figure(waits, targets, text)
        sections.append(("option-waits", text["section_option_waits"],
                         figure_html(figure, "chart-option-waits")))
    return sections


def varied_settings(options: list) -> tuple[list[str], list[dict]]:
    """The setting paths whose value differs between options, and each option's values;
    no paths when some option leaves a varied setting unset (that is not a grid)."""
    values = [dict(settings_items(option.settings)) for option in options]
    paths = list(dict.fromkeys(path for option in values for path in option))
    varied = [p for p in paths if len({option.get(p) for option in values}) > 1]
    if any(p not in option for p in varied for option in values):
        return [], []
    return varied, [{p: _parsed(option[p]) for p in varied} for option in values]


def _parsed(value: str):
    number = _number(value)
    return number if number is not None else value


def sweep_sections(options: list, stats: dict, kpi: str, text: dict[str, str]) -> list[tuple]:
    """For a sweep (three options or more over one numeric setting or two settings), the KPI
    over the grid: a line for one setting, a heatmap for two."""
    varied, values = varied_settings(options)
    numeric = all(isinstance(value[p], float) for value in values for p in varied)
    if len(options) < 3 or not (len(varied) == 2 or (len(varied) == 1 and numeric)):
        return []
    points = [(value, stats.get(option.name, {}).get(kpi))
              for option, value in zip(options, values, strict=True)]
    points = [(value, stat) for value, stat in points if stat and stat["mean"] is not None]
    if len(varied) == 1:
        line = sorted(((value[varied[0]], stat) for value, stat in points),
                      key=lambda item: item[0])
        figure = compare_figures.sweep_line_figure(varied[0], line, kpi, text)
    else:
        cells = {(value[varied[0]], value[varied[1]]): stat for value, stat in points}
        figure = compare_figures.sweep_heatmap_figure(tuple(varied), cells, kpi, text)
    heading = text["section_sweep"].format(kpi=kpi_label(text, kpi))
    return [("sweep", heading, note(text["note_sweep"]) + figure_html(figure, "chart-sweep"))]


def facts(comparison, text: dict[str, str]) -> str:
    """Days, seed and version of the comparison."""
    kept = next((r for r in comparison.results if r is not None), None)
    scenario = comparison.options[0].scenario
    if kept is not None:
        replications, seed = kept.replications, kept.seed
    else:
        counts = pd.to_numeric(comparison.summary["n"], errors="coerce")
        replications = int(counts.max()) if counts.notna().any() else "?"
        seed = getattr(comparison, "seed", scenario.seed)
    key = "facts_steady" if scenario.clock.steady else "facts"
    return text[key].format(replications=replications, seed=seed, version=__version__)


def record_section(comparison, text: dict[str, str]) -> str:
    """The baseline scenario as YAML and what each option changes: enough to run it again."""
    baseline = comparison.options[0].scenario
    items = [(text["scenario"], baseline.name),
             (text["structure"], text[baseline.queue.structure]),
             (text["version"], __version__)]
    return (note(text["note_scenario"]) + record_list(items)
            + f"<pre>{escape(scenario_yaml(baseline))}</pre>")
