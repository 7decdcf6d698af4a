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
from ..cli_language import Lang, PlainCommand, within, words
from ..errors import ScenarioError
from ..loader import load_scenario, read_yaml
from ..terminal.now import now_table
from .options import parse_option
from .state import describe, load_state
from .verdict import recommendation, trade_off


def register(app: typer.Typer) -> None:
    """Add the ``now`` command to ``app``."""
    app.command("now", cls=PlainCommand, help=words("cli.now"))(now)


def now(scenario: Annotated[Path, typer.Argument(metavar="SCENARIO",
                                                 help=words("cli.opt.now_scenario"))],
        state: Annotated[Path | None, typer.Option(metavar="FILE",
                                                   help=words("cli.opt.state"))] = None,
        state_from: Annotated[Path | None, typer.Option(
            metavar="LOG", help=words("cli.opt.state_from"))] = None,
        at: Annotated[str | None, typer.Option(metavar="TIME", help=words("cli.opt.at"))] = None,
        log_format: Annotated[str, typer.Option(
            "--format", metavar="visits|columns|anonymous_bank",
            help=words("cli.opt.now_format"))] = "visits",
        set_: Annotated[list[str] | None, typer.Option(
            "--set", metavar="PATH=VALUE", help=words("cli.opt.now_set"))] = None,
        option: Annotated[list[str] | None, typer.Option(metavar="TEXT",
                                                         help=words("cli.opt.option"))] = None,
        options: Annotated[Path | None, typer.Option(metavar="FILE",
                                                     help=words("cli.opt.options"))] = None,
        horizon: Annotated[float, typer.Option(metavar="MINUTES",
                                               callback=within("--horizon", 15),
                                               help=words("cli.opt.horizon"))] = 120.0,
        today_so_far: Annotated[int | None, typer.Option(
            metavar="N", callback=within("--today-so-far", 0),
            help=words("cli.opt.today_so_far"))] = None,
        replications: Annotated[int, typer.Option(
            "--replications", "-n", metavar="N", callback=within("--replications", 2),
            help=words("cli.opt.now_replications"))] = 200,
        seed: Annotated[int | None, typer.Option(
            metavar="N", callback=within("--seed", 0), help=words("cli.opt.seed"))] = None,
        workers: Annotated[int | None, typer.Option(
            metavar="N", callback=within("--workers", 1), help=words("cli.opt.workers"))] = None,
        as_json: Annotated[bool, typer.Option("--json", metavar="",
                                              help=words("cli.opt.now_json"))] = False,
        report: Annotated[Path | None, typer.Option(
            "--report", metavar="FILE", help=words("cli.opt.now_report"))] = None,
        lang: Lang = None,
        ) -> None:
    """Start from the hall as it is this minute and compare what you can do in the next two
    hours: each option against doing nothing, on the same simulated customers, with 95 % CIs.

    Options: "open T5 now", "open T5 at 12:00 [until 13:30]", "open T6 now like T1",
    "close T2 now", "close T2 at 12:30", "extend T3 to 14:00", "move T4 to business,vip";
    join several with "and". See docs/now.md."""
    try:
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
                lang: str | None) -> None:
    """The ``--report`` page (plotly is imported only here)."""
    from ..report import now_page, write_report

    write_report(now_page.now_page(decision, name, state_line, lines, lang), path)
    print(i18n.say("msg.report_written", path=path), file=sys.stderr)


def _decide(path: Path, hall, *args):
    from .decide import decide

    try:
        return decide(hall, *args)
    except ScenarioError as error:  # what the scenario cannot do: name its file
        raise error.with_source(str(path)) from None


def _state(hall, state, state_from, at, log_format, lang: str | None):
    if (state is None) == (state_from is None):
        raise ScenarioError(i18n.say("msg.state_either"))
    if state is not None:
        return load_state(state, hall)
    if at is None:
        raise ScenarioError(i18n.say("msg.state_needs_at"))
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
