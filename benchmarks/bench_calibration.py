"""Speed of calibration on a month-size visit log.

Run from the repository root::

    python benchmarks/bench_calibration.py             # every figure
    python benchmarks/bench_calibration.py --json      # also as one JSON object

The month-size log (about 33,000 calls) is made of the real Anonymous Bank calls: the week
shipped in ``examples/anonymous_bank`` — or the two weeks named by the environment variable
``QUEUESIM_BANK_DATA`` when it is set — repeated with its dates shifted by whole weeks until it
holds at least 33,000 rows, written as a TSV in a temporary folder.

1. ``backtest``: ``queuesim backtest examples/anonymous_bank/hall.yaml LOG --format
   anonymous_bank --days sun-thu`` (read the log, 50 simulated days, compare every KPI overall,
   per hour and per class), timed in this process: wall clock and CPU time (this process plus
   its worker processes). Target: under 30 s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from queuesim.calibration.backtest import backtest  # noqa: E402
from queuesim.calibration.visitlog import load_visit_log  # noqa: E402

WEEK = ROOT / "examples" / "anonymous_bank" / "anonymous_bank_1999-02-07_to_11.tsv.gz"
HALL = ROOT / "examples" / "anonymous_bank" / "hall.yaml"
MONTH_ROWS = 33_000


def month_log(folder: Path) -> Path:
    """The month-size TSV (its rows are counted when it is read)."""
    source = Path(os.environ.get("QUEUESIM_BANK_DATA") or WEEK)
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as file:
        header, *rows = file.read().splitlines()
    dates = sorted({row.split("\t")[5] for row in rows})
    weeks = (int(dates[-1]) - int(dates[0])) // 7 + 1   # YYMMDD within one month
    lines, copy = [], 0
    while len(lines) < MONTH_ROWS:
        lines += [_shifted(row, 7 * weeks * copy) for row in rows]
        copy += 1
    path = folder / "anonymous_bank_month.tsv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def _shifted(row: str, days: int) -> str:
    import datetime

    fields = row.split("\t")
    day = datetime.datetime.strptime(fields[5], "%y%m%d") + datetime.timedelta(days=days)
    fields[5] = day.strftime("%y%m%d")
    return "\t".join(fields)


def cpu_seconds() -> float:
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_backtest(log_path: Path, replications: int, workers: int | None) -> dict:
    wall, cpu = time.perf_counter(), cpu_seconds()
    log = load_visit_log(log_path, "anonymous_bank", days="sun-thu")
    read = time.perf_counter() - wall
    result = backtest(HALL, log, replications=replications, workers=workers)
    return {"rows": log.rows_read, "days": len(log.days), "replications": replications,
            "read_s": round(read, 2), "wall_s": round(time.perf_counter() - wall, 2),
            "cpu_s": round(cpu_seconds() - cpu, 2), "target_s": 30,
            "verdicts": int(sum(len(t) for t in (result.overall, result.by_period,
                                                  result.by_class)))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="also print one JSON object")
    parser.add_argument("--replications", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = month_log(Path(folder))
        figures = {"backtest": time_backtest(path, options.replications, options.workers)}
    b = figures["backtest"]
    print(f"backtest, month-size log: {b['rows']:,} rows, {b['days']} Sunday–Thursday days, "
          f"{b['replications']} simulated days, {b['verdicts']} verdicts")
    print(f"  read {b['read_s']:.2f} s; total {b['wall_s']:.2f} s wall, {b['cpu_s']:.2f} s CPU "
          f"(target: under {b['target_s']} s wall)")
    if options.json:
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
