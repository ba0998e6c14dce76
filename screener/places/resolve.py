"""Resolve one free-text place to a jurisdiction code, saying how and how surely."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

import pycountry
from rapidfuzz import fuzz, process
from rigour.territories import get_territory, lookup_by_identifier
from rigour.territories.territory import Territory

from screener.places.aliases import fuzzy_choices, lookup_alias
from screener.places.normalize import NULL_MARKERS, clean, fold, variants
from screener.places.territories import lookup, territory_names

Method = Literal["code", "name", "alias", "address", "fuzzy", "unresolved"]

# Regions that carry risk of their own (occupation, territorial sanctions, forced-labour
# import bans): they keep their code instead of folding into their country.
RISK_REGIONS: frozenset[str] = frozenset(
    {
        "ua-cri",  # Crimea incl. Sevastopol (US EO 14065 / 13685, EU 2014/386)
        "ua-dpr",  # so-called DNR (US EO 14065)
        "ua-lpr",  # so-called LNR (US EO 14065)
        "ua-23",  # Zaporizhzhia oblast (EU Regulation 2022/263 as amended)
        "ua-65",  # Kherson oblast (EU Regulation 2022/263 as amended)
        "cn-xj",  # Xinjiang (US UFLPA rebuttable presumption)
        "cn-xz",  # Tibet
        "ge-ab",  # Abkhazia (occupied Georgia)
        "x-so",  # South Ossetia (occupied Georgia)
        "md-pmr",  # Transnistria
        "cy-trnc",  # Northern Cyprus
    }
)
FUZZY_CUTOFF = 88.0


@dataclass(frozen=True, slots=True)
class PlaceResolution:
    """What a place string resolved to; ``code`` is ``None`` when it could not be resolved."""

    input: str
    code: str | None
    name: str | None
    method: Method
    confidence: float


def canonical(territory: Territory) -> Territory | None:
    """Fold a place into the code risk is kept for: a country, or a risk region.

    Historical states with one successor become that successor (Zaire → DR Congo); those
    with several (USSR, Yugoslavia) cannot be placed without guessing, so they give ``None``.
    """
    seen = 0
    while seen < 8:
        seen += 1
        if territory.is_historical:
            successors = list(getattr(territory, "_successors", []))
            if len(successors) != 1 or (nxt := get_territory(successors[0])) is None:
                return None
            territory = nxt
            continue
        code = territory.code
        if code in RISK_REGIONS or "-" not in code or territory.parent is None:
            return territory
        territory = territory.parent
    return None


def _result(text: str, code: str | None, method: Method, confidence: float) -> PlaceResolution:
    territory = get_territory(code) if code else None
    found = canonical(territory) if territory is not None else None
    if found is None:
        return PlaceResolution(text, None, None, "unresolved", 0.0)
    return PlaceResolution(text, found.code, found.name, method, confidence)


def _by_code(text: str) -> str | None:
    token = text.strip().upper()
    if token.isdigit() and len(token) <= 3:
        country = pycountry.countries.get(numeric=token.zfill(3))
        return str(country.alpha_2).lower() if country else None
    if not re.fullmatch(r"[A-Z]{2,3}", token):
        return None
    alias = lookup_alias(token)
    if alias is not None:
        return alias
    territory = lookup_by_identifier(token)
    return territory.code if territory is not None else None


def _by_name(text: str) -> tuple[str, Method] | None:
    for variant in variants(text):
        alias = lookup_alias(variant)
        if alias is not None:
            return alias, "alias"
        territory = lookup(variant)
        if territory is not None:
            return territory.code, "name"
    return None


def _by_parts(text: str) -> tuple[str, Method] | None:
    """``Burma/Myanmar``: every part that resolves must agree."""
    parts = [p for p in re.split(r"\s*/\s*", text) if p]
    if len(parts) < 2:
        return None
    found = {hit for part in parts if (hit := _by_name(part)) is not None}
    codes = {code for code, _ in found}
    return found.pop() if len(codes) == 1 else None


@functools.cache
def _fuzzy_index() -> tuple[list[str], list[str]]:
    table = {name: t.code for name, t in territory_names().items() if len(name) > 4}
    table.update(fuzzy_choices())
    keys = sorted(table)
    return keys, [table[k] for k in keys]


def _by_fuzzy(text: str) -> tuple[str, float] | None:
    key = fold(text)
    if len(key) < 5:
        return None
    keys, codes = _fuzzy_index()
    best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if best is None:
        return None
    return codes[best[2]], round(float(best[1]) / 100.0, 3)


CACHE_SIZE = 65536
_UNRESOLVED: Method = "unresolved"


@functools.lru_cache(maxsize=CACHE_SIZE)
def resolve_exact(text: str) -> PlaceResolution:
    """A code, a name or an alias as written (no address parsing, no fuzzy guess).

    What address segments are read with: a street ("12 Industrial Road") must not cost a
    fuzzy search over every place name, and a near miss there is not a place anyway.
    """
    cleaned = clean(text)
    if cleaned.lower() in NULL_MARKERS or fold(cleaned) in NULL_MARKERS:
        return PlaceResolution(text, None, None, _UNRESOLVED, 0.0)
    code = _by_code(cleaned)
    if code is not None:
        return _result(text, code, "code", 1.0)
    hit = _by_name(cleaned) or _by_parts(cleaned)
    if hit is not None:
        return _result(text, hit[0], hit[1], 1.0)
    return PlaceResolution(text, None, None, _UNRESOLVED, 0.0)


@functools.lru_cache(maxsize=CACHE_SIZE)
def resolve_place(text: str | None) -> PlaceResolution:
    """Resolve a country, region, code or address; never guess below the fuzzy cut-off.

    Only a whole field is matched fuzzily: an address ("…, Moscow, Russia") is read segment
    by segment with exact look-ups, and falls back to a fuzzy guess only when it has no
    separator at all (a country typed into an address column).
    """
    raw = "" if text is None else str(text)
    exact = resolve_exact(raw)
    if exact.code is not None:
        return exact
    cleaned = clean(raw)
    if cleaned.lower() in NULL_MARKERS or fold(cleaned) in NULL_MARKERS:
        return exact
    if re.search(r"[,\n;]", raw):
        from screener.places.address import best_place_in_address, segments

        found = best_place_in_address(raw)
        if found is not None or len(segments(raw)) > 1:
            return found or exact
    fuzzy = _by_fuzzy(cleaned)
    if fuzzy is not None:
        return _result(raw, fuzzy[0], "fuzzy", fuzzy[1])
    return PlaceResolution(raw, None, None, "unresolved", 0.0)


def resolve_country(text: str | None) -> str | None:
    """Resolve a country name or code to a code, or ``None`` when it cannot be resolved."""
    return resolve_place(text).code


# Names short for more than one place: read as trade documents mean them (``Korea`` is
# South Korea on an invoice), never silently (``ambiguous_reading``): North Korea and DR
# Congo are the readings a screening must not lose.
AMBIGUOUS: dict[str, tuple[str, str]] = {
    "korea": ("kr", "kp"),
    "congo": ("cg", "cd"),
    "the congo": ("cg", "cd"),
    "virgin islands": ("vg", "vi"),
}


def ambiguous_reading(text: str, code: str | None) -> str | None:
    """The other place ``text`` may name, when it is one of ``AMBIGUOUS`` read as ``code``."""
    entry = AMBIGUOUS.get(" ".join(text.casefold().replace(".", " ").split()))
    return entry[1] if entry is not None and entry[0] == code else None
