"""Command-line options shared by the commands that read a visit log (``backtest``, ``fit``).

Typer option types only: the commands pass their values to
:func:`queuesim.calibration.visitlog.load_visit_log`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from ..cli_language import within, words

LogArg = Annotated[Path, typer.Argument(metavar="LOG", help=words("cli.opt.log"))]
Format = Annotated[str, typer.Option("--format", metavar="visits|columns|anonymous_bank",
                                     help=words("cli.opt.log_format"))]
Columns = Annotated[Path | None, typer.Option("--columns", metavar="FILE",
                                              help=words("cli.opt.columns"))]
Days = Annotated[str | None, typer.Option("--days", metavar="DAYS", help=words("cli.opt.days"))]
From = Annotated[datetime | None, typer.Option(
    "--from", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help=words("cli.opt.from"))]
To = Annotated[datetime | None, typer.Option(
    "--to", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help=words("cli.opt.to"))]
Branch = Annotated[str | None, typer.Option("--branch", metavar="BRANCH",
                                            help=words("cli.opt.branch"))]
Period = Annotated[int, typer.Option(
    "--period", metavar="MINUTES", callback=within("--period", 5, 240),
    help=words("cli.opt.log_period"))]
