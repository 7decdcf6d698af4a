"""Command benchmark: ``queuesim`` commands as a user runs them, each in a fresh process.

Figures (median of ``--repeat`` runs; wall seconds and CPU seconds of the process and its
workers, from ``resource.getrusage(RUSAGE_CHILDREN)``; peak memory is the largest resident set of
the process or any one worker):

1. ``queuesim run scenarios/nanhu_branch.yaml -n 200`` with ``--workers 1`` and ``--workers 2``;
   targets: under 3 s wall with 2 workers on 2 idle cores, and 2 workers at least 1.6x faster
   than 1. On a busy machine the wall ratio understates what idle cores give: compare CPU.
2. ``run -n 1000 --save kpis`` and ``run -n 1000`` (everything saved): peak memory, target
   under 500 MB.
3. ``queuesim advise scenarios/nanhu_branch.yaml --workers 2`` (14 options × 50 days, one pool
   of workers); target under 15 s wall on 2 idle cores.
4. Start-up: ``queuesim --help`` and ``queuesim validate scenarios/nanhu_branch.yaml``; target
   under 0.5 s wall. ``--imports`` also prints the slowest imports of ``validate`` (from
   ``python -X importtime``).

Run from the repository root: ``python benchmarks/bench_run.py [--repeat N]
[--only run|memory|advise|startup] [--imports] [--baseline DIR]``. With ``--baseline DIR`` (a
source tree of another version) every timed command also runs with that version, alternating,
and the ratio baseline / this (the speed-up) is printed: the fair comparison on a shared
machine.
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
COMMAND = [sys.executable, "-c", "import atexit, resource, sys; atexit.register(lambda: print("
           "'cpu-split', *(sum(resource.getrusage(who)[:2]) for who in (resource.RUSAGE_SELF, "
           "resource.RUSAGE_CHILDREN)), file=sys.stderr)); from queuesim.cli import main; "
           "sys.argv[0] = 'queuesim'; main()"]
"""The command, which prints at exit its own CPU seconds and those of its finished workers."""
CHECKOUTS = {"this": ROOT}
"""Source trees whose ``queuesim`` is timed, by label; ``--baseline DIR`` adds another (an
unpacked older version, e.g. ``git archive main | tar -x -C DIR``), timed the same way
right after, so that ratios hold on a busy machine."""


def timed(arguments: list[str], checkout: str = "this") -> dict[str, float]:
    """Wall and CPU seconds and peak resident memory (MB) of one command in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUTS[checkout])}
    done = subprocess.run([*COMMAND, *arguments], check=True, capture_output=True, text=True,
                          cwd=CHECKOUTS[checkout], env=environment)  # "" first on sys.path: cwd
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    split = [line.split() for line in done.stderr.splitlines() if line.startswith("cpu-split")]
    own, workers = (float(split[-1][1]), float(split[-1][2])) if split else (cpu, 0.0)
    return {"wall_s": wall, "cpu_s": cpu, "peak_mb": after.ru_maxrss / 1024,
            "main_cpu_s": own, "workers_cpu_s": workers}


def median_of(arguments: list[str], repeat: int) -> dict[str, dict[str, float]]:
    """Median figures of ``repeat`` runs of each checkout, runs of the checkouts alternating."""
    runs: dict[str, list] = {name: [] for name in CHECKOUTS}
    for _ in range(repeat):
        for name in CHECKOUTS:
            runs[name].append(timed(arguments, name))
    return {name: {key: statistics.median(run[key] for run in found) for key in found[0]}
            for name, found in runs.items()}


def show(label: str, figures: dict[str, dict[str, float]]) -> None:
    for name, figure in figures.items():
        print(f"  {label:<44} {figure['wall_s']:6.2f} s wall  {figure['cpu_s']:6.2f} s CPU"
              f"  ({name})")
    if "baseline" in figures:
        this, base = figures["this"], figures["baseline"]
        print(f"  {'':<44} baseline / this: {base['cpu_s'] / this['cpu_s']:.2f}x CPU, "
              f"{base['wall_s'] / this['wall_s']:.2f}x wall")


def run_figures(repeat: int, out: Path) -> dict:
    figures = {}
    for workers in (1, 2):
        figures[f"workers_{workers}"] = median_of(
            ["run", str(BRANCH), "-n", "200", "--workers", str(workers), "--out", str(out)],
            repeat)
        show(f"run -n 200 --workers {workers}", figures[f"workers_{workers}"])
    for name, figure in figures["workers_2"].items():
        print(f"  {name}: --workers 2, CPU of the main process {figure['main_cpu_s']:.2f} s, of "
              f"the workers {figure['workers_cpu_s']:.2f} s; on 2 idle cores about "
              f"{figure['main_cpu_s'] + figure['workers_cpu_s'] / 2:.2f} s wall (main + workers "
              "/ 2: the workers run side by side while the main process waits)")
    for name in CHECKOUTS:
        one, two = figures["workers_1"][name], figures["workers_2"][name]
        print(f"  {name}: 2 workers / 1 worker {one['wall_s'] / two['wall_s']:.2f}x wall "
              f"(target 1.6x); 2 workers {two['wall_s']:.2f} s wall (target under 3 s on 2 "
              f"idle cores)")
    return figures


def memory_figures(out: Path) -> dict:
    figures = {}
    for save in ("kpis", "customers"):
        figure = timed(["run", str(BRANCH), "-n", "1000", "--workers", "2", "--save", save,
                        "--out", str(out)])
        figures[f"n1000_{save}"] = figure
        show(f"run -n 1000 --workers 2 --save {save}", {"this": figure})
        print(f"  {'':<44} peak memory {figure['peak_mb']:.0f} MB (target under 500 MB)")
    return figures


def advise_figures(repeat: int, out: Path) -> dict:
    figures = {"advise": median_of(["advise", str(BRANCH), "--workers", "2", "--out", str(out)],
                                   repeat)}
    show("advise scenarios/nanhu_branch.yaml", figures["advise"])
    print("  target: under 15 s wall on 2 idle cores")
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
    parser.add_argument("--only", choices=["run", "memory", "advise", "startup"],
                        help="one part only")
    parser.add_argument("--imports", action="store_true", help="also list the slowest imports")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--baseline", type=Path, help="source tree of a version to compare with")
    options = parser.parse_args()
    if options.baseline:
        CHECKOUTS["baseline"] = options.baseline.resolve()
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start")
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "run"
        if options.only in (None, "run"):
            figures["run"] = run_figures(options.repeat, out)
        if options.only in (None, "memory"):
            figures["memory"] = memory_figures(out)
        if options.only in (None, "advise"):
            figures["advise"] = advise_figures(options.repeat, out)
        if options.only in (None, "startup"):
            figures["startup"] = startup_figures(options.repeat, options.imports)
    print(f"  load average {os.getloadavg()[0]:.1f} at the end")
    if options.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
