"""Find the places named in a free-text address ("…, Kinshasa, DRC")."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection

import pycountry

from screener.places.resolve import RISK_REGIONS, PlaceResolution, resolve_exact

_POSTCODE = re.compile(r"\b(?=[A-Z0-9 -]*\d)[A-Z0-9]{2,5}(?:[ -]?[A-Z0-9]{2,4})?\b")
_US_STATE_ZIP = re.compile(r"^[A-Z]{2}\s+\d{5}(?:-\d{4})?$")


def segments(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"[,\n;]", text)]
    return [p for p in parts if p]


@functools.lru_cache(maxsize=65536)
def _segment_place(segment: str, is_last: bool) -> PlaceResolution | None:
    """The place one element of an address names (cached: towns and countries recur)."""
    if _US_STATE_ZIP.match(segment):  # "CA 94105": a US state, not Canada
        return PlaceResolution(segment, "us", "United States", "address", 0.9)
    stripped = _POSTCODE.sub(" ", segment).strip(" -")
    for candidate in dict.fromkeys((segment, stripped)):
        if not candidate or (len(candidate) <= 3 and not is_last):
            continue  # short codes are trusted only as the final element
        found = resolve_exact(candidate)  # exact look-ups only: a street is not a place
        if found.code is not None:
            return PlaceResolution(segment, found.code, found.name, "address", 0.9)
    return None


def find_places_in_address(text: str, context: Collection[str] = ()) -> list[PlaceResolution]:
    """Every distinct place an address names, from the last element back.

    ``context``: the codes of the countries the partner is known to be in (its country
    column). A last element of two or three letters that is a state or province of one of
    them, or of a country the address names elsewhere, is that country, for the countries
    whose addresses are written so (``STATE_CODE_COUNTRIES``): ``Sioux Falls, SD`` of a US
    partner is in South Dakota, not Sudan; ``Perth, WA`` of an Australian one in Western
    Australia."""
    parts = segments(text)
    last = len(parts) - 1
    places = [_segment_place(part, i == last) for i, part in enumerate(parts)]
    if last > 0:
        state = _subdivision(parts[last], context, places[:last])
        if state is not None:
            places[last] = state
    found: dict[str, PlaceResolution] = {}
    for place in reversed(places):
        if place is not None and place.code is not None and place.code not in found:
            found[place.code] = place
    return list(found.values())


# Countries whose addresses end in a state or province code (``Sioux Falls, SD``), and only
# they: elsewhere a two-letter last element is a country, whatever state it also names
# (``Grodno, BY`` of a German partner is Belarus, not Bavaria).
STATE_CODE_COUNTRIES = frozenset({"us", "ca", "au"})


def _subdivision(
    segment: str, context: Collection[str], before: list[PlaceResolution | None]
) -> PlaceResolution | None:
    """The country whose state or province a bare code names, among the partner's and those
    the rest of the address names (``None`` when it names none of theirs)."""
    code = segment.strip(" .").upper()
    if not (2 <= len(code) <= 3 and code.isalpha()):
        return None
    countries = [c for c in context if c in STATE_CODE_COUNTRIES]
    countries += [p.code for p in before if p is not None and p.code in STATE_CODE_COUNTRIES]
    for country in dict.fromkeys(countries):
        name = _subdivision_name(country.upper(), code)
        if name is not None:
            found = resolve_exact(country.upper())
            return PlaceResolution(segment, country, found.name or name, "address", 0.9)
    return None


@functools.lru_cache(maxsize=4096)
def _subdivision_name(country: str, code: str) -> str | None:
    subdivision = pycountry.subdivisions.get(code=f"{country}-{code}")  # type: ignore[no-untyped-call]
    return None if subdivision is None else str(subdivision.name)


def best_place_in_address(text: str) -> PlaceResolution | None:
    """The place risk should be read for: a risk region if named, else the last place."""
    places = find_places_in_address(text)
    if not places:
        return None
    chosen = next((p for p in places if p.code in RISK_REGIONS), places[0])
    return PlaceResolution(text, chosen.code, chosen.name, "address", chosen.confidence)
