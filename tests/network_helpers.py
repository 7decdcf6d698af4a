"""A tiny network on disk for the network tests: a few one-hour halls, few days."""

from __future__ import annotations

from pathlib import Path

import yaml


def hall(name: str, per_hour: float, counters: int, structure: str = "single_line",
         close: str = "10:00") -> dict:
    """A hall open from 09:00 (one hour by default): one class with exponential service (mean
    3 min) and patience."""
    return {
        "name": name,
        "clock": {"open": "09:00", "close": close},
        "customers": {"all": {"share": 1.0, "service_time": {"dist": "exponential", "mean": 3},
                              "patience": {"dist": "exponential", "mean": 8}}},
        "arrivals": {"per_hour": per_hour},
        "counters": {"count": counters},
        "queue": {"structure": structure},
        "targets": {"wait_minutes": 5, "service_level": 0.8},
    }


HALLS = {
    "east": hall("East", 40, 2),
    "north": hall("North", 60, 3, "multi_line"),
    "south": hall("South", 30, 1),
    "west": hall("West", 50, 3, "ticket"),
}


def write_network(folder: Path, halls: dict | None = None, **fields) -> Path:
    """Branch files in ``folder/branches`` and ``folder/network.yaml``; returns its path."""
    branches = folder / "branches"
    branches.mkdir(parents=True, exist_ok=True)
    for name, content in (HALLS if halls is None else halls).items():
        text = content if isinstance(content, str) else yaml.safe_dump(content)
        (branches / f"{name}.yaml").write_text(text, encoding="utf-8")
    network = {"name": "Test region", "seed": 11, "replications": 4,
               "branches": [{"folder": "branches"}], **fields}
    network["what_ifs"] = fields.get("what_ifs", {"faster": ["arrivals.scale=0.8"]})
    path = folder / "network.yaml"
    path.write_text(yaml.safe_dump(network, sort_keys=False), encoding="utf-8")
    return path


def league_bytes(out: Path) -> dict[str, bytes]:
    """The league folder's tables and JSON, as bytes (the page is left out: it holds links)."""
    league = out / "league"
    return {path.name: path.read_bytes() for path in sorted(league.iterdir())
            if path.suffix in (".parquet", ".json")}


def write_visit_log(path: Path, halls: dict[str, dict], days: int, seed: int = 1) -> Path:
    """One visit log (CSV) of several branches: each hall simulated ``days`` days by queuesim
    (seed ``seed``), its rows under the branch column's value of its key."""
    from datetime import date

    import pandas as pd

    from queuesim import load_scenario, simulate
    from queuesim.calibration.visitlog import visit_log_from_results, write_visit_log

    tables = [visit_log_from_results(simulate(load_scenario(content), days, seed, workers=1),
                                     date(2024, 3, 4)).assign(branch=name)
              for name, content in halls.items()]
    return write_visit_log(pd.concat(tables, ignore_index=True), path)
