"""The supplier record: one validated input row, as every stage after the reader sees it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SupplierRecord:
    """One row of the user's supplier file.

    ``row`` is the row number a spreadsheet shows (header = row 1). Multi-valued cells
    (``;``-separated) are already split. ``notes`` holds record-level problems found while
    reading (e.g. an unreadable spend figure), which end up in the supplier's reasons so that
    nothing is dropped silently. ``extra`` keeps columns the contract does not name.
    """

    supplier_id: str
    row: int
    name: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    address: str | None = None
    operating_countries: list[str] = field(default_factory=list)
    sourcing_countries: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    lei: str | None = None
    registration_number: str | None = None
    imo: str | None = None
    annual_spend: float | None = None
    has_nondiscrimination_policy: bool | None = None
    has_grievance_mechanism: bool | None = None
    workforce_data_date: str | None = None
    notes: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)

    def country_texts(self) -> list[str]:
        """The values of the country cell: ``;`` separates the values of every multi-valued
        cell, a country's too (``Iran;Germany`` names both)."""
        return split_multi(self.country)


def split_multi(text: str | None) -> list[str]:
    """Split a ``;``-separated cell into its values, dropping blanks and repeats, keeping order."""
    if not text:
        return []
    if ";" not in text:
        return [text]  # cells are already clean: no blank or padded value here
    return list(dict.fromkeys(part.strip() for part in text.split(";") if part.strip()))
