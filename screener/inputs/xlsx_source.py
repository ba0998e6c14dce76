"""XLSX workbooks: the first sheet with a supplier header, found within the first rows.

Read with openpyxl in read-only, data-only mode: formulas give their cached values and are
never evaluated. A formula saved without its value (a workbook written by a program and
never opened in a spreadsheet) reads as blank: the rows holding one are marked
(``Table.uncached``), and the reader refuses them rather than screen a row without its
country or drop a row of such formulas as empty. Merged cells give their value to every cell
they cover.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries

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
    chosen: tuple[Any, MergedCells, Uncached, int, list[str | None]] | None = None
    for sheet in workbook.worksheets:
        merged, uncached = sheet_marks(sheet)
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
            chosen = (sheet, merged, uncached, row, cells)
        fallback = fallback or (row, cells)
    if chosen is not None:
        sheet, merged, uncached, row, cells = chosen
        rows = _data_rows(workbook, sheet, merged, row, path)
        return Table(
            format="xlsx",
            header_row=row,
            header=cells,
            rows=rows,
            sheet=sheet.title,
            uncached=uncached,
        )
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


# Formula cells saved without their value: row → column (from 1) → the formula's text.
Uncached = dict[int, dict[int, str]]
_ROW, _MERGE = f"{_MAIN_NS}row", f"{_MAIN_NS}mergeCell"
_CELL, _CELL_FORMULA = f"{_MAIN_NS}c", f"{_MAIN_NS}c/{_MAIN_NS}f"
_VALUE, _INLINE = f"{_MAIN_NS}v", f"{_MAIN_NS}is"


def sheet_marks(sheet: Any) -> tuple[MergedCells, Uncached]:
    """A read-only sheet's merged ranges (read-only mode does not keep them) and its formula
    cells saved without a value, read from its XML in one pass, a row at a time.

    A formula's cached value is its ``<v>``: an empty one is an empty text only when the cell
    says its value is text (``t="str"``, what a spreadsheet saves for ``=""``); a program
    writing formulas saves none, or an empty one of no type."""
    merged = MergedCells()
    uncached: Uncached = {}
    number = 0
    with sheet._get_source() as source:
        for _, element in etree.iterparse(
            source, tag=(_ROW, _MERGE), resolve_entities=False, no_network=True
        ):
            if element.tag == _ROW:
                number = int(element.get("r") or number + 1)
                for formula in element.iterfind(_CELL_FORMULA):  # most rows have none
                    cell = formula.getparent()
                    if not _cached(cell):
                        uncached.setdefault(number, {})[_column_of(cell)] = formula.text or ""
            else:
                left, top, right, bottom = range_boundaries(element.get("ref", ""))
                if left and top and right and bottom:
                    merged.add(top, left, bottom, right)
            element.clear()
            while element.getprevious() is not None:  # rows already read: memory stays flat
                del element.getparent()[0]
    return merged, uncached


def _cached(cell: Any) -> bool:
    """Whether a formula cell holds its value: a ``<v>`` with text, an empty one of a text
    result (``t="str"``), or an inline string."""
    value = cell.find(_VALUE)
    if value is not None:
        return bool(value.text) or cell.get("t") == "str"
    return cell.find(_INLINE) is not None


def _column_of(cell: Any) -> int:
    """The column (from 1) of a cell: its reference (``C7``), else one past the cell before
    it, as a spreadsheet reads a cell written without one."""
    column = 0
    for each in cell.getparent().iterchildren(_CELL):
        reference = each.get("r")
        try:
            column = (
                column_index_from_string(coordinate_from_string(reference)[0])
                if reference
                else column + 1
            )
        except ValueError:
            column += 1
        if each is cell:
            return column
    return column  # pragma: no cover - the cell is one of its row's


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
