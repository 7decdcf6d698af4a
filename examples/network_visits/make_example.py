"""Write the synthetic visit log of this folder (visits.csv.gz): three branches in one file.

The rows are simulated, not observed: five working days of three shipped halls, each under a
branch name of its own — ``nanhu`` (scenarios/nanhu_branch.yaml), ``beihai`` (the Nanhu hall
with ticket numbers and 20 % fewer customers) and ``xishan`` (scenarios/telecom_hall.yaml) —
written as one visit log with a ``branch`` column, the way a bank's central export of its
ticket machines looks. ``examples/network_visits.yaml`` fits one hall per branch from it.
Run from the repository root::

    python examples/network_visits/make_example.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import datetime
import gzip
import io
import sys
from pathlib import Path

import pandas as pd

import queuesim
from queuesim.calibration.schema import COLUMNS
from queuesim.calibration.visitlog import visit_log_from_results

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
BRANCHES = {"nanhu": ("nanhu_branch.yaml", []),
            "beihai": ("nanhu_ticket.yaml", ["arrivals.scale=0.8"]),
            "xishan": ("telecom_hall.yaml", [])}
FIRST_DAY = datetime.date(2024, 3, 4)
DAYS = 5
SEED = 2026


def visits() -> pd.DataFrame:
    """Every branch's simulated days as one visit-log table."""
    tables = []
    for name, (file, changes) in BRANCHES.items():
        scenario = queuesim.load_scenario(SCENARIOS / file, changes)
        results = queuesim.simulate(scenario, replications=DAYS, seed=SEED, workers=1)
        tables.append(visit_log_from_results(results, FIRST_DAY).assign(branch=name))
    return pd.concat(tables, ignore_index=True)[list(COLUMNS)]


def main(folder: Path) -> Path:
    text = io.StringIO()
    visits().to_csv(text, index=False, date_format="%Y-%m-%d %H:%M:%S")
    path = folder / "visits.csv.gz"
    path.write_bytes(gzip.compress(text.getvalue().encode("utf-8"), mtime=0))
    return path


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent))
