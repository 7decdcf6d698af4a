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
from rich.table import Table

from .. import i18n, terminal
from ..cli_language import Lang, PlainCommand, within, words
from ..errors import ScenarioError
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
    abandonment, mean and 90th-percentile wait, service level and utilisation, over the whole
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
    _print(result, describe(visits))


def _write_page(result, about: tuple, folder: Path) -> None:
    """Write backtest.html; ``about`` is (hall, log, what was read, language)."""
    from ..report import write_report
    from ..report.backtest_page import backtest_page

    hall, log, read, lang = about
    path = write_report(backtest_page(result, str(hall), str(log), read, lang),
                        folder / "backtest.html")
    print(i18n.say("msg.report_written", path=path), file=sys.stderr)


def _print(result, read: str) -> None:
    out.print(read)
    out.print(verdict_table("Whole day", result.overall, None))
    out.print(verdict_table("By class", result.by_class, "class"))
    chosen = result.by_period[result.by_period["kpi"].isin(SUMMARY_KPIS)]
    out.print(verdict_table("By period of arrival", chosen, "period"))
    for line in result.notes:
        out.print(f"note: {line}")
    out.print(f"rule: {result.to_dict()['rule']}")


def verdict_table(title: str, table, key: str | None) -> Table:
    """Observed (mean, min–max over days) against simulated (mean, 95 % CI) per KPI."""
    view = Table(title=title, title_justify="left")
    for column in ([key] if key else []) + ["KPI", "observed", "min–max", "simulated",
                                            "95 % CI", "verdict"]:
        view.add_column(column, justify="left" if column in (key, "KPI", "verdict") else "right")
    for row in table.to_dict(orient="records"):
        kpi = row["kpi"]

        def shown(value, kpi=kpi) -> str:
            return "–" if value != value else terminal.number(kpi, value)
        view.add_row(*([str(row[key])] if key else []), terminal.label(kpi),
                     shown(row["observed_mean"]),
                     _span(shown(row["observed_min"]), shown(row["observed_max"])),
                     shown(row["simulated_mean"]),
                     _span(shown(row["ci_low"]), shown(row["ci_high"])),
                     {"pass": "pass", "fail": "[bold red]FAIL[/]"}.get(row["verdict"], "n/a"))
    return view


def _span(low: str, high: str) -> str:
    return "–" if low == high == "–" else f"{low}–{high}"
