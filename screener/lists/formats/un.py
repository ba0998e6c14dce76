"""UN Security Council Consolidated List (``un_xml``): ``consolidated.xml``.

Root ``<CONSOLIDATED_LIST dateGenerated=…>`` holds ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY``. The id is ``un_sc:<REFERENCE_NUMBER>`` (``un_sc:QDe.004``).

- ``FIRST_NAME`` … ``FOURTH_NAME`` are name *parts*, joined in order into the primary name;
  ``NAME_ORIGINAL_SCRIPT`` is kept as a further primary name tagged with its script.
- ``INDIVIDUAL_ALIAS`` ``QUALITY`` ``Good`` is a strong a.k.a., ``Low`` a weak one;
  ``ENTITY_ALIAS`` ``a.k.a.`` / ``f.k.a.``. A ``;`` inside a name field separates variants.
- An alias's original script is a name of its own, of the alias's kind and quality, whether the
  UN gives it in the alias's ``NOTE`` (``original script: Однорукий``) or inside the name
  (``Amir Khazmat (original script: Амир Хазмат)``, ``HTS (هيئة تحرير الشام (original
  script)``), where the name is kept without it. A bracket that a ``;`` cut from its other
  half is dropped, the text before an unclosed one being a name of its own
  (``جبهة النصرة (the Victory Front; …; Al-Nusra Front)``).
- ``UN_LIST_TYPE`` is the programme; nationality, address, place-of-birth and alias
  country-of-birth texts resolve to country codes.
- Dates of birth: exact ``DATE`` (ISO), ``YEAR``, or every year of a ``FROM_YEAR``–``TO_YEAR``
  range (at most :data:`MAX_YEAR_RANGE` years).
- Travel documents become ``passport`` / ``national_id`` / ``other`` identifiers;
  ``COMMENTS1`` is the remark; ``LISTED_ON`` the listing date.

``source_url`` stays ``None``: the UN's per-entry pages are not addressed by the reference
number alone.
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
    child_text,
    children,
    clean,
    descendants,
    finish,
    local,
    resolve_countries,
    role_path,
    script_of,
    unique,
    unique_names,
    unresolved_warning,
)

ROLE = "consolidated.xml"
MAX_YEAR_RANGE = 10
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
_ENTITY_ALIAS_KIND = {"a.k.a.": "aka", "f.k.a.": "fka"}
# ``(original script: X)`` and ``(X (original script)``, the closing bracket sometimes missing.
_ORIGINAL_IN_NAME = re.compile(
    r"\(\s*original script:\s*([^()]+?)\s*(?:\)|$)|\(\s*([^()]+?)\s*\(original script\)\s*\)?",
    re.IGNORECASE,
)
_ORIGINAL_NOTE = re.compile(r"^\s*original script:\s*(.+?)\s*$", re.IGNORECASE)


def parse(list_id: str, files: Mapping[str, Path]) -> ParsedList:
    path = role_path(files, ROLE)
    records = XmlRecords(path, frozenset({"INDIVIDUAL", "ENTITY"}), root="CONSOLIDATED_LIST")
    unresolved: set[str] = set()
    entities = [_entity(list_id, el, unresolved) for el in records]
    return ParsedList(
        entities=finish(path, entities),
        published_at=records.root_attrib.get("dateGenerated") or None,
        warnings=unresolved_warning(unresolved),
    )


def _entity(list_id: str, el: Element, unresolved: set[str]) -> Entity:
    person = local(el.tag) == "INDIVIDUAL"
    prefix = "INDIVIDUAL" if person else "ENTITY"
    ref = child_text(el, "REFERENCE_NUMBER")
    if not ref:
        ref = f"DATAID-{child_text(el, 'DATAID')}"
    return Entity(
        id=make_id(list_id, ref),
        list_id=list_id,
        schema="Person" if person else "Organization",
        names=_names(el, prefix),
        programs=unique([child_text(el, "UN_LIST_TYPE")]),
        countries=resolve_countries(_place_texts(el, prefix), unresolved),
        addresses=unique([_address(a) for a in children(el, f"{prefix}_ADDRESS")]),
        identifiers=[i for d in children(el, "INDIVIDUAL_DOCUMENT") if (i := _document(d))],
        birth_dates=_birth_dates(el),
        listed_on=child_text(el, "LISTED_ON") or None,
        remarks=child_text(el, "COMMENTS1") or None,
    )


def _split(value: str) -> list[str]:
    """Variants separated by ``;``. A bracket the ``;`` cut from its other half is dropped:
    ``جبهة النصرة (the Victory Front; Jabhat al-Nusrah; …; Al-Nusra Front)`` gives
    ``جبهة النصرة``, ``the Victory Front``, ``Jabhat al-Nusrah`` … ``Al-Nusra Front``."""
    return [
        p
        for v in value.split(";")
        for piece in _with_original(clean(v))
        for p in _unbracket(_unquoted(piece))
        if p
    ]


_QUOTES = {'"': '"', "“": "”", "'": "'"}


def _unquoted(part: str) -> str:
    """A variant without the quotes it is written in (``"KOMID"``, a nickname in quotes)."""
    close = _QUOTES.get(part[:1])
    if close is not None and len(part) > 2 and part.endswith(close) and close not in part[1:-1]:
        return part[1:-1].strip()
    return part


def _unbracket(part: str) -> list[str]:
    """A variant without the half of a bracket its neighbour kept, split at an unclosed one."""
    if part.endswith(")") and part.count(")") > part.count("("):
        part = part[:-1].rstrip()
    if part.startswith(")") and part.count(")") > part.count("("):
        part = part[1:].lstrip()
    if part.count("(") > part.count(")"):
        head, _, tail = part.rpartition("(")
        return [head.strip(), tail.strip()]
    return [part]


def _names(el: Element, prefix: str) -> list[EntityName]:
    whole = " ".join(p for p in (child_text(el, n) for n in _NAME_PARTS) if p)
    names = [EntityName(n) for n in _split(whole)]
    for original in _split(child_text(el, "NAME_ORIGINAL_SCRIPT")):
        names.append(EntityName(original, lang=script_of(original)))
    for alias in children(el, f"{prefix}_ALIAS"):
        quality = child_text(alias, "QUALITY")
        kind = _ENTITY_ALIAS_KIND.get(quality.lower(), "aka")
        strong = quality.lower() != "low"
        texts = _split(child_text(alias, "ALIAS_NAME"))
        if note := _ORIGINAL_NOTE.match(child_text(alias, "NOTE")):
            texts += _split(note.group(1))
        for name in texts:
            names.append(EntityName(name, kind=kind, strong=strong, lang=script_of(name)))
    return unique_names(names)


def _with_original(value: str) -> list[str]:
    """``Abubakar (original script: Абубакар)`` → ``[Abubakar, Абубакар]``."""
    originals = [a or b for a, b in _ORIGINAL_IN_NAME.findall(value)]
    if not originals:
        return [value]
    rest = clean(_ORIGINAL_IN_NAME.sub(" ", value))
    return [p for p in (rest, *(clean(o) for o in originals)) if p]


def _place_texts(el: Element, prefix: str) -> list[str]:
    texts = [clean(v.text) for n in children(el, "NATIONALITY") for v in children(n, "VALUE")]
    for tag in (f"{prefix}_ADDRESS", "INDIVIDUAL_PLACE_OF_BIRTH"):
        texts += [child_text(a, "COUNTRY") for a in children(el, tag)]
    texts += [child_text(a, "COUNTRY_OF_BIRTH") for a in children(el, "INDIVIDUAL_ALIAS")]
    return texts


def _address(el: Element) -> str:
    return ", ".join(p for p in (child_text(el, n) for n in _ADDRESS_PARTS) if p)


def _birth_dates(el: Element) -> list[str]:
    dates: list[str] = []
    for dob in children(el, "INDIVIDUAL_DATE_OF_BIRTH"):
        exact = child_text(dob, "DATE") or child_text(dob, "YEAR")
        if exact:
            dates.append(exact)
        dates += _year_range(child_text(dob, "FROM_YEAR"), child_text(dob, "TO_YEAR"))
    dates += [text for d in descendants(el, "DATE_OF_BIRTH") if (text := clean(d.text))]
    return unique(dates)


def _year_range(start: str, end: str) -> list[str]:
    if not (start.isdigit() and end.isdigit()):
        return [y for y in (start, end) if y]
    first, last = int(start), int(end)
    if last < first or last - first > MAX_YEAR_RANGE:
        return [start, end]
    return [str(y) for y in range(first, last + 1)]


def _document(el: Element) -> Identifier | None:
    number = child_text(el, "NUMBER")
    if not number:
        return None
    kind_text = child_text(el, "TYPE_OF_DOCUMENT").lower()
    if "pas" in kind_text:  # Passport, Numéro de passeport, Número de pasaporte
        kind = "passport"
    elif "identification" in kind_text:
        kind = "national_id"
    else:
        kind = "other"
    country_text = child_text(el, "ISSUING_COUNTRY") or child_text(el, "COUNTRY_OF_ISSUE")
    countries = resolve_countries([country_text], set())
    notes = [child_text(el, "TYPE_OF_DOCUMENT2"), child_text(el, "NOTE")]
    if kind == "other":
        notes.insert(0, child_text(el, "TYPE_OF_DOCUMENT"))
    return Identifier(
        kind=kind,
        value=number,
        country=countries[0] if countries else None,
        note="; ".join(n for n in notes if n) or None,
    )
