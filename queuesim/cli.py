"""The ``queuesim`` command: parse, call the package, print.

Every command body is a few lines calling the package; a user error (the package's
:class:`~queuesim.errors.ScenarioError`) is printed as one line per problem on stderr with exit
code 2, before anything is written.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from . import __version__, diagnostics, i18n, interrupts, load_scenario, terminal
from .calibration import cli_backtest, cli_fit
from .cli_language import (
    Lang,
    PlainCommand,
    PlainGroup,
    choose_for_session,
    localise_help,
    one_of,
    within,
    words,
)
from .errors import ScenarioError, did_you_mean
from .limits import MAX_REPLICATIONS
from .now import cli_now

app = typer.Typer(help=words("cli.app"), cls=PlainGroup, no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
localise_help()
out = Console()
err = Console(stderr=True)


def _print_version(wanted: bool) -> None:
    if wanted:
        print(__version__)
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _session(
    context: typer.Context,
    version: Annotated[bool, typer.Option("--version", metavar="", is_eager=True,
                                          callback=_print_version,
                                          help=words("cli.opt.version"))] = False,
    lang: Annotated[str | None, typer.Option("--lang", metavar="en|zh", is_eager=True,
                                             callback=choose_for_session,
                                             help=words("cli.opt.lang"))] = None,
) -> None:
    """Options of every command: the language (also accepted after the command); without a
    command, the help."""
    if context.invoked_subcommand is None:
        print(context.get_help())
        raise typer.Exit()


ScenarioArg = Annotated[Path, typer.Argument(metavar="SCENARIO",
                                             help=words("cli.opt.scenario"))]
SetOption = Annotated[list[str] | None, typer.Option(
    "--set", metavar="PATH=VALUE", help=words("cli.opt.set"))]


def _fail(error: ScenarioError) -> None:
    print(str(error), file=sys.stderr)
    raise typer.Exit(2)


Replications = Annotated[int | None, typer.Option(
    "--replications", "-n", metavar="N", callback=within("--replications", 1, MAX_REPLICATIONS),
    help=words("cli.opt.replications"))]
Seed = Annotated[int | None, typer.Option(metavar="N", callback=within("--seed", 0),
                                          help=words("cli.opt.seed"))]
Workers = Annotated[int | None, typer.Option(metavar="N", callback=within("--workers", 1),
                                             help=words("cli.opt.workers"))]


def _out_dir(command: str):
    """The ``--out`` option of a command, whose help states that command's default folder."""
    return Annotated[Path | None, typer.Option("--out", metavar="FOLDER",
                                               help=words(f"cli.out.{command}"))]


OutDir = _out_dir("run")
AsJson = Annotated[bool, typer.Option("--json", metavar="", help=words("cli.opt.json"))]
Report = Annotated[bool, typer.Option("--report", metavar="", help=words("cli.opt.report"))]
Force = Annotated[bool, typer.Option("--force", metavar="", help=words("cli.opt.force"))]


def _output(out_dir: Path | None, default: str, overrides, force: bool) -> Path:
    """The results folder (a what-if gets its own), checked before any work is done."""
    from . import store

    folder = out_dir or store.output_folder(default, overrides or [])
    store.check_output(folder, force)
    return folder
SaveLevel = Enum("SaveLevel", {name: name for name in ("kpis", "customers")}, type=str)
TableFormat = Enum("TableFormat", {name: name for name in ("csv", "parquet")}, type=str)
Save = Annotated[SaveLevel, typer.Option(metavar="kpis|customers", help=words("cli.opt.save"))]
Format = Annotated[TableFormat, typer.Option("--format", metavar="csv|parquet",
                                             help=words("cli.opt.format"))]


def _write_page(build, folder: Path) -> None:
    """Build a report page (plotly is imported only here) and write it into ``folder``."""
    from . import report

    path = report.write_report(build(report), folder / "report.html")
    print(i18n.say("msg.report_written", path=path), file=sys.stderr)


@app.command(cls=PlainCommand, help=words("cli.run"))
@interrupts.guarded
def run(scenario: ScenarioArg, replications: Replications = None, seed: Seed = None,
        workers: Workers = None, set_: SetOption = None, out_dir: OutDir = None,
        as_json: AsJson = False, report: Report = False, lang: Lang = None,
        force: Force = False, save: Save = SaveLevel.customers,
        file_format: Format = TableFormat.csv) -> None:
    """Simulate a hall and show waits, walk-outs and counter load, each with its 95 % CI."""
    try:
        loaded = load_scenario(scenario, set_ or [])
        folder = _output(out_dir, scenario.stem, set_, force)
    except ScenarioError as error:
        _fail(error)
    from . import simulate, store

    warnings = diagnostics.overload(loaded)
    diagnostics.print_warnings(warnings)
    total = replications or loaded.replications
    keep = store.kept_tables("customers" if report else save.value)
    with _progress(total) as tick:
        results = simulate(loaded, replications=total, seed=seed, workers=workers, progress=tick,
                           keep=keep)
    late = diagnostics.overtime(results.summary, loaded)
    diagnostics.print_warnings(late)
    results.summary.update(overrides=list(set_ or []), warnings=warnings + late)
    store.save(results, folder, force, file_format.value, save.value)
    if report:
        _write_page(lambda pages: pages.run_page_from_results(results, lang), folder)
    if as_json:
        print(json.dumps(store.summary_document(results), ensure_ascii=False, indent=2))
        return
    _print_summary(results.summary, loaded, lang)
    print(i18n.say("msg.results_written", folder=folder), file=sys.stderr)


def _print_summary(summary: dict, scenario, lang: str | None = None) -> None:
    for table in terminal.summary_tables(summary, scenario, lang):
        out.print(table)


class _progress:
    """A progress bar on stderr for runs of several replications, when stderr is a terminal."""

    def __init__(self, total: int):
        self.total = total
        self.bar = Progress(i18n.say("msg.progress_simulating"), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                            transient=True, disable=not err.is_terminal or total < 2)

    def __enter__(self):
        self.bar.start()
        task = self.bar.add_task("run", total=self.total)
        return lambda done: self.bar.update(task, completed=done)

    def __exit__(self, *exc):
        self.bar.stop()


Period = Annotated[float, typer.Option(metavar="MINUTES", callback=within("--period", 1),
                                       help=words("cli.opt.period"))]
TargetWait = Annotated[float | None, typer.Option(
    metavar="MINUTES", callback=within("--target-wait", 0.01), help=words("cli.opt.target_wait"))]
ServiceLevel = Annotated[float | None, typer.Option(
    metavar="SHARE", callback=within("--service-level", 0.01, 0.999),
    help=words("cli.opt.service_level"))]
MaxAbandon = Annotated[float | None, typer.Option(
    metavar="SHARE", callback=within("--max-abandon", 0.0, 1.0),
    help=words("cli.opt.max_abandon"))]
ShiftsFile = Annotated[Path | None, typer.Option("--shifts", metavar="FILE",
                                                 help=words("cli.opt.shifts"))]
Frontier = Annotated[bool, typer.Option("--frontier", metavar="",
                                        help=words("cli.opt.frontier"))]
Verify = Annotated[int, typer.Option(metavar="DAYS", callback=within("--verify", 2),
                                     help=words("cli.opt.verify"))]


@app.command(cls=PlainCommand, help=words("cli.staff"))
@interrupts.guarded
def staff(scenario: ScenarioArg, period: Period = 30, target_wait: TargetWait = None,
          service_level: ServiceLevel = None, max_abandon: MaxAbandon = None,
          shifts: ShiftsFile = None, frontier: Frontier = False,
          replications: Replications = None, verify: Verify = 100, seed: Seed = None,
          workers: Workers = None, set_: SetOption = None, out_dir: _out_dir("staff") = None,
          as_json: AsJson = False, force: Force = False, lang: Lang = None) -> None:
    """Find the counters each period needs and the cheapest shifts that meet the target, then
    prove the plan on fresh simulated days, beside SIPP's staffing and today's."""
    from .staffing import cli_staff

    try:
        cli_staff.run(scenario, set_ or [], shifts, dict(
            period=period, target_wait=target_wait, service_level=service_level,
            max_abandon=max_abandon, replications=replications, verify_replications=verify,
            seed=seed, workers=workers), frontier, out_dir, as_json, out, force)
    except ScenarioError as error:
        _fail(error)


Vary = Annotated[list[str] | None, typer.Option("--vary", metavar="PATH=V1,V2,…",
                                                help=words("cli.opt.vary"))]
Kpis = Annotated[str, typer.Option(metavar="KPI,KPI,…", help=words("cli.opt.kpis"))]
ScenarioFiles = Annotated[list[Path], typer.Argument(metavar="SCENARIO",
                                                     help=words("cli.opt.scenarios"))]


@app.command(cls=PlainCommand, help=words("cli.compare"))
@interrupts.guarded
def compare(scenarios: ScenarioFiles, vary: Vary = None, set_: SetOption = None,
            replications: Replications = None, seed: Seed = None, workers: Workers = None,
            kpis: Kpis = "wait_mean,wait_p90,service_level,abandon_rate,utilization",
            out_dir: _out_dir("compare") = None, as_json: AsJson = False,
            report: Report = False, lang: Lang = None, force: Force = False) -> None:
    """Run several options of a hall on the same simulated days and show each KPI with its
    95 % CI and the paired difference from the first option (* = significant)."""
    from . import compare as comparing

    try:
        options = comparing.expand(scenarios, vary or [], set_ or [])
        names = _check_kpis([k.strip() for k in kpis.split(",")], "--kpis")
        folder = _output(out_dir, "compare-" + "-".join(p.stem for p in scenarios), set_, force)
        mixed = comparing.hall_differences(options)
        extra = _option_warnings(options, set_)
        extra["warnings"] += mixed
        diagnostics.print_warnings(mixed)
        result = _compare(options, replications, seed, workers)
        view = terminal.comparison_table(result, tuple(names), lang)
    except ScenarioError as error:
        _fail(error)
    document = {**result.to_dict(), **extra} if as_json else None
    _finish(result, folder, names[0], report, lang, document, view, force, extra)


def _check_kpis(names: list[str], option: str) -> list[str]:
    """KPI names a comparison can show, checked before simulating."""
    from .metrics import ANNOUNCEMENT_KPIS, KPI_NAMES

    known = (*KPI_NAMES, *ANNOUNCEMENT_KPIS)
    for name in names:
        if name not in known:
            raise ScenarioError(i18n.say("msg.unknown_kpi", option=option, name=name,
                                         suggestion=did_you_mean(name, known),
                                         known=", ".join(known)))
    return names


def _option_warnings(options, overrides) -> dict:
    """The overrides and every option's overload warning (printed now, saved with the
    results), before simulating."""
    warnings = [warning for option in options
                for warning in diagnostics.for_option(option.name,
                                                      diagnostics.overload(option.scenario))]
    diagnostics.print_warnings(warnings)
    return {"overrides": list(overrides or []), "warnings": warnings}


def _compare(options, replications, seed, workers, keep_frames: bool = True):
    """Run compared options with a progress bar over all their replications."""
    from . import compare as comparing

    total = len(options) * (replications or options[0].scenario.replications)
    with _progress(total) as tick:
        return comparing.compare(options, replications, seed, workers, keep_frames, tick)


def _finish(comparison, folder: Path, kpi: str, report: bool, lang, document, view,
            force: bool = False, extra: dict | None = None) -> None:
    """Save a comparison, write its page if asked, then print the JSON ``document`` (when
    given) or the ``view``; each option's overtime warning is added to those of ``extra``."""
    late = diagnostics.comparison_overtime(comparison)
    diagnostics.print_warnings(late)
    extra = {**(extra or {}), "warnings": [*(extra or {}).get("warnings", []), *late]}
    if document is not None:
        document = {**document, "warnings": extra["warnings"]}
    from . import store

    store.save_comparison(comparison, folder, force, extra)
    if report:
        _write_page(lambda pages: pages.compare_page(comparison, lang, kpi, extra["warnings"]),
                    folder)
    if document is not None:
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return
    out.print(view)
    print(i18n.say("msg.results_written", folder=folder), file=sys.stderr)


@app.command(cls=PlainCommand, help=words("cli.sweep"))
@interrupts.guarded
def sweep(scenario: ScenarioArg, vary: Vary = None, set_: SetOption = None,
          replications: Replications = None, seed: Seed = None, workers: Workers = None,
          kpi: Annotated[str, typer.Option(metavar="KPI", help=words("cli.opt.kpi"))] = "wait_mean",
          out_dir: _out_dir("sweep") = None, as_json: AsJson = False, report: Report = False,
          lang: Lang = None, force: Force = False) -> None:
    """Run a grid of options (every combination of the --vary values) on the same simulated
    days and show one KPI over the grid."""
    from . import compare as comparing

    try:
        if not vary:
            raise ScenarioError(i18n.say("msg.sweep_needs_vary"), str(scenario))
        options = comparing.expand([scenario], vary, set_ or [])
        _check_kpis([kpi], "--kpi")
        folder = _output(out_dir, f"sweep-{scenario.stem}", set_, force)
        extra = _option_warnings(options, set_)
        result = _compare(options, replications, seed, workers, keep_frames=len(options) <= 6)
        view = terminal.sweep_view(result, comparing.sweep_table(result, kpi), kpi, lang)
    except ScenarioError as error:
        _fail(error)
    document = {**result.to_dict(), **extra} if as_json else None
    _finish(result, folder, kpi, report, lang, document, view, force, extra)


RunDir = Annotated[Path, typer.Argument(metavar="RESULTS_FOLDER", help=words("cli.opt.run_dir"))]


@app.command("report", cls=PlainCommand, help=words("cli.report"))
@interrupts.guarded
def report_command(run_dir: RunDir, lang: Lang = None) -> None:
    """Rebuild report.html of a saved run from its files, without simulating again."""
    from . import report as pages

    try:
        path = pages.write_report(pages.run_page(run_dir, lang), run_dir / "report.html")
    except ScenarioError as error:
        _fail(error)
    print(i18n.say("msg.report_written", path=path), file=sys.stderr)


Policies = Annotated[str | None, typer.Option(metavar="POLICY,POLICY,…",
                                              help=words("cli.opt.policies"))]
Parameters = Annotated[Path | None, typer.Option(metavar="FILE", help=words("cli.opt.parameters"))]
RANK_KEYS = ("wait_mean", "service_level", "abandon_rate", "perceived_wait_mean",
             "illegitimate_overtakes")
"""The KPIs ``advise`` shows and can rank by (:data:`queuesim.advise.SHOWN`)."""
Rank = Annotated[str, typer.Option(
    metavar="KPI", callback=one_of("--rank", RANK_KEYS, "msg.kpi_to_rank"),
    help=words("cli.opt.rank", choices=", ".join(RANK_KEYS)))]


@app.command(cls=PlainCommand, help=words("cli.advise"))
@interrupts.guarded
def advise(scenario: ScenarioArg, policies: Policies = None, parameters: Parameters = None,
           rank: Rank = "wait_mean", replications: Replications = None, seed: Seed = None,
           workers: Workers = None, set_: SetOption = None, out_dir: _out_dir("advise") = None,
           as_json: AsJson = False, report: Report = False, lang: Lang = None,
           force: Force = False) -> None:
    """Try each waiting-line measure of the material (appointments, one line, tickets,
    part-time staff, self-service, announcements…) on the same simulated days and rank them by
    how much they change waits, service level, walk-outs, perceived wait and fairness."""
    from . import advise as advising

    try:
        loaded = load_scenario(scenario, set_ or [])
        chosen = [p.strip() for p in policies.split(",")] if policies else None
        settings = advising.load_parameters(parameters) if parameters else None
        found = advising.options(loaded, chosen, settings)[0]
        folder = _output(out_dir, f"advise-{scenario.stem}", set_, force)
        extra = _option_warnings(found, set_)
        with _progress(len(found) * (replications or loaded.replications)) as tick:
            advice = advising.advise(loaded, chosen, settings, rank, replications, seed, workers,
                                     tick)
    except ScenarioError as error:
        _fail(error)
    document = {**advising.document(advice), **extra} if as_json else None
    _finish(advice.comparison, folder, rank, report, lang, document,
            terminal.advice_table(advice, rank, lang), force, extra)
    if not as_json:
        for line in terminal.not_tried(advice, lang):
            print(line)


@app.command(cls=PlainCommand, help=words("cli.validate"))
@interrupts.guarded
def validate(files: Annotated[list[Path], typer.Argument(
        metavar="FILE...", help=words("cli.arg.validate_files"))],
        set_: SetOption = None, lang: Lang = None) -> None:
    """Check files without simulating; say what is wrong and where."""
    from .file_kinds import check_files

    try:
        print("\n".join(check_files(files, set_ or [])))
    except ScenarioError as error:
        _fail(error)


@app.command(cls=PlainCommand, help=words("cli.schema"))
@interrupts.guarded
def schema(lang: Lang = None) -> None:
    """Print the JSON schema of scenario files (for editor completion and checks)."""
    from .scenario import Scenario

    print(json.dumps(Scenario.model_json_schema(by_alias=True), indent=2))


from .network.cli_network import app as network_app  # noqa: E402

app.add_typer(network_app, name="network", help=words("cli.network"))


@app.command(cls=PlainCommand, help=words("cli.version"))
@interrupts.guarded
def version(lang: Lang = None) -> None:
    """Print the version."""
    print(__version__)


cli_backtest.register(app)
cli_fit.register(app)
cli_now.register(app)


def main() -> None:
    """Entry point of the ``queuesim`` console script (SIGTERM is handled like Ctrl-C)."""
    interrupts.catch_termination()
    try:
        app()
    except SystemExit as stop:
        if stop.code in interrupts.INTERRUPTED:
            interrupts.leave_now(stop.code)
        raise
