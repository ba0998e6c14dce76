"""UK OFSI Consolidated List ("2022 format" ConList), as XLSX or its CSV twin.

Row 1 is ``Last Updated | dd/mm/yyyy``, row 2 the header; every further row is one name
variant of a target, and rows are grouped by ``Group ID``. The role is ``ConList.csv`` but
the file may be either twin: a zip signature means XLSX.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path

from screener.errors import ListFormatError
from screener.inputs.workbook import open_workbook
from screener.lists.entity import Entity, EntityName, Identifier, make_id
from screener.lists.formats import ParsedList
from screener.lists.formats._tabular import (
    ZIP_MAGIC,
    clean,
    countries,
    dedupe,
    fail,
    finish,
    head_bytes,
    read_csv,
    resolve_one,
    single_file,
    tidy,
)

ROLE = "ConList.csv"
REQUIRED = ("Name 6", "Group ID", "Group Type", "Alias Type")
NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS_PARTS = (*(f"Address {i}" for i in range(1, 7)), "Post/Zip Code", "Country")
_SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_KINDS = {
    "primary name": "primary",
    "primary name variation": "variation",
    "aka": "aka",
    "fka": "fka",
}
_NUMBERED = re.compile(r"\(\d+\)\s*")
_OTHER_INFO = re.compile(r"\(([^()]{2,60})\):\s*(.*?)(?=\s*\([^()]{2,60}\):|$)", re.S)
_OTHER_IDS = {
    "UK Sanctions List Ref": "other",
    "UN Ref": "other",
    "IMO number": "imo",
    "Business Reg No": "registration",
}

_REF = re.compile(r"(?<=\S)[.,;]?\s.*$", re.S)  # a reference ends at the first space

Row = dict[str, str]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    book = open_workbook(path, lambda problem: fail(path, problem))
    try:
        try:
            sheet = book["Data"] if "Data" in book.sheetnames else book.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
                row = [_cell(v) for v in values]
                if any(c.strip() for c in row):
                    yield number, row
        finally:
            book.close()
    except ListFormatError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise fail(path, f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    if head_bytes(path) == ZIP_MAGIC:
        return _xlsx_rows(path)
    return read_csv(path)


def _records(path: Path) -> tuple[str | None, Iterator[tuple[int, Row]]]:
    """The ``Last Updated`` date and the data rows as dicts keyed by header."""
    rows = _rows(path)
    published: str | None = None
    first = next(rows, None)
    if first is None:
        raise fail(path, "empty file")
    _, header = first
    if clean(header[0]) == "Last Updated":
        published = _iso_date(header[1] if len(header) > 1 else "")
        second = next(rows, None)
        if second is None:
            raise fail(path, "no header row after 'Last Updated'")
        _, header = second
    names = [clean(h) or "" for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise fail(path, f"not an OFSI ConList: missing column(s) {', '.join(missing)}")

    def records() -> Iterator[tuple[int, Row]]:
        for number, row in rows:
            yield number, {k: v for k, v in zip(names, row, strict=False) if k and v}

    return published, records()


def _iso_date(text: str) -> str | None:
    """``dd/mm/yyyy`` → ISO; ``00`` day/month → partial date; ``yyyy``, ``mm/yyyy`` too."""
    value = clean(text)
    if not value:
        return None
    parts = value.split("/")
    if not all(p.isdigit() for p in parts) or len(parts[-1]) != 4 or len(parts) > 3:
        return None
    year, rest = parts[-1], [int(p) for p in reversed(parts[:-1])]  # month, day
    out = year
    for value_, limit in zip(rest, (12, 31), strict=False):
        if not 1 <= value_ <= limit:
            break
        out += f"-{value_:02d}"
    return out


def _split(text: str | None) -> list[str]:
    """``(1) A (2) B`` → ``[A, B]``; plain text → ``[text]``."""
    if not text:
        return []
    parts = _NUMBERED.split(text) if _NUMBERED.search(text) else [text]
    return [c for p in parts if (c := clean(p.strip().rstrip(".")))]


def _names(row: Row) -> list[EntityName]:
    kind = _KINDS.get((clean(row.get("Alias Type")) or "").lower(), "aka")
    strong = (clean(row.get("Alias Quality")) or "").lower() != "low quality"
    names = []
    if latin := clean(" ".join(row.get(p, "") for p in NAME_PARTS)):
        names.append(EntityName(latin, kind, strong))
    if script := clean(row.get("Name Non-Latin Script")):
        lang = clean(row.get("Non-Latin Script Language")) or clean(
            row.get("Non-Latin Script Type")
        )
        names.append(EntityName(script, kind, strong, lang))
    return names


def _documents(kind: str, numbers: str | None, details: str | None) -> list[Identifier]:
    values, notes = _split(numbers), _split(details)
    if len(notes) != len(values):
        notes = [clean(details) or ""] * len(values)
    return [
        Identifier(kind, value, _document_country(note), note or None)
        for value, note in zip(values, notes, strict=True)
    ]


def _document_country(note: str) -> str | None:
    """The issuing country of ``Tunisia number. Issued on …`` / ``Syria``; short texts only."""
    head = re.split(r"\.\s|\s(?:number|passport|national|identity|id)\b|,", note, maxsplit=1)[0]
    return resolve_one(head) if 0 < len(head.split()) <= 4 else None


def _other_information(entity: Entity, text: str) -> None:
    for label, raw in _OTHER_INFO.findall(text):
        value = clean(raw)
        if not value:
            continue
        if label == "Flag of ship":
            entity.countries.extend(countries(value))
        elif label in _OTHER_IDS:
            kind = _OTHER_IDS[label]
            value = _REF.sub("", value) if kind == "other" else value.split(". ")[0]
            note = label if kind == "other" else None
            entity.identifiers.append(Identifier(kind, value.rstrip("."), None, note))


def _new_entity(list_id: str, group_id: str, row: Row) -> Entity:
    group_type = (clean(row.get("Group Type")) or "").lower()
    return Entity(
        id=make_id(list_id, group_id),
        list_id=list_id,
        schema=_SCHEMAS.get(group_type, "Unknown"),
        names=[],
        remarks=clean(row.get("Other Information")),
    )


def _add_row(entity: Entity, row: Row) -> None:
    entity.names.extend(_names(row))
    entity.programs.extend(_split(row.get("Regime")))
    entity.countries.extend(countries(row.get("Nationality")))
    entity.countries.extend(countries(row.get("Country")))
    address = ", ".join(dedupe(clean(row.get(p)) for p in ADDRESS_PARTS))
    if address:
        entity.addresses.append(address)
    entity.identifiers.extend(
        _documents("passport", row.get("Passport Number"), row.get("Passport Details"))
    )
    entity.identifiers.extend(
        _documents(
            "national_id",
            row.get("National Identification Number"),
            row.get("National Identification Details"),
        )
    )
    entity.birth_dates.extend(d for v in _split(row.get("DOB")) if (d := _iso_date(v)))
    listed = _iso_date(row.get("Listed On", ""))
    if listed and (entity.listed_on is None or listed < entity.listed_on):
        entity.listed_on = listed
    if (other := clean(row.get("Other Information"))) and other not in (entity.remarks or ""):
        entity.remarks = f"{entity.remarks} {other}" if entity.remarks else other


def _finish_entity(entity: Entity) -> Entity:
    if entity.remarks:
        _other_information(entity, entity.remarks)
    return tidy(entity)


def parse(list_id: str, files: Mapping[str, Path]) -> ParsedList:
    path = single_file(files, ROLE, "OFSI ConList")
    published, records = _records(path)
    groups: dict[str, Entity] = {}
    for number, row in records:
        group_id = clean(row.get("Group ID"))
        if group_id is None:
            raise fail(path, f"row {number}: no Group ID")
        entity = groups.get(group_id)
        if entity is None:
            entity = groups[group_id] = _new_entity(list_id, group_id, row)
        _add_row(entity, row)
    empty = sorted(g for g, e in groups.items() if not e.names)
    if empty:
        raise fail(path, f"Group ID(s) without any name: {', '.join(empty[:5])}")
    entities = finish(path, (_finish_entity(e) for e in groups.values()))
    return ParsedList(entities=entities, published_at=published)
