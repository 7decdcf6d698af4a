"""The page of a comparison: several options of one hall, run on common random numbers.

It reads a :class:`queuesim.compare.Comparison`: ``options`` (each with ``name``, ``scenario``
and ``settings``), ``results`` (a :class:`~queuesim.runner.Results` per option, or ``None`` when
the tables were not kept), ``summary`` (rows option, part, group, kpi, mean, low, high, n),
``differences`` (the same plus p_value, p_holm and significant, for every option but the first,
paired day by day against it), ``seed`` and ``replications``; a sweep's grid comes from
:func:`queuesim.compare.sweep_table`. Nothing here simulates or tests: the statistics are the
comparison's own; this module only arranges them. Each option is shown with what it changes
(:mod:`.record`); the options of ``queuesim advise`` are named in the reader's language and
ranked (:mod:`.advice`).
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pandas as pd

from .. import __version__
from ..compare import sweep_table
from ..errors import ScenarioError, did_you_mean
from . import advice, compare_figures, condense, record
from .labels import SHARES, kpi_label, language_code, texts
from .page import (
    boxed,
    document,
    escape,
    figure_html,
    group_table,
    note,
    record_list,
    warnings_block,
)

OVERALL_PARTS = ("overall",)
"""The part of the summary that holds the whole-hall rows (group ``all``)."""
_SWEEP_COLUMNS = ("option", "source", "group", "mean", "low", "high", "n")
KPIS = ("wait_mean", "wait_p90", "service_level", "abandon_rate", "utilization", "waiting_mean")
TABLE_KPIS = ("arrivals", "served", "wait_mean", "wait_p90", "service_level", "abandon_rate",
              "balk_rate", "utilization", "waiting_mean", "waiting_max")


def compare_page(comparison, lang: str | None = None, kpi: str = "wait_mean",
                 warnings: list[dict] | None = None) -> str:
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
    warnings
        Shown first (:mod:`queuesim.diagnostics`, each message naming its option).

    Raises
    ------
    ScenarioError
        When ``kpi`` is not in the comparison's summary.
    """
    text = texts(lang)
    shown = advice.display_names(list(comparison.options), text)
    stats = {shown[name]: kpis for name, kpis in option_stats(comparison.summary).items()}
    known = sorted({k for option in stats.values() for k in option})
    if kpi not in known:
        raise ScenarioError(f"kpi: unknown figure '{kpi}'{did_you_mean(kpi, known)}")
    kpis = [kpi, *(k for k in KPIS if k != kpi and k in known)]
    options = [replace(option, name=shown[option.name]) for option in comparison.options]
    baseline = options[0]
    differences = comparison.differences.assign(
        option=comparison.differences["option"].astype(str).map(shown))
    ranking = ([("ranking", text["section_ranking"],
                 advice.ranking_section(comparison, kpi, text))]
               if advice.is_advice(list(comparison.options)) else [])
    sections = [
        ("options", text["section_options"], options_section(options, text)),
        *ranking,
        ("option-kpis", text["section_option_kpis"], note(text["note_option_kpis"]) + figure_html(
            compare_figures.option_bars_figure(stats, [o.name for o in options], kpis,
                                               baseline.scenario.targets, text),
            "chart-option-kpis")),
        ("differences", text["section_differences"],
         differences_section(differences, options, kpis, text)),
        *curve_sections(options, list(comparison.results), text),
        *sweep_sections(comparison, kpi, text),
        ("option-table", text["section_option_table"],
         group_table(stats, tuple(k for k in TABLE_KPIS if k in known), text["option"], text)),
        ("scenario", text["section_scenario"], record_section(comparison, text)),
    ]
    title = f"{text['title_compare']} — {baseline.scenario.name}"
    header = (f"<h1>{escape(text['title_compare'])}</h1>"
              f'<p class="subtitle">{escape(baseline.scenario.name)}</p>'
              f'<p class="facts">{escape(facts(comparison, text))}</p>'
              + warnings_block(warnings or [], text))
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


def options_section(options: list, text: dict[str, str]) -> str:
    """The options, the file each was read from, and what each one changes: the fields that
    differ from the baseline (for the baseline, the ``--set`` changes to its file)."""
    files = any(option.source for option in options)
    head = "".join(f'<th class="text">{escape(text[key])}</th>'
                   for key in ("option", "source", "settings") if files or key != "source")
    rows = "".join(f'<tr><td>{escape(option.name)}</td>' + (
        f'<td class="text">{escape(Path(option.source).name if option.source else "–")}</td>'
        if files else "") + f'<td class="text changes">{_changes(option, options[0], text)}</td>'
        "</tr>" for option in options)
    return (note(text["note_options"])
            + boxed(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"))


def _changes(option, baseline, text: dict[str, str]) -> str:
    found = record.option_changes(option, baseline)
    lines = [f"{escape(path)} = {escape(record.value_text(path, value, text))}"
             for path, value in found or []]
    if option is not baseline:
        return "<br>".join(lines) or escape(text["same_as_baseline"])
    if found is None:
        return escape(text["baseline_row"])
    return "<br>".join([escape(text["baseline_set"]), *lines]) if lines else escape(
        text["baseline_as_filed"])


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
                    ("p_holm", ""), ("significant", "text")))
    body = "".join(difference_row(name, kpi, by_kpi[kpi], text)
                   for name, by_kpi in rows.items() for kpi in kpis if kpi in by_kpi)
    return boxed(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def difference_row(name: str, kpi: str, row: dict, text: dict[str, str]) -> str:
    """One table row: shares in percentage points, other KPIs in their unit."""
    scale = 100.0 if kpi in SHARES else 1.0
    p_values = [_number(row.get(key)) for key in ("p_value", "p_holm")]
    verdict = text["significant" if row["significant"] else "not_significant"]
    cells = [
        f"<td>{escape(name)}</td>",
        f'<td class="text">{escape(kpi_label(text, kpi, difference=True))}</td>',
        f"<td>{scale * row['mean']:+.2f}<br><span class=\"ci\">"
        f"[{scale * row['low']:+.2f} – {scale * row['high']:+.2f}]</span></td>",
        *(f"<td>{'–' if p is None else f'{p:.3f}'}</td>" for p in p_values),
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


def sweep_sections(comparison, kpi: str, text: dict[str, str]) -> list[tuple]:
    """For a sweep of one file (three options or more over one numeric setting or two
    settings), the KPI over the grid: a line for one setting, a heatmap for two."""
    table = sweep_table(comparison, kpi)
    varied = [column for column in table.columns if column not in _SWEEP_COLUMNS]
    if "source" in table or len(table) < 3 or len(varied) not in (1, 2):
        return []
    points = [({path: _setting(row[path]) for path in varied},
               {"mean": _number(row["mean"]), "ci95": [_number(row["low"]),
                                                       _number(row["high"])], "n": row["n"]})
              for row in table.to_dict("records")]
    if any(value is None for values, _ in points for value in values.values()):
        return []
    if len(varied) == 1:
        line = sorted(((values[varied[0]], stat) for values, stat in points
                       if stat["mean"] is not None), key=lambda item: item[0])
        if not all(isinstance(value, float) for value, _ in line):
            return []
        figure = compare_figures.sweep_line_figure(varied[0], line, kpi, text)
    else:
        cells = {(values[varied[0]], values[varied[1]]): stat for values, stat in points}
        figure = compare_figures.sweep_heatmap_figure(tuple(varied), cells, kpi, text)
    heading = text["section_sweep"].format(kpi=kpi_label(text, kpi))
    heading = heading[:1].upper() + heading[1:]
    return [("sweep", heading, note(text["note_sweep"]) + figure_html(figure, "chart-sweep"))]


def _setting(value) -> float | str | None:
    """A varied setting's value: a number, or its text (lists, clock times…); None if unset."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if math.isfinite(value) else None
    return None if value is None else str(value)


def facts(comparison, text: dict[str, str]) -> str:
    """Days, seed and version of the comparison."""
    scenario = comparison.options[0].scenario
    key = "facts_steady" if scenario.clock.steady else "facts"
    return text[key].format(replications=comparison.replications, seed=comparison.seed,
                            version=__version__)


def record_section(comparison, text: dict[str, str]) -> str:
    """The baseline scenario as YAML (as written, the full one folded); with what each option
    changes (the options section), enough to run it again."""
    baseline = comparison.options[0].scenario
    items = [(text["scenario"], baseline.name),
             (text["structure"], text[baseline.queue.structure]),
             (text["version"], __version__)]
    return (note(text["note_scenario"]) + record_list(items)
            + record.scenario_block(baseline, text))
