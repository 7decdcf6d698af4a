"""Headless Chromium for the report tests: open a page offline, check that every chart is
drawn without a script error, and measure the layout (the toolbar against the chart titles, the
tables against the page width) with a small script added to a copy of the page.

Without Chromium installed the browser tests are skipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from queuesim.report import write_report


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        pytest.skip("no Chromium installed: the browser check of the report pages needs one")
    return found


def browse(page_file: Path, work: Path, *mode: str) -> subprocess.CompletedProcess:
    """Run headless Chromium on a local file, offline, with its console on stderr."""
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync",
               f"--user-data-dir={work / 'profile'}", "--enable-logging=stderr", "--v=0",
               "--virtual-time-budget=5000", *mode, page_file.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


class ChartSvgs(HTMLParser):
    """Which chart divs (``id="chart-…"``) hold a plotly ``svg.main-svg``; divs are counted
    (they always have an end tag) to know which chart is open."""

    def __init__(self):
        super().__init__()
        self.drawn: dict[str, bool] = {}
        self.depth = 0
        self.open: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div":
            self.depth += 1
            ident = attributes.get("id") or ""
            if ident.startswith("chart-"):
                self.drawn[ident] = False
                self.open.append((ident, self.depth))
        elif tag == "svg" and self.open and "main-svg" in (attributes.get("class") or ""):
            self.drawn[self.open[-1][0]] = True

    def handle_endtag(self, tag):
        if tag == "div":
            if self.open and self.open[-1][1] == self.depth:
                self.open.pop()
            self.depth -= 1


def assert_opens_and_draws(page: str, work: Path, name: str) -> Path:
    page_file = write_report(page, work / f"{name}.html")
    shot = work / f"{name}.png"
    taken = browse(page_file, work, f"--screenshot={shot}", "--window-size=1280,4000")
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 50_000
    dumped = browse(page_file, work, "--dump-dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    assert "Uncaught" not in taken.stderr + dumped.stderr
    parser = ChartSvgs()
    parser.feed(dumped.stdout)
    expected = {chunk.split('"', 1)[0] for chunk in page.split('<div id="chart-')[1:]}
    assert {ident.removeprefix("chart-") for ident in parser.drawn} == expected
    assert all(parser.drawn.values()), parser.drawn
    return shot


LAYOUT_SCRIPT = """
<script>
window.__errors = [];
window.addEventListener("error", function (event) { window.__errors.push(String(event.message)); });
window.addEventListener("load", function () { setTimeout(function () {
  function meets(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  var found = {covered: [], wide: [], errors: window.__errors, plots: 0, bars: 0,
               page: [document.documentElement.scrollWidth, document.documentElement.clientWidth]};
  var main = document.querySelector("main").getBoundingClientRect();
  document.querySelectorAll(".js-plotly-plot").forEach(function (plot) {
    found.plots += 1;
    var bar = plot.querySelector(".modebar");
    if (!bar) { return; }
    found.bars += 1;
    var box = bar.getBoundingClientRect();
    plot.querySelectorAll(".annotation, .gtitle").forEach(function (title) {
      if (meets(title.getBoundingClientRect(), box)) {
        found.covered.push(plot.id + ": " + title.textContent);
      }
    });
  });
  document.querySelectorAll("main table, main pre, .table-box").forEach(function (item) {
    var edge = item.closest(".table-box") ? item.closest(".table-box") : item;
    if (edge.getBoundingClientRect().right > main.right + 1) {
      found.wide.push(item.tagName + ": " + item.textContent.slice(0, 60));
    }
  });
  var out = document.createElement("pre");
  out.id = "layout-check";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
}, 300); });
</script>
"""


def measure_layout(page: str, work: Path, name: str, width: int = 1024) -> dict:
    """Open a copy of ``page`` with :data:`LAYOUT_SCRIPT` at ``width`` pixels and return what
    the script found: ``covered`` (chart titles under the toolbar), ``wide`` (tables or code
    wider than the page), ``errors`` (script errors), ``page`` (scroll and client width),
    ``plots`` and ``bars`` (charts and toolbars seen)."""
    probe = page.replace("</body>", LAYOUT_SCRIPT + "</body>", 1)
    page_file = write_report(probe, work / f"{name}-layout.html")
    dumped = browse(page_file, work, "--dump-dom", f"--window-size={width},3000")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    text = dumped.stdout.split('<pre id="layout-check">', 1)[1].split("</pre>", 1)[0]
    return json.loads(text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                      .replace("&quot;", '"'))
