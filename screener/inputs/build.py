"""Rows of text → validated ``SupplierRecord``s.

Problems that make a row unusable (blank id or name, duplicate id, an absurdly long name) stop
the run with the row and column. Problems in optional fields become a sentence in
``record.notes`` and the typed field stays empty, so nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from screener.errors import InputError
from screener.inputs import values
from screener.inputs.columns import ColumnMap
from screener.inputs.text import split_multi
from screener.records import SupplierRecord

MAX_NAME_LENGTH = 1_000

_TYPED: dict[str, Callable[[str], Any]] = {
    "annual_spend": values.parse_spend,
    "lei": values.parse_lei,
    "imo": values.parse_imo,
    "has_nondiscrimination_policy": values.parse_bool,
    "has_grievance_mechanism": values.parse_bool,
    "workforce_data_date": values.parse_date,
}


class RecordBuilder:
    """Builds records for one file, remembering ids to refuse duplicates across chunks."""

    __slots__ = ("_columns", "_file", "_seen")

    def __init__(self, columns: ColumnMap, *, file: str) -> None:
        self._columns = columns
        self._file = file
        self._seen: dict[str, int] = {}

    def build(self, row: int, cells: list[str | None]) -> SupplierRecord:
        supplier_id = self._required("supplier_id", row, cells)
        name = self._checked_length("name", self._required("name", row, cells), row)
        self._register(supplier_id, row)
        record = SupplierRecord(supplier_id=supplier_id, row=row, name=name)
        record.aliases = self._names("aliases", row, cells)
        record.parents = self._names("parent", row, cells)
        record.country = self._cell("country", cells)
        record.address = self._cell("address", cells)
        record.operating_countries = split_multi(self._cell("operating_countries", cells))
        record.sourcing_countries = split_multi(self._cell("sourcing_countries", cells))
        record.registration_number = self._cell("registration_number", cells)
        for field_name, parser in _TYPED.items():
            setattr(record, field_name, self._typed(field_name, cells, record, parser))
        record.extra = self._extra(cells)
        return record

    def _cell(self, field_name: str, cells: list[str | None]) -> str | None:
        index = self._columns.fields.get(field_name)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def _required(self, field_name: str, row: int, cells: list[str | None]) -> str:
        value = self._cell(field_name, cells)
        if value is None:
            raise InputError(
                f"{field_name} is blank", file=self._file, row=row, column=self._label(field_name)
            )
        return value

    def _checked_length(self, field_name: str, value: str, row: int) -> str:
        if len(value) > MAX_NAME_LENGTH:
            raise InputError(
                f"{field_name} is {len(value):,} characters long (the limit is "
                f"{MAX_NAME_LENGTH:,})",
                file=self._file,
                row=row,
                column=self._label(field_name),
            )
        return value

    def _names(self, field_name: str, row: int, cells: list[str | None]) -> list[str]:
        names = split_multi(self._cell(field_name, cells))
        return [self._checked_length(field_name, name, row) for name in names]

    def _register(self, supplier_id: str, row: int) -> None:
        first = self._seen.setdefault(supplier_id, row)
        if first != row:
            raise InputError(
                f"duplicate supplier_id {supplier_id!r} (rows {first} and {row})",
                file=self._file,
                row=row,
                column=self._label("supplier_id"),
            )

    def _typed(
        self,
        field_name: str,
        cells: list[str | None],
        record: SupplierRecord,
        parser: Callable[[str], Any],
    ) -> Any:
        raw = self._cell(field_name, cells)
        if raw is None:
            return None
        try:
            return parser(raw)
        except ValueError as exc:
            record.notes.append(f"{field_name} {raw!r} {exc}; ignored")
            return None

    def _extra(self, cells: list[str | None]) -> dict[str, str]:
        extra: dict[str, str] = {}
        known = set(self._columns.fields.values())
        for index, value in enumerate(cells):
            if value is None or index in known:
                continue
            extra[self._columns.extra.get(index) or f"column {index + 1}"] = value
        return extra

    def _label(self, field_name: str) -> str:
        return self._columns.headers.get(field_name, field_name)
