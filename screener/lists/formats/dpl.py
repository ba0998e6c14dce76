"""BIS Denied Persons List: tab-separated text, every field quoted, with a header.

The file has one row per (party, address) and no id column. A denial is identified by the
party's name and the Federal Register notice that first published the order, so the id is
a short hash of the normalised name and the earliest ``FR_Citation`` (volume and page).
Why not the whole citation and the effective date: temporary denial orders are renewed
every 180 days and each renewal appends a citation and moves the effective date, which
would give the same denial a new id twice a year. Rows sharing an id (the same denial at
several addresses) become one entity. When no citation can be read the key falls back to
the name, the citation text and the effective date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from screener.lists.entity import Entity, EntityName, make_id
from screener.lists.formats import ParsedList
from screener.lists.formats._tabular import (
    clean,
    dedupe,
    fail,
    finish,
    guess_schema,
    read_csv,
    resolve_one,
    single_file,
)

ROLE = "dpl.txt"
COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)
PROGRAM = "Denied Persons List (DPL) - Bureau of Industry and Security"
_CITATION = re.compile(r"(\d+)\s*\.?\s*F\.?\s?R\.?\s*(\d+)", re.I)

Row = dict[str, str]


def _records(path: Path) -> Iterator[tuple[int, Row]]:
    rows = read_csv(path, delimiter="\t")
    first = next(rows, None)
    if first is None:
        raise fail(path, "empty file")
    header = [h.strip().lstrip("\ufeff") for h in first[1]]
    if header[: len(COLUMNS)] != list(COLUMNS):
        raise fail(path, "not a Denied Persons List: unexpected header")
    for line, row in rows:
        if len(row) != len(header):
            raise fail(path, f"line {line}: {len(row)} columns, expected {len(header)}")
        yield line, dict(zip(header, row, strict=True))


def denial_key(name: str, citation: str, effective: str) -> str:
    """The stable identity of one denial (see the module docstring)."""
    norm_name = " ".join(name.upper().split())
    cites = sorted({(int(v), int(p)) for v, p in _CITATION.findall(citation)})
    if cites:
        return f"{norm_name}|{cites[0][0]} FR {cites[0][1]}"
    return f"{norm_name}|{' '.join(citation.upper().split())}|{effective.strip()}"


def denial_id(name: str, citation: str, effective: str) -> str:
    """16 hex digits of the sha256 of :func:`denial_key`."""
    key = denial_key(name, citation, effective)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _us_date(text: str | None) -> str | None:
    """``MM/DD/YYYY`` → ISO."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", (text or "").strip())
    if not m:
        return None
    try:
        return dt.date(int(m[3]), int(m[1]), int(m[2])).isoformat()
    except ValueError:
        return None


def _iso_date(text: str | None) -> str | None:
    try:
        return dt.date.fromisoformat((text or "").strip()).isoformat()
    except ValueError:
        return None


def _remarks(row: Row) -> str | None:
    parts = [
        f"{label}: {value}"
        for label, key in (
            ("Action", "Action"),
            ("Federal Register", "FR_Citation"),
            ("Standard order", "Standard_Order"),
            ("Expires", "Expiration_Date"),
        )
        if (value := clean(row[key]))
    ]
    return "; ".join(parts) or None


def _entity(list_id: str, row: Row, name: str) -> Entity:
    source_id = denial_id(name, row["FR_Citation"], row["Effective_Date"])
    return Entity(
        id=make_id(list_id, source_id),
        list_id=list_id,
        schema=guess_schema(name),
        names=[EntityName(name)],
        programs=[PROGRAM],
        remarks=_remarks(row),
    )


def _add(entity: Entity, row: Row) -> None:
    fields = ("Street_Address", "City", "State", "Postal_Code", "Country")
    address = ", ".join(dedupe(clean(row[k]) for k in fields))
    if address:
        entity.addresses = dedupe([*entity.addresses, address])
    if code := resolve_one(row["Country"]):
        entity.countries = dedupe([*entity.countries, code])
    listed = _us_date(row["Effective_Date"])
    if listed and (entity.listed_on is None or listed < entity.listed_on):
        entity.listed_on = listed


def _published(dates: list[str]) -> str | None:
    """The latest ``Last_Update`` that is not in the future (the file has a ``3033-09-30``)."""
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    plausible = [d for d in dates if d <= tomorrow]
    return max(plausible) if plausible else None


def parse(list_id: str, files: Mapping[str, Path]) -> ParsedList:
    path = single_file(files, ROLE, "DPL")
    entities: dict[str, Entity] = {}
    updates: list[str] = []
    for line, row in _records(path):
        name = clean(row["Name"])
        if name is None:
            raise fail(path, f"line {line}: a row without a name")
        fresh = _entity(list_id, row, name)
        entity = entities.setdefault(fresh.id, fresh)
        _add(entity, row)
        if updated := _iso_date(row["Last_Update"]):
            updates.append(updated)
    return ParsedList(entities=finish(path, entities.values()), published_at=_published(updates))
