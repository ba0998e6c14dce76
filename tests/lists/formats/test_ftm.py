"""OpenSanctions FollowTheMoney parser, on the real exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from screener.errors import ListFormatError
from screener.lists.entity import Entity
from screener.lists.formats import ParsedList, get_parser
from screener.lists.formats.ftm import parse

ROLE = "entities.ftm.json"
T1 = "sanctions/opensanctions/yente_t1_eu_fsf.entities.ftm.json"
ZALA = "sanctions/opensanctions/yente_zala_aero_cluster.entities.ftm.json"
THINGS = {"Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"}


@pytest.fixture(scope="module")
def zala(shared_data: Path) -> ParsedList:
    return parse("opensanctions", {ROLE: shared_data / ZALA})


@pytest.fixture(scope="module")
def zala_by_id(zala: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in zala.entities}


def test_registered_under_its_format_name() -> None:
    assert get_parser("ftm_json") is parse


@pytest.mark.parametrize("name", [T1, ZALA])
def test_counts_ids_and_date_match_the_raw_lines(shared_data: Path, name: str) -> None:
    raw = (shared_data / name).read_text(encoding="utf-8")
    # Independent: regex the schema, id and last_change out of each raw line.
    rows = [
        (
            re.search(r'"schema": ?"(\w+)"', line),
            re.search(r'^\{"id": ?"([^"]+)"', line),
            re.search(r'"last_change": ?"([^"]+)"', line),
        )
        for line in raw.splitlines()
    ]
    things = sorted(
        f"opensanctions:{i.group(1)}" for s, i, _ in rows if s and i and s.group(1) in THINGS
    )
    parsed = parse("opensanctions", {ROLE: shared_data / name})
    assert [e.id for e in parsed.entities] == things
    assert parsed.published_at == max(c.group(1) for _, _, c in rows if c)


def test_expected_counts(shared_data: Path, zala: ParsedList) -> None:
    t1 = parse("opensanctions", {ROLE: shared_data / T1})
    assert len(t1.entities) == 6  # 7 lines, one of them an Address
    assert len(zala.entities) == 17  # 11 Company + 6 Person out of 91 lines


def test_sanction_programs_and_listing_date_fold_in(zala_by_id: dict[str, Entity]) -> None:
    e = zala_by_id["opensanctions:NK-aU5ybkbRFJucf8YMwsJvDw"]
    assert e.schema == "Person"
    assert e.caption == "Alexander Vyacheslavovich ZAKHAROV"
    assert {"EU-UKR", "GB-RUS", "US-RUSHAR"} <= set(e.programs)
    assert e.programs == sorted(e.programs)
    assert e.listed_on == "2023-07-01"
    assert ("tax", "183111242406") in [(i.kind, i.value) for i in e.identifiers]
    assert e.countries == ["ru"]


def test_ownership_and_related_parties(zala_by_id: dict[str, Entity]) -> None:
    izhtelecom = zala_by_id["opensanctions:NK-56Edov9bas9puzaChH5pBy"]
    assert izhtelecom.remarks is not None
    assert izhtelecom.remarks.startswith("Not itself a sanctions target")
    assert "Owned by: Alexander Vyacheslavovich ZAKHAROV." in izhtelecom.remarks
    assert izhtelecom.caption == 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ИЖТЕЛЕКОМ"'
    assert ("tax", "1831006638") in [(i.kind, i.value) for i in izhtelecom.identifiers]
    assert zala_by_id["opensanctions:NK-abdzbEBkqyT29GyREbiURZ"].caption == "LLC CST"


def test_cyrillic_and_greek_names_survive_intact(shared_data: Path) -> None:
    lines = (shared_data / T1).read_text(encoding="utf-8").splitlines()
    raw = json.loads(lines[0])
    parsed = parse("opensanctions", {ROLE: shared_data / T1})
    e = next(e for e in parsed.entities if e.id == f"opensanctions:{raw['id']}")
    names = {n.name: n for n in e.names}
    assert set(names) == set(raw["properties"]["name"])
    assert e.names[0].name == raw["caption"]
    cyrillic = "Общество с ограниченной ответственностью “Интер Тобако”"
    assert names[cyrillic].lang == "Cyrillic"
    assert names["Εταιρία περιορισμένης ευθύνης “Inter Tobacco”"].lang == "Greek"
    assert e.countries == ["by"]
    assert [(i.kind, i.value) for i in e.identifiers] == [("registration", "808000714")]


def test_broken_line_is_refused_with_its_number(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / T1).read_text(encoding="utf-8").splitlines()
    bad = tmp_path / ROLE
    bad.write_text("\n".join([lines[0], lines[1][:40], *lines[2:]]), encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"entities\.ftm\.json, line 2"):
        parse("opensanctions", {ROLE: bad})


def test_file_without_screenable_entities_is_refused(tmp_path: Path) -> None:
    only_address = tmp_path / ROLE
    only_address.write_text(
        '{"id": "a1", "schema": "Address", "properties": {"full": ["Minsk"]}}\n',
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError, match="no entities"):
        parse("opensanctions", {ROLE: only_address})
