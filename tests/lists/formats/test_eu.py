"""EU Financial Sanctions Files parser, on the real 5-entity excerpt."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from screener.errors import ListFormatError
from screener.lists.entity import Entity
from screener.lists.formats import ParsedList, get_parser
from screener.lists.formats.eu import parse

EU_FILE = "sanctions/eu_fsf/eu_fsf_excerpt_2026-08-05.xml"


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> str:
    return (shared_data / EU_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(shared_data: Path) -> ParsedList:
    return parse("eu_fsf", {"eu_fsf.xml": shared_data / EU_FILE})


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def test_registered_under_its_format_name() -> None:
    assert get_parser("eu_fsf_xml") is parse


def test_count_and_ids_match_the_raw_text(parsed: ParsedList, raw: str) -> None:
    # Independent count: the logicalId attribute of each <sanctionEntity> start tag.
    ids = re.findall(r"<sanctionEntity [^>]*logicalId=\"(\d+)\"", raw)
    assert len(ids) == 5
    assert [e.id for e in parsed.entities] == sorted(f"eu_fsf:{i}" for i in ids)
    assert parsed.published_at == "2026-08-05T16:47:04.449+02:00"


def test_every_whole_name_is_kept_with_spaces_collapsed(parsed: ParsedList, raw: str) -> None:
    whole = [" ".join(html.unescape(w).split()) for w in re.findall(r'wholeName="([^"]*)"', raw)]
    assert len(whole) == 45
    names = [n.name for e in parsed.entities for n in e.names]
    assert set(names) == set(whole)
    assert all("  " not in n for n in names)
    assert "Tionscail Ceimiceán Parchin" in names  # "Tionscail  Ceimiceán" in the file


def test_persian_and_arabic_names_survive_intact(by_id: dict[str, Entity], raw: str) -> None:
    persian = "صنایع شیمیایی پارچین"
    arabic = "إبراهيم حسن طالع العسيري"
    assert persian in raw and arabic in raw
    pci = {n.name: n.lang for n in by_id["eu_fsf:3822"].names}
    assert pci[persian] == "fa"
    asiri = {n.name: n.lang for n in by_id["eu_fsf:6177"].names}
    assert asiri[arabic] == "ar"


def test_enterprise_field_by_field(by_id: dict[str, Entity]) -> None:
    e = by_id["eu_fsf:3822"]
    assert e.schema == "Organization"
    assert e.caption == "Parchin Chemical Industries (PCI)"
    assert e.names[0].kind == "primary"
    assert all(n.kind == "aka" for n in e.names[1:])
    assert e.programs == ["IRN"]
    assert e.countries == ["ir"]
    assert e.listed_on == "2008-06-23"
    assert [(i.kind, i.value) for i in e.identifiers] == [("registration", "892")]
    assert "Pasdaran Square, 16765/358, Tehran, IRAN (ISLAMIC REPUBLIC OF)" in e.addresses


def test_person_without_designation_date(by_id: dict[str, Entity]) -> None:
    e = by_id["eu_fsf:191"]
    assert e.schema == "Person"
    assert e.caption == "Khalid Sheikh MOHAMMED"
    assert e.listed_on is None  # the file gives no designationDate for this record
    assert e.programs == ["TERR"]
    assert e.birth_dates == ["1965-04-14", "1964-03-01"]
    # the passport's country is "00" (unknown): no country on it, and none invented
    assert [(i.kind, i.value, i.country) for i in e.identifiers] == [("passport", "488555", None)]
    assert e.countries == ["pk"]


def test_low_quality_remarks_make_weak_aliases(by_id: dict[str, Entity]) -> None:
    e = by_id["eu_fsf:6177"]
    weak = sorted(n.name for n in e.names if not n.strong)
    assert weak == ["Abosslah", "Abu Saleh", "Abu-Salaah"]
    assert e.caption == "Ibrahim Hassan Tali Al-Asiri"
    assert e.countries == ["sa", "ye"]
    # the Islamic-calendar record carries its Gregorian date in @birthdate
    assert "1982-04-19" in e.birth_dates
    assert not any(d.startswith("1402") for d in e.birth_dates)


def test_garbage_is_refused_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "eu_fsf.xml"
    bad.write_bytes(b"\x00\x01 this is not xml")
    with pytest.raises(ListFormatError, match=r"eu_fsf\.xml"):
        parse("eu_fsf", {"eu_fsf.xml": bad})
