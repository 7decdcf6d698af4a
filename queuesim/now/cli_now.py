"""The ``queuesim now`` command: the hall as it is now, the options, the answer.

Registered on the typer app by :func:`register`; the body loads, calls :func:`.decide.decide`
and prints (a table, or ``--json``). Bad input is one line per problem on stderr, exit 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .. import i18n
from ..errors import ScenarioError
from ..loader import load_scenario, read_yaml
from ..terminal.now import now_table
from .options import parse_option
from .state import describe, load_state
from .verdict import recommendation, trade_off


def register(app: typer.Typer) -> None:
    """Add the ``now`` command to ``app``."""
    app.command("now")(now)


def now(scenario: Annotated[Path, typer.Argument(help="Scenario YAML of the hall.")],
        state: Annotated[Path | None, typer.Option(help="State YAML: the hall now.")] = None,
        state_from: Annotated[Path | None, typer.Option(help="Visit log to read the state "
                                                        "from (with --at).")] = None,
        at: Annotated[str | None, typer.Option(help='Instant for --state-from, e.g. '
                                               '"2026-02-22 11:40".')] = None,
        log_format: Annotated[str, typer.Option("--format", help="Visit log format: visits, "
                                                "columns or anonymous_bank.")] = "visits",
        set_: Annotated[list[str] | None, typer.Option(
            "--set", help="Change one scenario field, e.g. --set arrivals.scale=1.2.")] = None,
        option: Annotated[list[str] | None, typer.Option(help='What you could do, e.g. "open '
                                                         'T5 now" (repeatable).')] = None,
        options: Annotated[Path | None, typer.Option(help="YAML list of options.")] = None,
        horizon: Annotated[float, typer.Option(min=15, help="Minutes ahead.")] = 120.0,
        today_so_far: Annotated[int | None, typer.Option(
            min=0, help="Customers since opening (scales the rest of the day).")] = None,
        replications: Annotated[int, typer.Option(
            "--replications", "-n", min=2, help="Simulated continuations of today.")] = 200,
        seed: Annotated[int | None, typer.Option(
            min=0, help="Root seed; default: the scenario's.")] = None,
        workers: Annotated[int | None, typer.Option(
            min=1, help="Worker processes; the numbers never depend on it.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
        report: Annotated[Path | None, typer.Option(
            "--report", help="Also write this HTML page (charts, readable offline).")] = None,
        lang: Annotated[str | None, typer.Option(
            help="Language of the table, the lines and the page: en or zh (default: from the "
            "locale).")] = None,
        ) -> None:
    """Start from the hall as it is this minute and compare what you can do in the next two
    hours: each option against doing nothing, on the same simulated customers, with 95 % CIs.

    Options: "open T5 now", "open T5 at 12:00 [until 13:30]", "open T6 now like T1",
    "close T2 now", "close T2 at 12:30", "extend T3 to 14:00", "move T4 to business,vip";
    join several with "and". See docs/now.md."""
    try:
        lang = _language(lang)
        hall = load_scenario(scenario, set_ or [])
        now_state = _state(hall, state, state_from, at, log_format, lang)
        ids = [c.id for c in hall.counters]
        texts = [*(option or []), *_options_file(options)]
        parsed = [parse_option(text, ids, hall.class_names) for text in texts]
        decision = _decide(scenario, hall, now_state, parsed, horizon, replications, seed,
                           workers, today_so_far)
    except ScenarioError as error:
        print(str(error), file=sys.stderr)
        raise typer.Exit(2) from None
    lines = [recommendation(decision, lang),
             *(trade_off(decision, i, lang) for i in range(1, len(decision.options)))]
    if report is not None:
        _write_page(decision, hall.name, describe(now_state, lang), lines, report, lang)
    if as_json:
        print(json.dumps(document(decision, lang), ensure_ascii=False, indent=2))
        return
    console = Console()
    for view in now_table(decision, lang):
        console.print(view)
    for line in [*lines[1:], lines[0]]:
        console.print(line, markup=False)


def _write_page(decision, name: str, state_line: str, lines: list[str], path: Path,
                lang: str) -> None:
    """The ``--report`` page (plotly is imported only here)."""
    from ..report import now_page, write_report

    write_report(now_page.now_page(decision, name, state_line, lines, lang), path)
    print(f"Report written to {path}", file=sys.stderr)


def _decide(path: Path, hall, *args):
    from .decide import decide

    try:
        return decide(hall, *args)
    except ScenarioError as error:  # what the scenario cannot do: name its file
        raise error.with_source(str(path)) from None


def _language(lang: str | None) -> str:
    try:
        return i18n.language(lang)
    except ValueError as error:
        raise ScenarioError(f"--{error}") from None


def _state(hall, state, state_from, at, log_format, lang: str):
    if (state is None) == (state_from is None):
        raise ScenarioError("give either --state STATE.yaml or --state-from LOG --at TIME")
    if state is not None:
        return load_state(state, hall)
    if at is None:
        raise ScenarioError("--state-from needs --at, e.g. --at \"2026-02-22 11:40\"")
    from .reconstruct import state_from_log, without_line

    read = load_state(state_from_log(state_from, at, hall, log_format), hall)
    unknown = without_line(read, hall)
    if unknown:
        print(i18n.say("now_line_note", lang, unknown=unknown, waiting=len(read.waiting)),
              file=sys.stderr)
    return read


def _options_file(path: Path | None) -> list[str]:
    if path is None:
        return []
    data = read_yaml(path, "a YAML list of options")
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        raise ScenarioError('expected a list of options, e.g. ["open T5 now", "close T2 at '
                            '12:30"]', str(path))
    return data


def document(decision, lang: str | None = None) -> dict:
    """The decision as JSON: per option, each KPI's mean and CI and its paired difference
    (keys in English; the trade-off and recommendation lines in ``lang``)."""
    options = []
    for index, name in enumerate(decision.options):
        options.append({"option": name,
                        "kpis": {k: decision.summary(index, k) for k in decision.kpis},
                        "difference_vs_nothing": {k: decision.difference(index, k)
                                                  for k in decision.kpis},
                        "trade_off": trade_off(decision, index, lang) if index else None})
    return {"horizon_minutes": decision.horizon, "replications": decision.values.shape[1],
            "seed": decision.seed, "day_level": decision.level,
            "waiting_now": decision.waiting_now, "options": options,
            "recommendation": recommendation(decision, lang)}
