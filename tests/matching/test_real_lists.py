"""The matcher on real list entries (OFAC non-SDN and UN) and real unlisted companies."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest

from screener.lists.entity import Entity, EntityName
from screener.matching import Matcher, Query


def _ofac_cons(folder: Path) -> list[Entity]:
    kinds = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft"}
    entities: dict[str, Entity] = {}
    with (folder / "cons_prim.csv").open(encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            if len(row) >= 12:
                schema = kinds.get(row[2].strip(), "Organization")
                eid = f"us_ofac_cons:{row[0]}"
                entities[row[0]] = Entity(eid, "us_ofac_cons", schema, [EntityName(row[1])])
    with (folder / "cons_alt.csv").open(encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            if len(row) >= 4 and row[0] in entities:
                entities[row[0]].names.append(EntityName(row[3], "aka"))
    return list(entities.values())


def _un_entities(path: Path) -> list[Entity]:
    out = []
    for node in ElementTree.parse(path).getroot().iter("ENTITY"):
        names = [EntityName((node.findtext("FIRST_NAME") or "").strip())]
        names += [
            EntityName(a.findtext("ALIAS_NAME") or "", "aka") for a in node.iter("ENTITY_ALIAS")
        ]
        ref = (node.findtext("REFERENCE_NUMBER") or "").strip()
        out.append(Entity(f"un_sc:{ref}", "un_sc", "Organization", [n for n in names if n.name]))
    return out


@pytest.fixture(scope="module")
def matcher(shared_data: Path) -> Matcher:
    sanctions = shared_data / "sanctions"
    entities = _ofac_cons(sanctions / "us_ofac_cons" / "2025-12")
    entities += _un_entities(sanctions / "un_sc" / "consolidated_2026-02-27.xml")
    return Matcher(entities)


def _ids(matcher: Matcher, name: str) -> list[str]:
    return [m.entity_id for m in matcher.match(Query([(name, "name")]))]


def test_real_listed_bank_in_supplier_spellings(matcher: Matcher) -> None:
    assert _ids(matcher, "Gazprombank JSC")[:1] == ["us_ofac_cons:17016"]
    assert _ids(matcher, "АО Газпромбанк")[:1] == ["us_ofac_cons:17016"]
    assert _ids(matcher, "Gazprombnak Joint-Stock Co.")[:1] == ["us_ofac_cons:17016"]
    assert _ids(matcher, "Bank of Kunlun Company Limited")[:1] == ["us_ofac_cons:15268"]


def test_real_un_entity_with_branch_words(matcher: Matcher) -> None:
    found = matcher.match(Query([("Korea Ryonbong General Corp. Beijing Branch", "name")]))
    assert found and found[0].entity_id.startswith("un_sc:KPe.")
    assert "Korea Ryonbong" in found[0].matched_name.title()


def test_real_unlisted_companies_are_not_flagged(matcher: Matcher, shared_data: Path) -> None:
    path = shared_data / "companies" / "sp500_constituents.csv"
    with path.open(encoding="utf-8") as f:
        names = [row["Security"] for row in csv.DictReader(f)]
    flagged = [n for n in names if matcher.match(Query([(n, "name")]))]
    assert len(names) > 500
    assert len(flagged) <= 0.01 * len(names), flagged


def test_candidate_estimates_are_the_same_one_by_one_and_at_once(
    matcher: Matcher, shared_data: Path
) -> None:
    from screener.matching.normalize import normalize_name
    from screener.matching.score import prepare

    index = matcher.index
    path = shared_data / "companies" / "forbes_global2000_2025.csv"
    with path.open(encoding="utf-8") as f:
        names = [row["Company"] for row in csv.DictReader(f)][:300]
    compared = 0
    for name in names + [n.text for n in index.names[::50]]:
        query = prepare(index, name, "name", normalize_name(name))
        gain = {
            tid: index.weights[tid] * sim for expansion in query.expansions
            for tid, sim in expansion.items()
        }  # fmt: skip
        found = {n for tid in gain for n in index.postings[tid]}
        if not found:
            continue
        few = sorted(index._estimate_few(found, gain, query.total or 1.0, 0.3))
        many = sorted(index._estimate_many(found, gain, query.total or 1.0, 0.3))
        assert few == many, name
        compared += len(few)
    assert compared > 1_000


def test_a_name_seen_before_is_matched_as_if_it_were_new(matcher: Matcher) -> None:
    # The same tokens again, written with another legal form, case, script or role: the
    # kept expansions and candidates must give exactly what working them out afresh gives.
    listed = [n.text for n in matcher.index.names[::400]][:40]
    written = [
        *(f"{name} LLC" for name in listed),
        *(f"OOO {name.upper()}" for name in listed),
        *(name.lower() for name in listed),
        "Huawei Technologies", "华为技术有限公司", "华为技术", "Sberbank", "ПАО Сбербанк",
    ]  # fmt: skip
    queries = [
        Query([(name, role)], countries=countries)
        for name in written
        for role, countries in (("name", []), ("parent", ["ru"]))
    ]
    afresh = []
    for query in queries:
        matcher._prepared.clear()
        afresh.append(matcher.match(query, threshold=60))
    again = [matcher.match(query, threshold=60) for query in queries]

    assert again == afresh
    assert len(matcher._prepared) < len(queries) / 3  # most were served from what was kept
    assert sum(len(found) for found in afresh) > 50
    for query, found in zip(queries, again, strict=True):
        assert all(m.query_name == query.names[0][0] for m in found)
        assert all(m.query_role == query.names[0][1] for m in found)


def test_real_un_arabic_script_names_find_their_latin_listing(shared_data: Path) -> None:
    # Every UN entry's Arabic-script name, screened against the Latin names of the list
    # alone: the same entry must come out at the default threshold. Persian and Urdu
    # readings, names joined by the article, French spellings and common given names that
    # outweigh rare ones are what this measures; organisations whose Latin name is a
    # translation (EGYPTIAN ISLAMIC JIHAD) cannot be found this way.
    from screener.lists.formats import un

    path = shared_data / "sanctions" / "un_sc" / "consolidated_2026-02-27.xml"
    entities = un.parse("un_sc", {"consolidated.xml": path}).entities
    cases = [(e.id, n.name) for e in entities for n in e.names if n.lang == "Arabic"]
    latin = Matcher([replace(e, names=[n for n in e.names if n.lang is None]) for e in entities])
    found = [
        any(m.entity_id == eid for m in latin.match(Query([(name, "name")]))) for eid, name in cases
    ]
    assert len(cases) > 350
    assert sum(found) >= 0.8 * len(cases)


def test_every_original_script_name_finds_its_own_listing_as_written(shared_data: Path) -> None:
    """A supplier written exactly as a listing writes it in its own script (Chinese, Cyrillic,
    Arabic, …) is that listing at the default threshold, as a scan matches. A Chinese name's
    syllables joined into words other listings write (``mai ke`` → ``maike``) had left 10 of
    these lists' 35 Chinese names unfound (20 of 50 against every list)."""
    from screener.lists.formats import ofsi, un

    sanctions = shared_data / "sanctions"
    entities = un.parse(
        "un_sc", {"consolidated.xml": sanctions / "un_sc" / "consolidated_2026-02-27.xml"}
    ).entities
    entities += ofsi.parse(
        "gb_ofsi", {"ConList.xlsx": sanctions / "gb_ofsi" / "ConList_2025-04-10.xlsx"}
    ).entities
    matcher = Matcher(entities)
    cases = sorted(
        {
            (e.id, n.name)
            for e in entities
            for n in e.names
            if any(c.isalpha() and ord(c) > 0x24F for c in n.name)
        }
    )
    missed = [(eid, name) for eid, name in cases if eid not in _ids(matcher, name)]
    han = [case for case in cases if any("\u4e00" <= c <= "\u9fff" for c in case[1])]
    assert len(cases) > 3000 and len(han) > 30
    assert missed == []
