"""Read a small CSV or XLSX table into text cells with spreadsheet row numbers.

CSV may be UTF-8 (with or without BOM), UTF-16 (with BOM) or cp1252, delimited by ``,``
``;`` or tab. Header names are normalised: case-insensitive, ignoring spaces, ``_`` and ``-``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from screener.errors import InputError

_DELIMITERS = (",", ";", "\t")
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True, slots=True)
class Table:
    """Header (as written) and data rows; ``rows`` pairs a spreadsheet row number with cells."""

    file: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


def header_key(name: str) -> str:
    """``Supplier ID`` / ``supplier_id`` / ``supplier-id`` → ``supplierid``."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


def read_table(path: str | Path) -> Table:
    """Read ``path`` (CSV or XLSX); blank rows are skipped but keep their row numbers."""
    path = Path(path)
    try:
        if path.suffix.lower() in _XLSX_SUFFIXES:
            records = _xlsx_records(path)
        else:
            records = _csv_records(path)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from exc
    if not records or not any(cell.strip() for cell in records[0]):
        raise InputError("the file is empty (no header row)", file=str(path), row=1)
    header = [cell.strip() for cell in records[0]]
    rows = [
        (number, cells)
        for number, cells in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    return Table(file=str(path), header=header, rows=rows)


def decode(raw: bytes) -> str:
    """Decode CSV bytes: BOM first, then UTF-8, then UTF-16 without BOM, then cp1252."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(raw) >= 2 and raw[1::2].count(0) > len(raw) // 4:
        return raw.decode("utf-16-le", errors="strict")
    return raw.decode("cp1252", errors="replace")


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _csv_records(path: Path) -> list[list[str]]:
    try:
        text = decode(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode file: {exc.reason}", file=str(path)) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        return [list(record) for record in reader]
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=str(path), row=reader.line_num) from exc


def _xlsx_records(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise InputError(f"not a readable XLSX workbook: {exc}", file=str(path)) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
