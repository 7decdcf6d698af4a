"""The per-customer log as a run folder holds it: for people as well as programs.

The model's log (:mod:`queuesim.log`) keeps every instant as minutes from the opening, to the
last bit of a float: right for computing, unreadable in a spreadsheet (``12.349999999999994``).
:func:`queuesim.store.save` writes it through :func:`saved_customers`: minutes rounded to the
hundredth (0.6 s) and, in a day run, the clock time of the arrival, service start and end and
exit as ``HH:MM:SS`` — what a branch manager reads. A run's page is drawn from the log rounded
the same way (:func:`rounded_minutes`), so the page rebuilt from a folder is the page of the
run. Readers of saved runs pick their columns by name: runs saved before the clock columns
existed still load.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MINUTE_DIGITS = 2
"""Decimals of the minutes saved in the per-customer log: a hundredth of a minute is 0.6 s,
finer than any ticket machine's clock, and a spreadsheet shows 12.35, not 12.349999999999994."""
MINUTE_COLUMNS = ("arrival", "slot", "ready", "service_start", "service_end", "exit",
                  "announced", "wait", "service_time")
CLOCK_COLUMNS = {"arrival": "arrival_clock", "service_start": "service_start_clock",
                 "service_end": "service_end_clock", "exit": "exit_clock"}
"""The instants also saved as clock times ``HH:MM:SS`` (day runs), and their column names."""


def rounded_minutes(customers: pd.DataFrame) -> pd.DataFrame:
    """The per-customer log with its minutes rounded to :data:`MINUTE_DIGITS` decimals: what a
    saved run holds, and what its report is drawn from (so a report rebuilt from the folder is
    the report of the run)."""
    present = [name for name in MINUTE_COLUMNS if name in customers]
    return customers.assign(**{name: customers[name].round(MINUTE_DIGITS) for name in present})


def saved_customers(customers: pd.DataFrame, scenario):
    """The per-customer log as a run folder holds it (an Arrow table: no copy of the columns
    that stay as they are): minutes rounded as by :func:`rounded_minutes` and, in a day run,
    after the class column, the clock time (``HH:MM:SS``, to the second) of the arrival,
    service start and end and exit, for a spreadsheet. Times past midnight go on counting
    (``24:10:00``); an instant that did not happen is empty. A steady-state run has no clock:
    its log gets no clock columns."""
    import pyarrow as pa

    table = pa.Table.from_pandas(customers, preserve_index=False)
    for name in MINUTE_COLUMNS:
        if name in table.column_names:
            index = table.column_names.index(name)
            rounded = customers[name].round(MINUTE_DIGITS).to_numpy()  # as rounded_minutes
            table = table.set_column(index, name, pa.array(rounded, from_pandas=True))
    if scenario.clock.steady:
        return table
    place = table.column_names.index("class") + 1 if "class" in table.column_names else 0
    for offset, (name, clock) in enumerate(CLOCK_COLUMNS.items()):
        minutes = customers[name].to_numpy(float)
        chunks = [clock_texts(minutes[first:first + _CHUNK], scenario.clock.start)
                  for first in range(0, len(minutes), _CHUNK)]  # small temporary arrays
        table = table.add_column(place + offset, clock, pa.chunked_array(chunks, pa.string()))
    return table


_CHUNK = 65_536


def clock_texts(minutes: np.ndarray, start: float):
    """``HH:MM:SS`` of model times ``minutes`` (minutes from ``start``, itself minutes after
    midnight), to the nearest second, as an Arrow array of texts; NaN becomes a missing value.
    Arrow formats and holds them: a million take a fraction of a second and a few megabytes."""
    import pyarrow as pa
    import pyarrow.compute as compute

    seconds = np.round((np.asarray(minutes, float) + start) * 60)
    missing = np.isnan(seconds)
    whole = np.where(missing, 0, seconds).astype(np.int64)
    parts = [whole // 3600, whole // 60 % 60, whole % 60]
    texts = [compute.utf8_lpad(pa.array(part).cast(pa.string()), width=2, padding="0")
             for part in parts]
    return compute.if_else(pa.array(missing), pa.scalar(None, pa.string()),
                           compute.binary_join_element_wise(*texts, ":"))
