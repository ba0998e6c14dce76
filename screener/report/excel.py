"""The auditor's workbook: the only openpyxl writer in the project.

Sheets, in order: Summary, Suppliers, Matches, Jurisdictions, Workforce, Sources,
Methodology. The workbook is streamed (openpyxl write-only mode) whatever its size: that
mode supports everything used here (column widths, frozen panes, auto-filters, data
validation, conditional formatting, hyperlinks, charts) and keeps memory flat up to
Excel's row limit. Output is byte-for-byte deterministic: document properties and ZIP
entry times are the run's ``started_at``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree
from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from screener.errors import InputError
from screener.models import TIERS, ScanResult, SupplierResult
from screener.screened import is_flagged

from . import sheets
from .cells import TIER_COLOURS, CellMaker, header_cell, new_sheet, print_setup
from .output import atomic_path, check_output
from .summary_sheet import write_summary
from .tables import Row, Table

EXCEL_MAX_ROWS = 1_048_576
LINE_POINTS = 15.0
MAX_ROW_POINTS = 409.0  # Excel's maximum row height


@dataclass(slots=True)
class _Plan:
    tables: list[Table]
    notes: list[str]


def _per_supplier(
    result: ScanResult, max_data_rows: int, total: int | None
) -> tuple[list[Table], list[str]]:
    """Suppliers, Jurisdictions, Workforce: every supplier when it fits, else the flagged."""
    everyone = result.suppliers
    if total is not None and total > len(everyone):  # a big run kept only the flagged
        flagged = [s for s in everyone if is_flagged(s)]
        tables, notes = _supplier_tables(flagged)
        return tables, [_big_run_note(result, total, flagged), *notes]
    full, notes = _supplier_tables(everyone)
    if all(len(t.rows) <= max_data_rows for t in full):
        return full, notes
    flagged = [s for s in everyone if is_flagged(s)]
    note = (
        f"The full supplier list ({len(everyone):,} suppliers) exceeds the sheet row limit "
        f"({max_data_rows:,} data rows): Suppliers, Jurisdictions and Workforce list only the "
        f"{len(flagged):,} flagged suppliers (tier medium or above, or with matches)."
    )
    tables, notes = _supplier_tables(flagged)
    return tables, [note, *notes]


def _supplier_tables(suppliers: list[SupplierResult]) -> tuple[list[Table], list[str]]:
    """Suppliers, Jurisdictions and Workforce of these suppliers; the workforce checks
    unknown for the same reason for all of them are said once, in a note."""
    common = sheets.common_unknowns(suppliers)
    tables = [
        sheets.suppliers_table(suppliers),
        sheets.jurisdictions_table(suppliers),
        sheets.workforce_table(suppliers, frozenset(common)),
    ]
    notes = [
        f"Workforce: {check} is unknown for every supplier listed, so the sheet leaves it out "
        f"(the JSON output has it for each): {detail}"
        for check, detail in common
    ]
    return tables, notes


def _big_run_note(result: ScanResult, total: int, kept: list[SupplierResult]) -> str:
    """What the sheets of a big run hold. Such a run keeps every supplier with matches, so
    its flagged count is the summary's medium-or-above plus the kept low tier with matches."""
    alerts = sum(1 for s in kept if s.matches)
    by_tier = result.summary.by_tier
    flagged = sum(by_tier.get(tier, 0) for tier in TIERS[1:])
    flagged += sum(1 for s in kept if s.matches and s.risk_tier == TIERS[0])
    head = f"The run screened {total:,} suppliers ({flagged:,} flagged: tier medium or above, "
    left_out = flagged - len(kept)
    if left_out <= 0:
        return (
            head + "or with matches): Suppliers, Jurisdictions and Workforce list only the "
            f"{len(kept):,} flagged suppliers; the JSON output has every supplier."
        )
    return (
        head + "or with matches): Suppliers, Jurisdictions and Workforce list every supplier "
        f"with matches ({alerts:,}) and the {len(kept) - alerts:,} most exposed other flagged "
        f"suppliers (highest risk score first, then input order); the other {left_out:,} "
        "flagged suppliers and the unflagged ones are only in the JSON output, which has "
        "every supplier."
    )


def _plan(
    result: ScanResult, methodology: Mapping[str, object], max_rows: int, total: int | None
) -> _Plan:
    max_data_rows = max(1, min(max_rows, EXCEL_MAX_ROWS) - 1)
    (suppliers, jurisdictions, workforce), notes = _per_supplier(result, max_data_rows, total)
    matches = sheets.matches_table(result.suppliers)
    tables = [
        suppliers,
        matches,
        jurisdictions,
        workforce,
        sheets.sources_table(result),
        sheets.methodology_table(result, methodology),
    ]
    split = [part for table in tables for part in _split(table, max_data_rows)]
    notes += [
        f"{t.title} continues on {len(p) - 1} more sheet(s) named '{t.title} (2)' onwards."
        for t in tables
        if len(p := _split(t, max_data_rows)) > 1
    ]
    return _Plan(split, notes)


def _split(table: Table, max_data_rows: int) -> list[Table]:
    """Split a table longer than a sheet into continuation sheets ``Title (2)``, …"""
    if len(table.rows) <= max_data_rows:
        return [table]
    parts = []
    for n, start in enumerate(range(0, len(table.rows), max_data_rows), 1):
        title = table.title if n == 1 else f"{table.title} ({n})"
        rows = table.rows[start : start + max_data_rows]
        parts.append(Table(title, table.columns, rows, table.tier_column, table.choices))
    return parts


def _write_table(wb: Workbook, table: Table) -> None:
    ws = new_sheet(wb, table.title)
    for i, col in enumerate(table.columns, 1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = col.width
        dim.hidden = col.hidden
    ws.freeze_panes = "A2"
    print_setup(ws)
    last_row = len(table.rows) + 1
    last_col = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A1:{last_col}{last_row}"
    _add_tier_colours(ws, table, last_row)
    _add_choices(ws, table, last_row)
    ws.append([header_cell(ws, c.header) for c in table.columns])
    kinds = [c.kind for c in table.columns]
    maker = CellMaker(ws)
    widths = [c.width if c.kind == "wrap" else 0.0 for c in table.columns]
    for number, row in enumerate(table.rows, 2):
        lines = row_lines(row, widths)
        if lines > 1:
            ws.row_dimensions[number].height = min(MAX_ROW_POINTS, LINE_POINTS * lines)
        cells = [maker.make(v, k, top=lines > 1) for v, k in zip(row, kinds, strict=True)]
        ws.append(cells)


def row_lines(row: Row, widths: list[float]) -> int:
    """Text lines the tallest wrapped cell of ``row`` needs (spreadsheets do not always
    grow rows of streamed sheets to fit, LibreOffice's PDF export among them)."""
    most = 1
    for value, width in zip(row, widths, strict=True):
        if width and isinstance(value, str):
            per_line = max(1, int(width * 1.1))
            need = sum(1 + len(part) // per_line for part in value[:4000].split("\n"))
            most = max(most, need)
    return most


def _add_tier_colours(ws: Worksheet, table: Table, last_row: int) -> None:
    if table.tier_column is None:
        return
    letter = get_column_letter(table.index(table.tier_column) + 1)
    add_tier_rules(ws, f"{letter}2:{letter}{max(2, last_row)}")


def add_tier_rules(ws: Worksheet, ref: str) -> None:
    """Fill tier cells in ``ref``: low green, medium yellow, high orange, critical red."""
    for tier, colour in TIER_COLOURS.items():
        fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        style = DifferentialStyle(fill=fill)
        rule = Rule(type="cellIs", operator="equal", formula=[f'"{tier}"'], dxf=style)
        ws.conditional_formatting.add(ref, rule)


def _add_choices(ws: Worksheet, table: Table, last_row: int) -> None:
    for header, values in table.choices.items():
        letter = get_column_letter(table.index(header) + 1)
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(values) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"Invalid {header.lower()}",
            error="Choose one of: " + ", ".join(values),
            promptTitle=header,
            prompt="Choose one of: " + ", ".join(values),
            showInputMessage=True,
        )
        dv.add(f"{letter}2:{letter}{max(2, last_row)}")
        ws.data_validations.append(dv)


def _started(result: ScanResult) -> datetime:
    try:
        started = datetime.fromisoformat(result.run.started_at.replace("Z", "+00:00"))
    except ValueError:
        return datetime(1980, 1, 1)
    if started.tzinfo is not None:
        started = started.astimezone(UTC).replace(tzinfo=None)
    return max(started.replace(microsecond=0), datetime(1980, 1, 1))


def _save(wb: Workbook, path: Path, when: datetime) -> None:
    """Save atomically with fixed ZIP entry times, so equal results give equal bytes."""
    with atomic_path(path, ".xlsx", "workbook") as raw:
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(wb, archive).save()
        _repack(raw, when)


def _repack(path: Path, when: datetime) -> None:
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


def write_workbook(
    result: ScanResult,
    path: Path,
    *,
    methodology: Mapping[str, object],
    max_rows: int = 1_000_000,
    fail_on: str | None = None,
    total_suppliers: int | None = None,
) -> None:
    """Write the review workbook for ``result`` to ``path`` (replaced atomically).

    ``max_rows`` caps rows per sheet (header included, at most Excel's 1,048,576): alerts and
    flagged suppliers are always written, spilling onto continuation sheets if needed; the
    full supplier list only when it fits, and the Summary says when it did not.
    ``total_suppliers``: the run screened that many, of which ``result`` kept the flagged.
    """
    check_output(Path(path), "workbook")  # before the (long) build, not after it
    plan = _plan(result, methodology, max_rows, total_suppliers)
    when = _started(result)
    wb = Workbook(write_only=True)
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = f"screener {result.run.tool_version}"
    wb.properties.title = "Supply-chain screening report"
    try:
        write_summary(wb, result, fail_on=fail_on, notes=plan.notes)
        for table in plan.tables:
            _write_table(wb, table)
        _save(wb, Path(path), when)
    except etree.SerialisationError as exc:  # a sheet's rows, in the system's temporary folder
        _abandon(wb)
        raise InputError(
            f"cannot write workbook {path}: {_io_reason(exc)} (writing its sheets in "
            f"{tempfile.gettempdir()})"
        ) from None
    except BaseException:
        _abandon(wb)
        raise


def _io_reason(exc: etree.SerialisationError) -> str:
    """lxml's ``IO_ENOSPC`` as the system says it: ``No space left on device``."""
    code = getattr(errno, str(exc).removeprefix("IO_"), None)
    return os.strerror(code) if isinstance(code, int) else str(exc)


def _abandon(wb: Workbook) -> None:
    """Close the sheets a failed save left open, and remove their temporary files: each
    would print a traceback when collected (their writers cannot end the XML they were cut
    off in), and the files would stay until the program ends."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        for stream in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
        if writer is not None:
            with contextlib.suppress(Exception):  # already removed, or never written
                writer.cleanup()
