"""Header cells → contract fields.

Headers match case-insensitively, ignoring spaces, ``_``, ``-`` and punctuation; a trailing
bracketed unit ("Annual Spend (EUR)") is ignored when the bare name is known. Each field has
the synonyms people really put in supplier masters and ERP exports.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from screener.errors import InputError

REQUIRED = ("supplier_id", "name")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "supplier_id": (
        "supplier id",
        "supplier no",
        "supplier number",
        "supplier code",
        "supplier ref",
        "supplier reference",
        "vendor id",
        "vendor no",
        "vendor number",
        "vendor code",
        "creditor id",
        "creditor number",
        "partner id",
        "business partner id",
        "bp number",
        "kreditor",
        "kreditornummer",
        "lieferantennummer",
    ),
    "name": (
        "name",
        "supplier",
        "supplier name",
        "vendor",
        "vendor name",
        "company",
        "company name",
        "legal name",
        "legal entity name",
        "registered name",
        "entity name",
        "business name",
        "organisation name",
        "organization name",
        "partner name",
        "firma",
        "lieferant",
    ),
    "aliases": (
        "aliases",
        "alias",
        "aka",
        "akas",
        "also known as",
        "other names",
        "trading name",
        "trading names",
        "trade name",
        "dba",
        "former names",
        "former name",
    ),
    "country": (
        "country",
        "country of incorporation",
        "country of registration",
        "incorporation country",
        "registration country",
        "country code",
        "hq country",
        "headquarters country",
        "domicile",
        "supplier country",
        "vendor country",
        "land",
    ),
    "address": (
        "address",
        "registered address",
        "full address",
        "street address",
        "supplier address",
        "vendor address",
        "adresse",
        "anschrift",
    ),
    "operating_countries": (
        "operating countries",
        "operating country",
        "countries of operation",
        "operations countries",
        "operates in",
    ),
    "sourcing_countries": (
        "sourcing countries",
        "sourcing country",
        "countries of origin",
        "country of origin",
        "origin countries",
        "origin country",
    ),
    "parent": (
        "parent",
        "parents",
        "parent company",
        "parent companies",
        "parent company name",
        "parent name",
        "ultimate parent",
        "ultimate parent company",
        "owner",
        "owner company",
        "holding company",
        "group parent",
        "muttergesellschaft",
    ),
    "lei": ("lei", "lei code", "legal entity identifier"),
    "registration_number": (
        "registration number",
        "registration no",
        "registration id",
        "reg number",
        "reg no",
        "company number",
        "company no",
        "company registration number",
        "company registration no",
        "commercial register number",
        "handelsregisternummer",
    ),
    "imo": ("imo", "imo number", "imo no", "imo code", "vessel imo"),
    "annual_spend": (
        "annual spend",
        "spend",
        "total spend",
        "spend amount",
        "yearly spend",
        "annual purchases",
        "purchase volume",
        "annual purchase volume",
    ),
    "has_nondiscrimination_policy": (
        "has nondiscrimination policy",
        "nondiscrimination policy",
        "non discrimination policy",
        "has antidiscrimination policy",
        "antidiscrimination policy",
    ),
    "has_grievance_mechanism": (
        "has grievance mechanism",
        "grievance mechanism",
        "grievance procedure",
        "has grievance procedure",
    ),
    "workforce_data_date": (
        "workforce data date",
        "workforce data as of",
        "workforce as of",
        "workforce date",
    ),
}

_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")
_DROP = re.compile(r"[\W_]+")


def header_key(header: str) -> str:
    """The matching key of a header cell: casefolded, NFKC, only letters and digits."""
    text = unicodedata.normalize("NFKC", header).casefold().replace("#", "no")
    return _DROP.sub("", text)


_LOOKUP: dict[str, str] = {
    header_key(alias): name for name, aliases in SYNONYMS.items() for alias in (name, *aliases)
}


def field_for(header: str) -> str | None:
    """The contract field a header names, or ``None`` for a column the contract does not know."""
    key = header_key(header)
    if key in _LOOKUP:
        return _LOOKUP[key]
    bare = header_key(_BRACKETED.sub("", header))
    return _LOOKUP.get(bare) if bare else None


@dataclass(slots=True)
class ColumnMap:
    """Where each field sits: ``fields`` maps field → column index, ``extra`` index → label."""

    fields: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[int, str] = field(default_factory=dict)

    def has_required(self) -> bool:
        return all(name in self.fields for name in REQUIRED)


def map_header(cells: list[str | None], *, file: str, row: int) -> ColumnMap:
    """Map a header row; two columns naming the same field is an error."""
    columns = ColumnMap()
    labels: set[str] = set()
    for index, header in enumerate(cells):
        if not header:
            continue
        name = field_for(header)
        if name is None:
            columns.extra[index] = _unique_label(header, labels)
            continue
        if name in columns.fields:
            first = columns.headers[name]
            raise InputError(
                f"columns {first!r} and {header!r} both mean {name}; keep one",
                file=file,
                row=row,
                column=header,
            )
        columns.fields[name] = index
        columns.headers[name] = header
    return columns


def _unique_label(header: str, labels: set[str]) -> str:
    label, number = header, 1
    while label in labels:
        number += 1
        label = f"{header} ({number})"
    labels.add(label)
    return label


def require(columns: ColumnMap, cells: list[str | None], *, file: str, row: int) -> None:
    """Raise naming the first missing required column and listing the columns found."""
    for name in REQUIRED:
        if name not in columns.fields:
            found = ", ".join(repr(cell) for cell in cells if cell) or "none"
            accepted = ", ".join(repr(a) for a in list(dict.fromkeys((name, *SYNONYMS[name])))[:6])
            raise InputError(
                f"required column {name!r} not found (columns found: {found}; "
                f"accepted names include {accepted})",
                file=file,
                row=row,
            )
