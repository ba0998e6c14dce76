"""rigour's table of territory names, kept on disk between runs.

``rigour`` builds its table of territory names (~26,000 strong and weak names and places, in
many scripts) the first time a name is looked up, normalising and transliterating each one:
about two seconds of every run, spent before the first row is screened and before worker
processes start (they share the table the main process built). The table is made only from
``rigour``'s territory data, so a scan keeps it beside its matcher (``matching.cache``),
keyed by that data and the ``rigour`` release, and reads it back in milliseconds.

``lookup`` reads the table as ``rigour.territories.lookup_territory`` does without its fuzzy
guess: a code or QID first, then the normalised name. Without a kept table (a library
caller, a Dask worker) it is ``rigour``'s own, built on first use.
"""

from __future__ import annotations

import functools
import hashlib

from rigour._core import territories_jsonl
from rigour.territories import get_territory, lookup_by_identifier
from rigour.territories.territory import Territory
from rigour.territories.util import normalize_territory_name

from screener.fingerprint import library_version

_table: dict[str, Territory] | None = None


def territory_names() -> dict[str, Territory]:
    """Normalised territory name → territory: the table ``use_codes`` was given, else
    ``rigour``'s own."""
    global _table
    if _table is None:
        from rigour.territories.lookup import _get_territory_names
        from rigour.util import resource_lock

        with resource_lock:  # as rigour builds it: threads sharing a process build it once
            _table = _get_territory_names()
    return _table


@functools.lru_cache(maxsize=200_000)
def lookup(text: str) -> Territory | None:
    """The territory a code, QID or name stands for, as ``rigour`` finds it (no fuzzy
    guess)."""
    found = lookup_by_identifier(text)
    if found is not None:
        return found
    return territory_names().get(normalize_territory_name(text))


def table_codes() -> dict[str, str]:
    """The table as data: normalised name → territory code."""
    return {name: territory.code for name, territory in territory_names().items()}


def use_codes(codes: dict[str, str]) -> bool:
    """Look names up in ``codes`` (as ``table_codes`` gives it, kept from an earlier run)
    rather than build the table; False, and nothing changed, when a code is not rigour's."""
    global _table
    table: dict[str, Territory] = {}
    for name, code in codes.items():
        territory = get_territory(code) if isinstance(code, str) else None
        if territory is None:
            return False
        table[name] = territory
    _table = table
    lookup.cache_clear()
    return True


def data_key() -> str:
    """What the table is made from, hashed: rigour's territory data and release."""
    digest = hashlib.sha256(territories_jsonl().encode())
    digest.update(library_version("rigour").encode())
    return digest.hexdigest()
