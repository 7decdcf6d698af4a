"""Speed of ``queuesim network``: branches per second on each engine, and the cost per task.

Run from the repository root::

    python benchmarks/bench_network.py                 # 12 of the 300 branches, 10 days
    python benchmarks/bench_network.py --branches 30 --days 20 --json
    python benchmarks/bench_network.py --full          # and the goal itself: 300 x 50 days

1. Generates a network of 300 plausible branches varied from the shipped halls (the Nanhu
   sub-branch in its three queue structures, the telecom hall, hospital registration, the
   canteen): demand scaled by 0.6–1.4 and counters 10 % slower to 10 % faster, every branch
   named and seeded by its name. One what-if (one single line) is tried in every branch.
2. Evaluates the first ``--branches`` of them with ``--days`` days (and the what-if) on one
   local worker (in this process: its CPU seconds are measured), two local worker processes,
   and a 2-worker dask ``LocalCluster``; prints branches per second (wall clock) for each.
3. Scheduler overhead per task: the same jobs with a function that does nothing, on two local
   processes and on the LocalCluster (wall clock per job: sending the branch's scenarios,
   scheduling, returning a result).
4. Loading the branch files and building the league table from the stored results (both
   serial, in the process that runs the command): CPU seconds per branch.
5. The projection: CPU seconds per branch-day-option × 300 branches × 50 days × 2 options,
   over 2 cores, plus the serial parts (loading, league) — against the goal of 10 minutes —
   and the same for 5,000 branches on 64 cores. Wall-clock figures on a shared machine measure
   the other users too; the projection uses CPU seconds.
6. Fitting branches from a visit log: three of the halls simulated ``--days`` days, written as
   one log with a branch column, and each branch's fit timed as a worker runs it (CPU seconds
   per branch: added to a branch's cost when the network is given as a visit log).
7. With ``--full``: the goal measured, ``queuesim network compare`` of all 300 branches with 50
   days (``--full-days``) and the what-if on two local worker processes, its wall clock, the
   CPU seconds of the command and its workers, and the load average of the machine before and
   after (on a busy machine, wall time stretches by about load / cores).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from queuesim.network.engines import DaskEngine, LocalEngine  # noqa: E402
from queuesim.network.execute import build_league, execute, prepare  # noqa: E402
from queuesim.network.work import evaluate_branch  # noqa: E402

HALLS = ("nanhu_branch", "nanhu_single_line", "nanhu_ticket", "telecom_hall",
         "hospital_registration", "canteen_lunch")


def write_network(folder: Path, count: int, days: int, seed: int = 1) -> Path:
    """A network file of ``count`` generated branches (see the module docstring)."""
    rng = np.random.default_rng(seed)
    branches = []
    for index in range(count):
        hall = HALLS[rng.integers(len(HALLS))]
        changes = [f"arrivals.scale={rng.uniform(0.6, 1.4):.2f}"]
        if rng.random() < 0.5:
            changes.append(f"counters[0].speed={rng.uniform(0.9, 1.1):.2f}")
        branches.append({"file": str(ROOT / "scenarios" / f"{hall}.yaml"),
                         "name": f"b{index:04d}-{hall}", "set": changes})
    network = {"name": f"Generated network of {count}", "seed": 7, "replications": days,
               "branches": branches, "what_ifs": {"one_line": ["queue.structure=single_line"]},
               "cost_per_counter_hour": 60}
    path = folder / "network.yaml"
    path.write_text(yaml.safe_dump(network, sort_keys=False), encoding="utf-8")
    return path


def nothing(job) -> dict:
    """A task that does no work: what is left is the engine's own cost."""
    return {}


def timed(engine, function, run) -> tuple[float, float]:
    """Wall and this process's CPU seconds of ``execute`` (stored results ignored)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for job, outcome in engine.results(function, run.jobs):
        if isinstance(outcome, BaseException):
            raise RuntimeError(f"{job.name}: {outcome}")
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(network: Path, work: Path, count: int) -> dict:
    start = time.process_time()
    run = prepare(network, "compare", work / "out")
    loading = (time.process_time() - start) / len(run.jobs)
    if run.failures:
        raise RuntimeError(f"generated branches that do not load: {run.failures[:3]}")
    run.jobs = run.jobs[:count]
    figures = {"branches": count, "days": run.network.replications, "options": 2,
               "load_seconds_per_branch": loading}
    wall, cpu = timed(LocalEngine(1), evaluate_branch, run)
    figures.update(one_worker_wall=wall, one_worker_cpu=cpu,
                   one_worker_branches_per_s=count / wall)
    wall, _ = timed(LocalEngine(2), evaluate_branch, run)
    figures.update(two_workers_wall=wall, two_workers_branches_per_s=count / wall)
    wall, _ = timed(LocalEngine(2), nothing, run)
    figures["local_overhead_per_task"] = wall / count
    with DaskEngine("local", workers=2) as cluster:
        timed(cluster, nothing, run)  # first contact: workers import queuesim
        wall, _ = timed(cluster, evaluate_branch, run)
        figures.update(dask_wall=wall, dask_branches_per_s=count / wall)
        wall, _ = timed(cluster, nothing, run)
        figures["dask_overhead_per_task"] = wall / count
    execute(run, LocalEngine(2))  # stores every branch
    start = time.process_time()
    build_league(run)
    figures["league_seconds_per_branch"] = (time.process_time() - start) / count
    return figures


def measure_fit(folder: Path, days: int) -> dict:
    """CPU seconds to fit one branch of a visit log of ``days`` days, on three halls."""
    from datetime import date

    import pandas as pd

    from queuesim import load_scenario, simulate
    from queuesim.calibration.visitlog import visit_log_from_results, write_visit_log
    from queuesim.network.fitted import resolve

    tables = [visit_log_from_results(simulate(load_scenario(ROOT / "scenarios" / f"{hall}.yaml"),
                                              days, 1, workers=1), date(2024, 3, 4))
              .assign(branch=hall) for hall in HALLS[::2]]
    write_visit_log(pd.concat(tables, ignore_index=True), folder / "visits.csv")
    network = {"name": "Fitted", "replications": 2, "branches": [{"visit_log": "visits.csv"}]}
    (folder / "fitted.yaml").write_text(yaml.safe_dump(network), encoding="utf-8")
    jobs = prepare(folder / "fitted.yaml", "run", folder / "fitted").jobs
    start = time.process_time()
    for job in jobs:
        resolve(job)
    return {"fit_cpu_seconds_per_branch": (time.process_time() - start) / len(jobs),
            "fit_rows_per_branch": sum(len(job.fit.log.table) for job in jobs) / len(jobs)}


def measure_goal(folder: Path, days: int) -> dict:
    """The whole network compared on two local worker processes, from loading to league."""
    folder.mkdir(parents=True, exist_ok=True)
    network = write_network(folder, 300, days)
    load_before = os.getloadavg()[0]
    wall = time.perf_counter()
    cpu = _cpu_seconds()
    run = execute(prepare(network, "compare", folder / "goal"), LocalEngine(2))
    if run.failures:
        raise RuntimeError(f"branches failed: {run.failures[:3]}")
    return {"goal_measured_wall_minutes": (time.perf_counter() - wall) / 60,
            "goal_measured_cpu_minutes": (_cpu_seconds() - cpu) / 60,
            "goal_measured_days": days, "load_average_before": load_before,
            "load_average_after": os.getloadavg()[0]}


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its finished child processes (the workers)."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def projection(figures: dict) -> dict:
    """CPU seconds scaled up, over the cores (perfect scaling: the measured 2-worker speedup
    is printed beside it, but on a shared machine it measures the other users too); the
    serial parts (loading the branches, building the league) are added as they are."""
    per_unit = figures["one_worker_cpu"] / (figures["branches"] * figures["days"] * 2)
    serial = figures["load_seconds_per_branch"] + figures["league_seconds_per_branch"]
    goal_cpu = per_unit * 300 * 50 * 2
    big_cpu = per_unit * 5000 * 50 * 2
    return {
        "cpu_seconds_per_branch_day_option": per_unit,
        "two_worker_speedup_measured": figures["one_worker_wall"] / figures["two_workers_wall"],
        "goal_cpu_seconds": goal_cpu,
        "goal_wall_minutes_2_cores": (goal_cpu / 2 + 300 * serial) / 60,
        "5000_branches_cpu_hours": big_cpu / 3600,
        "5000_branches_64_cores_minutes": big_cpu / 64 / 60,
        "5000_branches_serial_minutes": 5000 * serial / 60,
        "5000_branches_scheduler_minutes": 5000 * figures["dask_overhead_per_task"] / 60,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--branches", type=int, default=12, help="branches measured (of 300)")
    parser.add_argument("--days", type=int, default=10, help="simulated days per branch")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--full", action="store_true", help="also run the goal itself: 300 "
                        "branches, --full-days days, one what-if, two local workers")
    parser.add_argument("--full-days", type=int, default=50, help="days of the --full run")
    arguments = parser.parse_args()
    figures = {"load_average_at_start": os.getloadavg()[0], "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        network = write_network(work, 300, arguments.days)
        figures.update(measure(network, work, arguments.branches))
        figures.update(projection(figures))
        figures.update(measure_fit(work, arguments.days))
        if arguments.full:
            figures.update(measure_goal(work / "full", arguments.full_days))
    for name, value in figures.items():
        print(f"{name:40s} {value:12.4g}")
    goal = figures["goal_wall_minutes_2_cores"]
    print(f"300 branches × 50 days × 2 options on 2 idle cores, projected from CPU seconds: "
          f"{goal:.1f} min (goal: under 10 min) — {'met' if goal < 10 else 'NOT met'}")
    if arguments.full:
        print(f"measured: {figures['goal_measured_wall_minutes']:.1f} min wall, "
              f"{figures['goal_measured_cpu_minutes']:.1f} CPU-minutes, load average "
              f"{figures['load_average_before']:.1f} before and "
              f"{figures['load_average_after']:.1f} after, on {os.cpu_count()} cores")
    if arguments.json:
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
