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
from rich.table import Table

from ..errors import ScenarioError
from ..interrupts import exit_code

app = typer.Typer(help="Run, compare and staff a whole network of branches at once, on this "
                  "machine or on a dask cluster.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

NetworkArg = Annotated[Path, typer.Argument(help="Network YAML file: branches, what-ifs, days.")]
Scheduler = Annotated[str | None, typer.Option(
    help="Run on dask: 'local' starts a cluster on this machine, tcp://host:8786 uses a "
    "running one (its workers need queuesim installed). Default: local worker processes.")]
Workers = Annotated[int | None, typer.Option(
    min=1, help="Worker processes (here, or in the local dask cluster); default: one per core. "
    "The numbers never depend on it.")]
OutDir = Annotated[Path | None, typer.Option(
    "--out", help="Folder for the results; default: results/<network file name>-<command>.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print only the league as JSON.")]
BranchReports = Annotated[bool, typer.Option(
    "--branch-reports", help="Also write each branch's own report page (slower).")]
Lang = Annotated[str | None, typer.Option(
    help="Language of the page and the terminal: en or zh (default: from the locale).")]


@app.command("run")
def run_command(network: NetworkArg, scheduler: Scheduler = None, workers: Workers = None,
                out_dir: OutDir = None, as_json: AsJson = False,
                branch_reports: BranchReports = False, lang: Lang = None) -> None:
    """Simulate every branch as it is and rank them by how far they are from target."""
    _main(network, "run", out_dir, scheduler, workers, as_json,
          {"branch_report": branch_reports}, lang)


@app.command("compare")
def compare_command(network: NetworkArg, scheduler: Scheduler = None, workers: Workers = None,
                    out_dir: OutDir = None, as_json: AsJson = False,
                    branch_reports: BranchReports = False, lang: Lang = None) -> None:
    """Try every what-if of the network file in every branch, on the same simulated days, and
    rank the branches by how much each what-if helps."""
    _main(network, "compare", out_dir, scheduler, workers, as_json,
          {"branch_report": branch_reports}, lang)


@app.command("staff")
def staff_command(network: NetworkArg, scheduler: Scheduler = None, workers: Workers = None,
                  period: Annotated[float, typer.Option(min=1, help="Planning period, minutes."
                                                        )] = 30,
                  out_dir: OutDir = None, as_json: AsJson = False, lang: Lang = None) -> None:
    """Plan every branch's staff for its target and total the network's counter-hours and cost
    against today's."""
    _main(network, "staff", out_dir, scheduler, workers, as_json, {"period": period}, lang)


def _main(path: Path, mode: str, out_dir, scheduler, workers, as_json: bool,
          settings: dict, lang: str | None) -> None:
    from ..report.labels import texts
    from .execute import execute, prepare
    from .page import write_page

    try:
        text = texts(lang)  # an unknown language is refused before anything runs
        run = prepare(path, mode, out_dir, settings)
        with _Bar(text) as tick:
            execute(run, scheduler=scheduler, workers=workers, progress=tick)
    except ScenarioError as error:
        print(str(error), file=sys.stderr)
        raise typer.Exit(2) from None
    except KeyboardInterrupt as interruption:  # Ctrl-C, or SIGTERM (see queuesim.interrupts)
        print(text["net_tty_interrupted"], file=sys.stderr)
        raise typer.Exit(exit_code(interruption)) from None
    page = write_page(run, lang) if run.tables else None
    for failure in sorted(run.failures, key=lambda f: f.name):
        print(text["net_tty_failed"].format(name=failure.name, message=failure.message),
              file=sys.stderr)
    if as_json:
        print((run.out / "league" / "league.json").read_text(encoding="utf-8"), end="")
    else:
        _print(run, text)
        print(text["net_tty_written"].format(folder=run.out / "league")
              + (text["net_tty_page"].format(page=page) if page else ""), file=sys.stderr)
    if run.failures:
        raise typer.Exit(1)


class _Bar:
    """A progress bar over branches with the time left, on stderr when it is a terminal."""

    def __init__(self, text: dict[str, str]):
        self.bar = Progress(text["net_tty_progress"], BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), text["net_tty_left"], TimeRemainingColumn(),
                            console=err, transient=True, disable=not err.is_terminal)

    def __enter__(self):
        self.bar.start()
        task = self.bar.add_task("network", total=None)
        return lambda done, total: self.bar.update(task, completed=done, total=total)

    def __exit__(self, *exc):
        self.bar.stop()


def _print(run, text: dict[str, str], shown: int = 20) -> None:
    tables = run.tables
    if "branches" in tables:
        league = tables["branches"].sort_values("rank_gap").head(shown)
        view = Table(title=text["net_tty_league"].format(name=run.network.name,
                                                         days=run.network.replications),
                     title_justify="left")
        for name in ("rank", "branch", "service_level", "target", "wait_mean",
                     "abandon_rate"):
            view.add_column(text[f"net_{name}"], justify="left" if name == "branch" else
                            "right")
        for row in league.to_dict("records"):
            view.add_row(str(row["rank_gap"]), row["branch"], _ci(row, "service_level", 100),
                         f"{100 * row['target_service_level']:.0f}", _ci(row, "wait_mean", 1),
                         _ci(row, "abandon_rate", 100))
        out.print(view)
    if "staffing" in tables:
        out.print(_staffing_table(tables["staffing"].head(shown), text))
        out.print(_staff_totals_table(tables["totals"], text))
    elif "totals" in tables:
        out.print(_totals_table(tables["totals"], text))
    rows = len(tables.get("branches", tables.get("staffing", ())))
    if rows > shown:
        out.print(text["net_tty_more"].format(count=rows - shown))


def _staffing_table(plans, text: dict[str, str]) -> Table:
    view = Table(title=text["net_tty_staffing"], title_justify="left")
    for name in ("branch", "tty_hours", "tty_cost", "tty_plan_level", "tty_today_level",
                 "tty_meets"):
        view.add_column(text[f"net_{name}"], justify="left" if name == "branch" else "right")
    for row in plans.to_dict("records"):
        level = {"level": row["service_level_plan"], "level_low": row["service_level_plan_low"],
                 "level_high": row["service_level_plan_high"]}
        today = row["service_level_today"]
        view.add_row(row["branch"], f"{row['counter_hours_today']:g} → "
                     f"{row['counter_hours_plan']:g}", f"{row['cost_today']:,.0f} → "
                     f"{row['cost_plan']:,.0f}", _ci(level, "level", 100),
                     "–" if today is None else f"{100 * today:.1f}",
                     text["net_yes" if row["meets_every_period"] else "net_no"])
    return view


def _ci(row: dict, kpi: str, scale: float) -> str:
    mean, low, high = row.get(kpi), row.get(f"{kpi}_low"), row.get(f"{kpi}_high")
    if mean is None or mean != mean:
        return "–"
    if low is None or low != low:
        return f"{scale * mean:.1f}"
    return f"{scale * mean:.1f} [{scale * low:.1f}–{scale * high:.1f}]"


def _totals_table(totals, text: dict[str, str]) -> Table:
    view = Table(title=text["net_tty_totals"], title_justify="left")
    for name in ("option", "quantity", "tty_mean", "tty_change"):
        view.add_column(text[f"net_{name}"], justify="right")
    for row in totals.to_dict("records"):
        change = {"change": row["change"], "change_low": row["change_low"],
                  "change_high": row["change_high"]}
        level = {"mean": row["mean"], "mean_low": row["low"], "mean_high": row["high"]}
        view.add_row(row["option"], text[f"net_quantity_{row['quantity']}"],
                     _ci(level, "mean", 1), _ci(change, "change", 1))
    return view


def _staff_totals_table(table, text: dict[str, str]) -> Table:
    """Today's and the plan's network totals: quantity, today, plan, change."""
    view = Table(title=text["net_tty_staff_totals"], title_justify="left")
    for name in ("quantity", "today", "plan", "difference"):
        view.add_column(text[f"net_{name}"], justify="right")
    for row in table.to_dict("records"):
        view.add_row(text[f"net_quantity_{row['quantity']}"],
                     *("–" if row[name] != row[name] else f"{row[name]:,.2f}"
                       for name in ("today", "plan", "change")))
    return view
