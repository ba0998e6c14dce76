"""Place resolution: free text → lowercase ISO 3166-1 alpha-2 or a region code (``ua-cri``).

Used by list parsers (publisher country names), the input reader and the risk stage.
``resolve_place`` says how a string was resolved and how surely; ``resolve_country`` is the
short form that returns only the code.
"""

from __future__ import annotations

from screener.places.address import find_places_in_address
from screener.places.resolve import (
    RISK_REGIONS,
    PlaceResolution,
    ambiguous_reading,
    resolve_country,
    resolve_exact,
    resolve_place,
)

__all__ = [
    "RISK_REGIONS",
    "PlaceResolution",
    "ambiguous_reading",
    "find_places_in_address",
    "resolve_country",
    "resolve_exact",
    "resolve_place",
]
