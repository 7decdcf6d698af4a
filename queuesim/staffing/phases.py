"""A progress line for the long phases of ``queuesim staff`` (30 seconds to several minutes).

Planning and proving a day take long: the line names the phase being worked on (finding the
counters, proving each roster on fresh days, simulating today's staffing), how many phases are
done and the time elapsed. It is drawn on stderr and only when stderr is a terminal, so
``--json`` output, pipes and logs stay clean.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..terminal.format import words
from .plan import Phase


def phase_words(key: str, fields: dict, text: dict[str, str]) -> str:
    """A phase in words: ``proving the plan on 100 fresh simulated days``."""
    if "option" in fields:
        fields = {**fields, "option": text[f"staff_option_{fields['option']}"]}
    return text[key].format(**fields)


@contextmanager
def phases(lang: str | None = None, console: Console | None = None) -> Iterator[Phase]:
    """A :data:`~queuesim.staffing.plan.Phase` that shows each phase as it starts, with a
    spinner and the time elapsed; nothing is drawn unless the console is a terminal."""
    console = console or Console(stderr=True)
    text = words(lang)
    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                   console=console, transient=True, disable=not console.is_terminal)
    task = bar.add_task(text["staff_phase_start"], total=None)

    def show(key: str, fields: dict) -> None:
        bar.update(task, description=phase_words(key, fields, text))

    with bar:
        yield show
