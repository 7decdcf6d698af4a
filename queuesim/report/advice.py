"""The part of a comparison page that is particular to ``queuesim advise``: the measures by
name, and their ranking.

An advice is a comparison whose first option is the hall as it is and every other option one
measure of :mod:`queuesim.policies` (``settings == {"policy": code}``). Its page names each
measure in the reader's language (``measure_<code>`` in the catalogue) instead of by code, and
adds a section that ranks the measures by the chosen KPI's paired change against the hall as it
is (:func:`queuesim.advise.ranking`: the same order as the terminal table), with the 95 % CI of
each change and what each measure changed in the scenario (:mod:`.record`). Nothing here
simulates.
"""

from __future__ import annotations

import math

from .. import advise, policies
from . import record
from .labels import SHARES, kpi_label
from .page import boxed, escape, note, signed

BASELINE = "baseline"
"""The name :func:`queuesim.advise.options` gives the hall as it is."""


def is_advice(options: list) -> bool:
    """Whether a comparison's options are those of ``queuesim advise``."""
    return (len(options) > 1 and options[0].name == BASELINE
            and all(option.settings == {"policy": option.name}
                    and option.name in policies.POLICIES for option in options[1:]))


def display_names(options: list, text: dict[str, str]) -> dict[str, str]:
    """Option name → the name shown: catalogue words for an advice's measures, else as is."""
    if not is_advice(options):
        return {option.name: option.name for option in options}
    return {option.name: text[f"measure_{option.name}"] if option.name in policies.POLICIES
            else text["baseline"] for option in options}


def ranking_section(comparison, kpi: str, text: dict[str, str]) -> str:
    """The measures ranked by ``kpi`` (or by the mean wait when ``kpi`` is not one that
    ``advise`` ranks by), best first, with every shown KPI's change and the staff hours."""
    rank = kpi if kpi in advise.SHOWN else "wait_mean"
    options = list(comparison.options)
    table = advise.ranking(comparison, options, rank)
    shown = [rank, *(k for k in advise.SHOWN if k != rank)]
    by_name = {option.name: option for option in options}
    head = "".join(f'<th class="{kind}">{escape(words)}</th>' for words, kind in (
        ("#", ""), (text["measure"], "text"),
        *((kpi_label(text, k, difference=True), "") for k in shown),
        (text["staff_hours_change"], ""), (text["changed"], "text")))
    rows = "".join(
        _row(place, row, shown, record.option_changes(by_name[row["policy"]], options[0]),
             text) for place, row in enumerate(table.to_dict("records"), start=1))
    intro = note(text["note_ranking"].format(kpi=kpi_label(text, rank)))
    return intro + boxed(f'<table class="ranking"><thead><tr>{head}</tr></thead>'
                         f"<tbody>{rows}</tbody></table>")


def _row(place: int, row: dict, kpis: list[str], changed: list[tuple[str, object]],
         text: dict[str, str]) -> str:
    cells = [f"<td>{place}</td>", f'<td class="text">'
             f'{escape(text["measure_" + row["policy"]])}</td>']
    cells += [_change_cell(row, kpi, text) for kpi in kpis]
    cells.append(f"<td>{row['staff_hours']:+.1f}</td>")
    lines = "<br>".join(f"{escape(path)} = {escape(record.value_text(path, value, text))}"
                        for path, value in changed)
    cells.append(f'<td class="text changes">{lines or "–"}</td>')
    return f"<tr>{''.join(cells)}</tr>"


def _change_cell(row: dict, kpi: str, text: dict[str, str]) -> str:
    """``−4.10`` with its CI underneath and a mark when significant; shares in points."""
    mean = row.get(kpi)
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return "<td>–</td>"
    scale = 100.0 if kpi in SHARES else 1.0
    mark = " *" if row[f"{kpi}_significant"] else ""
    return (f"<td>{signed(scale * mean)}{mark}<br><span class=\"ci\">"
            f"[{signed(scale * row[f'{kpi}_low'])}, {signed(scale * row[f'{kpi}_high'])}]"
            f"</span></td>")
