"""Size and opening time of the HTML report, and the time of ``queuesim advise``.

Run from the repository root (Debian's ``chromium`` needed for the opening time)::

    python benchmarks/bench_reports.py

1. ``queuesim run scenarios/nanhu_branch.yaml -n 200 --report``: the size of report.html, and
   the time headless Chromium takes to load it and render every chart (best of ``--repeat``
   runs), beside the time to load an empty page — the browser's own start-up. Target: the
   report opens in under 2 s.
2. ``queuesim advise scenarios/nanhu_branch.yaml`` with its defaults (50 days, every policy).
   Target: under a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def cli(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, check=True,
                   capture_output=True)
    return time.perf_counter() - start


def browser_load(browser: str, url: str, repeat: int) -> float:
    """Best time to load ``url`` and let its scripts finish (the DOM is dumped after load)."""
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as profile:
            start = time.perf_counter()
            subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                           check=True, capture_output=True, timeout=120)
            times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "nanhu"
        cli("run", "scenarios/nanhu_branch.yaml", "-n", "200", "--report", "--out", str(out))
        page = out / "report.html"
        print(f"report.html for 200 days: {page.stat().st_size / 1e6:.2f} MB")
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        if browser:
            blank = browser_load(browser, "about:blank", args.repeat)
            full = browser_load(browser, page.as_uri(), args.repeat)
            print(f"headless Chromium, load and render: {full:.2f} s (an empty page: "
                  f"{blank:.2f} s, so the report itself: {full - blank:.2f} s); "
                  f"target < 2 s: {'met' if full - blank < 2 else 'MISSED'}")
        else:
            print("no Chromium found: opening time not measured")
        seconds = cli("advise", "scenarios/nanhu_branch.yaml", "--out", str(Path(folder) / "a"))
        print(f"queuesim advise nanhu_branch (defaults): {seconds:.1f} s; target < 60 s: "
              f"{'met' if seconds < 60 else 'MISSED'}")


if __name__ == "__main__":
    main()
