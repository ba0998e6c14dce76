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
from screener.records import SupplierRecord, split_multi

MAX_NAME_LENGTH = 1_000

_TYPED: dict[str, Callable[[str], Any]] = {
    "annual_spend": values.read_spend,  # (amount, currency): the currency is checked below
    "lei": values.parse_lei,
    "imo": values.parse_imo,
    "has_nondiscrimination_policy": values.parse_bool,
    "has_grievance_mechanism": values.parse_bool,
    "workforce_data_date": values.parse_date,
}

_SPEND = tuple(_TYPED).index("annual_spend")

# The fields ``build`` reads, in the order it reads them.
_FIELDS = (
    "supplier_id", "name", "aliases", "parent", "country", "address", "operating_countries",
    "sourcing_countries", "registration_number", *_TYPED,
)  # fmt: skip


class BlankCell(InputError):
    """A required cell (``supplier_id``, ``name``) is blank."""

    def __init__(self, field: str, *, file: str, row: int, column: str | None) -> None:
        self.field = field
        super().__init__(f"{field} is blank", file=file, row=row, column=column)


class RecordBuilder:
    """Builds records for one file, remembering ids to refuse duplicates across chunks."""

    __slots__ = ("_columns", "_currency", "_file", "_known", "_positions", "_seen", "_width")

    def __init__(self, columns: ColumnMap, *, file: str) -> None:
        self._columns = columns
        self._file = file
        self._known = frozenset(columns.fields.values())
        self._width = max(self._known) + 1
        self._seen: dict[str, int] = {}
        # The first spend figure naming a currency: (currency, row, text).
        self._currency: tuple[str, int, str | None] | None = None
        # Each field's column, or a column past every row (``cells`` is padded to it) when
        # the file has none.
        self._positions = tuple(columns.fields.get(name, self._width) for name in _FIELDS)

    def build(self, row: int, cells: list[str | None]) -> SupplierRecord:
        # Cut to the mapped columns, then one blank cell past them for the fields without one
        # (cells of unmapped columns go to ``extra`` only).
        padded = cells[: self._width]
        padded += [None] * (self._width + 1 - len(padded))
        (
            supplier_id, name, aliases, parents, country, address, operating, sourcing,
            registration, *raw,
        ) = [padded[i] for i in self._positions]  # fmt: skip
        if supplier_id is None:
            raise self._blank("supplier_id", row)
        if name is None:
            raise self._blank("name", row)
        name = self._checked_length("name", name, row)
        self._register(supplier_id, row)
        notes: list[str] = []
        typed: dict[str, Any] = {}
        for (key, parse), value in zip(_TYPED.items(), raw, strict=True):
            if value is None:
                typed[key] = None
                continue
            try:
                typed[key] = parse(value)
            except ValueError as exc:
                notes.append(f"{key} {value!r} {exc}; ignored")
                typed[key] = None
        if typed["annual_spend"] is not None:
            typed["annual_spend"], currency = typed["annual_spend"]
            if typed["annual_spend"] < 0:  # a credit note's balance: no weight in the totals
                notes.append(f"annual_spend {raw[_SPEND]!r} is negative; ignored")
                typed["annual_spend"] = None
            elif currency is not None:  # a bare number: the currency the other figures name
                self._check_currency(currency, raw[_SPEND], row)
        return SupplierRecord(
            supplier_id=supplier_id,
            row=row,
            name=name,
            aliases=self._names("aliases", aliases, row),
            parents=self._names("parent", parents, row),
            country=country,
            address=address,
            operating_countries=split_multi(operating),
            sourcing_countries=split_multi(sourcing),
            registration_number=registration,
            notes=notes,
            extra=self._extra(cells) if self._extra_possible(cells) else {},
            **typed,
        )

    def _blank(self, field_name: str, row: int) -> BlankCell:
        return BlankCell(field_name, file=self._file, row=row, column=self._label(field_name))

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

    def _names(self, field_name: str, cell: str | None, row: int) -> list[str]:
        if cell is None:
            return []
        names = split_multi(cell)
        return [self._checked_length(field_name, name, row) for name in names]

    def _check_currency(self, currency: str, text: str | None, row: int) -> None:
        """Spend figures in two currencies would be added up as one in the spend totals."""
        if self._currency is None:
            self._currency = (currency, row, text)
            return
        first, first_row, first_text = self._currency
        if currency != first:
            raise InputError(
                f"annual_spend is in more than one currency (row {first_row} {first_text!r} is "
                f"{first}, row {row} {text!r} is {currency}): the spend totals would add them "
                "up; convert the column to one currency",
                file=self._file,
                row=row,
                column=self._label("annual_spend"),
            )

    def _register(self, supplier_id: str, row: int) -> None:
        first = self._seen.setdefault(supplier_id, row)
        if first != row:
            raise InputError(
                f"duplicate supplier_id {supplier_id!r} (rows {first} and {row})",
                file=self._file,
                row=row,
                column=self._label("supplier_id"),
            )

    def _extra_possible(self, cells: list[str | None]) -> bool:
        return bool(self._columns.extra) or len(cells) > self._width

    def _extra(self, cells: list[str | None]) -> dict[str, str]:
        extra: dict[str, str] = {}
        for index, value in enumerate(cells):
            if value is None or index in self._known:
                continue
            extra[self._columns.extra.get(index) or f"column {index + 1}"] = value
        return extra

    def _label(self, field_name: str) -> str:
        return self._columns.headers.get(field_name, field_name)
