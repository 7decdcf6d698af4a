"""Speed of the staffing optimiser and of its fast exact evaluator.

Run from the repository root::

    python benchmarks/bench_staffing.py            # both figures
    python benchmarks/bench_staffing.py --json     # also as one JSON object

1. The whole ``queuesim staff scenarios/nanhu_single_line.yaml --period 15 --shifts
   scenarios/shifts_branch.yaml`` (planning with the fast evaluator's event replay — the VIP
   class has priority —, shift scheduling, and proof with the SimPy model of the plan, of SIPP's
   roster and of today's staffing on fresh days), timed as a subprocess: wall and CPU seconds
   (the process and its workers). Target: under 20 s on 2 idle cores.
2. Customers per second of the fast exact evaluator against the SimPy model on the same
   customers of ``scenarios/mmc_steady.yaml`` (one replication, ≈162,000 customers, one core):
   outcomes only (what the optimiser uses) and with the full log (timeline, counter shifts).
   Target: at least 20× the SimPy model. Best of ``--repeat`` runs; the first (compiling) call
   of the evaluator is not timed.
3. A plain numba Kiefer–Wolfowitz recursion on the very arrays the evaluator's kernel gets
   (:func:`queuesim.fastline.recursion_inputs`): the kernel's time over it (target at most 3×),
   and that of the whole outcomes call.
4. Customers per second of the event replay (:mod:`queuesim.fastline_priority`) against the
   SimPy model on days of ``scenarios/nanhu_single_line.yaml`` (priorities, restricted counters).

``--staff-only`` runs the staff command alone, ``--no-staff`` everything else.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numba  # noqa: E402
import numpy as np  # noqa: E402

from queuesim import fastline, load_scenario  # noqa: E402
from queuesim.model import draw_customers, run_replication  # noqa: E402


def best_of(repeat: int, function) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


SPLIT = ("import atexit, resource, runpy, sys; atexit.register(lambda: print('cpu-split', "
         "*(sum(resource.getrusage(who)[:2]) for who in (resource.RUSAGE_SELF, "
         "resource.RUSAGE_CHILDREN)), file=sys.stderr)); sys.argv = sys.argv[1:]; "
         "runpy.run_path(sys.argv[0], run_name='__main__')")
"""Runs a script, then prints its own CPU seconds and those of its finished workers."""


def staff_command(out: Path) -> tuple[float, float, float, float]:
    """Wall and CPU seconds of the staff command (CPU: the command and its worker processes),
    and the CPU seconds of its main process and of its workers."""
    command = [sys.executable, "-c", SPLIT, str(ROOT / "cli.py"), "staff",
               "scenarios/nanhu_single_line.yaml", "--period", "15", "--shifts",
               "scenarios/shifts_branch.yaml", "--json", "--out", str(out), "--force"]
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    split = [line.split() for line in done.stderr.splitlines() if line.startswith("cpu-split")]
    own, workers = (float(split[-1][1]), float(split[-1][2])) if split else (cpu, 0.0)
    return wall, cpu, own, workers


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def replay_speed(repeat: int, days: int = 20) -> dict:
    """Customers per second of the event replay and of the SimPy model on the same days."""
    scenario = load_scenario(ROOT / "scenarios/nanhu_single_line.yaml")
    draws = [draw_customers(scenario, scenario.seed, r) for r in range(days)]
    fastline.evaluate_outcomes(scenario, draws[0])  # compile
    customers = sum(len(d) for d in draws)
    simpy = best_of(1, lambda: [run_replication(scenario, scenario.seed, r, d)
                                for r, d in enumerate(draws)])
    replay = best_of(repeat, lambda: [fastline.evaluate_outcomes(scenario, d) for d in draws])
    return {"replay_per_second": customers / replay, "replay_simpy_per_second": customers / simpy}


@numba.njit(cache=True)
def kiefer_wolfowitz(arrival, service, servers):
    """Service starts of a FCFS line with ``servers`` identical counters (the plain
    Kiefer–Wolfowitz workload recursion): the floor the fast evaluator's kernel is measured
    against. ``workload`` holds each counter's remaining work, smallest first."""
    workload = np.zeros(servers)
    start = np.empty(len(arrival))
    previous = 0.0
    for i in range(len(arrival)):
        gap, previous = arrival[i] - previous, arrival[i]
        for k in range(servers):
            workload[k] = max(workload[k] - gap, 0.0)
        start[i] = arrival[i] + workload[0]
        workload[0] += service[i]
        k = 0  # keep the workload sorted: move the grown first entry to its place
        while k + 1 < servers and workload[k] > workload[k + 1]:
            workload[k], workload[k + 1] = workload[k + 1], workload[k]
            k += 1
    return start


def evaluator_speeds(repeat: int) -> dict:
    scenario = load_scenario(ROOT / "scenarios/mmc_steady.yaml")
    draws = draw_customers(scenario, scenario.seed, 0)
    fastline.evaluate(scenario, draws)  # compile
    customers = len(draws)
    simpy = best_of(repeat, lambda: run_replication(scenario, scenario.seed, 0, draws))
    outcomes = best_of(repeat, lambda: fastline.evaluate_outcomes(scenario, draws))
    full = best_of(repeat, lambda: fastline.evaluate(scenario, draws))
    inputs = fastline.recursion_inputs(scenario, draws)  # the very arrays the kernel gets
    arrival, service, servers = inputs[0], inputs[2], len(scenario.counters)
    starts = kiefer_wolfowitz(arrival, service, servers)  # compile, and check
    fast = fastline.evaluate_outcomes(scenario, draws).service_start
    begun = ~np.isnan(fast)  # the evaluator leaves out starts after the horizon
    same = np.allclose(starts[begun], fast[begun], rtol=0, atol=1e-9)
    plain = best_of(repeat, lambda: kiefer_wolfowitz(arrival, service, servers))
    kernel = best_of(repeat, lambda: fastline._recursion(*inputs))
    return {"customers": customers, "simpy_per_second": customers / simpy,
            "plain_recursion_per_second": customers / plain, "kernel_over_plain": kernel / plain,
            "outcomes_over_plain": outcomes / plain,
            "plain_recursion_same_starts": bool(same),
            "fast_outcomes_per_second": customers / outcomes,
            "fast_full_log_per_second": customers / full,
            "ratio_outcomes": simpy / outcomes, "ratio_full_log": simpy / full}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-staff", action="store_true", help="skip the staff command")
    parser.add_argument("--staff-only", action="store_true", help="only the staff command")
    args = parser.parse_args()
    out = Path(tempfile.gettempdir()) / "queuesim-bench-staffing"
    seconds, cpu, own, workers = (math.nan,) * 4 if args.no_staff else staff_command(out)
    print(f"queuesim staff nanhu_single_line --period 15 --shifts shifts_branch (with proof): "
          f"{seconds:.1f} s wall, {cpu:.1f} s CPU; target < 20 s wall on 2 idle cores\n"
          f"  CPU of the main process {own:.1f} s, of the workers {workers:.1f} s; on 2 idle "
          f"cores about {own + workers / 2:.1f} s wall (main + workers / 2: the workers plan "
          f"and prove side by side while the main process waits)")
    if args.staff_only:
        return
    speeds = {**evaluator_speeds(args.repeat), **replay_speed(args.repeat)}
    print(f"M/M/3, {speeds['customers']:,} customers, one core:")
    print(f"  SimPy model                      {speeds['simpy_per_second']:>12,.0f} customers/s")
    for key, label in (("outcomes", "fast evaluator, outcomes only"),
                       ("full_log", "fast evaluator, full log")):
        rate, ratio = speeds[f"fast_{key}_per_second"], speeds[f"ratio_{key}"]
        print(f"  {label:<32} {rate:>12,.0f} customers/s  {ratio:5.1f}x"
              f"{'  (target >= 20x: met)' if key == 'outcomes' and ratio >= 20 else ''}")
    print(f"  plain Kiefer-Wolfowitz recursion  {speeds['plain_recursion_per_second']:>12,.0f} "
          f"customers/s (same service starts: {speeds['plain_recursion_same_starts']})\n"
          f"  the evaluator's kernel on the same arrays takes {speeds['kernel_over_plain']:.1f}x "
          f"its time (target <= 3x); the whole outcomes call (inputs prepared, checks) "
          f"{speeds['outcomes_over_plain']:.1f}x")
    print(f"Nanhu single line (priorities, restricted counters), 20 days, one core:\n"
          f"  SimPy model                      {speeds['replay_simpy_per_second']:>12,.0f} "
          f"customers/s\n  fast evaluator, event replay     {speeds['replay_per_second']:>12,.0f}"
          f" customers/s  {speeds['replay_per_second'] / speeds['replay_simpy_per_second']:5.1f}x")
    if args.json:
        print(json.dumps({"staff_seconds": seconds, "staff_cpu_seconds": cpu,
                          "staff_main_cpu_seconds": own, "staff_workers_cpu_seconds": workers,
                          **speeds}))


if __name__ == "__main__":
    main()
