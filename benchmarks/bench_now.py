"""``queuesim now`` benchmark: how fast it answers, and how well it predicts real waits.

1. **Speed.** The command as a manager runs it, in a fresh process (start-up included):
   ``queuesim now`` on the Nanhu branch at 11:40 (``scenarios/states/nanhu_branch_1140.yaml``),
   doing nothing plus 3 options = 4 options, 200 replications of a 2-hour horizon, 2 workers; once
   for the branch's multi-line hall with jockeying and once for its single-line version. Wall
   time and CPU time (this process's children); the start-up alone (importing the CLI) too,
   and the serial part (the same command with 2 replications on one process), from which the
   wall time on two idle cores is estimated: serial CPU + (the rest of the CPU) / 2. Target:
   under 3 s wall on two cores.

2. **Reality check.** The Anonymous Bank call centre (by default the five days shipped in
   ``examples/anonymous_bank/``; ``--data`` for another file of that format): a hall is fitted
   (``queuesim.calibration.fit``) on the earlier Sunday–Thursday days; on each held-out day, at
   every whole hour from 08:00 to 22:00, the state is read from the visit log, and the mean
   wait of the calls that arrive in the next hour and are served is predicted three ways and
   compared with what happened:

   * **simulation** from the state (``queuesim.now.decide``, doing nothing, 60-minute horizon,
     the day's level from the calls so far);
   * **LES**, the delay of the last customer to enter service (Whitt's last-to-enter-service
     predictor);
   * **QL**, the queue-length predictor with abandonment of :mod:`queuesim.waiting`
     Σ_{i=0}^{q} 1/(sμ + iθ) with q waiting, s agents talking at that instant in the log (0 if
     nobody waits and the fitted hall has an agent free), μ and θ estimated on the fitting days
     (served calls' mean talk time; abandonments per minute waited).

   Printed: mean absolute error and root mean square error of each, in minutes, and the mean
   observed wait. Run: ``python benchmarks/bench_now.py [--speed-only | --reality-only]``.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OPTIONS = ("open T3 now", "open T3 at 12:00", "extend T2 to 13:30")
DATA = ROOT / "examples" / "anonymous_bank" / "anonymous_bank_1999-02-07_to_11.tsv.gz"


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def speed() -> None:
    """Each hall twice: with 2 replications on one process (start-up, reading, the answer:
    all but the replications) and as measured (200 replications, 2 workers). On a busy machine
    the wall time says little; the estimate for two idle cores is the serial part's CPU plus
    half of the rest."""
    script = str(Path(sys.executable).parent / "queuesim")
    wall, cpu = _timed([sys.executable, "-c", "import queuesim.cli"])
    print(f"start-up (import the CLI): {wall:.2f} s wall, {cpu:.2f} s CPU")
    for hall in ("nanhu_branch", "nanhu_single_line"):
        command = [script, "now", f"scenarios/{hall}.yaml", "--state",
                   "scenarios/states/nanhu_branch_1140.yaml", "--json"]
        for option in OPTIONS:
            command += ["--option", option]
        _, serial = _timed([*command, "-n", "2", "--workers", "1"])
        wall, cpu = _timed([*command, "-n", "200", "--workers", "2"])
        print(f"{hall}: 4 options x 200 replications x 120 min: {wall:.2f} s wall, "
              f"{cpu:.2f} s CPU, of which {serial:.2f} s serial (start-up, reading, answer); "
              f"on two idle cores about {serial + (cpu - serial) / 2:.2f} s "
              "(target: under 3 s)")


def _fit(data: Path):
    from queuesim import load_scenario
    from queuesim.calibration.fit import fit, split_days
    from queuesim.calibration.visitlog import read_visit_log, select_days

    log = select_days(read_visit_log(data, "anonymous_bank"), "sun-thu")
    train, test = split_days(log, 0.25)
    fitted = fit(train, period=60, replications=10)
    return load_scenario(fitted.scenario), train.table, test


def _rates(train: pd.DataFrame) -> tuple[float, float]:
    """μ (per minute, one agent) and θ (abandonments per minute waited) of the fitting days."""
    served = train[train["outcome"] == "served"]
    talk = (served["service_end"] - served["service_start"]).dt.total_seconds() / 60
    waited = (train["service_start"].fillna(train["left"]) - train["arrived"])
    minutes = waited.dt.total_seconds().clip(lower=0).sum() / 60
    return 1 / float(talk.mean()), float((train["outcome"] == "abandoned").sum()) / minutes


def _observed(table: pd.DataFrame, at: pd.Timestamp) -> float:
    """Mean wait (minutes) of the served calls arriving in [at, at + 1 h)."""
    window = table[(table["arrived"] >= at) & (table["arrived"] < at + pd.Timedelta(hours=1))
                   & (table["outcome"] == "served")]
    return float((window["service_start"] - window["arrived"]).dt.total_seconds().mean() / 60)


def _les(table: pd.DataFrame, at: pd.Timestamp) -> float:
    begun = table[table["service_start"] <= at]
    last = begun.loc[begun["service_start"].idxmax()]
    return (last["service_start"] - last["arrived"]).total_seconds() / 60


def _busy(table: pd.DataFrame, at: pd.Timestamp) -> int:
    """Agents talking at ``at``, from the log (not capped at the fitted hall's counters)."""
    return int(((table["service_start"] <= at) & ~(table["service_end"] <= at)).sum())


def _ql(state: dict, busy: int, hall, mu: float, theta: float) -> float:
    from queuesim.waiting import predicted_wait

    open_now = sum(any(s <= _minute(state) - hall.clock.start < e
                       for s, e in hall.counter_hours(c)) for c in hall.counters)
    if busy < open_now and not state["waiting"]:
        return 0.0
    return predicted_wait(len(state["waiting"]), max(busy, 1) * mu, theta, True)


def _minute(state: dict) -> float:
    hours, minutes = state["time"].split(":")
    return int(hours) * 60 + int(minutes)


def _simulated(hall, state: dict, replications: int) -> float:
    from queuesim.now.decide import decide
    from queuesim.now.state import load_state

    decision = decide(hall, load_state(state, hall), [], horizon=60.0,
                      replications=replications, seed=1, workers=2)
    return decision.summary(0, "wait_next_hour")["mean"] or 0.0


def reality(data: Path, replications: int) -> dict:
    from queuesim.now.reconstruct import state_at

    hall, train, test = _fit(data)
    mu, theta = _rates(train)
    rows = []
    for day in test.days:
        for hour in range(8, 23):
            at = pd.Timestamp(day) + pd.Timedelta(hours=hour)
            state = state_at(test.table, at, hall, overflow="drop")
            rows.append({"at": str(at), "observed": _observed(test.table, at),
                         "simulation": _simulated(hall, state, replications),
                         "LES": _les(test.table, at),
                         "QL": _ql(state, _busy(test.table, at), hall, mu, theta),
                         "waiting": len(state["waiting"]), "serving": _busy(test.table, at)})
    frame = pd.DataFrame(rows).dropna(subset=["observed"])
    print(frame.round(2).to_string(index=False))
    errors = {name: {"MAE": float(np.mean(np.abs(frame[name] - frame["observed"]))),
                     "RMSE": float(math.sqrt(np.mean((frame[name] - frame["observed"]) ** 2)))}
              for name in ("simulation", "LES", "QL")}
    print(f"\n{len(frame)} hours of {len(test.days)} held-out days, mean observed wait "
          f"{frame['observed'].mean():.2f} min")
    for name, error in errors.items():
        print(f"{name:>10}: MAE {error['MAE']:.2f} min, RMSE {error['RMSE']:.2f} min")
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--reality-only", action="store_true")
    parser.add_argument("--data", type=Path, default=DATA, help="Anonymous Bank TSV.")
    parser.add_argument("-n", type=int, default=40, help="Replications per hour (reality).")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.reality_only:
        speed()
    if not args.speed_only:
        errors = reality(args.data, args.n)
        if args.json:
            print(json.dumps(errors))


if __name__ == "__main__":
    main()
