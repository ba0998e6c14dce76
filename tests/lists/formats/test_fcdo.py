"""UK FCDO sanctions list parser, on the real 5-designation excerpt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from screener.errors import ListFormatError
from screener.lists.entity import Entity
from screener.lists.formats import ParsedList, get_parser
from screener.lists.formats.fcdo import iso_date, parse

FCDO_FILE = "sanctions/gb_fcdo/UK_Sanctions_List_excerpt_2026-09-10.xml"
ROLE = "UK_Sanctions_List.xml"


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> str:
    return (shared_data / FCDO_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(shared_data: Path) -> ParsedList:
    return parse("gb_fcdo", {ROLE: shared_data / FCDO_FILE})


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def test_registered_under_its_format_name() -> None:
    assert get_parser("fcdo_xml") is parse


def test_ids_are_ofsi_group_ids_else_unique_ids(parsed: ParsedList, raw: str) -> None:
    # Independent: split the raw text on <Designation> and read each block's ids by regex.
    blocks = raw.split("<Designation>")[1:]
    assert len(blocks) == 5
    expected = []
    for block in blocks:
        group = re.search(r"<OFSIGroupID>(\d+)<", block)
        unique = re.search(r"<UniqueID>([^<]+)<", block)
        assert unique is not None
        expected.append(f"gb_fcdo:{group.group(1) if group else unique.group(1)}")
    assert [e.id for e in parsed.entities] == sorted(expected)
    assert "gb_fcdo:DPR0075" in expected  # the ship has no OFSI group id
    assert parsed.published_at == "2026-09-10"


def test_dates_with_placeholders() -> None:
    assert iso_date("12/05/1958") == "1958-05-12"
    assert iso_date("dd/mm/1945") == "1945"
    assert iso_date("dd/05/1945") == "1945-05"
    assert iso_date("00/00/1958") == "1958"
    assert iso_date("1946") == "1946"
    assert iso_date("sometime") is None


def test_individual_field_by_field(by_id: dict[str, Entity], raw: str) -> None:
    e = by_id["gb_fcdo:7172"]
    assert e.schema == "Person"
    arabic = "محمد حسن آخوند"
    assert arabic in raw
    assert [(n.name, n.kind, n.lang) for n in e.names] == [
        ("MOHAMMAD HASSAN AKHUND", "primary", None),
        (arabic, "primary", "Arabic"),
        ("Mohammad Akhwand", "variation", None),
    ]
    assert e.birth_dates == ["1958-05-12", "1945", "1946"]
    assert e.programs == ["The Afghanistan (Sanctions) (EU Exit) Regulations 2020"]
    assert e.countries == ["af"]
    assert e.listed_on == "2001-01-25"
    kinds = [(i.kind, i.value) for i in e.identifiers]
    # the file repeats the passport; it is kept once
    assert kinds == [
        ("passport", "P04581926"),
        ("national_id", "2132370"),
        ("other", "TAi.002"),
        ("other", "AFG0006"),
    ]


def test_entity_alias_strength_and_registration(by_id: dict[str, Entity]) -> None:
    e = by_id["gb_fcdo:14124"]
    assert e.schema == "Organization"
    assert [(n.name, n.kind, n.strong) for n in e.names] == [
        ("BNK (UK) Ltd", "primary", True),
        ("BNK UK Limited", "aka", True),
        ("BNK", "aka", False),
    ]
    assert ("registration", "06527449") in [(i.kind, i.value) for i in e.identifiers]
    assert e.countries == ["gb"]
    assert e.remarks is not None and "controlled by CJSC Belarusian Oil Company" in e.remarks


def test_ship(by_id: dict[str, Entity]) -> None:
    e = by_id["gb_fcdo:DPR0075"]
    assert e.schema == "Vessel"
    assert e.caption == "Petrel 8"
    assert ("imo", "9562233") in [(i.kind, i.value) for i in e.identifiers]
    assert e.countries == ["km"]  # current believed flag: Comoros


def test_empty_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / ROLE
    empty.write_bytes(b"")
    with pytest.raises(ListFormatError, match=r"UK_Sanctions_List\.xml"):
        parse("gb_fcdo", {ROLE: empty})


def test_wrong_root_is_refused(tmp_path: Path) -> None:
    other = tmp_path / ROLE
    other.write_text("<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>", encoding="utf-8")
    with pytest.raises(ListFormatError, match="expected <Designations>"):
        parse("gb_fcdo", {ROLE: other})
