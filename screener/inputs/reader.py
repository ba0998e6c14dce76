"""The one entry point for supplier files: CSV, XLSX or Parquet → validated records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils.cell import get_column_letter

from screener.errors import InputError
from screener.inputs.build import BlankCell, RecordBuilder
from screener.inputs.columns import map_header, require
from screener.inputs.csv_source import RECODED_NOTE, open_csv
from screener.inputs.files import check_file, detect_format, sha256_of
from screener.inputs.parquet_source import open_parquet
from screener.inputs.table import Format, Table
from screener.inputs.xlsx_source import open_xlsx
from screener.records import SupplierRecord

_OPENERS = {"csv": open_csv, "xlsx": open_xlsx, "parquet": open_parquet}


@dataclass(slots=True)
class SupplierFile:
    """A whole supplier file, read and validated.

    ``columns`` maps each contract field found to the header text the file uses for it.
    ``encoding`` and ``delimiter`` are set for CSV, ``sheet`` for XLSX.
    """

    path: Path
    format: Format
    sha256: str
    records: list[SupplierRecord]
    columns: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = 1


def read_suppliers(path: str | Path) -> SupplierFile:
    """Read and validate a supplier file; ``InputError`` (file/row/column) if unusable."""
    path = Path(path)
    check_file(path)
    digest = sha256_of(path)
    table = _open(path)
    records = list(_records(table, path))
    return SupplierFile(
        path=path,
        format=table.format,
        sha256=digest,
        records=records,
        columns=_column_names(table, path),
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        header_row=table.header_row,
    )


# Rows per chunk. Small on purpose: a chunk is made in one burst, and the automatic garbage
# collector walks everything still alive again and again while it grows (reading 300,000
# rows in chunks of 50,000 took 21-36 µs a row, in chunks of 1,000 17-24).
CHUNK_SIZE = 1_000


def iter_supplier_chunks(
    path: str | Path, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[SupplierRecord]]:
    """The same records as ``read_suppliers``, ``chunk_size`` at a time, in bounded memory."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    path = Path(path)
    check_file(path)
    chunk: list[SupplierRecord] = []
    for record in _records(_open(path), path):
        chunk.append(record)
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _open(path: Path) -> Table:
    return _OPENERS[detect_format(path)](path)


def _records(table: Table, path: Path) -> Iterator[SupplierRecord]:
    columns = map_header(table.header, file=str(path), row=table.header_row)
    require(columns, table.header, file=str(path), row=table.header_row)
    builder = RecordBuilder(columns, file=str(path))
    count = 0
    recoded = table.recoded_rows
    # Known from the sheet before any row is read: refused before anything is screened.
    unread = sorted(row for row in table.uncached if row >= table.header_row)
    if unread:
        first = unread[0]
        _formula_without_value(path, first, table.uncached[first], table.header, table.header_row)
    for row, cells in table.rows:
        count += 1
        try:
            record = builder.build(row, cells)
        except BlankCell as blank:
            if table.format == "xlsx" and table.sheet is not None:
                _no_formula_value(blank, path, table.sheet, columns.fields[blank.field] + 1)
            raise
        if recoded and row in recoded:
            record.notes.append(RECODED_NOTE)
        yield record
    if count == 0:
        raise InputError("no supplier rows (the file has a header only)", file=str(path))


def _formula_without_value(
    path: Path, row: int, formulas: dict[int, str], header: list[str | None], header_row: int
) -> None:
    """Refuse a row with a formula the workbook was saved without the value of: read as
    blank, it would drop the row, or screen it without its country or name."""
    column = min(formulas)
    label = header[column - 1] if column <= len(header) and header[column - 1] else None
    if row == header_row:
        label = None  # a header cell: its text is what is missing
    formula = formulas[column]
    shown = f"a formula (={formula[:60]})" if formula else "a formula"
    others = len(formulas) - 1
    raise InputError(
        f"the cell is {shown} saved without its value"
        + (f", as are {others} other cell(s) of the row" if others else "")
        + "; open the workbook in a spreadsheet and save it, so that its values are stored",
        file=str(path),
        row=row,
        column=label or get_column_letter(column),
    )


def _no_formula_value(blank: BlankCell, path: Path, sheet: str, column: int) -> None:
    """Raise, for a blank that is a formula saved without its value, an error saying so."""
    from screener.inputs.xlsx_source import formula_at

    formula = formula_at(path, sheet, blank.row or 0, column)
    if formula is not None:
        raise InputError(
            f"{blank.field} is blank: its cell is a formula ({formula[:60]}) whose value the "
            "workbook holds as empty or not at all; check the formula, then open the "
            "workbook in a spreadsheet and save it, so that its values are stored",
            file=blank.file,
            row=blank.row,
            column=blank.column,
        ) from None


def _column_names(table: Table, path: Path) -> dict[str, str]:
    columns = map_header(table.header, file=str(path), row=table.header_row)
    return dict(columns.headers)
