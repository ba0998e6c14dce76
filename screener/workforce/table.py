"""Read a workforce or benchmark table (CSV, XLSX or Parquet) into text cells.

File checks, format detection (by content), CSV encodings and delimiters and cell cleaning
are the supplier reader's (``screener.inputs``), so every input file behaves alike. XLSX:
the one sheet with a header holding the required columns in its first rows (title rows
above it are skipped); as for a supplier file, a workbook with several such sheets is refused
rather than read in part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from screener.errors import InputError
from screener.inputs.csv_source import open_csv
from screener.inputs.files import check_file, detect_format
from screener.inputs.parquet_source import open_parquet
from screener.inputs.table import Row
from screener.inputs.text import cell_text
from screener.inputs.xlsx_source import HEADER_SEARCH_ROWS


@dataclass(frozen=True, slots=True)
class Table:
    """Header (as written) and non-blank data rows, numbered as a spreadsheet shows them.
    A cell a workbook or Parquet file stores as a number with a fraction is a
    ``TypedNumber``: "4.125" there is four and an eighth, never 4,125.
    """

    file: str
    header_row: int
    header: list[str]
    rows: list[tuple[int, list[str]]]


def require_columns(
    file: str, header_row: int, header: list[str], required: tuple[str, ...]
) -> None:
    """``InputError`` naming the ``required`` columns ``header`` lacks (by ``header_key``)."""
    keys = {header_key(heading) for heading in header}
    missing = [name for name in required if header_key(name) not in keys]
    if missing:
        found = ", ".join(heading for heading in header if heading) or "nothing"
        raise InputError(
            f"missing required column(s): {', '.join(missing)} (found: {found})",
            file=file,
            row=header_row,
        )


def header_key(name: str) -> str:
    """``Supplier ID`` / ``supplier_id`` / ``supplier-id`` → ``supplierid``."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


def read_table(path: str | Path, required: tuple[str, ...] = (), what: str = "table") -> Table:
    """Read ``path`` whole (workforce files are small); ``InputError`` if unusable.

    ``required`` columns pick the sheet of a workbook; ``what`` names its content in errors.
    """
    path = Path(path)
    check_file(path)
    kind = detect_format(path)
    if kind == "xlsx":
        header_row, header, rows = _xlsx(path, required, what)
    else:
        source = open_csv(path) if kind == "csv" else open_parquet(path)
        header_row, header, rows = source.header_row, source.header, source.rows
        # Before the rows are read: a title line read as the header is named as such, not
        # as a row with more cells than it (``open_csv``).
        require_columns(str(path), header_row, [cell or "" for cell in header], required)
    return Table(
        file=str(path),
        header_row=header_row,
        header=[cell or "" for cell in header],
        rows=[(number, [cell or "" for cell in cells]) for number, cells in rows],
    )


def _xlsx(
    path: Path, required: tuple[str, ...], what: str
) -> tuple[int, list[str | None], Iterator[Row]]:
    from screener.inputs.workbook import open_workbook

    workbook: Any = open_workbook(path, lambda problem: InputError(problem, file=str(path)))
    try:
        sheet = _sheet(workbook, path, required, what)
        numbered = [] if sheet is None else list(_numbered(sheet))
    finally:
        workbook.close()
    filled = [(number, cells) for number, cells in numbered if any(cells)]
    if not filled:
        raise InputError("file has no header row (it holds only blank rows)", file=str(path))
    start = _header_at(filled, required)
    (header_row, header), *rows = filled[start:]
    return header_row, header, iter(rows)


def _header_at(filled: list[tuple[int, list[str | None]]], required: tuple[str, ...]) -> int:
    """Where the header is among a sheet's non-blank rows: the first of the first
    ``HEADER_SEARCH_ROWS`` with every ``required`` column (title rows above it, as the
    supplier reader allows), else the first row (whose columns the caller reports on)."""
    wanted = {header_key(name) for name in required}
    for index, (_, cells) in enumerate(filled[:HEADER_SEARCH_ROWS]):
        if wanted <= {header_key(cell or "") for cell in cells}:
            return index
    return 0


def _sheet(workbook: Any, path: Path, required: tuple[str, ...], what: str) -> Any:
    """The one sheet whose header has every ``required`` column, else the first sheet with
    rows (whose header the caller reports on); two such sheets are refused, so that no row
    on a second sheet goes unread."""
    wanted = {header_key(name) for name in required}
    chosen: Any = None
    first: Any = None
    for sheet in workbook.worksheets:
        top = [
            (n, cells) for n, cells in islice(_numbered(sheet), HEADER_SEARCH_ROWS) if any(cells)
        ]
        if not top:
            continue
        first = first or sheet
        if not any(wanted <= {header_key(cell or "") for cell in cells} for _, cells in top):
            continue
        if chosen is not None:
            raise InputError(
                f"sheets {chosen.title!r} and {sheet.title!r} both hold a {what}; keep one "
                "table per file (save the other sheet as a file of its own)",
                file=str(path),
            )
        chosen = sheet
    return chosen or first


def _numbered(sheet: Any) -> Iterator[tuple[int, list[str | None]]]:
    """The sheet's rows as text (a number with a fraction as a ``TypedNumber``)."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [cell_text(value) for value in values]
