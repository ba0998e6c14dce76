"""Real list and company data for the matching benchmark.

The lists are read by the product's own parsers (``screener.lists.formats``), so the benchmark
measures the names, aliases and countries a scan really screens against.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

from screener.lists.entity import Entity
from screener.lists.formats import get_parser
from screener.lists.formats._xml import script_of
from screener.lists.ingest import assign_roles
from screener.lists.sources import load_sources
from screener.places import resolve_country

# The files of each list under ``sanctions/``. The SDN list is the 2024 snapshot with the
# 2021 alias and address files (the only ones there are), so entities listed after mid-2021
# have no aliases or addresses here: their country conflicts are understated.
LIST_FILES = {
    "us_ofac_sdn": (
        "us_ofac_sdn/2024-05-03/sdn.csv",
        "us_ofac_sdn/2021-07/alt.csv",
        "us_ofac_sdn/2021-07/add.csv",
        "us_ofac_sdn/2021-07/sdn_comments.csv",
    ),
    "us_ofac_cons": (
        "us_ofac_cons/2025-12/cons_prim.csv",
        "us_ofac_cons/2025-12/cons_alt.csv",
        "us_ofac_cons/2025-12/cons_add.csv",
        "us_ofac_cons/2025-12/cons_comments.csv",
    ),
    "un_sc": ("un_sc/consolidated_2026-02-27.xml",),
    "us_trade_csl": ("us_trade_csl/consolidated_2022-05.csv.gz",),
    "us_bis_dpl": ("us_bis_dpl/dpl_2023-11.txt",),
    "gb_ofsi": ("gb_ofsi/ConList_2025-04-10.xlsx",),
}


def load_lists(data: Path) -> list[Entity]:
    """Every real list in the shared data folder, as the product's parsers read it."""
    sources = load_sources()
    entities: list[Entity] = []
    for list_id, files in LIST_FILES.items():
        source = sources[list_id]
        roles = assign_roles(source, [data / "sanctions" / f for f in files])
        entities += get_parser(source.format)(list_id, roles).entities
    return [e for e in entities if e.names and e.names[0].name]


def non_latin(name: str) -> bool:
    """The name is written in a script other than Latin (its original script: Cyrillic,
    Arabic, Han…), as the parsers record it in ``EntityName.lang``."""
    return script_of(name) is not None


# PROVENANCE.md: company names that really are listed, and known name collisions.
LISTED_COMPANIES = {"china mobile", "cnooc", "china telecom", "china unicom", "hikvision", "tcl"}
# Companies the lists name under another spelling, the listing itself saying so: Hygon
# Information Technology (Tianjin) is the Entity List's "Higon" (84 FR 29373, 2019-06-24;
# a.k.a. "Higon Information Technology", "Haiguang Xinxi Jishu Youxian Gongsi", Tianjin), the
# same list calling Haiguang "Hygon" (Chengdu Haiguang Integrated Circuit, a.k.a. "Hygon").
LISTED_COMPANIES |= {"hygon information technology"}
COLLISIONS = {
    "industrial bank", "dover", "aldar properties", "blackstone", "ppl", "santos", "bid", "3m",
}  # fmt: skip


def load_companies(data: Path) -> Iterator[tuple[str, str, str | None]]:
    """Real company names as (source, name, country code)."""
    c = data / "companies"
    with (c / "forbes_global2000_2025.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield "forbes", row["Company"], resolve_country(row["Headquarters"])
    with (c / "sp500_constituents.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield "sp500", row["Security"], "us"
    records = json.loads((c / "gleif_goldencopy_lei2_intraday_20240505-0000.json").read_text())
    for record in records["records"]:
        entity = record["Entity"]
        country = entity.get("LegalAddress", {}).get("Country", {}).get("$")
        yield "gleif", entity["LegalName"]["$"], (country or "").lower() or None


# Words of legal forms, dropped at either end of a name before comparing it exactly.
FORM_WORDS = frozenset(
    {"co", "company", "corporation", "corp", "limited", "ltd", "inc", "incorporated", "plc",
     "llc", "sa", "ag", "gmbh", "jsc", "cjsc", "ojsc", "pjsc", "ooo", "oao", "zao", "the"}
)  # fmt: skip


def bare_name(name: str) -> str:
    """A name case-folded, without punctuation and without legal-form words at its ends."""
    words = re.sub(r"[^\w\s]", " ", name.casefold()).split()
    while words and words[-1] in FORM_WORDS:
        words.pop()
    while words and words[0] in FORM_WORDS:
        words.pop(0)
    return " ".join(words)


def listed_where(entities: list[Entity]) -> set[tuple[str, str]]:
    """(bare name, country) of every listed name whose entity gives a country."""
    return {(bare_name(n.name), c) for e in entities for n in e.names for c in e.countries}


def company_label(
    name: str, country: str | None = None, listed: set[tuple[str, str]] | None = None
) -> str:
    """``listed``, ``collision`` or ``unlisted``: PROVENANCE.md's exact-match findings, a
    company whose very name (legal forms aside) is listed in its own country (China Nuclear
    Engineering Corporation / CHINA NUCLEAR ENGINEERING CORPORATION LIMITED, Beijing, on the
    CMIC list), which the gatherer's exact match missed for the legal form, and a company a
    listing names under another spelling (``LISTED_COMPANIES``)."""
    key = " ".join(name.casefold().replace(".", " ").replace(",", " ").split())
    if any(key == k or key.startswith(k + " ") for k in LISTED_COMPANIES):
        return "listed"
    if country and listed and (bare_name(name), country) in listed:
        return "listed"
    return "collision" if key in COLLISIONS else "unlisted"
