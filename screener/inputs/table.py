"""What every format reader hands to the record builder: a header and numbered rows of text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Format = Literal["csv", "xlsx", "parquet"]
Row = tuple[int, list[str | None]]


@dataclass(slots=True)
class Table:
    """One sheet of supplier rows; cells are clean text or ``None``; rows as a spreadsheet
    numbers them."""

    format: Format
    header_row: int
    header: list[str | None]
    rows: Iterator[Row]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    # Rows (numbered) whose bytes were read in another encoding than the file's
    # (``csv_source.MIXED``): each gets a note.
    recoded_rows: set[int] = field(default_factory=set)
    # XLSX cells holding a formula saved without its value, read as blank: row → column
    # (from 1) → formula. ``reader`` refuses such a row.
    uncached: dict[int, dict[int, str]] = field(default_factory=dict)
