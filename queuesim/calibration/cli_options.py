"""Command-line options shared by the commands that read a visit log (``backtest``, ``fit``).

Typer option types only: the commands pass their values to
:func:`queuesim.calibration.visitlog.load_visit_log`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

LogArg = Annotated[Path, typer.Argument(
    help="The visit log: CSV or Parquet (one row per visit), a ticket-machine export with "
    "--columns, or the Anonymous Bank call log.")]
Format = Annotated[str, typer.Option(
    "--format", help="visits (the documented columns), columns (with --columns map.yaml) or "
    "anonymous_bank.")]
Columns = Annotated[Path | None, typer.Option(
    "--columns", help="Column mapping for --format columns: which column is which, the time "
    "format, the status words (see docs/calibration.md).")]
Days = Annotated[str | None, typer.Option(
    "--days", help="Weekdays to use, e.g. sun-thu, mon-fri, weekdays, sat,sun.")]
From = Annotated[datetime | None, typer.Option(
    "--from", formats=["%Y-%m-%d"], help="First day to use, YYYY-MM-DD.")]
To = Annotated[datetime | None, typer.Option(
    "--to", formats=["%Y-%m-%d"], help="Last day to use, YYYY-MM-DD (included).")]
Branch = Annotated[str | None, typer.Option("--branch", help="Only this branch of the log.")]
Period = Annotated[int, typer.Option(
    "--period", min=5, max=240, help="Length of the periods of the day compared (or fitted) "
    "one by one, minutes: 15, 30 or 60.")]
