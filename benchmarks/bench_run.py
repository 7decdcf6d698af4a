"""Command benchmark: ``queuesim`` commands as a user runs them, each in a fresh process.

Figures (median of ``--repeat`` runs; wall seconds and CPU seconds of the process and its
workers, from ``resource.getrusage(RUSAGE_CHILDREN)``; peak memory is the largest resident set of
the process or any one worker):

1. ``queuesim run scenarios/nanhu_branch.yaml -n 200`` with ``--workers 1`` and ``--workers 2``;
   targets: under 3 s wall with 2 workers on 2 idle cores, and 2 workers at least 1.6x faster
   than 1. On a busy machine the wall ratio understates what idle cores give: compare CPU.
2. ``run -n 1000 --save kpis`` and ``run -n 1000`` (everything saved): peak memory, target
   under 500 MB.
3. Start-up: ``queuesim --help`` and ``queuesim validate scenarios/nanhu_branch.yaml``; target
   under 0.5 s wall. ``--imports`` also prints the slowest imports of ``validate`` (from
   ``python -X importtime``).

Run from the repository root with the package installed:
``python benchmarks/bench_run.py [--repeat N] [--only run|memory|startup] [--imports]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRANCH = ROOT / "scenarios" / "nanhu_branch.yaml"
COMMAND = [str(Path(sys.executable).with_name("queuesim"))]  # the installed script


def timed(arguments: list[str]) -> dict[str, float]:
    """Wall and CPU seconds and peak resident memory (MB) of one command in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([*COMMAND, *arguments], check=True, capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, "peak_mb": after.ru_maxrss / 1024}


def median_of(arguments: list[str], repeat: int) -> dict[str, float]:
    runs = [timed(arguments) for _ in range(repeat)]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def show(label: str, figure: dict[str, float]) -> None:
    print(f"  {label:<44} {figure['wall_s']:6.2f} s wall  {figure['cpu_s']:6.2f} s CPU")


def run_figures(repeat: int, out: Path) -> dict:
    figures = {}
    for workers in (1, 2):
        figures[f"workers_{workers}"] = median_of(
            ["run", str(BRANCH), "-n", "200", "--workers", str(workers), "--out", str(out)],
            repeat)
        show(f"run -n 200 --workers {workers}", figures[f"workers_{workers}"])
    one, two = figures["workers_1"], figures["workers_2"]
    print(f"  2 workers / 1 worker: {one['wall_s'] / two['wall_s']:.2f}x wall (target 1.6x); "
          f"with 2 workers {two['wall_s']:.2f} s wall (target under 3 s on idle cores)")
    return figures


def memory_figures(out: Path) -> dict:
    figures = {}
    for save in ("kpis", "customers"):
        figure = timed(["run", str(BRANCH), "-n", "1000", "--workers", "2", "--save", save,
                        "--out", str(out)])
        figures[f"n1000_{save}"] = figure
        show(f"run -n 1000 --workers 2 --save {save}", figure)
        print(f"  {'':<44} peak memory {figure['peak_mb']:.0f} MB (target under 500 MB)")
    return figures


def startup_figures(repeat: int, imports: bool) -> dict:
    figures = {"help": median_of(["--help"], repeat),
               "validate": median_of(["validate", str(BRANCH)], repeat)}
    show("queuesim --help", figures["help"])
    show("queuesim validate scenarios/nanhu_branch.yaml", figures["validate"])
    print("  target: each under 0.5 s wall")
    if imports:
        print_slowest_imports(["validate", str(BRANCH)])
    return figures


def print_slowest_imports(arguments: list[str], count: int = 15) -> None:
    """The imports that take longest, cumulative (``-X importtime``), each with the modules
    it pulls in."""
    done = subprocess.run([sys.executable, "-X", "importtime", *COMMAND, *arguments],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].strip()))
    print(f"  slowest imports of queuesim {arguments[0]} (cumulative, nested ones included):")
    for micros, name in sorted(rows, reverse=True)[:count]:
        print(f"    {micros / 1000:8.1f} ms  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median kept)")
    parser.add_argument("--only", choices=["run", "memory", "startup"], help="one part only")
    parser.add_argument("--imports", action="store_true", help="also list the slowest imports")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    options = parser.parse_args()
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start")
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "run"
        if options.only in (None, "run"):
            figures["run"] = run_figures(options.repeat, out)
        if options.only in (None, "memory"):
            figures["memory"] = memory_figures(out)
        if options.only in (None, "startup"):
            figures["startup"] = startup_figures(options.repeat, options.imports)
    print(f"  load average {os.getloadavg()[0]:.1f} at the end")
    if options.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
