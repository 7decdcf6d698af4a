"""``queuesim network run|compare|staff NETWORK.yaml``: parse, call the package, print.

Exit codes: 0 every branch done; 1 some branches failed (each named on stderr, the rest are in
the league table); 2 the network file or an option is wrong (nothing run); 130 interrupted by
Ctrl-C, 143 stopped by SIGTERM (finished branches are kept: run the same command again to do
only what is missing).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .. import i18n
from ..cli_language import Lang, PlainCommand, PlainGroup, within, words
from ..errors import ScenarioError
from ..interrupts import exit_code

app = typer.Typer(help=words("cli.network"), cls=PlainGroup, no_args_is_help=True)
out = Console()
err = Console(stderr=True)

NetworkArg = Annotated[Path, typer.Argument(metavar="NETWORK", help=words("cli.opt.network"))]
Scheduler = Annotated[str | None, typer.Option(metavar="local|tcp://HOST:PORT",
                                               help=words("cli.opt.scheduler"))]
Workers = Annotated[int | None, typer.Option(metavar="N", callback=within("--workers", 1),
                                             help=words("cli.opt.network_workers"))]
OutDir = Annotated[Path | None, typer.Option("--out", metavar="FOLDER",
                                             help=words("cli.out.network"))]
AsJson = Annotated[bool, typer.Option("--json", metavar="", help=words("cli.opt.network_json"))]
BranchReports = Annotated[bool, typer.Option("--branch-reports", metavar="",
                                             help=words("cli.opt.branch_reports"))]


@app.command("run", cls=PlainCommand, help=words("cli.network_run"))
def run_command(network: NetworkArg, scheduler: Scheduler = None, workers: Workers = None,
                out_dir: OutDir = None, as_json: AsJson = False,
                branch_reports: BranchReports = False, lang: Lang = None) -> None:
    """Simulate every branch as it is and rank them by how far they are from target."""
    _main(network, "run", out_dir, scheduler, workers, as_json,
          {"branch_report": branch_reports}, lang)


@app.command("compare", cls=PlainCommand, help=words("cli.network_compare"))
def compare_command(network: NetworkArg, scheduler: Scheduler = None, workers: Workers = None,
                    out_dir: OutDir = None, as_json: AsJson = False,
                    branch_reports: BranchReports = False, lang: Lang = None) -> None:
    """Try every what-if of the network file in every branch, on the same simulated days, and
    rank the branches by how much each what-if helps."""
    _main(network, "compare", out_dir, scheduler, workers, as_json,
          {"branch_report": branch_reports}, lang)


@app.command("staff", cls=PlainCommand, help=words("cli.network_staff"))
def staff_command(network: NetworkArg, scheduler: Scheduler = None, workers: Workers = None,
                  period: Annotated[float, typer.Option(
                      metavar="MINUTES", callback=within("--period", 1),
                      help=words("cli.opt.network_period"))] = 30,
                  out_dir: OutDir = None, as_json: AsJson = False, lang: Lang = None) -> None:
    """Plan every branch's staff for its target and total the network's counter-hours and cost
    against today's."""
    _main(network, "staff", out_dir, scheduler, workers, as_json, {"period": period}, lang)


def _main(path: Path, mode: str, out_dir, scheduler, workers, as_json: bool,
          settings: dict, lang: str | None) -> None:
    from .execute import execute, prepare
    from .page import write_page

    try:
        run = prepare(path, mode, out_dir, settings)
        with _Bar() as tick:
            execute(run, scheduler=scheduler, workers=workers, progress=tick)
    except ScenarioError as error:
        print(str(error), file=sys.stderr)
        raise typer.Exit(2) from None
    except KeyboardInterrupt as interruption:  # Ctrl-C, or SIGTERM (see queuesim.interrupts)
        print(i18n.say("msg.interrupted_network"), file=sys.stderr)
        raise typer.Exit(exit_code(interruption)) from None
    page = write_page(run, lang) if run.tables else None
    for failure in sorted(run.failures, key=lambda f: f.name):
        print(i18n.say("msg.branch_failed", name=failure.name, message=failure.message),
              file=sys.stderr)
    if as_json:
        print((run.out / "league" / "league.json").read_text(encoding="utf-8"), end="")
    else:
        _print(run)
        shown = i18n.say("msg.league_page", path=page) if page else ""
        print(i18n.say("msg.league_written", folder=run.out / "league", page=shown),
              file=sys.stderr)
    if run.failures:
        raise typer.Exit(1)


class _Bar:
    """A progress bar over branches with the time left, on stderr when it is a terminal."""

    def __init__(self):
        self.bar = Progress(i18n.say("msg.progress_branches"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), i18n.say("msg.progress_left"),
                            TimeRemainingColumn(), console=err, transient=True,
                            disable=not err.is_terminal)

    def __enter__(self):
        self.bar.start()
        task = self.bar.add_task("network", total=None)
        return lambda done, total: self.bar.update(task, completed=done, total=total)

    def __exit__(self, *exc):
        self.bar.stop()


def _print(run, shown: int = 20) -> None:
    from ..terminal import network as tables_of
    from ..terminal.format import words

    tables = run.tables
    if "branches" in tables:
        league = tables["branches"].sort_values("rank_gap").head(shown)
        out.print(tables_of.league_table(league, run.network.name, run.network.replications))
    if "staffing" in tables:
        out.print(tables_of.staffing_table(tables["staffing"].head(shown)))
        out.print(tables_of.plan_totals_table(tables["totals"]))
    elif "totals" in tables:
        out.print(tables_of.totals_table(tables["totals"]))
    rows = len(tables.get("branches", tables.get("staffing", ())))
    if rows > shown:
        out.print(words()["term_net_more"].format(n=rows - shown))
