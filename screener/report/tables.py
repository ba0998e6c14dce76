"""Plain, typed descriptions of worksheet tables; ``excel`` turns them into cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["text", "wrap", "score", "money", "int", "date", "link"]


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink cell: ``text`` shown, ``url`` followed (http/https only)."""

    url: str
    text: str


CellValue = str | int | float | bool | Link | None
Row = tuple[CellValue, ...]


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float
    kind: ColumnKind = "text"
    hidden: bool = False


@dataclass(slots=True)
class Table:
    """One tabular sheet: a header row, then ``rows``.

    ``tier_column`` (header name) gets tier colours; ``choices`` maps a header to the values
    its drop-down offers.
    """

    title: str
    columns: tuple[Column, ...]
    rows: list[Row]
    tier_column: str | None = None
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def index(self, header: str) -> int:
        """Zero-based position of the column called ``header``."""
        return [c.header for c in self.columns].index(header)
