"""The tables ``queuesim run`` prints: what a branch manager asks first, then the rest grouped.

The first group answers how long people wait (mean, 90th percentile), how many give up or do
not join, whether the target is met and how busy the counters are; then waits, people,
counters, experience and announcements under short headings. Rows that cannot apply to the
hall are hidden, decided from the scenario (not from zeros): no walk-outs without patience, no
missed calls without ticket numbers and absent customers, no balking without a balking rule, no
experience rows unless the scenario sets them, no announcement rows without announcements.
``--json`` keeps every figure. Rendering only: every number comes from the summary of
:func:`queuesim.metrics.summarise`.
"""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape

from .format import bracket, framed, label, language, new_table, number, verdict_word, words

GROUPS = (
    ("term_group_glance", ("wait_mean", "wait_p90", "reneged", "abandon_rate", "balked",
                           "balk_rate", "service_level", "utilization")),
    ("term_group_waits", ("wait_p50", "wait_p95", "wait_max")),
    ("term_group_people", ("arrivals", "served", "no_show", "unserved", "waiting_mean",
                           "waiting_max")),
    ("term_group_counters", ("overtime",)),
    ("term_group_experience", ("perceived_wait_mean", "worse_than_expected", "as_expected",
                               "better_than_expected", "overtaken_share",
                               "illegitimate_overtakes")),
    ("term_group_announcements", ("announce_error", "announce_error_abs", "announce_within_5")),
)
"""The groups of the run table (catalogue key of the heading, KPIs in order)."""


def hidden(scenario) -> set[str]:
    """KPIs that cannot apply to the hall, so the terminal leaves them out."""
    classes = scenario.customers.values()
    gone = set()
    if all(c.patience is None for c in classes):
        gone |= {"reneged", "abandon_rate"}
    announced = scenario.announcement
    if (scenario.balking.max_waiting is None
            and all(c.balking is None or c.balking.max_waiting is None for c in classes)
            and (announced is None or announced.balk_above is None)):
        gone |= {"balked", "balk_rate"}
    if not _absent_calls(scenario):
        gone |= {"no_show", "absent_time"}
    if scenario.clock.steady:
        gone.add("overtime")
    if "experience" not in scenario.model_fields_set:
        gone |= set(dict(GROUPS)["term_group_experience"])
    if announced is None:
        gone |= set(dict(GROUPS)["term_group_announcements"])
    return gone


def _absent_calls(scenario) -> bool:
    queue = scenario.queue
    return queue.structure == "ticket" and queue.ticket.absent_probability > 0


def summary_table(summary: dict, scenario, lang: str | None = None) -> Group:
    """The overall KPIs in groups: mean, 95 % CI (or the number of days where there is none)
    and, for the service level and the abandon rate, whether the target is met."""
    text, gone = words(lang), hidden(scenario)
    table = new_table()
    table.add_column(text["term_figure"], no_wrap=True)
    table.add_column(text["mean"], justify="right", no_wrap=True)
    table.add_column(text["term_ci"], no_wrap=True)
    table.add_column(text["term_target"], no_wrap=True)
    kpis = summary["kpis"]
    for heading, names in GROUPS:
        rows = [name for name in names if name in kpis and name not in gone]
        if not rows:
            continue
        table.add_row(f"[bold]{text[heading]}[/]")
        for name in rows:
            stat = kpis[name]
            table.add_row("  " + label(name, lang), number(name, stat["mean"]),
                          ci_text(name, stat, text), _target(name, stat, scenario.targets, lang))
        table.rows[-1].end_section = True
    return framed(_title(summary, scenario, text), table, _target_note(scenario, text))


def ci_text(kpi: str, stat: dict, text: dict[str, str]) -> str:
    """``[low, high]``, or ``n = 1`` when there is no interval."""
    low, high = stat["ci95"]
    return bracket(kpi, low, high) or text["term_no_ci"].format(n=stat["n"])


def _title(summary: dict, scenario, text: dict[str, str]) -> str:
    key = "term_run_title_steady" if scenario.clock.steady else "term_run_title"
    return text[key].format(scenario=summary["scenario"], n=summary["replications"],
                            seed=summary["seed"])


def _over(scenario, text: dict[str, str]) -> str:
    """What the means are taken over: days, or runs of a steady-state hall."""
    return text["term_runs" if scenario.clock.steady else "term_days"]


def _target_note(scenario, text: dict[str, str]) -> str:
    targets = scenario.targets
    goal = text["term_target_service"].format(level=f"{100 * targets.service_level:.0f}",
                                              minutes=f"{targets.wait_minutes:g}")
    if targets.max_abandon is not None:
        goal += text["term_target_abandon"].format(level=f"{100 * targets.max_abandon:.0f}")
    return f"{goal}\n{text['term_verdict_note'].format(over=_over(scenario, text))}"


def _target(kpi: str, stat: dict, targets, lang: str | None) -> str:
    if kpi == "service_level":
        return verdict_word(stat, targets.service_level, True, lang)
    if kpi == "abandon_rate" and targets.max_abandon is not None:
        return verdict_word(stat, targets.max_abandon, False, lang)
    return ""


GROUP_KPIS = {"by_class": ("arrivals", "wait_mean", "service_level", "abandon_rate"),
              "by_hour": ("arrivals", "wait_mean", "service_level", "abandon_rate"),
              "by_counter": ("utilization", "served", "absent_time")}
"""The KPIs of the per-class, per-hour and per-counter tables."""


def group_table(part: str, summary: dict, scenario, lang: str | None = None) -> Group:
    """One row per class, hour or counter (``part`` is ``by_class``, ``by_hour`` or
    ``by_counter``): each KPI's mean with its 95 % CI under it."""
    text, gone = words(lang), hidden(scenario)
    kpis = [kpi for kpi in GROUP_KPIS[part] if kpi not in gone]
    table = new_table()
    table.add_column(text[f"term_{part}_key"], overflow="fold")
    for kpi in kpis:
        table.add_column(_heading(kpi, lang), justify="right", no_wrap=True)
    for name, stats in summary[part].items():
        cells = [_cell(kpi, stats[kpi]) if kpi in stats else "–" for kpi in kpis]
        table.add_row(escape(str(name)), *cells)
    return framed(text[f"term_{part}"], table,
                  text["term_group_note"].format(over=_over(scenario, text)))


def _heading(kpi: str, lang: str | None) -> str:
    """A column heading on two lines: the KPI's name, then its unit."""
    return label(kpi, lang, separator="\n")


def _cell(kpi: str, stat: dict) -> str:
    interval = bracket(kpi, *stat["ci95"])
    return number(kpi, stat["mean"]) + (f"\n{interval}" if interval else "")


def summary_tables(summary: dict, scenario, lang: str | None = None) -> list[Group]:
    """Every table of a run, in the order printed: overall, by class, by counter, by hour."""
    lang = language(lang)
    tables = [summary_table(summary, scenario, lang)]
    if len(summary["by_class"]) > 1:
        tables.append(group_table("by_class", summary, scenario, lang))
    tables.append(group_table("by_counter", summary, scenario, lang))
    if summary["by_hour"]:
        tables.append(group_table("by_hour", summary, scenario, lang))
    return tables
