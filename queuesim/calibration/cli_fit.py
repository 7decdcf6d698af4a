"""The ``queuesim fit`` command: read a visit log, learn the hall, write it (and, with
``--holdout``, check it on the later days it did not see). The body is a few calls into the
package; :func:`register` adds the command to the typer app."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ScenarioError

LogArg = Annotated[Path, typer.Argument(help="The visit log: CSV or Parquet (or the call "
                                        "centre's TSV with --format anonymous_bank).")]
Out = Annotated[Path, typer.Option("--out", help="Scenario file to write, e.g. hall.yaml; "
                                   "fit.html is written beside it.")]
Format = Annotated[str, typer.Option("--format", help="visits | columns | anonymous_bank.")]
Columns = Annotated[Path | None, typer.Option("--columns", help="Column mapping (YAML) for "
                                              "--format columns.")]
Days = Annotated[str | None, typer.Option("--days", help="Working days to use, e.g. sun-thu, "
                                          "mon-fri, sat,sun.")]
From = Annotated[str | None, typer.Option("--from", help="First day to use, YYYY-MM-DD.")]
To = Annotated[str | None, typer.Option("--to", help="Last day to use, YYYY-MM-DD.")]
Branch = Annotated[str | None, typer.Option("--branch", help="Branch to use, when the log "
                                            "holds several.")]
Period = Annotated[int, typer.Option("--period", help="Period of the day for rates and "
                                     "factors: 15, 30 or 60 minutes.")]
Holdout = Annotated[float, typer.Option("--holdout", min=0.0, max=0.9, help="Share of the "
                                        "latest days kept out of the fit and used to check it, "
                                        "e.g. 0.25.")]
Replications = Annotated[int, typer.Option("--replications", "-n", min=1, help="Simulated days "
                                           "for the calibration and the check.")]
Seed = Annotated[int, typer.Option(min=0, help="Root seed of the simulations.")]


def parse_date(text: str | None, option: str) -> date | None:
    """A ``YYYY-MM-DD`` option value, or a one-line error naming the option."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ScenarioError(f"{option}: expected a date YYYY-MM-DD, found {text!r}") from None


def register(app: typer.Typer) -> None:
    """Add ``queuesim fit`` to ``app``."""

    @app.command("fit")
    def fit_command(log: LogArg, out: Out, format: Format = "visits", columns: Columns = None,
                    days: Days = None, from_: From = None, to: To = None,
                    branch: Branch = None, period: Period = 60, holdout: Holdout = 0.0,
                    replications: Replications = 20, seed: Seed = 0) -> None:
        """Learn a hall from its visit log and write it as a scenario (with fit.html), so
        that what-ifs start from your own days. With --holdout 0.25 the latest quarter of the
        days is kept out of the fit and the fitted hall is checked against it."""
        try:
            run(log, out, format, columns, days, parse_date(from_, "--from"),
                parse_date(to, "--to"), branch, period, holdout, replications, seed)
        except ScenarioError as error:
            print(str(error), file=sys.stderr)
            raise typer.Exit(2) from None


def run(log_path: Path, out: Path, format: str, columns: Path | None, days: str | None,
        start: date | None, end: date | None, branch: str | None, period: int,
        holdout: float, replications: int, seed: int) -> None:
    """Read, select, fit, write; print the provenance (and the hold-out check)."""
    from .fit import fit, split_days, write_fit
    from .provenance import ANONYMOUS_BANK_CITATION
    from .visitlog import read_visit_log, select_days

    log = select_days(read_visit_log(log_path, format, columns), days, start, end, branch)
    fitting, later = split_days(log, holdout)
    citation = ANONYMOUS_BANK_CITATION if format == "anonymous_bank" else None
    notes = () if later is None else (
        f"The latest {len(later.days)} days ({later.days[0]} to {later.days[-1]}) were held "
        "out of the fit to check it.",)
    fitted = fit(fitting, period=period, replications=replications, seed=seed,
                 citation=citation, notes=notes)
    yaml_path, page_path = write_fit(fitted, out)
    for line in fitted.provenance:
        print(f"• {line}")
    print(f"Scenario written to {yaml_path}, its page to {page_path}", file=sys.stderr)
    if later is not None:
        _check(yaml_path, later, replications, seed, period)


def _check(yaml_path: Path, later, replications: int, seed: int, period: int) -> None:
    """Backtest the fitted hall on the held-out days and print the overall comparison."""
    from ..loader import load_scenario
    from .backtest import backtest

    result = backtest(load_scenario(yaml_path), later, replications=replications, seed=seed,
                      period=period)
    first, last = later.days[0], later.days[-1]
    print(f"\nHeld-out days {first} to {last} ({len(later.days)} days), observed vs simulated:")
    print(result.overall.to_string())
