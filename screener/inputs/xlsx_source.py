"""XLSX workbooks: the first sheet with a supplier header, found within the first rows.

Read with openpyxl in read-only, data-only mode: formulas give their cached values and are
never evaluated. Merged cells give their value to every cell they cover.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl.utils.cell import range_boundaries

from screener.errors import InputError
from screener.inputs.columns import map_header
from screener.inputs.table import Row, Table
from screener.inputs.text import cell_text
from screener.inputs.workbook import open_workbook

HEADER_SEARCH_ROWS = 20
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class MergedCells:
    """Merged ranges of one sheet: covered cells take the value of the range's top-left cell."""

    __slots__ = ("_anchors", "_covered")

    def __init__(self) -> None:
        self._covered: dict[int, list[tuple[int, int, int]]] = {}
        self._anchors: dict[tuple[int, int], str | None] = {}

    def add(self, top: int, left: int, bottom: int, right: int) -> None:
        self._anchors[(top, left)] = None
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                if (row, col) != (top, left):
                    self._covered.setdefault(row, []).append((col, top, left))

    def fill(self, row: int, cells: list[str | None]) -> None:
        """Remember anchor values met in this row, then fill the covered cells of this row."""
        if not self._anchors:
            return
        for col in range(1, len(cells) + 1):
            if (row, col) in self._anchors:
                self._anchors[(row, col)] = cells[col - 1]
        for col, top, left in self._covered.get(row, ()):
            while len(cells) < col:
                cells.append(None)
            cells[col - 1] = self._anchors.get((top, left))


def open_xlsx(path: Path) -> Table:
    """Find the first sheet whose first rows hold a header with ``supplier_id`` and ``name``."""
    workbook = _load(path)
    try:
        return _first_supplier_sheet(workbook, path)
    except InputError:
        workbook.close()
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        workbook.close()
        raise InputError(f"is not a readable XLSX workbook ({exc})", file=str(path)) from None


def _first_supplier_sheet(workbook: Any, path: Path) -> Table:
    """The one sheet holding a supplier list; several such sheets are refused, so that no
    supplier on a second sheet goes unscreened."""
    fallback: tuple[int, list[str | None]] | None = None
    chosen: tuple[Any, MergedCells, int, list[str | None]] | None = None
    for sheet in workbook.worksheets:
        merged = merged_cells(sheet)
        found = _find_header(sheet, merged, path)
        if found is None:
            continue
        row, cells, complete = found
        if complete and chosen is not None:
            workbook.close()
            raise InputError(
                f"sheets {chosen[0].title!r} and {sheet.title!r} both hold a supplier list; "
                "keep one list per file (save the other sheet as a file of its own)",
                file=str(path),
            )
        if complete:
            chosen = (sheet, merged, row, cells)
        fallback = fallback or (row, cells)
    if chosen is not None:
        sheet, merged, row, cells = chosen
        rows = _data_rows(workbook, sheet, merged, row, path)
        return Table(format="xlsx", header_row=row, header=cells, rows=rows, sheet=sheet.title)
    workbook.close()
    if fallback is None:
        raise InputError("workbook has no rows in any sheet", file=str(path))
    found_names = ", ".join(repr(cell) for cell in fallback[1] if cell) or "none"
    raise InputError(
        "no sheet has a header with the required columns 'supplier_id' and 'name' "
        f"(columns found: {found_names})",
        file=str(path),
        row=fallback[0],
    )


def _load(path: Path) -> Any:
    return open_workbook(path, lambda problem: InputError(problem, file=str(path)))


def _find_header(
    sheet: Any, merged: MergedCells, path: Path
) -> tuple[int, list[str | None], bool] | None:
    """(row, cells, has both required columns) for the best header candidate, or ``None``."""
    best: tuple[int, list[str | None], bool] | None = None
    best_known = -1
    for number, cells in _rows(sheet, merged, limit=HEADER_SEARCH_ROWS):
        columns = map_header(cells, file=str(path), row=number)
        if columns.has_required():
            return number, cells, True
        if len(columns.fields) > best_known:
            best, best_known = (number, cells, False), len(columns.fields)
    return best


def _rows(sheet: Any, merged: MergedCells, *, limit: int | None = None) -> Iterator[Row]:
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if limit is not None and number > limit:
            return
        cells = [cell_text(value) for value in values]
        merged.fill(number, cells)
        if any(cells):
            yield number, cells


def _data_rows(
    workbook: Any, sheet: Any, merged: MergedCells, header_row: int, path: Path
) -> Iterator[Row]:
    try:
        for number, cells in _rows(sheet, merged):
            if number > header_row:
                yield number, cells
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"is not a readable XLSX workbook ({exc})", file=str(path)) from None
    finally:
        workbook.close()


def merged_cells(sheet: Any) -> MergedCells:
    """Merged ranges of a read-only sheet, read from its XML (read-only mode does not keep them)."""
    merged = MergedCells()
    with sheet._get_source() as source:
        for _, element in etree.iterparse(
            source, tag=f"{_MAIN_NS}mergeCell", resolve_entities=False, no_network=True
        ):
            left, top, right, bottom = range_boundaries(element.get("ref", ""))
            if left and top and right and bottom:
                merged.add(top, left, bottom, right)
            element.clear()
    return merged


def formula_at(path: Path, sheet: str, row: int, column: int) -> str | None:
    """The formula a cell holds (``column`` from 1), when it is one: a blank read there may
    be a formula the workbook was saved without the value of."""
    workbook = open_workbook(
        path, lambda problem: InputError(problem, file=str(path)), formulas=True
    )
    try:
        for cells in workbook[sheet].iter_rows(
            min_row=row, max_row=row, min_col=column, max_col=column, values_only=True
        ):
            value = cells[0] if cells else None
            return value if isinstance(value, str) and value.startswith("=") else None
        return None
    finally:
        workbook.close()
