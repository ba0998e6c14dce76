"""Write the Summary sheet: run metadata, tier table with a bar chart, top exposures."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from screener.models import ScanResult

from .cells import FONT, LEFT_TOP, CellMaker, header_cell, new_sheet, print_setup, text_cell
from .summary import EXPOSURE_HEADERS, summary_content
from .tables import CellValue, ColumnKind

TITLE = "Supply-chain screening report"
NAME_CHARS = 120
WIDTHS = (26, 34, 15, 12, 16, 40, 60)
EXPOSURE_KINDS: tuple[ColumnKind, ...] = ("text", "text", "text", "score", "money", "wrap")
EXPOSURE_KINDS += ("wrap",)


def _label(ws: Worksheet, text: str) -> Cell:
    cell = text_cell(ws, text)
    cell.font = Font(name=FONT, bold=True)
    return cell


def _tier_chart(first_row: int, last_row: int, ws: Worksheet) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = "Suppliers by risk tier"
    chart.y_axis.title = "Suppliers"
    chart.legend = None
    chart.height, chart.width = 7.5, 13
    data = Reference(ws, min_col=2, min_row=first_row, max_row=last_row)
    cats = Reference(ws, min_col=1, min_row=first_row, max_row=last_row)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(cats)
    chart.series[0].tx = SeriesLabel(v="Suppliers")
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    return chart


def write_summary(
    wb: Workbook, result: ScanResult, *, fail_on: str | None, notes: Sequence[str]
) -> None:
    # The tier colours and row sizing live with the table writer.
    from .excel import LINE_POINTS, MAX_ROW_POINTS, add_tier_rules, row_lines

    content = summary_content(result, fail_on=fail_on)
    ws = new_sheet(wb, "Summary")
    print_setup(ws, title_rows=None)
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    maker = CellMaker(ws)
    rows: list[list[Cell | str | float | None]] = [[_title(ws)], []]
    for key, value in content.metadata:
        rows.append([_label(ws, key), _value(ws, value)])
    rows.append([])
    rows.append([header_cell(ws, h) for h in ("Risk tier", "Suppliers", "Annual spend")])
    first_tier = len(rows) + 1
    for tier, count, spend in content.tiers:
        rows.append([maker.make(tier, "text"), count, maker.make(spend, "money")])
    last_tier = len(rows)
    add_tier_rules(ws, f"A{first_tier}:A{last_tier}")
    rows += [[], [_label(ws, "Notes")]] if notes or content.notes else []
    rows += [[maker.make(note, "text")] for note in [*notes, *content.notes]]
    rows += [[], [_label(ws, f"Top exposures (up to {len(content.exposures)} flagged)")]]
    rows.append([header_cell(ws, h) for h in EXPOSURE_HEADERS])
    first_exposure = len(rows) + 1
    wrap_widths = [w if k == "wrap" else 0.0 for w, k in zip(WIDTHS, EXPOSURE_KINDS, strict=True)]
    for row in content.exposures:
        row = tuple(_shorten(v) for v in row)
        lines = row_lines(row, wrap_widths)
        if lines > 1:  # streamed sheets are not grown to fit by every reader
            ws.row_dimensions[len(rows) + 1].height = min(MAX_ROW_POINTS, LINE_POINTS * lines)
        cells = [maker.make(v, k, top=lines > 1) for v, k in zip(row, EXPOSURE_KINDS, strict=True)]
        rows.append(cells)
    if content.exposures:
        add_tier_rules(ws, f"C{first_exposure}:C{len(rows)}")
    chart_row = len(rows) + 2
    ws.add_chart(_tier_chart(first_tier, last_tier, ws), f"A{chart_row}")
    for row_cells in rows:
        ws.append(row_cells)


def _value(ws: Worksheet, value: str | int | float | None) -> Cell | None:
    if value is None:
        return None
    cell = text_cell(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value)
    cell.alignment = LEFT_TOP
    return cell


def _shorten(value: CellValue) -> CellValue:
    """The Summary is for reading: long names are cut here (the other sheets keep them)."""
    if isinstance(value, str) and len(value) > NAME_CHARS:
        return value[: NAME_CHARS - 1] + "…"
    return value


def _title(ws: Worksheet) -> Cell:
    cell = text_cell(ws, TITLE)
    cell.font = Font(name=FONT, bold=True, size=14)
    return cell
