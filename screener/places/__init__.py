"""Place resolution: free text → lowercase ISO 3166-1 alpha-2 or a region code (``ua-cri``).

Used by list parsers (publisher country names), the input reader and the risk stage.
"""

from __future__ import annotations

import functools

from rigour.territories import lookup_territory


@functools.lru_cache(maxsize=65536)
def resolve_country(text: str | None) -> str | None:
    """Resolve a country name or code to a code, or ``None`` when it cannot be resolved."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    territory = lookup_territory(text)
    if territory is None:
        return None
    code: str = territory.code
    return code
