"""EU Financial Sanctions Files, XML 1.1 (``eu_fsf_xml``): ``eu_fsf.xml``.

Namespace ``http://eu.europa.ec/fpi/fsd/export``; root ``<export generationDate=…>``; one
``sanctionEntity`` per listed party. The id is ``eu_fsf:<logicalId>``.

- ``nameAlias/@wholeName`` are the names (doubled spaces collapsed, scripts kept) with
  ``nameLanguage`` (lower-cased) or, when blank, the Unicode script of a non-Latin name.
  ``strong="false"`` marks a weak alias, as does an alias remark saying "low quality".
  The EU file marks no primary name: among the strong aliases, the primary is the first
  that carries a ``function`` (the EU attaches it to the main name), else the first with a
  first/last name split, else the first Latin-script one, else the first; the others
  follow as a.k.a. in file order.
- ``subjectType/@code``: ``person`` → Person, ``enterprise`` → Organization.
- ``regulation/@programme`` → programmes; ``citizenship``, ``address`` and ``birthdate``
  ``countryIso2Code`` → countries (``00`` means unknown and is skipped).
- ``identification`` → identifiers; ``birthdate/@birthdate`` (Gregorian even when the
  record is dated in the Islamic calendar), else the Gregorian year / year range.
- ``@designationDate`` → listing date (absent on some records); direct ``remark`` children
  → remarks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from screener.lists.entity import Entity, EntityName, Identifier, make_id
from screener.lists.formats import ParsedList
from screener.lists.formats._xml import (
    Element,
    XmlRecords,
    children,
    clean,
    finish,
    role_path,
    script_of,
    text,
    unique,
)

ROLE = "eu_fsf.xml"
UNKNOWN_COUNTRY = "00"
_SCHEMAS = {"person": "Person", "enterprise": "Organization"}
_ID_KINDS = {"passport": "passport", "id": "national_id", "regnumber": "registration"}
_LOW_QUALITY = re.compile(r"\blow\s+quality\b", re.IGNORECASE)
_ADDRESS_PARTS = ("street", "poBox", "city", "zipCode", "region", "place", "countryDescription")


def parse(list_id: str, files: Mapping[str, Path]) -> ParsedList:
    path = role_path(files, ROLE)
    records = XmlRecords(path, frozenset({"sanctionEntity"}), root="export")
    entities = [_entity(list_id, el) for el in records]
    return ParsedList(
        entities=finish(path, entities),
        published_at=records.root_attrib.get("generationDate") or None,
    )


def _attr(el: Element, name: str) -> str:
    return clean(el.get(name))


def _entity(list_id: str, el: Element) -> Entity:
    subject = el.find("{*}subjectType")
    code = _attr(subject, "code") if subject is not None else ""
    return Entity(
        id=make_id(list_id, _attr(el, "logicalId")),
        list_id=list_id,
        schema=_SCHEMAS.get(code, "Unknown"),
        names=_names(children(el, "nameAlias")),
        programs=sorted(set(unique([_attr(r, "programme") for r in children(el, "regulation")]))),
        countries=_countries(el),
        addresses=unique([_address(a) for a in children(el, "address")]),
        identifiers=[i for d in children(el, "identification") if (i := _identifier(d))],
        birth_dates=unique([d for b in children(el, "birthdate") for d in _birth_dates(b)]),
        listed_on=_attr(el, "designationDate") or None,
        remarks=" ".join(r for r in (text(r) for r in children(el, "remark")) if r) or None,
    )


def _strong(alias: Element) -> bool:
    remark = " ".join(text(r) for r in children(alias, "remark"))
    return _attr(alias, "strong") != "false" and not _LOW_QUALITY.search(remark)


def _names(aliases: list[Element]) -> list[EntityName]:
    named = [a for a in aliases if _attr(a, "wholeName")]
    if not named:
        return []
    primary = _pick_primary([a for a in named if _strong(a)] or named)
    ordered = [primary, *(a for a in named if a is not primary)]
    names: list[EntityName] = []
    seen: set[str] = set()
    for alias in ordered:
        name = _attr(alias, "wholeName")
        if name in seen:
            continue
        seen.add(name)
        names.append(
            EntityName(
                name,
                kind="primary" if alias is primary else "aka",
                strong=_strong(alias),
                lang=_attr(alias, "nameLanguage").lower() or script_of(name),
            )
        )
    return names


def _has_function(alias: Element) -> bool:
    return bool(_attr(alias, "function"))


def _has_parts(alias: Element) -> bool:
    return bool(_attr(alias, "firstName") or _attr(alias, "lastName"))


def _is_latin(alias: Element) -> bool:
    return script_of(_attr(alias, "wholeName")) is None


def _pick_primary(aliases: list[Element]) -> Element:
    for test in (_has_function, _has_parts, _is_latin):
        for alias in aliases:
            if test(alias):
                return alias
    return aliases[0]


def _country(el: Element) -> str | None:
    code = _attr(el, "countryIso2Code").lower()
    if not code or code == UNKNOWN_COUNTRY or len(code) != 2:
        return None
    return code


def _countries(el: Element) -> list[str]:
    found = [
        _country(c) for tag in ("citizenship", "address", "birthdate") for c in children(el, tag)
    ]
    return sorted({c for c in found if c})


def _address(el: Element) -> str:
    parts = [_attr(el, n) for n in _ADDRESS_PARTS]
    return ", ".join(p for p in parts if p and p not in ("-", "UNKNOWN"))


def _identifier(el: Element) -> Identifier | None:
    number = _attr(el, "number") or _attr(el, "latinNumber")
    if not number:
        return None
    code = _attr(el, "identificationTypeCode")
    notes = [_attr(el, "identificationTypeDescription"), *(text(r) for r in children(el, "remark"))]
    return Identifier(
        kind=_ID_KINDS.get(code, "other"),
        value=number,
        country=_country(el),
        note="; ".join(n for n in notes if n) or None,
    )


def _birth_dates(el: Element) -> list[str]:
    exact = _attr(el, "birthdate")
    if exact:
        return [exact]
    if _attr(el, "calendarType") not in ("", "GREGORIAN"):
        return []
    year, month, day = (_attr(el, n) for n in ("year", "monthOfYear", "dayOfMonth"))
    if not (month.isdigit() and (not day or day.isdigit())):
        month, day = "", ""
    if year and month and day:
        return [f"{year}-{int(month):02d}-{int(day):02d}"]
    if year and month:
        return [f"{year}-{int(month):02d}"]
    if year:
        return [year]
    return [y for y in (_attr(el, "yearRangeFrom"), _attr(el, "yearRangeTo")) if y]
