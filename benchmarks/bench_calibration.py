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
2. ``fit``: ``queuesim fit LOG --format anonymous_bank --days sun-thu`` on the same month-size
   log — read, fit every part, calibrate the capacity level by simulation and write the scenario
   and ``fit.html`` — timed the same way. Target: under 10 s.
3. The calibration figures of the issue, on the two real weeks (``QUEUESIM_BANK_DATA``; skipped
   without it): fit on the first seven Sunday–Thursday days (1–9 February 1999), backtest on
   them (in-sample) and on the three later ones (10, 11 and 14 February, held out). Targets:
   in-sample hourly arrivals error (mean absolute percentage over the hours) ≤ 5 %, abandonment
   within 2 points, mean wait within 15 %, hourly mean-wait error ≤ 25 %; held out, abandonment
   within 4 points and mean wait within 25 %. The hourly wait error is also given for the
   observed days against themselves: the mean relative standard error of an hour's observed
   mean wait, the part of the error that no model can remove.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from queuesim.calibration.backtest import backtest  # noqa: E402
from queuesim.calibration.fit import fit, split_days, write_fit  # noqa: E402
from queuesim.calibration.prepare import comparable  # noqa: E402
from queuesim.calibration.provenance import ANONYMOUS_BANK_CITATION  # noqa: E402
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


def time_fit(log_path: Path, folder: Path, replications: int, workers: int | None) -> dict:
    wall, cpu = time.perf_counter(), cpu_seconds()
    log = load_visit_log(log_path, "anonymous_bank", days="sun-thu")
    fitted = fit(log, replications=replications, workers=workers,
                 citation=ANONYMOUS_BANK_CITATION)
    write_fit(fitted, folder / "hall.yaml")
    return {"rows": log.rows_read, "days": len(log.days), "replications": replications,
            "wall_s": round(time.perf_counter() - wall, 2),
            "cpu_s": round(cpu_seconds() - cpu, 2), "target_s": 10,
            "factors": _rounded(fitted.details["factors"])}


def _rounded(factors: dict | None) -> dict | None:
    """Capacity factors per part of the day, to three decimals (None: counters listed)."""
    return None if factors is None else {part: round(f, 3) for part, f in factors.items()}


def _errors(result) -> dict:
    """The issue's figures from a backtest: whole-day errors and hourly mean absolute
    percentage errors (hours with an observed value above 0)."""
    overall = result.overall.set_index("kpi")
    figures = {
        "abandon_points": 100 * float(overall.loc["abandon_rate", "simulated_mean"]
                                      - overall.loc["abandon_rate", "observed_mean"]),
        "wait_relative": float(overall.loc["wait_mean", "simulated_mean"]
                               / overall.loc["wait_mean", "observed_mean"] - 1),
        "observed_wait_min": float(overall.loc["wait_mean", "observed_mean"]),
        "simulated_wait_min": float(overall.loc["wait_mean", "simulated_mean"]),
        "observed_abandon": float(overall.loc["abandon_rate", "observed_mean"]),
        "simulated_abandon": float(overall.loc["abandon_rate", "simulated_mean"]),
    }
    calls = result.by_period[result.by_period["kpi"] == "arrivals"].set_index("period")
    for kpi in ("arrivals", "wait_mean"):
        rows = result.by_period[result.by_period["kpi"] == kpi]
        rows = rows[rows["observed_mean"] > 0]
        error = (rows["simulated_mean"] - rows["observed_mean"]).abs() / rows["observed_mean"]
        figures[f"hourly_{kpi}_mape"] = float(error.mean())
        noise = rows["observed_sd"] / rows["days"] ** 0.5 / rows["observed_mean"]
        figures[f"hourly_{kpi}_noise"] = float(noise.mean())
        # E|Z| = sqrt(2/pi) for a normal Z: what an exact hall would score against these days
        figures[f"hourly_{kpi}_exact_hall"] = float(math.sqrt(2 / math.pi) * noise.mean())
        weights = rows["period"].map(calls["observed_mean"])
        figures[f"hourly_{kpi}_weighted"] = float((error * weights).sum() / weights.sum())
        figures[f"hourly_{kpi}_table"] = [
            {"hour": row.period, "calls": float(weights[i]), "observed": row.observed_mean,
             "observed_se": row.observed_sd / math.sqrt(row.days),
             "simulated": row.simulated_mean, "error": float(error[i])}
            for i, row in zip(rows.index, rows.itertuples(), strict=True)]
    return figures


def calibration_figures(replications: int, workers: int | None) -> dict | None:
    """Fit on the first seven weekdays of the two real weeks; backtest in and out of sample."""
    source = os.environ.get("QUEUESIM_BANK_DATA")
    if not source:
        return None
    log = load_visit_log(Path(source), "anonymous_bank", days="sun-thu")
    fitting, later = split_days(log, 0.3)
    fitted = fit(fitting, workers=workers)
    figures = {"fit_days": [str(d) for d in fitting.days],
               "held_out_days": [str(d) for d in later.days],
               "factors": _rounded(fitted.details["factors"])}
    for name, days in (("in_sample", fitting), ("held_out", later)):
        result = backtest(fitted.scenario, comparable(days, fitted.scenario),
                          replications=replications, seed=1, workers=workers)
        figures[name] = _errors(result)
    return figures


def _print_calibration(figures: dict | None, hours: bool = False) -> None:
    if figures is None:
        print("calibration figures: set QUEUESIM_BANK_DATA to the two-week Anonymous Bank TSV")
        return
    inside, outside = figures["in_sample"], figures["held_out"]
    print(f"calibration, Anonymous Bank: fit on {', '.join(figures['fit_days'])}; "
          f"held out {', '.join(figures['held_out_days'])}; capacity factors "
          f"{figures['factors']}")
    print(f"  in-sample hourly arrivals error {inside['hourly_arrivals_mape']:.1%} (target "
          f"<= 5 %)")
    print(f"  in-sample abandonment {inside['simulated_abandon']:.1%} simulated vs "
          f"{inside['observed_abandon']:.1%} observed: {inside['abandon_points']:+.1f} points "
          f"(target within 2)")
    print(f"  in-sample mean wait {inside['simulated_wait_min']:.3f} vs "
          f"{inside['observed_wait_min']:.3f} min: {inside['wait_relative']:+.1%} (target "
          f"within 15 %)")
    print(f"  in-sample hourly mean-wait error {inside['hourly_wait_mean_mape']:.1%} (target "
          f"<= 25 %; weighted by calls {inside['hourly_wait_mean_weighted']:.1%}; relative "
          f"standard error of an observed hour {inside['hourly_wait_mean_noise']:.1%}, so an "
          f"exact hall would score about {inside['hourly_wait_mean_exact_hall']:.1%})")
    print(f"  held-out abandonment {outside['simulated_abandon']:.1%} vs "
          f"{outside['observed_abandon']:.1%}: {outside['abandon_points']:+.1f} points (target "
          f"within 4)")
    print(f"  held-out mean wait {outside['simulated_wait_min']:.3f} vs "
          f"{outside['observed_wait_min']:.3f} min: {outside['wait_relative']:+.1%} (target "
          f"within 25 %)")
    print(f"  held-out hourly mean-wait error {outside['hourly_wait_mean_mape']:.1%} (no "
          f"target; an exact hall would score about "
          f"{outside['hourly_wait_mean_exact_hall']:.1%} against these days)")
    if hours:
        for name, figures_of in (("in-sample", inside), ("held-out", outside)):
            print(f"  {name} mean wait by hour of joining (min): hour, calls a day, observed "
                  "(± standard error over days), simulated, error")
            for row in figures_of["hourly_wait_mean_table"]:
                print(f"    {row['hour']}  {row['calls']:6.1f}  {row['observed']:.3f} ± "
                      f"{row['observed_se']:.3f}  {row['simulated']:.3f}  "
                      f"{row['simulated'] / row['observed'] - 1:+.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="also print one JSON object")
    parser.add_argument("--replications", type=int, default=50)
    parser.add_argument("--fit-replications", type=int, default=20,
                        help="simulated days per calibration candidate of the fit")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--hours", action="store_true",
                        help="print the mean wait hour by hour, observed and simulated")
    parser.add_argument("--only", choices=("speed", "calibration"), default=None,
                        help="time fit and backtest only, or give the calibration figures only")
    options = parser.parse_args()
    figures = {}
    if options.only != "calibration":
        with tempfile.TemporaryDirectory() as folder:
            path = month_log(Path(folder))
            figures = {"backtest": time_backtest(path, options.replications, options.workers),
                       "fit": time_fit(path, Path(folder), options.fit_replications,
                                       options.workers)}
        _print_speed(figures)
    if options.only != "speed":
        figures["calibration"] = calibration_figures(options.replications, options.workers)
        _print_calibration(figures["calibration"], options.hours)
    if options.json:
        print(json.dumps(figures, indent=2))


def _print_speed(figures: dict) -> None:
    b = figures["backtest"]
    print(f"backtest, month-size log: {b['rows']:,} rows, {b['days']} Sunday–Thursday days, "
          f"{b['replications']} simulated days, {b['verdicts']} verdicts")
    print(f"  read {b['read_s']:.2f} s; total {b['wall_s']:.2f} s wall, {b['cpu_s']:.2f} s CPU "
          f"(target: under {b['target_s']} s wall)")
    f = figures["fit"]
    print(f"fit, month-size log: {f['rows']:,} rows, {f['days']} Sunday–Thursday days, "
          f"calibration on {f['replications']} simulated days per candidate (factors "
          f"{f['factors']})")
    print(f"  total {f['wall_s']:.2f} s wall, {f['cpu_s']:.2f} s CPU, scenario and fit.html "
          f"written (target: under {f['target_s']} s wall)")


if __name__ == "__main__":
    main()
