"""Engine benchmark: how fast queuesim simulates, against a minimal hand-written SimPy model.

Two figures, each the best of ``--repeat`` timed runs (``time.perf_counter``):

1. Customers per second on the M/M/3 of ``scenarios/mmc_steady.yaml`` (2.7 arrivals/min, mean
   service 1 min, 60,000 min, about 162,000 customers), for

   * a *minimal* SimPy model: one process per customer that requests a
     ``simpy.Resource(capacity=3)``, is served for an exponential time and releases it,
     recording arrival, service start and service end in Python lists and nothing else;
   * ``queuesim.runner.simulate_one`` (engine, per-customer log, timeline, counters table and
     the replication's KPIs: what a worker computes per replication);
   * ``queuesim.model.run_replication`` (engine and raw log only).

   The ratio queuesim / minimal is the share of bare-SimPy speed that queuesim keeps; the target
   is at least 0.6. The mean wait of each run is printed beside the Erlang C value as a sanity
   check (one replication each, so expect a few per cent of noise).

2. Wall time of ``queuesim.simulate`` on ``scenarios/nanhu_branch.yaml`` with 200 replications,
   with 2 worker processes (target: under 10 s on 2 cores) and with 1 for comparison.

Run from the repository root: ``python benchmarks/bench_engine.py [--quick] [--json]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import simpy

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # lets the script run from a checkout that is not installed

import queuesim  # noqa: E402
from queuesim.model import run_replication  # noqa: E402
from queuesim.runner import simulate_one  # noqa: E402

MMC_SCENARIO = ROOT / "scenarios" / "mmc_steady.yaml"
BRANCH_SCENARIO = ROOT / "scenarios" / "nanhu_branch.yaml"
RATIO_TARGET = 0.6  # queuesim keeps at least this share of the minimal model's customers/s
BRANCH_TARGET_SECONDS = 10.0  # 200 replications of the branch, 2 workers on 2 cores
FULL_REPLICATIONS, QUICK_REPLICATIONS = 200, 20
QUICK_HORIZON = 6000.0  # minutes


def erlang_c_wait_mean(servers: int, arrival_rate: float, service_mean: float) -> float:
    """Mean M/M/c wait in queue, minutes (rates per minute); queuesim.theory's if present."""
    try:
        from queuesim.theory import erlang_c_wait_mean as theory_wait
    except ImportError:
        load = arrival_rate * service_mean
        terms = sum(load**k / math.factorial(k) for k in range(servers))
        tail = load**servers / math.factorial(servers) * servers / (servers - load)
        return tail / (terms + tail) * service_mean / (servers - load)
    return theory_wait(servers, arrival_rate, service_mean)


# --- the minimal SimPy model ------------------------------------------------------------------

@dataclass
class Record:
    """What the minimal model keeps: one entry per customer, minutes (NaN: did not happen)."""

    arrival: list[float] = field(default_factory=list)
    service_start: list[float] = field(default_factory=list)
    service_end: list[float] = field(default_factory=list)


def exponentials(rng: np.random.Generator, mean: float, chunk: int = 65536) -> Iterator[float]:
    """Endless exponential draws with the given mean, sampled in vectorised chunks."""
    while True:
        yield from rng.exponential(mean, chunk).tolist()


def customer(env: simpy.Environment, counters: simpy.Resource, service_time: float,
             record: Record):
    """One customer: joins, waits for a counter, is served for ``service_time`` minutes."""
    index = len(record.arrival)
    record.arrival.append(env.now)
    record.service_start.append(math.nan)
    record.service_end.append(math.nan)
    with counters.request() as request:
        yield request
        record.service_start[index] = env.now
        yield env.timeout(service_time)
        record.service_end[index] = env.now


def arrivals(env: simpy.Environment, counters: simpy.Resource, gaps: Iterator[float],
             services: Iterator[float], record: Record):
    """Poisson arrivals: one new customer process after each exponential gap."""
    while True:
        yield env.timeout(next(gaps))
        env.process(customer(env, counters, next(services), record))


def run_minimal(servers: int, arrival_rate: float, service_mean: float, horizon: float,
                seed: int) -> Record:
    """Simulate the M/M/c with the minimal model until ``horizon`` minutes."""
    arrival_rng, service_rng = (np.random.default_rng(s)
                                for s in np.random.SeedSequence(seed).spawn(2))
    env = simpy.Environment()
    counters = simpy.Resource(env, capacity=servers)
    record = Record()
    env.process(arrivals(env, counters, exponentials(arrival_rng, 1.0 / arrival_rate),
                         exponentials(service_rng, service_mean), record))
    env.run(until=horizon)
    return record


def minimal_wait_mean(record: Record, warmup: float, horizon: float) -> float:
    """Mean wait of customers who arrived in [warmup, horizon) and were served, minutes."""
    arrival, start = np.array(record.arrival), np.array(record.service_start)
    served = (arrival >= warmup) & (arrival < horizon) & ~np.isnan(np.array(record.service_end))
    return float(np.mean(start[served] - arrival[served]))


# --- timing -----------------------------------------------------------------------------------

def best_time(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Best wall time of ``repeat`` calls, seconds, and the last call's result."""
    best, result = math.inf, None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def engine_figures(horizon: float | None, repeat: int) -> dict:
    """Customers per second and mean wait: minimal model, simulate_one, run_replication."""
    overrides = [f"clock.horizon={horizon}"] if horizon else []
    scenario = queuesim.load_scenario(MMC_SCENARIO, overrides)
    clock, seed = scenario.clock, scenario.seed
    servers, service_mean = len(scenario.counters), scenario.customers["all"].service_time.mean
    arrival_rate = scenario.rate_steps()[1][0]

    seconds, record = best_time(
        lambda: run_minimal(servers, arrival_rate, service_mean, clock.horizon, seed), repeat)
    minimal = _engine_row(seconds, len(record.arrival),
                          minimal_wait_mean(record, clock.warmup, clock.horizon))
    seconds, frames = best_time(lambda: simulate_one(scenario, seed, 0), repeat)
    full = _engine_row(seconds, len(frames["customers"]),
                       float(frames["kpi_overall"]["wait_mean"].iloc[0]))
    seconds, log = best_time(lambda: run_replication(scenario, seed, 0), repeat)
    engine = _engine_row(seconds, len(log.arrival), None)
    for row in (full, engine):
        row["ratio"] = row["customers_per_second"] / minimal["customers_per_second"]
    return {"servers": servers, "arrival_rate_per_minute": arrival_rate,
            "service_mean_minutes": service_mean, "warmup_minutes": clock.warmup,
            "horizon_minutes": clock.horizon,
            "erlang_c_wait_mean": erlang_c_wait_mean(servers, arrival_rate, service_mean),
            "minimal": minimal, "simulate_one": full, "run_replication": engine}


def _engine_row(seconds: float, customers: int, wait_mean: float | None) -> dict:
    return {"seconds": seconds, "customers": customers,
            "customers_per_second": customers / seconds, "wait_mean": wait_mean}


def branch_figures(replications: int, repeat: int) -> dict:
    """Wall time of queuesim.simulate on the branch scenario with 2 workers and with 1."""
    figures: dict = {"replications": replications}
    for workers in (2, 1):
        seconds, _ = best_time(lambda w=workers: queuesim.simulate(
            BRANCH_SCENARIO, replications=replications, workers=w), repeat)
        figures[f"workers_{workers}_seconds"] = seconds
    figures["speedup"] = figures["workers_1_seconds"] / figures["workers_2_seconds"]
    return figures


# --- report -----------------------------------------------------------------------------------

def print_engine(figures: dict) -> None:
    print(f"M/M/{figures['servers']}: {figures['arrival_rate_per_minute']:g} arrivals/min, "
          f"mean service {figures['service_mean_minutes']:g} min, "
          f"horizon {figures['horizon_minutes']:g} min (warm-up {figures['warmup_minutes']:g})")
    print(f"  {'':34}{'customers':>10}{'seconds':>9}{'customers/s':>13}{'ratio':>7}")
    for key, label in (("minimal", "minimal SimPy model"),
                       ("simulate_one", "queuesim simulate_one (full)"),
                       ("run_replication", "queuesim run_replication (engine)")):
        row = figures[key]
        ratio = row.get("ratio", 1.0)
        verdict = "" if key == "minimal" else ("  met" if ratio >= RATIO_TARGET else "  MISSED")
        print(f"  {label:34}{row['customers']:>10,}{row['seconds']:>9.3f}"
              f"{row['customers_per_second']:>13,.0f}{ratio:>6.2f}x{verdict}")
    print(f"  target: queuesim / minimal >= {RATIO_TARGET}x")
    print(f"  mean wait, min: Erlang C {figures['erlang_c_wait_mean']:.4f}, "
          f"minimal {figures['minimal']['wait_mean']:.4f}, "
          f"queuesim {figures['simulate_one']['wait_mean']:.4f} (one replication each)")


def print_branch(figures: dict) -> None:
    replications = figures["replications"]
    two, one = figures["workers_2_seconds"], figures["workers_1_seconds"]
    if replications == FULL_REPLICATIONS:
        verdict = "met" if two < BRANCH_TARGET_SECONDS else "MISSED"
        target = f"target < {BRANCH_TARGET_SECONDS:g} s on 2 cores: {verdict}"
    else:
        target = f"the < {BRANCH_TARGET_SECONDS:g} s target is for {FULL_REPLICATIONS} replications"
    print(f"Nanhu branch, queuesim.simulate, {replications} replications")
    print(f"  workers=2: {two:7.2f} s ({1000 * two / replications:.1f} ms/replication); {target}")
    print(f"  workers=1: {one:7.2f} s ({1000 * one / replications:.1f} ms/replication); "
          f"speed-up with 2 workers {figures['speedup']:.2f}x")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure; best kept")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke run: horizon {QUICK_HORIZON:g} min, "
                             f"{QUICK_REPLICATIONS} replications")
    parser.add_argument("--json", action="store_true",
                        help="also print all figures as one JSON object")
    arguments = parser.parse_args(argv)
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    return arguments


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    print(f"queuesim {queuesim.__version__}, SimPy {simpy.__version__}, "
          f"Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"best of {arguments.repeat}{', quick' if arguments.quick else ''}")
    engine = engine_figures(QUICK_HORIZON if arguments.quick else None, arguments.repeat)
    print_engine(engine)
    replications = QUICK_REPLICATIONS if arguments.quick else FULL_REPLICATIONS
    branch = branch_figures(replications, arguments.repeat)
    print_branch(branch)
    if arguments.json:
        print(json.dumps({"queuesim": queuesim.__version__, "simpy": simpy.__version__,
                          "python": platform.python_version(), "cores": os.cpu_count(),
                          "repeat": arguments.repeat, "quick": arguments.quick,
                          "engine": engine, "branch": branch}))


if __name__ == "__main__":
    main()
