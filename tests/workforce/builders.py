"""Small builders for workforce rows, in the shape the reader produces."""

from __future__ import annotations

import datetime as dt

from screener.records import SupplierRecord
from screener.workforce import WorkforceData, WorkforceRow
from screener.workforce.figures import DimensionFigures, dimensions
from screener.workforce.reader import BenchmarkTable

TODAY = dt.date(2026, 11, 25)
Line = tuple[str, int, int | None, float | None]  # group, headcount, management, benchmark


def rows(dimension: str, *lines: Line, supplier: str = "S1", start: int = 2) -> list[WorkforceRow]:
    return [
        WorkforceRow(supplier, dimension, group, headcount, start + i, management, share, None)
        for i, (group, headcount, management, share) in enumerate(lines)
    ]


def figures(
    *row_lists: list[WorkforceRow], table: BenchmarkTable | None = None, country: str | None = None
) -> list[DimensionFigures]:
    flat = [row for part in row_lists for row in part]
    return dimensions(flat, table or BenchmarkTable(), country, "wf.csv")


def one(
    *lines: Line,
    dimension: str = "gender",
    country: str | None = None,
    table: BenchmarkTable | None = None,
) -> DimensionFigures:
    (dim,) = figures(rows(dimension, *lines), table=table, country=country)
    return dim


def data(*row_lists: list[WorkforceRow], table: BenchmarkTable | None = None) -> WorkforceData:
    result = WorkforceData(source="/somewhere/wf.csv", benchmarks=table or BenchmarkTable())
    for part in row_lists:
        for row in part:
            result.rows.setdefault(row.supplier_id, []).append(row)
    return result


def record(
    supplier_id: str = "S1",
    policy: bool | None = True,
    grievance: bool | None = True,
    date: str | None = None,
    country: str | None = None,
) -> SupplierRecord:
    return SupplierRecord(
        supplier_id=supplier_id,
        row=2,
        name="Example Ltd",
        country=country,
        has_nondiscrimination_policy=policy,
        has_grievance_mechanism=grievance,
        workforce_data_date=date,
    )
