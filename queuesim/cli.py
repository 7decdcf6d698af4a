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

from . import __version__, diagnostics, interrupts, load_scenario, terminal
from .calibration import cli_backtest, cli_fit
from .errors import ScenarioError, did_you_mean
from .now import cli_now

app = typer.Typer(
    help="Waiting-line simulator for service halls: what happens to waits, walk-outs and "
    "counter load if you change the queue, the counters or the demand?",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

ScenarioArg = Annotated[Path, typer.Argument(
    help="Scenario YAML file, e.g. scenarios/nanhu_branch.yaml.")]
SetOption = Annotated[list[str] | None, typer.Option(
    "--set", help="Change one field for this run, e.g. --set queue.structure=ticket "
    "--set arrivals.scale=1.2 --set counters.T3.speed=1.2 (repeatable).")]


def _fail(error: ScenarioError) -> None:
    print(str(error), file=sys.stderr)
    raise typer.Exit(2)


Replications = Annotated[int | None, typer.Option(
    "--replications", "-n", min=1, max=100_000,
    help="Days (or runs) to simulate, at most 100,000; default: the scenario's.")]
Seed = Annotated[int | None, typer.Option(min=0, help="Root seed; default: the scenario's.")]
Workers = Annotated[int | None, typer.Option(
    min=1, help="Worker processes; default: one per core. The numbers never depend on it.")]
OutDir = Annotated[Path | None, typer.Option(
    "--out", help="Folder for the results: a new one or one queuesim wrote (see --force); "
    "default: results/<scenario file name>, and results/<name>--<overrides> with --set.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print only the summary as JSON.")]
Report = Annotated[bool, typer.Option("--report", help="Also write report.html: one page with "
                                      "charts, readable offline and in print.")]


def _one_of(option: str, allowed: tuple[str, ...], what: str):
    """A check of an option's value that prints one line and exits 2 when it is not allowed
    (typer's own choice error is a framed block of five lines)."""
    def check(value: str | None) -> str | None:
        if value is None or value in allowed:
            return value
        print(f"{option} {value!r}: {what}{did_you_mean(value, allowed)}; choose one of "
              f"{', '.join(allowed)}", file=sys.stderr)
        raise typer.Exit(2)

    return check


Lang = Annotated[str | None, typer.Option(
    callback=_one_of("--lang", ("en", "zh"), "not a report language"),
    help="Report language: en or zh (default: from the locale).")]
Force = Annotated[bool, typer.Option(
    "--force", help="Write into an --out folder that queuesim did not create, beside the files "
    "there (none of them is removed or changed, except earlier results of the same names).")]


def _output(out_dir: Path | None, default: str, overrides, force: bool) -> Path:
    """The results folder (a what-if gets its own), checked before any work is done."""
    from . import store

    folder = out_dir or store.output_folder(default, overrides or [])
    store.check_output(folder, force)
    return folder
SaveLevel = Enum("SaveLevel", {name: name for name in ("kpis", "customers")}, type=str)
TableFormat = Enum("TableFormat", {name: name for name in ("csv", "parquet")}, type=str)
Save = Annotated[SaveLevel, typer.Option(
    help="What the results folder keeps: kpis (summary, per-day KPIs, counters) or customers "
    "(also one row per customer and the timeline: what report charts of waits and of the day "
    "need; large for many days).")]
Format = Annotated[TableFormat, typer.Option(
    "--format", help="File format of the tables: csv (spreadsheets) or parquet (compact, fast; "
    "pandas, R, DuckDB).")]


def _write_page(build, folder: Path) -> None:
    """Build a report page (plotly is imported only here) and write it into ``folder``."""
    from . import report

    path = report.write_report(build(report), folder / "report.html")
    print(f"Report written to {path}", file=sys.stderr)


@app.command()
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
    terminal.print_warnings(warnings)
    total = replications or loaded.replications
    keep = store.kept_tables("customers" if report else save.value)
    with _progress(total) as tick:
        results = simulate(loaded, replications=total, seed=seed, workers=workers, progress=tick,
                           keep=keep)
    late = diagnostics.overtime(results.summary, loaded)
    terminal.print_warnings(late)
    results.summary.update(overrides=list(set_ or []), warnings=warnings + late)
    store.save(results, folder, force, file_format.value, save.value)
    if report:
        _write_page(lambda pages: pages.run_page_from_results(results, lang), folder)
    if as_json:
        print(json.dumps(store.summary_document(results), ensure_ascii=False, indent=2))
        return
    _print_summary(results.summary, loaded)
    print(f"Results written to {folder}/", file=sys.stderr)


def _print_summary(summary: dict, scenario) -> None:
    out.print(terminal.summary_table(summary, scenario.targets))
    kpis = ("arrivals", "wait_mean", "service_level", "abandon_rate")
    out.print(terminal.group_table("By class", summary["by_class"], kpis))
    out.print(terminal.group_table("By counter", summary["by_counter"], ("utilization", "served")))
    if summary["by_hour"]:
        out.print(terminal.group_table("By hour of arrival", summary["by_hour"], kpis))


class _progress:
    """A progress bar on stderr for runs of several replications, when stderr is a terminal."""

    def __init__(self, total: int):
        self.total = total
        self.bar = Progress("simulating", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=err, transient=True, disable=not err.is_terminal or total < 2)

    def __enter__(self):
        self.bar.start()
        task = self.bar.add_task("run", total=self.total)
        return lambda done: self.bar.update(task, completed=done)

    def __exit__(self, *exc):
        self.bar.stop()


Period = Annotated[float, typer.Option(min=1, help="Planning period, minutes (must divide "
                                      "the day: 15, 30, 60…).")]
TargetWait = Annotated[float | None, typer.Option(
    min=0.01, help="Target wait, minutes; default: the scenario's targets.wait_minutes.")]
ServiceLevel = Annotated[float | None, typer.Option(
    min=0.01, max=0.999, help="Share to serve within the target wait; default: the scenario's.")]
MaxAbandon = Annotated[float | None, typer.Option(
    min=0.0, max=1.0, help="Highest share who may give up, e.g. 0.05; default: the scenario's.")]
ShiftsFile = Annotated[Path | None, typer.Option(
    "--shifts", help="Shift templates (YAML), e.g. scenarios/shifts_branch.yaml: the plan is "
    "then made of the cheapest shifts.")]
Frontier = Annotated[bool, typer.Option(
    "--frontier", help="Also plan for service levels 60 %…95 % and show cost against level.")]
Verify = Annotated[int, typer.Option(min=2, help="Fresh simulated days to prove the plan.")]


@app.command()
@interrupts.guarded
def staff(scenario: ScenarioArg, period: Period = 30, target_wait: TargetWait = None,
          service_level: ServiceLevel = None, max_abandon: MaxAbandon = None,
          shifts: ShiftsFile = None, frontier: Frontier = False,
          replications: Replications = None, verify: Verify = 100, seed: Seed = None,
          workers: Workers = None, set_: SetOption = None, out_dir: OutDir = None,
          as_json: AsJson = False, force: Force = False) -> None:
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


Vary = Annotated[list[str] | None, typer.Option(
    "--vary", help="Try several values of one field, e.g. --vary counters.count=3,4,5 or "
    "--vary queue.structure=single_line,multi_line,ticket (repeatable: a grid).")]
Kpis = Annotated[str, typer.Option(help="KPIs to show, comma-separated.")]
ScenarioFiles = Annotated[list[Path], typer.Argument(help="Scenario YAML files to compare.")]


@app.command()
@interrupts.guarded
def compare(scenarios: ScenarioFiles, vary: Vary = None, set_: SetOption = None,
            replications: Replications = None, seed: Seed = None, workers: Workers = None,
            kpis: Kpis = "wait_mean,wait_p90,service_level,abandon_rate,utilization",
            out_dir: OutDir = None, as_json: AsJson = False, report: Report = False,
            lang: Lang = None, force: Force = False) -> None:
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
        terminal.print_warnings(mixed)
        result = _compare(options, replications, seed, workers)
        view = terminal.comparison_table(result, tuple(names))
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
            raise ScenarioError(f"{option}: unknown KPI '{name}'{did_you_mean(name, known)}; "
                                f"known: {', '.join(known)}")
    return names


def _option_warnings(options, overrides) -> dict:
    """The overrides and every option's overload warning (printed now, saved with the
    results), before simulating."""
    warnings = [warning for option in options
                for warning in diagnostics.for_option(option.name,
                                                      diagnostics.overload(option.scenario))]
    terminal.print_warnings(warnings)
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
    terminal.print_warnings(late)
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
    print(f"Results written to {folder}/", file=sys.stderr)


@app.command()
@interrupts.guarded
def sweep(scenario: ScenarioArg, vary: Vary = None, set_: SetOption = None,
          replications: Replications = None, seed: Seed = None, workers: Workers = None,
          kpi: Annotated[str, typer.Option(help="The KPI to show over the grid.")] = "wait_mean",
          out_dir: OutDir = None, as_json: AsJson = False, report: Report = False,
          lang: Lang = None, force: Force = False) -> None:
    """Run a grid of options (every combination of the --vary values) on the same simulated
    days and show one KPI over the grid."""
    from . import compare as comparing

    try:
        if not vary:
            raise ScenarioError("give at least one --vary PATH=v1,v2,…", str(scenario))
        options = comparing.expand([scenario], vary, set_ or [])
        _check_kpis([kpi], "--kpi")
        folder = _output(out_dir, f"sweep-{scenario.stem}", set_, force)
        extra = _option_warnings(options, set_)
        result = _compare(options, replications, seed, workers, keep_frames=len(options) <= 6)
        view = terminal.sweep_view(result, comparing.sweep_table(result, kpi), kpi)
    except ScenarioError as error:
        _fail(error)
    document = {**result.to_dict(), **extra} if as_json else None
    _finish(result, folder, kpi, report, lang, document, view, force, extra)


RunDir = Annotated[Path, typer.Argument(help="A results folder written by queuesim run.")]


@app.command("report")
@interrupts.guarded
def report_command(run_dir: RunDir, lang: Lang = None) -> None:
    """Rebuild report.html of a saved run from its files, without simulating again."""
    from . import report as pages

    try:
        path = pages.write_report(pages.run_page(run_dir, lang), run_dir / "report.html")
    except ScenarioError as error:
        _fail(error)
    print(f"Report written to {path}", file=sys.stderr)


Policies = Annotated[str | None, typer.Option(
    help="Policies to try, comma-separated (default: every one that applies).")]
Parameters = Annotated[Path | None, typer.Option(
    help="YAML file of policy parameters, e.g. {appointments: {share: 0.3}}.")]
RANK_KEYS = ("wait_mean", "service_level", "abandon_rate", "perceived_wait_mean",
             "illegitimate_overtakes")
"""The KPIs ``advise`` shows and can rank by (:data:`queuesim.advise.SHOWN`)."""
Rank = Annotated[str, typer.Option(
    callback=_one_of("--rank", RANK_KEYS, "not a KPI to rank by"),
    help=f"KPI to rank by: {', '.join(RANK_KEYS)}.")]


@app.command()
@interrupts.guarded
def advise(scenario: ScenarioArg, policies: Policies = None, parameters: Parameters = None,
           rank: Rank = "wait_mean", replications: Replications = None, seed: Seed = None,
           workers: Workers = None, set_: SetOption = None, out_dir: OutDir = None,
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
            terminal.advice_table(advice, rank), force, extra)
    if not as_json:
        for name, reason in advice.skipped.items():
            print(f"not tried: {name} ({reason})")


@app.command()
@interrupts.guarded
def validate(files: Annotated[list[Path], typer.Argument(
        help="YAML files: halls, shift templates, states, networks or column mappings "
        "(recognised by their fields; a state is checked against a hall given beside it).")],
        set_: SetOption = None) -> None:
    """Check files without simulating; say what is wrong and where."""
    from .file_kinds import check_files

    try:
        print("\n".join(check_files(files, set_ or [])))
    except ScenarioError as error:
        _fail(error)


@app.command()
@interrupts.guarded
def schema() -> None:
    """Print the JSON schema of scenario files (for editor completion and checks)."""
    from .scenario import Scenario

    print(json.dumps(Scenario.model_json_schema(by_alias=True), indent=2))


from .network.cli_network import app as network_app  # noqa: E402

app.add_typer(network_app, name="network")


@app.command()
@interrupts.guarded
def version() -> None:
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
