"""Parquet files: column names are the header, any column type is read as text, row-group
batches keep memory bounded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from screener.errors import InputError
from screener.inputs.table import Row, Table
from screener.inputs.text import cell_text

BATCH_ROWS = 65_536


def open_parquet(path: Path) -> Table:
    """The header is row 1; data row *i* (0-based) is spreadsheet row *i* + 2."""
    try:
        parquet = pq.ParquetFile(path)
        header: list[str | None] = [cell_text(name) for name in parquet.schema_arrow.names]
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"is not a readable Parquet file ({exc})", file=str(path)) from None
    return Table(format="parquet", header_row=1, header=header, rows=_rows(parquet, path))


def _rows(parquet: Any, path: Path) -> Iterator[Row]:
    number = 1
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            columns = [column.to_pylist() for column in batch.columns]
            for values in zip(*columns, strict=True):
                number += 1
                cells = [cell_text(value) for value in values]
                if any(cells):
                    yield number, cells
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"is not a readable Parquet file ({exc})", file=str(path)) from None
    finally:
        parquet.close()
