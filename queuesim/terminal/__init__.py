"""What the terminal prints as results, in the user's language: tables of a run, of compared
options, of advice, and the figures' formats shared with the pages.

Rendering only: the tables read the summaries the package computed and build ``rich`` tables
(each fits 80 columns); names come from the catalogue :mod:`queuesim.i18n`. The modules:
:mod:`.format` (a figure's name, unit, number and interval), :mod:`.run`, :mod:`.compare`
(compare and sweep) and :mod:`.advise`.
"""

from .advise import advice_table, not_tried
from .compare import comparison_table, sweep_view
from .format import interval, label, number, verdict, words
from .run import group_table, summary_table, summary_tables

__all__ = ["advice_table", "comparison_table", "group_table", "interval", "label", "not_tried",
           "number", "summary_table", "summary_tables", "sweep_view",
           "verdict", "words"]
