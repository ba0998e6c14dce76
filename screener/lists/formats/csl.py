"""trade.gov Consolidated Screening List CSV (plain or gzip), 29 columns with a header.

``_id`` is the id. The CSL repeats an OFAC entity once per Treasury list it is on (SDN and
SSI, CAPTA …) under the same ``_id``; those rows are merged into one entity whose programs
name every list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from screener.lists.entity import Entity, EntityName, Identifier, make_id
from screener.lists.formats import ParsedList
from screener.lists.formats._tabular import (
    clean,
    fail,
    finish,
    guess_schema,
    read_csv,
    resolve_one,
    single_file,
    tidy,
)

ROLE = "consolidated.csv"
REQUIRED = ("_id", "source", "type", "name", "alt_names", "addresses", "programs", "ids")
_SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
}
_ID_KINDS = {
    "vessel registration identification": "imo",
    "mmsi": "mmsi",
    "swift/bic": "swift",
    "passport": "passport",
    "national id no.": "national_id",
    "registration id": "registration",
    "registration number": "registration",
    "company number": "registration",
    "tax id no.": "tax",
    "legal entity number": "lei",
}
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}$")

Row = dict[str, str]


def _multi(value: str | None) -> list[str]:
    return [c for part in (value or "").split(";") if (c := clean(part))]


def _records(path: Path) -> Iterator[tuple[int, Row]]:
    rows = read_csv(path)
    first = next(rows, None)
    if first is None:
        raise fail(path, "empty file")
    header = [h.strip().lstrip("\ufeff") for h in first[1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise fail(path, f"not a Consolidated Screening List: missing {', '.join(missing)}")
    for line, row in rows:
        if len(row) != len(header):
            raise fail(path, f"line {line}: {len(row)} columns, expected {len(header)}")
        yield line, dict(zip(header, row, strict=True))


def _identifiers(text: str | None) -> list[Identifier]:
    """``CY, C146742, Registration Number`` / ``IMO 8898831, Vessel Registration …``."""
    found = []
    for item in _multi(text):
        parts = [p.strip() for p in item.split(", ")]
        kind = _ID_KINDS.get(parts[-1].lower())
        if kind is None or len(parts) not in (2, 3):
            continue
        value = parts[-2].removeprefix("IMO ").strip() if kind == "imo" else parts[-2]
        country = resolve_one(parts[0]) if len(parts) == 3 else None
        found.append(Identifier(kind, value, country))
    return found


def _alias(text: str) -> str:
    """BIS lists write the last alias of a series as ``and X``."""
    return text[4:] if text.lower().startswith("and ") and len(text) > 8 else text


def _new(list_id: str, row: Row) -> Entity:
    name = clean(row["name"])
    kind = (clean(row["type"]) or "").lower()
    schema = _SCHEMAS.get(kind) or guess_schema(name or "")
    return Entity(id=make_id(list_id, row["_id"]), list_id=list_id, schema=schema, names=[])


def _add(entity: Entity, row: Row) -> None:
    if name := clean(row["name"]):
        entity.names.append(EntityName(name))
    entity.names.extend(EntityName(_alias(a), "aka") for a in _multi(row["alt_names"]))
    entity.programs.extend([*_multi(row["programs"]), *_multi(row["source"])])
    for address in _multi(row["addresses"]):
        entity.addresses.append(address)
        if code := resolve_one(address.rsplit(",", 1)[-1]):
            entity.countries.append(code)
    for key in ("citizenships", "nationalities", "vessel_flag"):
        entity.countries.extend(c for v in _multi(row.get(key)) if (c := resolve_one(v)))
    entity.identifiers.extend(_identifiers(row["ids"]))
    if call_sign := clean(row.get("call_sign")):
        entity.identifiers.append(Identifier("other", call_sign, note="call sign"))
    entity.birth_dates.extend(d for d in _multi(row.get("dates_of_birth")) if _ISO_DATE.match(d))
    start = clean(row.get("start_date"))
    if start and _ISO_DATE.match(start) and (entity.listed_on or "9999") > start:
        entity.listed_on = start
    if (remarks := clean(row.get("remarks"))) and remarks not in (entity.remarks or ""):
        entity.remarks = f"{entity.remarks}; {remarks}" if entity.remarks else remarks
    entity.source_url = entity.source_url or clean(
        row.get("source_information_url") or row.get("source_list_url")
    )


def parse(list_id: str, files: Mapping[str, Path]) -> ParsedList:
    path = single_file(files, ROLE, "CSL")
    entities: dict[str, Entity] = {}
    for line, row in _records(path):
        if not clean(row["_id"]) or not clean(row["name"]):
            raise fail(path, f"line {line}: a row without _id or name")
        key = row["_id"].strip()
        entity = entities.get(key)
        if entity is None:
            entity = entities[key] = _new(list_id, row)
        _add(entity, row)
    return ParsedList(entities=finish(path, (tidy(e) for e in entities.values())))
