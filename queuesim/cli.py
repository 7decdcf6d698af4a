"""The ``queuesim`` command: parse, call the package, print.

Every command body is a few lines calling the package; a user error (the package's
:class:`~queuesim.errors.ScenarioError`) is printed as one line per problem on stderr with exit
code 2, before anything is written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from . import __version__, load_scenario, simulate, store, terminal
from .errors import ScenarioError

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
    "--replications", "-n", min=1, help="Days (or runs) to simulate; default: the scenario's.")]
Seed = Annotated[int | None, typer.Option(min=0, help="Root seed; default: the scenario's.")]
Workers = Annotated[int | None, typer.Option(
    min=1, help="Worker processes; default: one per core. The numbers never depend on it.")]
OutDir = Annotated[Path | None, typer.Option(
    "--out", help="Folder for the results; default: results/<scenario file name>.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print only the summary as JSON.")]
Report = Annotated[bool, typer.Option("--report", help="Also write report.html: one page with "
                                      "charts, readable offline and in print.")]
Lang = Annotated[str | None, typer.Option(help="Report language: en or zh (default: from the "
                                          "locale).")]


def _write_page(build, folder: Path) -> None:
    """Build a report page (plotly is imported only here) and write it into ``folder``."""
    from . import report

    path = report.write_report(build(report), folder / "report.html")
    print(f"Report written to {path}", file=sys.stderr)


@app.command()
def run(scenario: ScenarioArg, replications: Replications = None, seed: Seed = None,
        workers: Workers = None, set_: SetOption = None, out_dir: OutDir = None,
        as_json: AsJson = False, report: Report = False, lang: Lang = None) -> None:
    """Simulate a hall and show waits, walk-outs and counter load, each with its 95 % CI."""
    try:
        loaded = load_scenario(scenario, set_ or [])
    except ScenarioError as error:
        _fail(error)
    total = replications or loaded.replications
    with _progress(total) as tick:
        results = simulate(loaded, replications=total, seed=seed, workers=workers, progress=tick)
    folder = store.save(results, out_dir or Path("results") / scenario.stem)
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
def staff(scenario: ScenarioArg, period: Period = 30, target_wait: TargetWait = None,
          service_level: ServiceLevel = None, max_abandon: MaxAbandon = None,
          shifts: ShiftsFile = None, frontier: Frontier = False,
          replications: Replications = None, verify: Verify = 100, seed: Seed = None,
          workers: Workers = None, set_: SetOption = None, out_dir: OutDir = None,
          as_json: AsJson = False) -> None:
    """Find the counters each period needs and the cheapest shifts that meet the target, then
    prove the plan on fresh simulated days, beside SIPP's staffing and today's."""
    from .staffing import cli_staff

    try:
        cli_staff.run(scenario, set_ or [], shifts, dict(
            period=period, target_wait=target_wait, service_level=service_level,
            max_abandon=max_abandon, replications=replications, verify_replications=verify,
            seed=seed, workers=workers), frontier, out_dir, as_json, out)
    except ScenarioError as error:
        _fail(error)


Vary = Annotated[list[str] | None, typer.Option(
    "--vary", help="Try several values of one field, e.g. --vary counters.count=3,4,5 or "
    "--vary queue.structure=single_line,multi_line,ticket (repeatable: a grid).")]
Kpis = Annotated[str, typer.Option(help="KPIs to show, comma-separated.")]
ScenarioFiles = Annotated[list[Path], typer.Argument(help="Scenario YAML files to compare.")]


@app.command()
def compare(scenarios: ScenarioFiles, vary: Vary = None, set_: SetOption = None,
            replications: Replications = None, seed: Seed = None, workers: Workers = None,
            kpis: Kpis = "wait_mean,wait_p90,service_level,abandon_rate,utilization",
            out_dir: OutDir = None, as_json: AsJson = False, report: Report = False,
            lang: Lang = None) -> None:
    """Run several options of a hall on the same simulated days and show each KPI with its
    95 % CI and the paired difference from the first option (* = significant)."""
    from . import compare as comparing

    try:
        options = comparing.expand(scenarios, vary or [], set_ or [])
        result = _compare(options, replications, seed, workers)
        names = [k.strip() for k in kpis.split(",")]
        view = terminal.comparison_table(result, tuple(names))
    except ScenarioError as error:
        _fail(error)
    folder = out_dir or Path("results") / ("compare-" + "-".join(p.stem for p in scenarios))
    _finish(result, folder, names[0], report, lang, result.to_dict() if as_json else None, view)


def _compare(options, replications, seed, workers, keep_frames: bool = True):
    """Run compared options with a progress bar over all their replications."""
    from . import compare as comparing

    total = len(options) * (replications or options[0].scenario.replications)
    with _progress(total) as tick:
        return comparing.compare(options, replications, seed, workers, keep_frames, tick)


def _finish(comparison, folder: Path, kpi: str, report: bool, lang, document, view) -> None:
    """Save a comparison, write its page if asked, then print the JSON ``document`` (when
    given) or the ``view``."""
    store.save_comparison(comparison, folder)
    if report:
        _write_page(lambda pages: pages.compare_page(comparison, lang, kpi), folder)
    if document is not None:
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return
    out.print(view)
    print(f"Results written to {folder}/", file=sys.stderr)


@app.command()
def sweep(scenario: ScenarioArg, vary: Vary = None, set_: SetOption = None,
          replications: Replications = None, seed: Seed = None, workers: Workers = None,
          kpi: Annotated[str, typer.Option(help="The KPI to show over the grid.")] = "wait_mean",
          out_dir: OutDir = None, as_json: AsJson = False, report: Report = False,
          lang: Lang = None) -> None:
    """Run a grid of options (every combination of the --vary values) on the same simulated
    days and show one KPI over the grid."""
    from . import compare as comparing

    try:
        if not vary:
            raise ScenarioError("give at least one --vary PATH=v1,v2,…", str(scenario))
        options = comparing.expand([scenario], vary, set_ or [])
        result = _compare(options, replications, seed, workers, keep_frames=len(options) <= 6)
        view = terminal.sweep_view(result, comparing.sweep_table(result, kpi), kpi)
    except ScenarioError as error:
        _fail(error)
    folder = out_dir or Path("results") / f"sweep-{scenario.stem}"
    _finish(result, folder, kpi, report, lang, result.to_dict() if as_json else None, view)


RunDir = Annotated[Path, typer.Argument(help="A results folder written by queuesim run.")]


@app.command("report")
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
Rank = Annotated[str, typer.Option(help="KPI to rank by (wait_mean, service_level, …).")]


@app.command()
def advise(scenario: ScenarioArg, policies: Policies = None, parameters: Parameters = None,
           rank: Rank = "wait_mean", replications: Replications = None, seed: Seed = None,
           workers: Workers = None, set_: SetOption = None, out_dir: OutDir = None,
           as_json: AsJson = False, report: Report = False, lang: Lang = None) -> None:
    """Try each waiting-line measure of the material (appointments, one line, tickets,
    part-time staff, self-service, announcements…) on the same simulated days and rank them by
    how much they change waits, service level, walk-outs, perceived wait and fairness."""
    from . import advise as advising

    try:
        loaded = load_scenario(scenario, set_ or [])
        chosen = [p.strip() for p in policies.split(",")] if policies else None
        settings = advising.load_parameters(parameters) if parameters else None
        count = len(advising.options(loaded, chosen, settings)[0])
        with _progress(count * (replications or loaded.replications)) as tick:
            advice = advising.advise(loaded, chosen, settings, rank, replications, seed, workers,
                                     tick)
    except ScenarioError as error:
        _fail(error)
    folder = out_dir or Path("results") / f"advise-{scenario.stem}"
    _finish(advice.comparison, folder, rank, report, lang,
            advising.document(advice) if as_json else None, terminal.advice_table(advice, rank))
    if not as_json:
        for name, reason in advice.skipped.items():
            print(f"not tried: {name} ({reason})")


@app.command()
def validate(scenario: ScenarioArg, set_: SetOption = None) -> None:
    """Check a scenario file without simulating; say what is wrong and where."""
    try:
        loaded = load_scenario(scenario, set_ or [])
    except ScenarioError as error:
        _fail(error)
    print(f"{scenario}: ok — '{loaded.name}', {len(loaded.customers)} classes, "
          f"{len(loaded.counters)} counters, {loaded.queue.structure}")


@app.command()
def schema() -> None:
    """Print the JSON schema of scenario files (for editor completion and checks)."""
    from .scenario import Scenario

    print(json.dumps(Scenario.model_json_schema(by_alias=True), indent=2))


from .network.cli_network import app as network_app  # noqa: E402

app.add_typer(network_app, name="network")


@app.command()
def version() -> None:
    """Print the version."""
    print(__version__)


def main() -> None:
    """Entry point of the ``queuesim`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted; nothing was written")
        sys.exit(130)
