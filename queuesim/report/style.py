"""How the report pages look: colours, the plotly template, chart sizes, the page CSS.

Colours are the Okabe–Ito palette, which stays distinguishable with the common kinds of colour
blindness and in greyscale print when paired with the line styles used here; heatmaps use the
cividis scale for the same reason. A comparison of many options (``advise`` tries a dozen
measures) goes on with twelve colours of Paul Tol's schemes, so that no two of the first 20
options share a colour; from the 21st on, colours repeat with another dash, marker or bar
pattern (:func:`dash`, :func:`symbol`, :func:`pattern`). Charts with subplot titles get a taller
top margin so that plotly's toolbar (top right) does not cover the right-hand title. Charts
have fixed heights in pixels and a white background so that a printed page looks like the
screen.
"""

from __future__ import annotations

import plotly.graph_objects as go

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000")
"""Blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black."""
MORE_COLOURS = ("#332288", "#CC6677", "#117733", "#882255", "#44AA99", "#999933", "#AA4499",
                "#DDCC77", "#661100", "#6699CC", "#888888", "#FFAABB")
"""Indigo, rose, green, wine, teal, olive, purple, sand, brown, steel blue, grey, pink."""
PALETTE = OKABE_ITO + MORE_COLOURS
DASHES = ("solid", "dash", "dot", "dashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up")
PATTERNS = ("", "/", "x", ".")
VERDICT_COLOURS = {"met": "#009E73", "missed": "#D55E00", "unclear": "#E69F00",
                   "no_data": "#999999"}
INK = "#222222"
GRID = "#e3e3e3"
BAND = "rgba(0, 114, 178, 0.18)"
TARGET_LINE = {"color": INK, "width": 1.5, "dash": "dash"}
FONT_FAMILY = ("system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', "
               "'PingFang SC', 'Microsoft YaHei', sans-serif")


def colour(index: int) -> str:
    """The ``index``-th colour of the palette: 20 different ones, then again from the first."""
    return PALETTE[index % len(PALETTE)]


def _round(index: int, styles: tuple[str, ...]) -> str:
    return styles[(index // len(PALETTE)) % len(styles)]


def dash(index: int) -> str:
    """The line dash of the ``index``-th option: solid for the first 20, then another."""
    return _round(index, DASHES)


def symbol(index: int) -> str:
    """The marker of the ``index``-th option: a circle for the first 20, then another shape."""
    return _round(index, SYMBOLS)


def pattern(index: int) -> str:
    """The bar fill pattern of the ``index``-th option: none for the first 20, then hatching."""
    return _round(index, PATTERNS)


def _axis() -> dict:
    return {"showgrid": True, "gridcolor": GRID, "linecolor": "#888888", "ticks": "outside",
            "zeroline": False, "automargin": True, "title": {"standoff": 8}}


TEMPLATE = go.layout.Template(layout={
    "font": {"family": FONT_FAMILY, "size": 13, "color": INK},
    "colorway": list(OKABE_ITO),
    "paper_bgcolor": "white", "plot_bgcolor": "white",
    "xaxis": _axis(), "yaxis": _axis(),
    "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.005,
               "x": 0},
    "hoverlabel": {"align": "left"},
    "margin": {"l": 70, "r": 30, "t": 40, "b": 110},
})

CONFIG = {"displaylogo": False, "responsive": True,
          "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}
"""Plotly options of every chart: no logo link (offline), sized by its box."""


TITLED_TOP = 76
"""Top margin (pixels) of a chart with subplot titles: the toolbar (about 30 px high) above,
the titles of the top row (about 22 px) below it."""


def finish(figure: go.Figure, height: int) -> go.Figure:
    """Apply the template and a fixed height (pixels) to a figure; make room above the subplot
    titles of the top row for plotly's toolbar."""
    figure.update_layout(template=TEMPLATE, height=height, autosize=True)
    if any(_top_title(note) for note in figure.layout.annotations):
        figure.update_layout(margin={"t": TITLED_TOP})
    return figure


def _top_title(annotation) -> bool:
    """A subplot title of the top row, as ``make_subplots`` places it: above the plot area."""
    return (annotation.yref == "paper" and annotation.yanchor == "bottom"
            and annotation.y is not None and annotation.y >= 0.99 and not annotation.showarrow)


CSS = """
:root { --ink: #222; --muted: #555; --line: #d0d0d0; --met: #009E73; --missed: #D55E00;
        --unclear: #E69F00; }
* { box-sizing: border-box; }
html, body { background: #fff; color: var(--ink); margin: 0; }
body { font-family: FONT; font-size: 15px; line-height: 1.45; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
header h1 { font-size: 26px; margin: 0 0 4px; }
header .subtitle { font-size: 18px; margin: 0 0 6px; }
header .facts, .note { color: var(--muted); }
.note { max-width: 900px; margin: 4px 0 12px; }
.warnings { border-left: 5px solid #D55E00; background: #FDF1EA; padding: 8px 14px;
            margin: 10px 0; max-width: 900px; }
.warnings ul { margin: 4px 0 0; padding-left: 20px; }
nav { margin: 12px 0 4px; font-size: 14px; }
nav a { color: #0072B2; margin-right: 14px; text-decoration: none; }
section { margin-top: 28px; padding-top: 8px; border-top: 1px solid var(--line); }
h2 { font-size: 20px; margin: 8px 0 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr));
         gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .name { font-size: 13px; color: var(--muted); }
.card .value { font-size: 26px; font-weight: 600; }
.card .value small { font-size: 14px; font-weight: 400; color: var(--muted); }
.card .ci, .card .goal { font-size: 13px; color: var(--muted); }
.verdict { display: inline-block; margin-top: 4px; padding: 1px 8px; border-radius: 10px;
           font-size: 13px; font-weight: 600; border: 2px solid; }
.verdict.met { color: #00664c; border-color: var(--met); }
.verdict.missed { color: #a34000; border-color: var(--missed); }
.verdict.unclear { color: #8a5a00; border-color: var(--unclear); border-style: dashed; }
.verdict.no_data { color: var(--muted); border-color: var(--line); }
.verdict.met::before { content: "✓ "; }
.verdict.missed::before { content: "✗ "; }
.verdict.unclear::before { content: "? "; }
.chart { width: 100%; }
.table-box { max-width: 100%; overflow-x: auto; margin: 6px 0 10px; }
table { border-collapse: collapse; font-size: 14px; margin: 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right;
         vertical-align: top; }
th:first-child, td:first-child, th.text, td.text { text-align: left; }
th { font-weight: 600; }
td .ci { color: var(--muted); font-size: 12px; white-space: nowrap; }
pre { background: #f6f6f6; border: 1px solid var(--line); padding: 10px 12px; font-size: 12.5px;
      overflow-x: auto; white-space: pre-wrap; }
details.full-scenario summary { cursor: pointer; color: #0072B2; margin: 6px 0; }
td.changes { font-size: 12.5px; min-width: 16em; overflow-wrap: anywhere; }
table.ranking td:nth-child(2) { min-width: 8em; }
table.ranking th { min-width: 4.5em; }
.card .explain { font-size: 12px; color: var(--muted); margin-top: 2px; }
dl.record { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dl.record dt { color: var(--muted); }
dl.record dd { margin: 0; }
@page { size: A4; margin: 12mm; }
@media print {
  body { font-size: 12px; }
  main { max-width: none; padding: 0; }
  nav, .modebar-container { display: none !important; }
  section { break-before: page; border-top: none; }
  section.keep, section#classes, section#option-table { break-before: auto; }
  .chart, table, .card { break-inside: avoid; }
  .table-box { overflow: visible; }
  table { font-size: 10px; }
  th, td { padding: 2px 5px; }
}
""".replace("FONT", FONT_FAMILY)

PRINT_SCRIPT = """
window.addEventListener("beforeprint", function () {
  document.querySelectorAll(".js-plotly-plot").forEach(function (chart) {
    Plotly.Plots.resize(chart);
  });
});
"""
"""Fit the charts to the paper width when printing."""
