"""Reports: one self-contained HTML page per run or per comparison of options.

Rendering only (the house rule "reports do not simulate"): a page is built from a saved run
folder, from :class:`~queuesim.runner.Results` in memory, or from a comparison of options, and
is a single file that opens offline, prints cleanly and keeps the scenario, seed and version as
a record. plotly is imported here and nowhere else in the package.

    from queuesim import report
    page = report.run_page("results/nanhu_branch")          # or run_page_from_results(results)
    report.write_report(page, "results/nanhu_branch/report.html")
"""

from .comparison import compare_page
from .labels import default_language
from .page import write_report
from .run import run_page, run_page_from_results, to_html

__all__ = ["compare_page", "default_language", "run_page", "run_page_from_results", "to_html",
           "write_report"]
