"""UK Sanctions List, FCDO XML (``fcdo_xml``): ``UK_Sanctions_List.xml``.

Root ``<Designations>`` with ``<DateGenerated>dd/mm/yyyy</DateGenerated>`` and one
``Designation`` per listed party.

Id: the contract names the UK ``Group ID``, so the id is ``gb_fcdo:<OFSIGroupID>``, the
same number OFSI's consolidated list uses (``gb_ofsi:<Group ID>``), so the two UK lists line
up. Designations without an OFSI group id (some ships) use the FCDO ``UniqueID`` instead
(``gb_fcdo:DPR0075``); group ids are all digits, unique ids start with a regime prefix, so
the two cannot collide. The other reference is kept as an ``other`` identifier.

- ``Names/Name``: ``Name1`` … ``Name6`` joined in order (``Name6`` is the surname or the
  whole name of an entity or ship); ``NameType`` ``Primary Name`` → primary, ``Primary Name
  Variation`` → variation, ``Alias`` → a.k.a.; ``AliasStrength`` "Low quality" → weak.
  ``NonLatinNames`` are kept as primary names tagged with their script.
- ``RegimeName`` → programmes; ``IndividualEntityShip`` → Person / Organization / Vessel.
- Countries: address country, nationalities, country of birth, a ship's current flag.
- DOBs ``dd/mm/yyyy`` become ISO dates; the literal placeholders ``dd`` / ``mm`` (or ``00``)
  leave a partial date (``1945``, ``1945-05``).
- Passports, national identifiers, IMO numbers, business registration numbers and the UN
  reference number become identifiers (repeats dropped).
- ``DateDesignated`` → listing date; ``OtherInformation`` and the statement of reasons →
  remarks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from screener.errors import ListFormatError
from screener.lists.entity import Entity, EntityName, Identifier, make_id
from screener.lists.formats import ParsedList
from screener.lists.formats._xml import (
    Element,
    XmlRecords,
    child_text,
    descendants,
    finish,
    local,
    resolve_countries,
    role_path,
    script_of,
    text,
    unique,
    unique_names,
    unresolved_warning,
)

ROLE = "UK_Sanctions_List.xml"
_SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_NAME_KINDS = {"primary name": "primary", "primary name variation": "variation"}
_DATE = re.compile(r"^(\d{1,2}|dd|00)/(\d{1,2}|mm|00)/(\d{4})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"^(\d{1,2}|mm|00)/(\d{4})$", re.IGNORECASE)
_IMO = re.compile(r"\d{7}")
_REG_NUMBER = re.compile(r"([A-Z0-9][A-Z0-9/-]*\d[A-Z0-9/-]*)\s*$", re.IGNORECASE)


def parse(list_id: str, files: Mapping[str, Path]) -> ParsedList:
    path = role_path(files, ROLE)
    records = XmlRecords(path, frozenset({"Designation", "DateGenerated"}), root="Designations")
    unresolved: set[str] = set()
    entities: list[Entity] = []
    published: str | None = None
    for el in records:
        if local(el.tag) == "DateGenerated":
            published = iso_date(text(el))
            if published is None:
                raise ListFormatError(f"{path.name}: DateGenerated {text(el)!r} is not a date")
        else:
            entities.append(_entity(list_id, el, unresolved))
    return ParsedList(
        entities=finish(path, entities),
        published_at=published,
        warnings=unresolved_warning(unresolved),
    )


def iso_date(value: str) -> str | None:
    """``dd/mm/yyyy`` → ISO, keeping only the known parts; ``None`` when not a date."""
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return value
    m = _DATE.match(value)
    if m:
        day, month, year = m.groups()
    else:
        m = _MONTH_YEAR.match(value)
        if not m:
            return None
        day, (month, year) = "", m.groups()
    if not month.isdigit() or int(month) == 0:
        return year
    if not day.isdigit() or int(day) == 0:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _entity(list_id: str, el: Element, unresolved: set[str]) -> Entity:
    group, unique_id = child_text(el, "OFSIGroupID"), child_text(el, "UniqueID")
    if not (group or unique_id):
        raise ListFormatError("a Designation has neither OFSIGroupID nor UniqueID")
    kind = child_text(el, "IndividualEntityShip").lower()
    return Entity(
        id=make_id(list_id, group or unique_id),
        list_id=list_id,
        schema=_SCHEMAS.get(kind, "Unknown"),
        names=_names(el),
        programs=unique([child_text(el, "RegimeName")]),
        countries=resolve_countries(_place_texts(el), unresolved),
        addresses=unique([_address(a) for a in descendants(el, "Address")]),
        identifiers=_identifiers(el, unique_id if group else ""),
        birth_dates=unique([d for b in descendants(el, "DOB") if (d := iso_date(text(b)))]),
        listed_on=iso_date(child_text(el, "DateDesignated")),
        remarks=" ".join(
            t
            for t in (child_text(el, "OtherInformation"), child_text(el, "UKStatementofReasons"))
            if t
        )
        or None,
    )


def _names(el: Element) -> list[EntityName]:
    names: list[EntityName] = []
    for name_el in descendants(el, "Name"):
        whole = " ".join(p for p in (child_text(name_el, f"Name{i}") for i in range(1, 7)) if p)
        if not whole:
            continue
        kind = _NAME_KINDS.get(child_text(name_el, "NameType").lower(), "aka")
        strength = child_text(name_el, "AliasStrength").lower()
        if "fka" in strength.replace(".", "") or "formerly" in strength:
            kind = "fka"
        names.append(
            EntityName(whole, kind=kind, strong="low" not in strength, lang=script_of(whole))
        )
    for non_latin in descendants(el, "NameNonLatinScript"):
        name = text(non_latin)
        if name:
            names.append(EntityName(name, lang=script_of(name)))
    order = {"primary": 0, "variation": 1}
    names.sort(key=lambda n: (order.get(n.kind, 2), n.lang is not None))
    return unique_names(names)


def _place_texts(el: Element) -> list[str]:
    tags = ("AddressCountry", "Nationality", "CountryOfBirth", "CurrentBelievedFlagOfShip")
    return [text(c) for tag in tags for c in descendants(el, tag)]


def _address(el: Element) -> str:
    tags = [f"AddressLine{i}" for i in range(1, 7)] + ["AddressPostalCode", "AddressCountry"]
    return ", ".join(p for p in (child_text(el, t) for t in tags) if p)


def _identifiers(el: Element, unique_id: str) -> list[Identifier]:
    found: list[Identifier] = []
    for p in descendants(el, "Passport"):
        number = child_text(p, "PassportNumber")
        note = child_text(p, "PassportAdditionalInformation") or None
        if number:
            found.append(Identifier("passport", number, note=note))
    for n in descendants(el, "NationalIdentifier"):
        number = child_text(n, "NationalIdentifierNumber")
        note = child_text(n, "NationalIdentifierAdditionalInformation") or None
        if number:
            found.append(Identifier("national_id", number, note=note))
    for imo in descendants(el, "IMONumber"):
        m = _IMO.search(text(imo))
        if m:
            found.append(Identifier("imo", m.group(0)))
    for reg in descendants(el, "BusinessRegistrationNumber"):
        raw = text(reg)
        m = _REG_NUMBER.search(raw)
        if m:
            found.append(Identifier("registration", m.group(1), note=raw))
    un_ref = child_text(el, "UNReferenceNumber")
    if un_ref:
        found.append(Identifier("other", un_ref, note="UN reference number"))
    if unique_id:
        found.append(Identifier("other", unique_id, note="UK Sanctions List unique id"))
    return list(dict.fromkeys(found))
