"""Find the places named in a free-text address ("…, Kinshasa, DRC")."""

from __future__ import annotations

import functools
import re

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


def find_places_in_address(text: str) -> list[PlaceResolution]:
    """Every distinct place an address names, from the last element back."""
    parts = segments(text)
    found: dict[str, PlaceResolution] = {}
    for index in range(len(parts) - 1, -1, -1):
        place = _segment_place(parts[index], index == len(parts) - 1)
        if place is not None and place.code is not None and place.code not in found:
            found[place.code] = place
    return list(found.values())


def best_place_in_address(text: str) -> PlaceResolution | None:
    """The place risk should be read for: a risk region if named, else the last place."""
    places = find_places_in_address(text)
    if not places:
        return None
    chosen = next((p for p in places if p.code in RISK_REGIONS), places[0])
    return PlaceResolution(text, chosen.code, chosen.name, "address", chosen.confidence)
