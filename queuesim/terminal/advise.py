"""The table ``queuesim advise`` prints: each measure, what it changed, and what that did.

One row per measure, best first: the paired change of the ranking KPI and of the waits,
service level and walk-outs (each ``−4.1 *`` over ``[−5.0, −3.1]``), and the change in staff
hours; under the table, one line per measure saying what it changed in the hall, with the
parameters it was run with. Perceived wait and fairness are shown when ranked by; ``--json``
keeps all of them. Rendering only: the numbers come from :func:`queuesim.advise.advise`.
"""

from __future__ import annotations

from rich.console import Group

from .compare import footnote
from .format import bracket, framed, label, new_table, signed, with_sign, words
from .run import hidden

PERCENT_PARAMETERS = frozenset({"share", "fraction", "no_show", "absent_probability", "saving",
                                "time_ratio", "speed"})
"""Policy parameters that are shares, shown in percent."""


def shown_kpis(rank: str, scenario) -> tuple[str, ...]:
    """The KPI columns: the ranking KPI, then mean wait, service level and (when customers can
    give up) the abandon rate."""
    gone = hidden(scenario)
    chosen = (rank, "wait_mean", "service_level", "abandon_rate")
    return tuple(dict.fromkeys(kpi for kpi in chosen if kpi not in gone or kpi == rank))


def advice_table(advice, rank: str, lang: str | None = None) -> Group:
    """Measures ranked by the paired change of ``rank``, each shown KPI's change over its 95 %
    CI, the change in staff hours; the footnote says what each measure changed."""
    text = words(lang)
    comparison = advice.comparison
    baseline = comparison.options[0].scenario
    kpis = shown_kpis(rank, baseline)
    title = text["term_advise_title"].format(n=comparison.replications, seed=comparison.seed,
                                             kpi=label(rank, lang))
    table = new_table()
    table.add_column(text["term_measure"], overflow="fold")
    for kpi in kpis:
        table.add_column(label(kpi, lang, difference=True, separator="\n"), justify="right",
                         no_wrap=True)
    table.add_column(text["term_staff_hours"], justify="right", no_wrap=True)
    for row in advice.table.to_dict("records"):
        cells = []
        for kpi in kpis:
            star = " *" if row[f"{kpi}_significant"] else ""
            interval = bracket(kpi, row[f"{kpi}_low"], row[f"{kpi}_high"], difference=True)
            cells.append(f"{signed(kpi, row[kpi])}{star}\n{interval}")
        hours = row["staff_hours"]
        table.add_row(text[f"policy_{row['policy']}"], *cells,
                      "0" if hours == 0 else with_sign(hours))
    return framed(title, table, "\n".join([footnote(text, comparison.options[0].name),
                                       *descriptions(advice, baseline, lang)]))


def descriptions(advice, baseline, lang: str | None = None) -> list[str]:
    """One line per measure tried: its name and what it changed, with its parameters."""
    text = words(lang)
    lines = []
    for row in advice.table.to_dict("records"):
        name = row["policy"]
        fields = parameter_fields(advice.parameters.get(name, {}), baseline, text)
        does = text[f"policy_{name}_does"].format(**fields)
        lines.append(text["term_measure_does"].format(measure=text[f"policy_{name}"], does=does))
    return lines


def parameter_fields(parameters: dict, baseline, text: dict[str, str]) -> dict[str, str]:
    """A policy's parameters as words: shares in percent, the class a measure works on (the
    largest class unless one is named), the announcement limit (three target waits unless
    given)."""
    fields = {}
    for name, value in parameters.items():
        if name in PERCENT_PARAMETERS:
            fields[name] = f"{100 * value:.0f}"
        elif isinstance(value, float):
            fields[name] = f"{value:g}"
        else:
            fields[name] = str(value)
    if "class" in parameters and parameters["class"] is None:
        shares = baseline.class_shares
        fields["class"] = max(baseline.customers, key=lambda c: shares[c])
    if "balk_above" in parameters and parameters["balk_above"] is None:
        fields["balk_above"] = f"{3 * baseline.targets.wait_minutes:g}"
    return fields


def not_tried(advice, lang: str | None = None) -> list[str]:
    """One line per measure that does not apply to the hall, with why (the reason is the
    policy's own words)."""
    text = words(lang)
    return [text["term_not_tried"].format(measure=text[f"policy_{name}"], reason=reason)
            for name, reason in advice.skipped.items()]
