"""Turn table values into openpyxl write-only cells: safe text, number formats, links."""

from __future__ import annotations

import math
from copy import copy
from typing import cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .safe import cell_text, is_formula_like, strip_xml_illegal
from .tables import CellValue, ColumnKind, Link

NUMBER_FORMATS: dict[ColumnKind, str] = {
    "score": "0.0",
    "money": "#,##0",
    "date": "yyyy-mm-dd",
}
TIER_COLOURS = {"low": "C6EFCE", "medium": "FFEB9C", "high": "F8CBAD", "critical": "FF7C80"}
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
FONT = "Calibri"
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LEFT_TOP = Alignment(horizontal="left", vertical="top")
LINK_FONT = Font(name=FONT, color="0563C1", underline="single")
MAX_URL = 2000
# openpyxl keeps a cell's style as a StyleArray in this slot; copying a finished one is
# ~20x faster than setting font/alignment/format per cell on sheets of a million rows.
_STYLE = "_style"


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


class CellMaker:
    """Makes the cells of one sheet; styles are built once and copied (fast for big sheets).

    Plain text and unformatted numbers are passed as raw values (no style, no cell object);
    everything else gets a styled cell from a cached template.
    """

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._templates: dict[tuple[str, bool, bool], StyleArray] = {}

    def _styled(self, value: float | None, number_format: str, *, wrap: bool, quote: bool) -> Cell:
        cell = WriteOnlyCell(self.ws, None)
        cell.value = value
        key = (number_format, wrap, quote)
        template = self._templates.get(key)
        if template is None:
            cell.alignment = TOP_WRAP if wrap else TOP
            cell.number_format = number_format
            cell.quotePrefix = quote
            self._templates[key] = copy(getattr(cell, _STYLE))
        else:
            setattr(cell, _STYLE, copy(template))
        return cell

    def text(self, text: str, *, wrap: bool, top: bool = False) -> Cell | str:
        """Text that is never a formula: quote-prefixed string cell when it looks like one."""
        clean = cell_text(text)
        quote = is_formula_like(clean)
        if not (quote or wrap or top):
            return clean
        cell = self._styled(None, "General", wrap=wrap, quote=quote)
        cell.value = clean
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        return cell

    def link(self, link: Link) -> Cell | str:
        url = strip_xml_illegal(link.url)
        if len(url) > MAX_URL or is_formula_like(url):
            return self.text(link.text, wrap=False)
        cell = self._styled(None, "General", wrap=False, quote=is_formula_like(link.text))
        cell.value = cell_text(link.text)
        cell.data_type = "s"
        cell.hyperlink = url
        cell.font = LINK_FONT
        return cell

    def number(self, value: float, kind: ColumnKind, *, top: bool) -> Cell | str | float:
        if isinstance(value, float) and not math.isfinite(value):
            return self.text(str(value), wrap=False, top=top)
        if kind not in NUMBER_FORMATS and not top:
            return value
        number_format = NUMBER_FORMATS.get(kind, "General")
        return self._styled(value, number_format, wrap=False, quote=False)

    def make(
        self, value: CellValue, kind: ColumnKind, *, top: bool = False
    ) -> Cell | str | float | None:
        """The cell for ``value`` in a column of ``kind``; ``None`` leaves the cell empty.

        ``top`` aligns even plain values to the top (for rows taller than one line).
        """
        if value is None:
            return None
        if isinstance(value, Link):
            return self.link(value)
        if isinstance(value, bool):
            return self.text("yes" if value else "no", wrap=False, top=top)
        if isinstance(value, int | float):
            return self.number(value, kind, top=top)
        return self.text(value, wrap=kind == "wrap", top=top)


def text_cell(ws: Worksheet, text: str) -> Cell:
    """A styled string cell for fixed labels (which still go through the safety checks)."""
    cell = WriteOnlyCell(ws, None)
    cell.value = cell_text(text)
    cell.data_type = "s"
    cell.quotePrefix = is_formula_like(text)
    return cell
