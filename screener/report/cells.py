"""Turn table values into openpyxl write-only cells: safe text, number formats, links."""

from __future__ import annotations

import math
from typing import cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .safe import cell_text, is_formula_like, strip_xml_illegal
from .tables import CellValue, ColumnKind, Link

NUMBER_FORMATS: dict[ColumnKind, str] = {
    "score": "0.0",
    "money": "#,##0",
    "int": "0",
    "date": "yyyy-mm-dd",
}
TIER_COLOURS = {"low": "C6EFCE", "medium": "FFEB9C", "high": "F8CBAD", "critical": "FF7C80"}
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
FONT = "Calibri"
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LEFT_TOP = Alignment(horizontal="left", vertical="top")
MAX_URL = 2000


def new_sheet(wb: Workbook, title: str) -> Worksheet:
    """A streamed sheet of a write-only workbook.

    Typed as ``Worksheet``: openpyxl gives write-only sheets the same layout attributes
    (``column_dimensions``, ``auto_filter``, ``conditional_formatting``,
    ``data_validations``, ``add_chart`` …) through ``Worksheet._setup``; the stubs omit them.
    """
    return cast(Worksheet, wb.create_sheet(title))


def print_setup(ws: Worksheet, *, title_rows: str | None = "1:1") -> None:
    """Landscape, fit to one page wide, header row repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        ws.print_title_rows = title_rows


def header_cell(ws: Worksheet, text: str) -> Cell:
    cell = WriteOnlyCell(ws, text)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = TOP_WRAP
    return cell


def text_cell(ws: Worksheet, text: str, *, wrap: bool) -> Cell:
    """A string cell that is never a formula, quote-prefixed when it looks like one."""
    clean = cell_text(text)
    cell = WriteOnlyCell(ws, None)
    cell.value = clean
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    cell.alignment = TOP_WRAP if wrap else TOP
    if is_formula_like(clean):
        cell.quotePrefix = True
    return cell


def link_cell(ws: Worksheet, link: Link) -> Cell:
    cell = text_cell(ws, link.text, wrap=False)
    url = strip_xml_illegal(link.url)
    if len(url) <= MAX_URL and not is_formula_like(url):
        cell.hyperlink = url
        cell.font = Font(name=FONT, color="0563C1", underline="single")
    return cell


def number_cell(ws: Worksheet, value: float, kind: ColumnKind) -> Cell:
    if isinstance(value, float) and not math.isfinite(value):
        return text_cell(ws, str(value), wrap=False)
    cell = WriteOnlyCell(ws, value)
    cell.alignment = TOP
    if kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    return cell


def make_cell(ws: Worksheet, value: CellValue, kind: ColumnKind) -> Cell | None:
    """The cell for ``value`` in a column of ``kind``; ``None`` leaves the cell empty."""
    if value is None:
        return None
    if isinstance(value, Link):
        return link_cell(ws, value)
    if isinstance(value, bool):
        return text_cell(ws, "yes" if value else "no", wrap=False)
    if isinstance(value, int | float):
        return number_cell(ws, value, kind)
    return text_cell(ws, value, wrap=kind == "wrap")
