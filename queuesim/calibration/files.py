"""Reading a log file into a table of text, with one-line errors for files that are not tables.

Every adapter starts here: the file must exist, not be empty, be text (or Parquet) and have a
header. Cells come back as text (Parquet keeps its types); the adapters give them meaning.
Row labels in errors are what an editor shows: ``line N`` of a text file (the header is line 1),
``row N`` of a Parquet file.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pandas as pd

from .. import i18n
from ..errors import ScenarioError

PARQUET = (".parquet", ".pq")


def read_table(path: str | Path, separator: str = ",", encoding: str = "utf-8-sig",
               what: str = "a visit log") -> tuple[pd.DataFrame, int]:
    """The file's rows as a DataFrame and the file line of its first data row (0 for Parquet).

    Text files (optionally gzipped, ``.gz``) are read with every cell as text, empty cells as
    ``""``. Raises :class:`ScenarioError` naming the file for a missing, empty, binary or
    header-only file.
    """
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise ScenarioError(i18n.say("msg.file_not_found") if not path.exists() else
                            i18n.say("msg.is_folder", what=i18n.translated(what, "msg.file_")),
                            source)
    if path.suffix.lower() in PARQUET:
        return _read_parquet(path), 0
    text = _text(path, encoding, what)
    if not text.strip():
        raise ScenarioError(i18n.say("msg.log_empty", what=i18n.translated(what, "msg.file_")),
                            source)
    table = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False,
                        skipinitialspace=True)
    table.columns = [str(c).strip() for c in table.columns]
    if table.empty:
        raise ScenarioError(i18n.say("msg.log_no_rows", what=i18n.translated(what, "msg.file_")),
                            source)
    return table, 2


def _text(path: Path, encoding: str, what: str) -> str:
    raw = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            raise ScenarioError("not a readable gzip file", str(path)) from None
    if b"\x00" in raw[:8192]:
        excel = " (an Excel workbook? save it as CSV UTF-8)" if path.suffix.lower() in (
            ".xlsx", ".xls") else ""
        raise ScenarioError(f"a binary file, not text{excel}; expected {what} as CSV or "
                            "Parquet (.parquet)", str(path))
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise ScenarioError(f"not text in the {encoding} encoding (byte {error.start}); "
                            "save it as UTF-8 or name its encoding", str(path)) from None
    except LookupError:
        raise ScenarioError(f"unknown encoding {encoding!r}", str(path)) from None


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        table = pd.read_parquet(path)
    except ImportError:
        raise ScenarioError("reading Parquet needs pyarrow: pip install pyarrow",
                            str(path)) from None
    except Exception as error:  # pyarrow raises several types for a file that is not Parquet
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ScenarioError(f"not a readable Parquet file ({first})", str(path)) from None
    if table.empty:
        raise ScenarioError("the Parquet file has no rows; expected a visit log", str(path))
    return table.reset_index(drop=True)


def row_label(first_line: int, position: int) -> str:
    """How an error names the row at ``position`` (from 0) of a table read by
    :func:`read_table`."""
    return (i18n.say("msg.log_row", row=position + 1) if first_line == 0
            else i18n.say("msg.log_line", line=position + first_line))
