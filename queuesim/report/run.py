"""The page of one run: headline figures, waits, the day, hours, counters, classes, scenario.

:func:`to_html` renders a summary (:func:`queuesim.store.summary_document`) and the customers
and timeline tables; :func:`run_page` reads them from a saved run folder
(:func:`queuesim.store.save`) and :func:`run_page_from_results` takes them from a
:class:`~queuesim.runner.Results` in memory. Nothing here simulates: every figure is a summary
the run produced or a condensed view of its tables.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .. import store
from ..errors import ScenarioError
from ..loader import load_scenario
from ..runner import Results
from ..saved_log import rounded_minutes
from . import condense, figures, record
from .labels import language_code, texts
from .page import (
    card,
    document,
    escape,
    figure_html,
    group_table,
    note,
    record_list,
    verdict,
    warnings_block,
)

RUN_FILES = ("summary.json", "scenario.yaml")
CUSTOMER_COLUMNS = ["replication", "class", "arrival", "outcome", "wait"]
CLASS_KPIS = ("arrivals", "served", "wait_mean", "wait_p90", "service_level", "abandon_rate",
              "balk_rate")
COUNTER_KPIS = ("utilization", "served", "open_time", "busy_time")
PLAIN_CARDS = ("wait_mean", "wait_p90", "waiting_mean", "waiting_max", "utilization",
               "arrivals", "served")


def run_page(run_dir: str | Path, lang: str | None = None) -> str:
    """The report of a saved run folder, without simulating again.

    Raises
    ------
    ScenarioError
        When the folder is not a run folder (a file is missing) or its scenario is invalid.
    """
    summary, scenario, frames = read_run(run_dir)
    return to_html(summary, frames, scenario, lang)


def run_page_from_results(results: Results, lang: str | None = None) -> str:
    """The report of a run still in memory (the same page :func:`run_page` makes of its
    folder)."""
    frames = {"customers": rounded_minutes(results.customers),  # as a saved run holds it
              "timeline": results.timeline}
    return to_html(store.summary_document(results), frames, results.scenario, lang)


def read_run(run_dir: str | Path) -> tuple[dict, object, dict[str, pd.DataFrame]]:
    """Summary, scenario and the customers and timeline tables (CSV or Parquet) of a run
    folder."""
    folder = Path(run_dir)
    missing = [name for name in RUN_FILES if not (folder / name).is_file()]
    if missing:
        raise ScenarioError(f"not a queuesim run folder: missing {', '.join(missing)}",
                            str(folder))
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    scenario = load_scenario(folder / "scenario.yaml")
    customers = store.read_table(folder, "customers", CUSTOMER_COLUMNS, ("class", "outcome"))
    timeline = store.read_table(folder, "timeline")
    if customers is None or timeline is None:
        raise ScenarioError("the run folder holds no customers and timeline tables, which the "
                            "report's charts need: run again with --save customers", str(folder))
    return summary, scenario, {"customers": customers, "timeline": timeline}


def to_html(summary: dict, frames: dict[str, pd.DataFrame], scenario,
            lang: str | None = None) -> str:
    """The run page as one self-contained HTML document.

    Parameters
    ----------
    summary
        The summary document (``kpis``, ``by_class``, ``by_counter``, ``by_hour``,
        ``replications``, ``seed``, ``version``), as in ``summary.json``.
    frames
        ``customers`` and ``timeline`` tables with a ``replication`` column (times in minutes).
    scenario
        The scenario as simulated.
    lang
        ``"en"`` or ``"zh"``; default from the locale.
    """
    text = texts(lang)
    customers = condense.measured_customers(frames["customers"], scenario)
    timeline = frames["timeline"]
    window = condense.time_window(scenario, timeline)
    sections = [
        ("headline", "section_headline", headline(summary, scenario, text)),
        ("waits", "section_waits", waits_section(customers, summary, scenario, text)),
        ("day", "section_run" if scenario.clock.steady else "section_day",
         day_section(timeline, window, scenario, text)),
        ("hours", "section_hours", hours_section(summary, scenario, text)),
        ("counters", "section_counters", counters_section(summary, scenario, window, text)),
        ("classes", "section_classes",
         group_table(summary["by_class"], CLASS_KPIS, text["class"], text)),
        ("scenario", "section_scenario", scenario_section(summary, scenario, text)),
    ]
    title = f"{text['title_run']} — {scenario.name}"
    return document(title, language_code(text), header(summary, scenario, text),
                    [(ident, escape(text[key]), inner) for ident, key, inner in sections], text)


def header(summary: dict, scenario, text: dict[str, str]) -> str:
    """Title, scenario name and description, and the run's days, seed and version."""
    facts = text["facts_steady" if scenario.clock.steady else "facts"].format(
        replications=summary["replications"], seed=summary["seed"],
        version=summary.get("version", "?"))
    description = f"<p>{escape(scenario.description)}</p>" if scenario.description else ""
    return (f"<h1>{escape(text['title_run'])}</h1>"
            f'<p class="subtitle">{escape(scenario.name)}</p>{description}'
            f'<p class="facts">{escape(facts)}</p>'
            + warnings_block(summary.get("warnings", []), text))


def headline(summary: dict, scenario, text: dict[str, str]) -> str:
    """KPI cards: the targets first, with met / missed / not clear, then the main figures."""
    kpis, targets = summary["kpis"], scenario.targets
    goal = text["target_service"].format(level=f"{100 * targets.service_level:g}",
                                         minutes=f"{targets.wait_minutes:g}")
    cards = [card(text, "service_level", kpis["service_level"], goal,
                  verdict(kpis["service_level"], targets.service_level, above=True))]
    if targets.max_abandon is not None:
        goal = text["target_abandon"].format(level=f"{100 * targets.max_abandon:g}")
        cards.append(card(text, "abandon_rate", kpis["abandon_rate"], goal,
                          verdict(kpis["abandon_rate"], targets.max_abandon, above=False)))
    else:
        cards.append(card(text, "abandon_rate", kpis["abandon_rate"]))
    cards += [card(text, kpi, kpis[kpi], explain=text.get(f"explain_{kpi}", ""))
              for kpi in PLAIN_CARDS]
    if not scenario.clock.steady:
        cards.append(card(text, "overtime", kpis["overtime"]))
    return note(text["note_headline"]) + f'<div class="cards">{"".join(cards)}</div>'


def waits_section(customers: pd.DataFrame, summary: dict, scenario, text: dict[str, str]) -> str:
    """Histogram of waits per class and the share served within each wait."""
    names = list(scenario.class_names)
    histogram = condense.wait_histogram(customers, names, summary["replications"])
    steady = scenario.clock.steady
    classes = customers["class"].astype(str)
    ecdfs = {name: condense.wait_ecdf(customers[classes == name], steady)
             for name in names} if len(names) > 1 else {}
    ecdfs = {name: curve for name, curve in ecdfs.items() if curve is not None}
    everyone = condense.wait_ecdf(customers, steady)
    if everyone is not None:
        ecdfs[None] = everyone
    figure = figures.waits_figure(histogram, ecdfs, scenario, text)
    return note(text["note_waits"].format(width=histogram.width)) + figure_html(
        figure, "chart-waits")


def day_section(timeline: pd.DataFrame, window: tuple[float, float], scenario,
                text: dict[str, str]) -> str:
    """People waiting through the day and busy against open counters."""
    profile = condense.day_profile(timeline, *window)
    return note(text["note_day"]) + figure_html(figures.day_figure(profile, scenario, text),
                                                "chart-day")


def hours_section(summary: dict, scenario, text: dict[str, str]) -> str:
    """Service level and abandonment per hour of arrival (day runs only)."""
    if not summary.get("by_hour"):
        return note(text["note_no_hours"])
    figure = figures.hours_figure(summary["by_hour"], scenario.targets, text)
    return note(text["note_hours"]) + figure_html(figure, "chart-hours")


def counters_section(summary: dict, scenario, window: tuple[float, float],
                     text: dict[str, str]) -> str:
    """Utilization beside opening hours, and the counter table."""
    figure = figures.counters_figure(summary["by_counter"], condense.counter_hours(scenario),
                                     scenario, window, text)
    table = group_table(summary["by_counter"], COUNTER_KPIS, text["counter"], text)
    return note(text["note_counters"]) + figure_html(figure, "chart-counters") + table


def scenario_section(summary: dict, scenario, text: dict[str, str]) -> str:
    """The run's record: name, structure, days, seed, version, and the scenario as YAML (as
    written, the full one folded)."""
    days = "replications_steady" if scenario.clock.steady else "replications"
    items = [(text["scenario"], scenario.name),
             (text["structure"], text[scenario.queue.structure]),
             (text[days], str(summary["replications"])), (text["seed"], str(summary["seed"])),
             (text["version"], str(summary.get("version", "?")))]
    return (note(text["note_scenario"]) + record_list(items)
            + record.scenario_block(scenario, text))
