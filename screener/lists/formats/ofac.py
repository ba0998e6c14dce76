"""OFAC legacy CSV files: SDN (``sdn.csv`` …) and the non-SDN consolidated list (``cons_*``).

No header; ``-0-`` is the null marker; the last line is a lone Ctrl-Z. ``sdn.csv`` /
``cons_prim.csv`` hold one row per entity, ``alt.csv`` the (strong) aliases, ``add.csv`` the
addresses and ``sdn_comments.csv`` the continuation of Remarks cut at the field limit. Weak
akas exist only inside Remarks (``a.k.a. 'BNC'``), so they are read from there with
``strong=False``, together with DOBs, nationalities and identifiers where the pattern is clear.
The country that issued an identifier (``Registration Number 1062457033022 (Russia)``, a
passport) is one of the entity's countries: for the entries OFAC gives no address, it is the
only country there is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from screener.errors import ListFormatError
from screener.lists.entity import Entity, EntityName, Identifier, make_id
from screener.lists.formats import ParsedList
from screener.lists.formats._tabular import (
    clean,
    countries,
    dedupe,
    fail,
    finish,
    read_csv,
    record_link,
    resolve_one,
    text_date,
    tidy,
)

PRIMARY, ALT, ADD, COMMENTS = "primary", "alt", "add", "comments"
_ROLES = {
    "sdn.csv": PRIMARY,
    "cons_prim.csv": PRIMARY,
    "alt.csv": ALT,
    "cons_alt.csv": ALT,
    "add.csv": ADD,
    "cons_add.csv": ADD,
    "sdn_comments.csv": COMMENTS,
    "cons_comments.csv": COMMENTS,
}
_WIDTH = {PRIMARY: 12, ALT: 5, ADD: 6, COMMENTS: 2}
_SCHEMAS = {
    None: "Organization",
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
}
_ALT_KINDS = {"aka": "aka", "fka": "fka", "nka": "nka"}

_REMARK_AKA = re.compile(r"^(?:alt\. )?([afn])\.k\.a\. '(.+)'$")
_REMARK_DOB = re.compile(r"^(?:alt\. )?DOB (.+)$")
_REMARK_COUNTRY = re.compile(r"^(?:alt\. )?(?:nationality|citizen) (.+)$", re.I)
_REMARK_ID = re.compile(
    r"^(?:alt\. )?(?P<label>Vessel Registration Identification|MMSI|SWIFT/BIC|Passport"
    r"|National ID No\.|Registration ID|Registration Number|Tax ID No\.|Legal Entity Number"
    r"|Identification Number)\s+(?P<rest>.+)$"
)
# "<value> (<country>) <note>" or "<value> expires …". A bracket written against the value is
# part of it: a check digit (``K357514(4)``), a Burmese citizenship class (``12/BAHANA(N)010023``).
_ID_VALUE = re.compile(
    r"^(?P<value>.+?)(?:\s+\((?P<country>[^()]+)\)(?P<note>.*)"
    r"|(?P<note2>\s(?:expires|issued|Issue Date|Expire Date)\b.*))?$",
    re.I,
)
_ID_KINDS = {
    "Vessel Registration Identification": "imo",
    "MMSI": "mmsi",
    "SWIFT/BIC": "swift",
    "Passport": "passport",
    "National ID No.": "national_id",
    "Registration ID": "registration",
    "Registration Number": "registration",
    "Tax ID No.": "tax",
    "Legal Entity Number": "lei",
    "Identification Number": "other",
}


def _null(value: str) -> str | None:
    """OFAC writes ``-0- `` for an empty field."""
    text = clean(value)
    return None if text == "-0-" else text


@dataclass(slots=True)
class _Extras:
    names: dict[str, list[EntityName]] = field(default_factory=lambda: defaultdict(list))
    addresses: dict[str, list[tuple[str, str | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    comments: dict[str, str] = field(default_factory=lambda: defaultdict(str))


def _roles(files: Mapping[str, Path]) -> dict[str, Path]:
    roles: dict[str, Path] = {}
    for name, path in files.items():
        role = _ROLES.get(name)
        if role is None:
            raise ListFormatError(f"{name}: not an OFAC CSV file role ({', '.join(_ROLES)})")
        roles[role] = path
    if PRIMARY not in roles:
        raise ListFormatError("OFAC CSV: the primary file (sdn.csv or cons_prim.csv) is missing")
    return roles


def _rows(path: Path, role: str) -> Iterator[tuple[int, list[str]]]:
    for line, row in read_csv(path):
        if len(row) != _WIDTH[role]:
            raise fail(path, f"line {line}: {len(row)} columns, expected {_WIDTH[role]}")
        if not row[0].strip().isdigit():
            raise fail(path, f"line {line}: ent_num {row[0][:20]!r} is not a number")
        yield line, row


def _read_extras(roles: dict[str, Path]) -> _Extras:
    extras = _Extras()
    if ALT in roles:
        for _, row in _rows(roles[ALT], ALT):
            name = _null(row[3])
            if name:
                kind = _ALT_KINDS.get((_null(row[2]) or "aka").lower(), "aka")
                extras.names[row[0].strip()].append(EntityName(name, kind))
    if ADD in roles:
        for _, row in _rows(roles[ADD], ADD):
            parts = dedupe(_null(v) for v in row[2:5])
            if parts:
                extras.addresses[row[0].strip()].append((", ".join(parts), _null(row[4])))
    if COMMENTS in roles:
        for _, row in _rows(roles[COMMENTS], COMMENTS):
            extras.comments[row[0].strip()] += row[1]
    return extras


def _apply_remarks(entity: Entity, remarks: str) -> None:
    """Weak akas, DOBs, nationalities and identifiers from the free-text Remarks."""
    for raw in remarks.split(";"):
        part = raw.strip().rstrip(".").strip()
        if m := _REMARK_AKA.match(part):
            kind = {"a": "aka", "f": "fka", "n": "nka"}[m.group(1)]
            entity.names.append(EntityName(m.group(2).strip(), kind, strong=False))
        elif m := _REMARK_DOB.match(part):
            if (dob := text_date(m.group(1))) is not None:
                entity.birth_dates.append(dob)
        elif m := _REMARK_COUNTRY.match(part):
            entity.countries.extend(countries(m.group(1)))
        elif (m := _REMARK_ID.match(part)) and (ident := _identifier(m)) is not None:
            entity.identifiers.append(ident)


def _joined(head: str, raw: str, rest: str) -> str:
    """Remarks cut at the field limit, joined to their continuation: with the space the cut
    fell on (``Registration Number 1027700070518 `` + ``(Russia); …``), else as one word."""
    if head and rest and (raw[-1:].isspace() or rest[:1].isspace()):
        return f"{head} {rest.lstrip()}"
    return head + rest


def _identifier(m: re.Match[str]) -> Identifier | None:
    """The identifier of a Remarks part; None when only a label is left (``IMO`` alone)."""
    kind = _ID_KINDS[m.group("label")]
    parts = _ID_VALUE.match(m.group("rest"))
    if parts is None:
        return Identifier(kind, m.group("rest").strip())
    value = _without_country(parts.group("value").strip())
    if kind == "imo":
        value = value.removeprefix("IMO").strip()
    if not value:
        return None
    label = m.group("label") if kind == "other" else None
    note = "; ".join(dedupe([label, clean(parts.group("note") or parts.group("note2"))]))
    return Identifier(kind, value, _identifier_country(m.group("rest")), note or None)


_BRACKETS = re.compile(r"\(([^()]+)\)")
_LAST_BRACKET = re.compile(r"\(([^()]+)\)$")


def _without_country(value: str) -> str:
    """A value without a country bracket written against its end (``A123(Iran)``): a
    bracket of the value itself is not a country (``K357514(4)``, ``IT022428/2014(G)``)."""
    while (m := _LAST_BRACKET.search(value)) and m.start() > 0:
        text = m.group(1).strip()
        if len(text) < 2 or text.isdigit() or resolve_one(text) is None:
            break  # a letter is a class (``(N)``), not a country code
        value = value[: m.start()].rstrip()
    return value


def _identifier_country(rest: str) -> str | None:
    """The country of an identifier: its last bracket that names one (``HRB 770549
    (Stuttgart) (Germany)`` → de); a bracket of digits (``K357514(4)``, a check digit) never
    does, though ISO numeric codes would read it as one."""
    for text in reversed(_BRACKETS.findall(rest)):
        text = text.strip()
        if len(text) > 1 and not text.isdigit() and (code := resolve_one(text)) is not None:
            return code
    return None


def _entity(list_id: str, row: list[str], extras: _Extras) -> Entity:
    ent_num = row[0].strip()
    name = _null(row[1])
    if name is None:
        raise ListFormatError(f"{list_id}: entity {ent_num} has no name")
    sdn_type = _null(row[2])
    entity = Entity(
        id=make_id(list_id, ent_num),
        list_id=list_id,
        schema=_SCHEMAS.get(sdn_type.lower() if sdn_type else None, "Unknown"),
        names=[EntityName(name), *extras.names.get(ent_num, [])],
        programs=dedupe(p.strip(" []") for p in (_null(row[3]) or "").split("] [")),
        source_url=record_link(list_id, ent_num),
    )
    if call_sign := _null(row[5]):
        entity.identifiers.append(Identifier("other", call_sign, note="call sign"))
    if flag := resolve_one(_null(row[9])):
        entity.countries.append(flag)
    for address, country in extras.addresses.get(ent_num, []):
        entity.addresses.append(address)
        entity.countries.extend(countries(country))
    remarks = _joined(_null(row[11]) or "", row[11], extras.comments.get(ent_num, ""))
    if remarks:
        entity.remarks = remarks
        _apply_remarks(entity, remarks)
        entity.countries.extend(i.country for i in entity.identifiers if i.country)
    return tidy(entity)


def parse(list_id: str, files: Mapping[str, Path]) -> ParsedList:
    roles = _roles(files)
    warnings = [
        f"no {role} file; entities lack their {role} data"
        for role in (ALT, ADD, COMMENTS)
        if role not in roles
    ]
    extras = _read_extras(roles)
    entities: dict[str, Entity] = {}
    for line, row in _rows(roles[PRIMARY], PRIMARY):
        entity = _entity(list_id, row, extras)
        if entity.id in entities:
            raise fail(roles[PRIMARY], f"line {line}: ent_num {entity.source_id} repeated")
        entities[entity.id] = entity
    orphans = (set(extras.names) | set(extras.addresses)) - {e.source_id for e in entities.values()}
    if orphans:
        warnings.append(f"{len(orphans)} alias/address rows refer to unknown ent_num")
    return ParsedList(entities=finish(roles[PRIMARY], entities.values()), warnings=warnings)
