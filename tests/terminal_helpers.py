"""Helpers of the terminal tests: what a terminal of a given width shows, and whether it fits."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console


def render(renderables, width: int = 80) -> str:
    """What a terminal of ``width`` columns shows, as plain text."""
    console = Console(width=width, record=True, color_system=None)
    for item in renderables:
        console.print(item)
    return console.export_text()


def assert_fits(text: str, width: int = 80) -> None:
    """No line wider than the terminal, nothing cut with an ellipsis."""
    wide = [line for line in text.splitlines() if cell_len(line) > width]
    assert not wide, wide
    assert "…" not in text
