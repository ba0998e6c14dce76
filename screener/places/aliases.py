"""Hand-curated and generated aliases, for the names and codes rigour does not resolve."""

from __future__ import annotations

import functools
from pathlib import Path

from screener.places.normalize import fold

# Codes publishers use that are not ISO (World Bank WGI, UCDP, old ISO codes), and
# publisher spellings seen in the EWP, FSI, WGI and UCDP files.
MANUAL: dict[str, str] = {
    "ado": "ad",  # WGI Andorra
    "ksv": "xk",  # WGI Kosovo
    "tmp": "tl",  # WGI Timor-Leste
    "wbg": "ps",  # WGI West Bank and Gaza
    "rom": "ro",  # WGI Romania
    "zar": "cd",  # WGI Congo, Dem. Rep. (old ISO code of Zaire)
    "drc": "cd",
    "dr congo": "cd",
    "congo democratic republic": "cd",
    "congo dem rep": "cd",
    "congo kinshasa": "cd",
    "congo republic": "cg",
    "republic of congo": "cg",
    "congo rep": "cg",
    "congo brazzaville": "cg",
    "korea dem rep": "kp",
    "korea dem people's rep": "kp",
    "dprk": "kp",
    "korea rep": "kr",
    "yemen rep": "ye",
    "venezuela rb": "ve",
    "egypt arab rep": "eg",
    "iran islamic rep": "ir",
    "lao pdr": "la",
    "micronesia fed sts": "fm",
    "bosnia herzegovina": "ba",
    "west bank and gaza": "ps",
    "west bank gaza": "ps",
    "occupied palestinian territory": "ps",
    "persia": "ir",
    "dahomey": "bj",
    "upper volta": "bf",
    # Places inside a risk region, as supplier addresses and origin fields name them: the
    # prefectures and main cities of Xinjiang (UFLPA), Tibet, and Sudan's Darfur states.
    "urumqi": "cn-xj",
    "wulumuqi": "cn-xj",
    "kashgar": "cn-xj",
    "kashi": "cn-xj",
    "hotan": "cn-xj",
    "khotan": "cn-xj",
    "aksu": "cn-xj",
    "korla": "cn-xj",
    "turpan": "cn-xj",
    "hami": "cn-xj",
    "karamay": "cn-xj",
    "shihezi": "cn-xj",
    "changji": "cn-xj",
    "yining": "cn-xj",
    "ghulja": "cn-xj",
    "kizilsu": "cn-xj",
    "bortala": "cn-xj",
    "lhasa": "cn-xz",
    "shigatse": "cn-xz",
    "darfur": "sd",
    "north darfur": "sd",
    "south darfur": "sd",
    "west darfur": "sd",
    "east darfur": "sd",
    "central darfur": "sd",
}


@functools.cache
def generated() -> dict[str, str]:
    """The table written by ``build_aliases.py`` (folded name → alpha-2)."""
    table: dict[str, str] = {}
    path = Path(__file__).with_name("aliases.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, code = line.split("\t")
            table[key] = code
    return table


def lookup_alias(text: str) -> str | None:
    """A curated alias first, then a generated one; ``None`` when neither knows the name."""
    key = fold(text)
    return MANUAL.get(key) or generated().get(key)


@functools.cache
def fuzzy_choices() -> dict[str, str]:
    """Every folded name the fuzzy matcher may pick from (name → code)."""
    return {**generated(), **MANUAL}
