"""Real list and company data for the matching benchmark, read straight from the raw files.

Deliberately independent of ``screener.lists.formats`` (the benchmark must measure the
matcher, not a parser in progress): small readers keep only names, aliases, schema,
programs and countries.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from screener.lists.entity import Entity, EntityName
from screener.places import resolve_country

NULL = "-0-"


def _val(text: str) -> str:
    text = text.strip()
    return "" if text == NULL else text


def _ofac(list_id: str, prim: Path, alt: Path | None) -> list[Entity]:
    entities: dict[str, Entity] = {}
    with prim.open(encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 12:
                continue
            kind = _val(row[2]).lower()
            schema = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft"}
            programs = [p.strip("[] ") for p in _val(row[3]).split("] [") if p.strip("[] ")]
            entities[row[0]] = Entity(
                id=f"{list_id}:{row[0]}",
                list_id=list_id,
                schema=schema.get(kind, "Organization"),
                names=[EntityName(_val(row[1]))],
                programs=programs,
            )
    if alt is not None:
        with alt.open(encoding="latin-1", newline="") as f:
            for row in csv.reader(f):
                if len(row) >= 4 and row[0] in entities and _val(row[3]):
                    entities[row[0]].names.append(EntityName(_val(row[3]), _val(row[2]) or "aka"))
    return list(entities.values())


def _un(path: Path) -> list[Entity]:
    out: list[Entity] = []
    root = ElementTree.parse(path).getroot()
    for tag, schema in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for node in root.iter(tag):
            parts = [
                node.findtext(f"{p}_NAME") or "" for p in ("FIRST", "SECOND", "THIRD", "FOURTH")
            ]
            names = [EntityName(" ".join(p.strip() for p in parts if p.strip()))]
            original = (node.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
            if original:
                names.append(EntityName(original, "variation", lang="original"))
            for alias in node.iter(f"{tag}_ALIAS"):
                alias_name = (alias.findtext("ALIAS_NAME") or "").strip()
                if alias_name:
                    names.append(EntityName(alias_name, "aka", alias.findtext("QUALITY") != "Low"))
            ref = (node.findtext("REFERENCE_NUMBER") or "").strip()
            out.append(Entity(f"un_sc:{ref}", "un_sc", schema, names))
    return out


def _csl(path: Path) -> list[Entity]:
    out: list[Entity] = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            schema = {"Individual": "Person", "Vessel": "Vessel", "Aircraft": "Aircraft"}
            names = [EntityName(row["name"].strip())]
            names += [
                EntityName(a.strip(), "aka") for a in row["alt_names"].split(";") if a.strip()
            ]
            countries = []
            for address in row["addresses"].split(";"):
                code = resolve_country(address.rsplit(",", 1)[-1]) if address.strip() else None
                if code and code not in countries:
                    countries.append(code)
            out.append(
                Entity(
                    f"us_trade_csl:{row['_id']}",
                    "us_trade_csl",
                    schema.get(
                        row["type"], "Organization" if row["type"] == "Entity" else "Unknown"
                    ),
                    names,
                    programs=[p.strip() for p in row["programs"].split(";") if p.strip()],
                    countries=countries,
                )
            )
    return out


def _dpl(path: Path) -> list[Entity]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [
        Entity(f"us_bis_dpl:{i}", "us_bis_dpl", "Unknown", [EntityName(r["Name"].strip())])
        for i, r in enumerate(rows, start=2)
        if r["Name"].strip()
    ]


def _ofsi(path: Path) -> list[Entity]:
    from openpyxl import load_workbook

    groups: dict[str, Entity] = {}
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    next(rows)
    header = [str(h) for h in next(rows)]
    col = {h: i for i, h in enumerate(header)}
    schema = {"Individual": "Person", "Entity": "Organization", "Ship": "Vessel"}
    for row in rows:
        cells = ["" if c is None else str(c).strip() for c in row]
        gid = cells[col["Group ID"]]
        if not gid:
            continue
        parts = [cells[col[f"Name {i}"]] for i in (1, 2, 3, 4, 5, 6)]
        name = " ".join(p for p in parts if p)
        entity = groups.setdefault(
            gid,
            Entity(
                f"gb_ofsi:{gid}", "gb_ofsi", schema.get(cells[col["Group Type"]], "Unknown"), []
            ),
        )
        if name:
            strong = cells[col["Alias Quality"]] != "Low quality"
            entity.names.append(EntityName(name, "primary" if not entity.names else "aka", strong))
        original = cells[col["Name Non-Latin Script"]]
        if original:
            entity.names.append(EntityName(original, "variation", lang="original"))
        code = resolve_country(cells[col["Country"]])
        if code and code not in entity.countries:
            entity.countries.append(code)
    return [e for e in groups.values() if e.names]


def load_lists(data: Path) -> list[Entity]:
    """Every real list in the shared data folder, as entities."""
    s = data / "sanctions"
    entities = _ofac(
        "us_ofac_sdn", s / "us_ofac_sdn/2024-05-03/sdn.csv", s / "us_ofac_sdn/2021-07/alt.csv"
    )
    entities += _ofac("us_ofac_cons", s / "us_ofac_cons/2025-12/cons_prim.csv", None)
    entities += _un(s / "un_sc/consolidated_2026-02-27.xml")
    entities += _csl(s / "us_trade_csl/consolidated_2022-05.csv.gz")
    entities += _dpl(s / "us_bis_dpl/dpl_2023-11.txt")
    entities += _ofsi(s / "gb_ofsi/ConList_2025-04-10.xlsx")
    return [e for e in entities if e.names and e.names[0].name]


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
