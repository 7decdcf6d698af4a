"""``queuesim fit``: read a visit log, learn the hall, write it (and, with ``--holdout``, check
it on the later days it did not see). The body only parses and calls the package;
:func:`register` adds the command to the ``queuesim`` app."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import i18n
from ..cli_language import Lang, PlainCommand, within, words
from ..errors import ScenarioError
from . import cli_options as opt

Out = Annotated[Path, typer.Option("--out", metavar="FILE", help=words("cli.out.fit"))]
Holdout = Annotated[float, typer.Option("--holdout", metavar="SHARE",
                                        callback=within("--holdout", 0.0, 0.9),
                                        help=words("cli.opt.holdout"))]
Replications = Annotated[int, typer.Option("--replications", "-n", metavar="N",
                                           callback=within("--replications", 2),
                                           help=words("cli.opt.fit_replications"))]
Seed = Annotated[int, typer.Option(metavar="N", callback=within("--seed", 0),
                                   help=words("cli.opt.fit_seed"))]


def register(app: typer.Typer) -> None:
    """Add the ``fit`` command to ``app``."""
    app.command("fit", cls=PlainCommand, help=words("cli.fit"))(fit_command)


def fit_command(log: opt.LogArg, out: Out, format: opt.Format = "visits",
                columns: opt.Columns = None, days: opt.Days = None, from_: opt.From = None,
                to: opt.To = None, branch: opt.Branch = None, period: opt.Period = 60,
                holdout: Holdout = 0.0, replications: Replications = 20,
                seed: Seed = 0, lang: Lang = None) -> None:
    """Learn a hall from its visit log and write it as a scenario (with fit.html beside it),
    so that what-ifs start from your own days. With --holdout 0.25 the latest quarter of the
    days is kept out of the fit and the fitted hall is checked against it."""
    from .visitlog import load_visit_log

    try:
        visits = load_visit_log(log, format, columns, days, from_ and from_.date(),
                                to and to.date(), branch)
        run(visits, out, period, holdout, replications, seed, format == "anonymous_bank")
    except ScenarioError as error:
        print(str(error.with_source(str(log))), file=sys.stderr)
        raise typer.Exit(2) from None


def run(visits, out: Path, period: int, holdout: float, replications: int, seed: int,
        cite_bank: bool) -> None:
    """Fit, write, print the provenance (and the hold-out check)."""
    from .fit import fit, split_days, write_fit
    from .provenance import ANONYMOUS_BANK_CITATION

    fitting, later = split_days(visits, holdout)
    notes = () if later is None else (
        f"The latest {len(later.days)} days ({later.days[0]} to {later.days[-1]}) were held "
        "out of the fit to check it.",)
    fitted = fit(fitting, period=period, replications=replications, seed=seed,
                 citation=ANONYMOUS_BANK_CITATION if cite_bank else None, notes=notes)
    yaml_path, page_path = write_fit(fitted, out)
    for line in fitted.provenance:
        print(f"• {line}")
    print(i18n.say("msg.fit_written", scenario=yaml_path, page=page_path), file=sys.stderr)
    if later is not None:
        _check(fitted.scenario, later, replications, seed, period)


def _check(scenario: dict, later, replications: int, seed: int, period: int) -> None:
    """Backtest the fitted hall on the held-out days and print the whole-day comparison."""
    from ..terminal.backtest import verdict_table
    from ..terminal.format import words
    from .backtest import backtest
    from .cli_backtest import out
    from .prepare import comparable

    result = backtest(scenario, comparable(later, scenario),
                      replications=3 * replications, seed=seed, period=period)
    title = words()["term_held_out"].format(first=later.days[0], last=later.days[-1])
    out.print(verdict_table(title, result.overall, None))
