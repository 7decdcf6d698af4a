"""``queuesim backtest``: does the hall's scenario reproduce the observed days?

The command body only parses, calls :func:`queuesim.calibration.backtest.backtest` and prints;
:func:`register` adds it to the ``queuesim`` app.
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
from ..terminal.backtest import verdict_table
from ..terminal.format import words as texts_of
from . import cli_options as opt

out = Console()
SUMMARY_KPIS = ("arrivals", "abandon_rate", "wait_mean", "service_level")


def register(app: typer.Typer) -> None:
    """Add the ``backtest`` command to ``app``."""
    app.command("backtest", cls=PlainCommand, help=words("cli.backtest"))(backtest_command)


def backtest_command(
    hall: Annotated[Path, typer.Argument(metavar="HALL", help=words("cli.opt.hall"))],
    log: opt.LogArg, format: opt.Format = "visits", columns: opt.Columns = None,
    days: opt.Days = None, from_: opt.From = None, to: opt.To = None,
    branch: opt.Branch = None, period: opt.Period = 60,
    replications: Annotated[int, typer.Option(
        "--replications", "-n", metavar="N", callback=within("--replications", 2),
        help=words("cli.opt.backtest_replications"))] = 50,
    seed: Annotated[int | None, typer.Option(metavar="N", callback=within("--seed", 0),
                                             help=words("cli.opt.seed"))] = None,
    workers: Annotated[int | None, typer.Option(metavar="N", callback=within("--workers", 1),
                                                help=words("cli.opt.workers"))] = None,
    as_json: Annotated[bool, typer.Option("--json", metavar="",
                                          help=words("cli.opt.backtest_json"))] = False,
    report: Annotated[bool, typer.Option("--report", metavar="",
                                         help=words("cli.opt.backtest_report"))] = False,
    out_dir: Annotated[Path | None, typer.Option("--out", metavar="FOLDER",
                                                 help=words("cli.out.backtest"))] = None,
    lang: Lang = None,
) -> None:
    """Simulate the hall and compare it with the observed days of a visit log: arrivals,
    abandonment, mean and 90th-percentile wait, service level and utilization, over the whole
    day, per period and per class, each with a pass/fail verdict."""
    from ..loader import load_scenario
    from .backtest import backtest
    from .visitlog import describe, load_visit_log

    try:
        if report:
            from ..report.labels import texts

            texts(lang)   # an unknown language is refused before simulating
        scenario = load_scenario(hall)
        visits = load_visit_log(log, format, columns, days, from_ and from_.date(),
                                to and to.date(), branch)
        result = backtest(scenario, visits, replications, seed, workers, period)
    except ScenarioError as error:
        print(str(error.with_source(str(log))), file=sys.stderr)
        raise typer.Exit(2) from None
    if report:
        _write_page(result, (hall, log, describe(visits), lang),
                    out_dir or Path("results") / f"backtest-{hall.stem}")
    if as_json:
        document = {"hall": str(hall), "log": str(log), "rows_read": visits.rows_read,
                    "skipped": visits.skipped, **result.to_dict()}
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return
    _print(result, describe(visits), lang)


def _write_page(result, about: tuple, folder: Path) -> None:
    """Write backtest.html; ``about`` is (hall, log, what was read, language)."""
    from ..report import write_report
    from ..report.backtest_page import backtest_page

    hall, log, read, lang = about
    path = write_report(backtest_page(result, str(hall), str(log), read, lang),
                        folder / "backtest.html")
    print(i18n.say("msg.report_written", path=path), file=sys.stderr)


def _print(result, read: str, lang: str | None = None) -> None:
    text = texts_of(lang)
    out.print(read, markup=False)
    out.print(verdict_table(text["term_whole_day"], result.overall, None, lang))
    out.print(verdict_table(text["term_by_class"], result.by_class, "class", lang))
    chosen = result.by_period[result.by_period["kpi"].isin(SUMMARY_KPIS)]
    out.print(verdict_table(text["term_by_period"], chosen, "period", lang))
    for line in result.notes:
        out.print(text["term_note"].format(note=line), markup=False)
    out.print(text["term_rule"].format(rule=result.to_dict()["rule"]), markup=False)
