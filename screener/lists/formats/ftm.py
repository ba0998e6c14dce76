"""OpenSanctions FollowTheMoney entities (``ftm_json``): ``entities.ftm.json``.

One JSON object per line: ``{"id", "schema", "caption", "properties": {name: [values]},
"referents", "target", "last_change", …}``. The file is read line by line.

Only "thing" schemata are screenable and become entities (id ``opensanctions:<id>``):
Person → Person; Organization, Company, LegalEntity, PublicBody → Organization; Vessel →
Vessel; Airplane → Aircraft. Other lines are details folded into the things they name:

- ``Sanction`` (``entity``): its ``programId`` (else a short ``program`` name) joins the
  programmes, its earliest ``listingDate`` / ``startDate`` is the listing date;
- ``Address`` (referenced by ``addressEntity``, by id or by referent): full text and country;
- ``Passport`` / ``Identification`` (``holder``): the document number;
- ``Ownership`` (``owner`` → ``asset``): "owned by …" / "owns …" lines in the remarks.

Other relations (Family, Directorship, …) are skipped. Names: the caption first, then the
other ``name`` values (primary), ``alias`` (a.k.a.), ``weakAlias`` (weak a.k.a.),
``previousName`` (f.k.a.), each group sorted, non-Latin names tagged with their script.
Entities OpenSanctions does not mark as sanction targets (``target: false``: linked
companies and relatives) are kept, since a supplier owned by a listed party matters, but
their remarks say so first. ``published_at`` is the latest ``last_change`` in the file.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screener.errors import ListFormatError
from screener.lists.entity import Entity, EntityName, Identifier, make_id
from screener.lists.formats import ParsedList
from screener.lists.formats._xml import (
    clean,
    finish,
    resolve_countries,
    role_path,
    script_of,
    unique,
    unresolved_warning,
)

ROLE = "entities.ftm.json"
SCHEMAS = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Organization",
    "LegalEntity": "Organization",
    "PublicBody": "Organization",
    "Vessel": "Vessel",
    "Airplane": "Aircraft",
}
IDENTIFIERS = (
    ("imoNumber", "imo", None),
    ("leiCode", "lei", None),
    ("swiftBic", "swift", None),
    ("mmsi", "mmsi", None),
    ("registrationNumber", "registration", None),
    ("ogrnCode", "registration", "OGRN"),
    ("innCode", "tax", "INN"),
    ("taxNumber", "tax", None),
    ("vatCode", "tax", "VAT"),
    ("passportNumber", "passport", None),
    ("idNumber", "national_id", None),
)
COUNTRY_PROPS = ("country", "jurisdiction", "nationality", "citizenship")
NAME_PROPS = (("alias", "aka", True), ("weakAlias", "aka", False), ("previousName", "fka", True))
_CODE = re.compile(r"^[a-z]{2}(-[a-z]+)?$")


@dataclass(slots=True)
class _Details:
    """Relation and detail lines, indexed by the entity they belong to."""

    things: list[dict[str, Any]] = field(default_factory=list)
    addresses: dict[str, dict[str, Any]] = field(default_factory=dict)
    sanctions: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    owned_by: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    owns: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    captions: dict[str, str] = field(default_factory=dict)
    last_change: str = ""


def parse(list_id: str, files: Mapping[str, Path]) -> ParsedList:
    path = role_path(files, ROLE)
    details = _Details()
    for data in _lines(path):
        _collect(details, data)
    unresolved: set[str] = set()
    entities = [_entity(list_id, t, details, unresolved) for t in details.things]
    return ParsedList(
        entities=finish(path, entities),
        published_at=details.last_change or None,
        warnings=unresolved_warning(unresolved),
    )


MAX_LINE_BYTES = 16 << 20
"""One entity per line; the largest OpenSanctions entities are a few hundred kilobytes."""


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    try:
        # Bytes first: a text-mode readline of a huge line costs several times its size.
        with path.open("rb") as fh:
            number = 0
            while raw := fh.readline(MAX_LINE_BYTES + 1):
                number += 1
                if len(raw) > MAX_LINE_BYTES:
                    raise ListFormatError(
                        f"{path.name}, line {number}: longer than {MAX_LINE_BYTES:,} bytes"
                    )
                line = raw.decode("utf-8")
                if line.strip():
                    yield _decode(path, number, line)
    except UnicodeDecodeError as exc:
        raise ListFormatError(f"{path.name}: not UTF-8 text: {exc}") from exc
    except OSError as exc:
        raise ListFormatError(f"{path.name}: cannot read the file: {exc}") from exc


def _decode(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ListFormatError(f"{path.name}, line {number}: not JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
        raise ListFormatError(f"{path.name}, line {number}: not a FollowTheMoney entity")
    props = data.get("properties") or {}
    if not isinstance(props, dict):
        raise ListFormatError(f"{path.name}, line {number}: 'properties' is not an object")
    data["properties"] = {
        k: [_ref(v) for v in vs] for k, vs in props.items() if isinstance(vs, list)
    }
    return data


def _ref(value: Any) -> str:
    """A property value; nested entities (some exports inline them) become their id."""
    if isinstance(value, dict):
        return str(value.get("id", ""))
    return str(value)


def _collect(d: _Details, data: dict[str, Any]) -> None:
    d.last_change = max(d.last_change, str(data.get("last_change") or ""))
    schema, props = data["schema"], data["properties"]
    d.captions[data["id"]] = clean(data.get("caption")) or data["id"]
    if schema in SCHEMAS:
        d.things.append(data)
    elif schema == "Address":
        for key in [data["id"], *data.get("referents", [])]:
            d.addresses[key] = data
    elif schema == "Sanction":
        for target in props.get("entity", []):
            d.sanctions[target].append(props)
    elif schema in ("Passport", "Identification"):
        for holder in props.get("holder", []):
            d.documents[holder].append(props)
    elif schema == "Ownership":
        for asset in props.get("asset", []):
            d.owned_by[asset].append(props)
        for owner in props.get("owner", []):
            d.owns[owner].append(props)


def _entity(list_id: str, data: dict[str, Any], d: _Details, unresolved: set[str]) -> Entity:
    props: dict[str, list[str]] = data["properties"]
    key = data["id"]
    addresses = [d.addresses[a] for a in props.get("addressEntity", []) if a in d.addresses]
    sanctions = d.sanctions.get(key, [])
    return Entity(
        id=make_id(list_id, key),
        list_id=list_id,
        schema=SCHEMAS[data["schema"]],
        names=_names(clean(data.get("caption")), props),
        programs=_programs(props, sanctions),
        countries=_countries(props, addresses, unresolved),
        addresses=unique(
            [clean(a) for a in props.get("address", [])]
            + [clean(v) for a in addresses for v in a["properties"].get("full", [])[:1]]
        ),
        identifiers=_identifiers(props, d.documents.get(key, [])),
        birth_dates=sorted(unique([clean(v) for v in props.get("birthDate", [])])),
        listed_on=_listed_on(props, sanctions),
        remarks=_remarks(data, d) or None,
    )


def _names(caption: str, props: dict[str, list[str]]) -> list[EntityName]:
    primary = sorted(unique([clean(n) for n in props.get("name", [])]))
    if caption:
        primary = [caption, *(n for n in primary if n != caption)]
    names = [EntityName(n, lang=script_of(n)) for n in primary]
    taken = set(primary)
    for prop, kind, strong in NAME_PROPS:
        for name in sorted(unique([clean(n) for n in props.get(prop, [])])):
            if name not in taken:
                taken.add(name)
                names.append(EntityName(name, kind=kind, strong=strong, lang=script_of(name)))
    return names


def _programs(props: dict[str, list[str]], sanctions: list[dict[str, list[str]]]) -> list[str]:
    programs = list(props.get("programId", []))
    for s in sanctions:
        programs += s.get("programId") or [p for p in s.get("program", []) if len(p) <= 80]
    return sorted(unique([clean(p) for p in programs]))


def _countries(
    props: dict[str, list[str]], addresses: list[dict[str, Any]], unresolved: set[str]
) -> list[str]:
    values = [v for p in COUNTRY_PROPS for v in props.get(p, [])]
    values += [v for a in addresses for v in a["properties"].get("country", [])]
    codes = {v for v in values if _CODE.match(v)}
    return sorted(codes | set(resolve_countries([v for v in values if v not in codes], unresolved)))


def _identifiers(
    props: dict[str, list[str]], documents: list[dict[str, list[str]]]
) -> list[Identifier]:
    found = [
        Identifier(kind, _value(kind, v), note=note)
        for prop, kind, note in IDENTIFIERS
        for v in sorted(unique(props.get(prop, [])))
    ]
    for doc in documents:
        country = next(iter(doc.get("country", [])), None)
        for number in doc.get("number", []):
            found.append(Identifier("passport", clean(number), country=country))
    seen: set[tuple[str, str]] = set()
    result = []
    for i in found:
        if i.value and (i.kind, i.value) not in seen:
            seen.add((i.kind, i.value))
            result.append(i)
    return result


def _value(kind: str, value: str) -> str:
    value = clean(value)
    if kind == "imo" and value.upper().startswith("IMO"):
        return value[3:].strip()
    return value


def _listed_on(props: dict[str, list[str]], sanctions: list[dict[str, list[str]]]) -> str | None:
    dates = [v for s in sanctions for p in ("listingDate", "startDate") for v in s.get(p, [])]
    dates = dates or props.get("createdAt", [])
    return min(dates) if dates else None


def _remarks(data: dict[str, Any], d: _Details) -> str:
    lines = []
    if data.get("target") is False:
        lines.append("Not itself a sanctions target in OpenSanctions; listed as a related party.")
    props = data["properties"]
    lines += unique([clean(n) for n in props.get("notes", [])])
    if props.get("topics"):
        lines.append(f"Topics: {', '.join(sorted(props['topics']))}.")
    owners = [
        d.captions.get(o, o) for own in d.owned_by.get(data["id"], []) for o in own.get("owner", [])
    ]
    assets = [
        d.captions.get(a, a) for own in d.owns.get(data["id"], []) for a in own.get("asset", [])
    ]
    if owners:
        lines.append(f"Owned by: {'; '.join(sorted(unique(owners)))}.")
    if assets:
        lines.append(f"Owns: {'; '.join(sorted(unique(assets)))}.")
    return " ".join(lines)
