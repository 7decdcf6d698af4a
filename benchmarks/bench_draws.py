"""Drawing benchmark: what rates per class, a day-to-day level and service factors cost.

Every replication draws its customers up front (``queuesim.model.draw_customers``); the features
that real data needs add work there and nowhere else. This script times the draws of one
replication of a call-centre-sized day (07:00-24:00, four classes, about 2,000 customers) in
four variants of the same demand:

* ``shares``: ``arrivals.per_hour`` and the classes' shares (the reference);
* ``per_class``: the same expected arrivals as rates per class, with a class mix that changes
  every half hour;
* ``+ day level``: ``per_class`` with ``day_to_day_cv: 0.15``;
* ``+ service factors``: that, with a service factor per hour for every class.

Each figure is the best of ``--repeat`` runs of ``--replications`` draws, per replication, in
wall-clock and CPU time (the machine may be shared). Run from the repository root:
``python benchmarks/bench_draws.py [--replications N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # lets the script run from a checkout that is not installed

from queuesim import load_scenario  # noqa: E402
from queuesim.model import draw_customers  # noqa: E402

CLASSES = ("PS", "NE", "IN", "TT")
TIMES = [f"{minutes // 60:02d}:{minutes % 60:02d}" for minutes in range(7 * 60, 24 * 60, 30)]


def variants() -> dict[str, dict]:
    """The four scenarios, as mappings, with the same expected walk-ins over the day."""
    service = {"dist": "lognormal", "mean": 3.0, "cv": 1.1}
    base = {"name": "call centre day", "clock": {"open": "07:00", "close": "24:00"},
            "counters": {"count": 12}}
    total = {t: 80.0 + 60.0 * (i % 7) for i, t in enumerate(TIMES)}
    weights = [(0.55, 0.10), (0.25, -0.05), (0.15, -0.03), (0.05, -0.02)]
    per_class = {name: {t: rate * (share + swing * (-1) ** i)
                        for i, (t, rate) in enumerate(total.items())}
                 for name, (share, swing) in zip(CLASSES, weights, strict=True)}
    shares = {**base, "arrivals": {"per_hour": total}, "customers": {
        name: {"share": share, "service_time": service}
        for name, (share, _) in zip(CLASSES, weights, strict=True)}}
    by_class = {**base, "arrivals": {"per_class": per_class},
                "customers": {name: {"service_time": service} for name in CLASSES}}
    level = {**by_class, "arrivals": {**by_class["arrivals"], "day_to_day_cv": 0.15}}
    factors = {t: 0.8 + 0.05 * (i % 8) for i, t in enumerate(TIMES[::2])}
    factor = {**level, "customers": {name: {"service_time": service, "service_factor": factors}
                                     for name in CLASSES}}
    return {"shares": shares, "per_class": by_class, "+ day level": level,
            "+ service factors": factor}


def time_draws(raw: dict, replications: int, repeat: int) -> tuple[float, float, float]:
    """Best wall and CPU seconds per replication, and the mean customers per replication."""
    scenario = load_scenario(raw)
    best_wall = best_cpu = float("inf")
    customers = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        customers = sum(len(draw_customers(scenario, 1, r)) for r in range(replications))
        best_wall = min(best_wall, (time.perf_counter() - wall) / replications)
        best_cpu = min(best_cpu, (time.process_time() - cpu) / replications)
    return best_wall, best_cpu, customers / replications


def main() -> None:
    """Print one row per variant."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"draws of one replication, best of {args.repeat} x {args.replications}")
    print(f"{'variant':<20}{'customers':>10}{'wall ms':>10}{'cpu ms':>10}")
    for name, raw in variants().items():
        wall, cpu, customers = time_draws(raw, args.replications, args.repeat)
        print(f"{name:<20}{customers:>10.0f}{wall * 1e3:>10.3f}{cpu * 1e3:>10.3f}")


if __name__ == "__main__":
    main()
