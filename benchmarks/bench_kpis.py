"""KPI benchmark: the KPIs of one simulated Nanhu day, numpy over category codes against the
pandas group-by version they replaced (kept in ``tests/kpi_reference.py``).

Both run on the same tables, one after the other, in the same process: the ratio between them
holds even on a busy machine. Each figure is the median over ``--repeat`` calls of the process's
CPU time and of wall time, in milliseconds. Target: the numpy KPIs under 8 ms.

Run from the repository root: ``python benchmarks/bench_kpis.py [--repeat N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))  # the checkout, and the reference kept with the tests

import kpi_reference  # noqa: E402

from queuesim import load_scenario, metrics  # noqa: E402
from queuesim.model import run_replication  # noqa: E402

SCENARIO = ROOT / "scenarios" / "nanhu_branch.yaml"
TARGET_MS = 8.0


def timed(call, repeat: int) -> dict[str, float]:
    """Median CPU and wall milliseconds of ``repeat`` calls (after one untimed call)."""
    call()
    cpu, wall = [], []
    for _ in range(repeat):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        call()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    return {"cpu_ms": 1000 * statistics.median(cpu), "wall_ms": 1000 * statistics.median(wall)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="timed calls per figure")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    options = parser.parse_args()
    scenario = load_scenario(SCENARIO)
    log = run_replication(scenario, scenario.seed, 0)
    frames = log.frames(scenario.class_names, [c.id for c in scenario.counters],
                        (0.0, float("inf")))
    figures = {
        "customers": len(frames["customers"]),
        "simulate_day": timed(lambda: run_replication(scenario, scenario.seed, 0), options.repeat),
        "kpis_numpy": timed(lambda: metrics.replication_kpis(scenario, frames), options.repeat),
        "kpis_pandas": timed(lambda: kpi_reference.replication_kpis(scenario, frames),
                             options.repeat),
    }
    print(f"KPIs of one Nanhu day ({figures['customers']} customers), median of "
          f"{options.repeat} calls:")
    for name, label in (("simulate_day", "simulating the day (model only)"),
                        ("kpis_numpy", "KPIs, numpy over category codes"),
                        ("kpis_pandas", "KPIs, pandas group-bys (reference)")):
        figure = figures[name]
        print(f"  {label:<38} {figure['cpu_ms']:7.2f} ms CPU  {figure['wall_ms']:7.2f} ms wall")
    speedup = figures["kpis_pandas"]["cpu_ms"] / figures["kpis_numpy"]["cpu_ms"]
    verdict = "met" if figures["kpis_numpy"]["cpu_ms"] < TARGET_MS else "NOT met"
    print(f"  numpy / pandas speed-up (CPU): {speedup:.1f}x; target: numpy KPIs under "
          f"{TARGET_MS:g} ms -> {verdict}")
    if options.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
