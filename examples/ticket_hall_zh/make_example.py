"""Write the synthetic ticket-machine export of this folder (叫号机导出.csv).

The rows are simulated, not observed: two days of the shipped hall
``scenarios/nanhu_ticket.yaml`` (seed 2026), written the way a ticket machine (排队叫号机)
exports them, with Chinese headers and status words, so that ``map.yaml`` can be shown at work
on an honest example. Customers who balked never took a number, so a ticket machine has no row
for them: they are left out. Run from the repository root::

    python examples/ticket_hall_zh/make_example.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import queuesim
from queuesim.calibration.visitlog import visit_log_from_results

HALL = Path(__file__).resolve().parents[2] / "scenarios" / "nanhu_ticket.yaml"
FIRST_DAY = datetime.date(2024, 3, 4)
CLASSES = {"personal": "个人业务", "business": "对公业务", "vip": "贵宾业务"}
PREFIX = {"personal": "A", "business": "B", "vip": "V"}
STATUS = {"served": "已办结", "no_show": "空号", "abandoned": "弃号", "unserved": "未叫号"}
TIME_FORMAT = "%Y/%m/%d %H:%M:%S"


def export(days: int = 2, seed: int = 2026):
    """The simulated days as the ticket machine's table (a DataFrame with Chinese headers)."""
    results = queuesim.simulate(HALL, replications=days, seed=seed, workers=1)
    visits = visit_log_from_results(results, FIRST_DAY)
    visits = visits[visits["outcome"] != "balked"].copy()
    number = visits.groupby(["day", "class"]).cumcount() + 1
    visits["ticket"] = visits["class"].map(PREFIX) + number.map("{:03d}".format)

    def stamp(column: str):
        return visits[column].dt.round("s").dt.strftime(TIME_FORMAT).fillna("")

    return visits, {
        "票号": visits["ticket"], "业务类型": visits["class"].map(CLASSES),
        "取号时间": stamp("arrived"), "叫号时间": stamp("called"),
        "开始办理时间": stamp("service_start"), "结束时间": stamp("service_end"),
        "窗口": visits["counter"], "状态": visits["outcome"].map(STATUS),
    }


def main(folder: Path) -> Path:
    import pandas as pd

    _, columns = export()
    path = folder / "叫号机导出.csv"
    pd.DataFrame(columns).to_csv(path, index=False, encoding="utf-8")
    return path


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent))
