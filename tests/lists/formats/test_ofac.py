"""OFAC legacy CSV parser, on the real SDN 2021-07 / 2024-05-03 and consolidated 2025-12 files."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from screener.errors import ListFormatError
from screener.lists.entity import Entity, EntityName, Identifier
from screener.lists.formats import ParsedList, get_parser
from screener.lists.formats.ofac import parse

SDN_ROLES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
CONS_ROLES = ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")


@pytest.fixture(scope="module")
def sdn_dir(shared_data: Path) -> Path:
    return shared_data / "sanctions" / "us_ofac_sdn"


@pytest.fixture(scope="module")
def sdn_2021(sdn_dir: Path) -> ParsedList:
    return parse("us_ofac_sdn", {r: sdn_dir / "2021-07" / r for r in SDN_ROLES})


@pytest.fixture(scope="module")
def sdn_2024(sdn_dir: Path) -> ParsedList:
    return parse("us_ofac_sdn", {"sdn.csv": sdn_dir / "2024-05-03" / "sdn.csv"})


def _by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def _raw_ent_nums(path: Path) -> list[str]:
    # Independent count: split the raw bytes on CRLF and take the digits before the first
    # comma of each line; the Ctrl-Z end line has none.
    lines = path.read_bytes().split(b"\r\n")
    return [m.group(1).decode() for ln in lines if (m := re.match(rb"^(\d+),", ln))]


def test_registry_points_here() -> None:
    assert get_parser("ofac_csv") is parse


def test_sdn_2021_count_and_ids(sdn_2021: ParsedList, sdn_dir: Path) -> None:
    raw = _raw_ent_nums(sdn_dir / "2021-07" / "sdn.csv")
    assert len(raw) == 8976
    assert len(sdn_2021.entities) == len(raw)
    ids = [e.id for e in sdn_2021.entities]
    assert ids == sorted(ids)
    assert set(ids) == {f"us_ofac_sdn:{n}" for n in raw}
    assert sdn_2021.warnings == []
    assert sdn_2021.published_at is None


def test_sdn_2021_entity_with_address_alias_and_weak_aka(sdn_2021: ParsedList) -> None:
    bnc = _by_id(sdn_2021)["us_ofac_sdn:306"]
    assert bnc.schema == "Organization"  # SDN_Type "-0- "
    assert bnc.caption == "BANCO NACIONAL DE CUBA"
    assert bnc.names == [
        EntityName("BANCO NACIONAL DE CUBA", "primary"),
        EntityName("NATIONAL BANK OF CUBA", "aka"),  # alt.csv 306,220
        EntityName("BNC", "aka", strong=False),  # Remarks "a.k.a. 'BNC'."
    ]
    assert bnc.programs == ["CUBA"]
    assert "Zweierstrasse 35, Zurich CH-8022, Switzerland" in bnc.addresses
    assert set(bnc.countries) == {"ch", "es", "jp", "pa"}
    assert bnc.remarks == "a.k.a. 'BNC'."
    assert bnc.source_url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=306"


def test_sdn_2021_comments_continue_remarks(sdn_2021: ParsedList) -> None:
    li = _by_id(sdn_2021)["us_ofac_sdn:28264"]
    assert li.schema == "Person"
    assert li.caption == "LI, Jiadong"
    assert li.programs == ["DPRK3", "CYBER2"]
    assert li.birth_dates == ["1987-01-10"]
    assert li.countries == ["cn"]  # nationality China + add.csv China
    assert li.remarks is not None
    assert li.remarks.startswith("DOB 10 Jan 1987; nationality China;")
    assert li.remarks.endswith("a.k.a. 'khaleesi'; Linked To: LAZARUS GROUP.")
    # the akas and the id number live only in sdn_comments.csv
    assert EntityName("blackjack1987", "aka", strong=False) in li.names
    assert EntityName("khaleesi", "aka", strong=False) in li.names
    assert Identifier("other", "210302198701102136", "cn", "Identification Number") in (
        li.identifiers
    )


def test_sdn_2021_person_ids_and_dobs(sdn_2021: ParsedList) -> None:
    person = _by_id(sdn_2021)["us_ofac_sdn:12300"]
    assert person.birth_dates == ["1965-05-13", "1968-04-13", "1964-07-07"]
    assert Identifier("passport", "AL720622", "co") in person.identifiers
    assert {"co", "mx"} <= set(person.countries)
    assert person.remarks is not None and person.remarks.endswith("Linked To: R D I S.A.")


def test_sdn_2024_alone_parses_with_warnings(sdn_2024: ParsedList, sdn_dir: Path) -> None:
    path = sdn_dir / "2024-05-03" / "sdn.csv"
    with path.open(newline="", encoding="ascii") as fh:
        types = Counter(row[2].strip() for row in csv.reader(fh) if len(row) == 12)
    assert types == {"individual": 6854, "-0-": 6884, "vessel": 851, "aircraft": 376}
    schemas = Counter(e.schema for e in sdn_2024.entities)
    assert schemas == {"Person": 6854, "Organization": 6884, "Vessel": 851, "Aircraft": 376}
    assert len(sdn_2024.warnings) == 3
    assert sorted(sdn_2024.warnings) == [
        f"no {role} file; entities lack their {role} data" for role in ("add", "alt", "comments")
    ]


def test_identifier_countries_are_the_entity_countries(sdn_dir: Path) -> None:
    # The 2024 list with the 2021 address file, as the matching benchmark reads it. 43125 was
    # listed after 2021: no address, no nationality; "Tax ID No. 2457062730 (Russia); …
    # Registration Number 1062457033022 (Russia)" in its Remarks.
    files = {
        "sdn.csv": sdn_dir / "2024-05-03" / "sdn.csv",
        "add.csv": sdn_dir / "2021-07" / "add.csv",
    }
    by_id = _by_id(parse("us_ofac_sdn", files))
    severnaya = by_id["us_ofac_sdn:43125"]
    assert not severnaya.addresses
    assert Identifier("registration", "1062457033022", "ru") in severnaya.identifiers
    assert severnaya.countries == ["ru"]
    assert EntityName("LLC NORTHERN STAR", "aka", strong=False) in severnaya.names
    # The country is the last bracket that names one: "HRB 770549 (Stuttgart) (Germany)".
    assert by_id["us_ofac_sdn:44198"].countries == ["de"]
    # "National ID No. K357514(4) (Hong Kong)": the check digit 4 is no country (ISO numeric
    # 004 is Afghanistan).
    po_kong = by_id["us_ofac_sdn:11275"]
    assert po_kong.countries == ["hk"]
    assert {i.country for i in po_kong.identifiers} == {"hk"}


def test_a_bracket_written_against_an_identifier_is_part_of_it(sdn_2024: ParsedList) -> None:
    by_id = _by_id(sdn_2024)

    def values(ent_num: str) -> set[tuple[str, str | None]]:
        return {(i.value, i.country) for i in by_id[f"us_ofac_sdn:{ent_num}"].identifiers}

    # "National ID No. K357514(4) (Hong Kong)": the check digit is the ID's last character.
    assert ("K357514(4)", "hk") in values("11275")
    # Burmese citizenship numbers: township, class in brackets, number (not "12/BAHANA", the
    # township code thousands share).
    assert ("12/BAHANA(N)010023", "mm") in values("31172")
    assert ("13/THAPANA(AEI)000103", "mm") in values("44658")
    # A value opening with its bracket keeps its country: "(HWI)040182 (Burma)".
    assert ("(HWI)040182", "mm") in values("11282")
    assert "mm" in by_id["us_ofac_sdn:11282"].countries


def test_sdn_2024_vessel_and_multi_programs(sdn_2024: ParsedList) -> None:
    by_id = _by_id(sdn_2024)
    vessel = by_id["us_ofac_sdn:15036"]
    assert vessel.schema == "Vessel"
    assert vessel.caption == "ARTAVIL"
    assert Identifier("imo", "9187629") in vessel.identifiers
    assert Identifier("mmsi", "572469210") in vessel.identifiers
    assert Identifier("other", "T2EU4", note="call sign") in vessel.identifiers
    assert vessel.countries == ["ir"]  # Vess_flag "Iran"
    assert EntityName("ALPHA", "fka", strong=False) in vessel.names
    assert by_id["us_ofac_sdn:4642"].programs == ["IRAN", "SDGT", "IFSR"]


def test_cons_list(shared_data: Path) -> None:
    folder = shared_data / "sanctions" / "us_ofac_cons" / "2025-12"
    parsed = parse("us_ofac_cons", {r: folder / r for r in CONS_ROLES})
    raw = _raw_ent_nums(folder / "cons_prim.csv")
    assert len(parsed.entities) == len(raw) == 442
    assert {e.id for e in parsed.entities} == {f"us_ofac_cons:{n}" for n in raw}
    kunlun = _by_id(parsed)["us_ofac_cons:15268"]
    assert kunlun.caption == "BANK OF KUNLUN CO LTD"
    assert EntityName("KARAMAY CITY COMMERCIAL BANK CO LTD.", "fka") in kunlun.names
    assert Identifier("swift", "CKLBCNBJ") in kunlun.identifiers
    assert kunlun.countries == ["cn"]
    # Gazprom's Remarks are cut after "Registration Number 1027700070518 " and go on in
    # cons_comments.csv with "(Russia); …": joined with the space the cut fell on.
    gazprom = _by_id(parsed)["us_ofac_cons:17250"]
    assert Identifier("registration", "1027700070518", "ru") in gazprom.identifiers
    assert "1027700070518 (Russia); For more information" in (gazprom.remarks or "")


def test_a_country_bracket_written_against_an_identifier_is_its_country(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    remarks = (
        "Passport A123(Iran) issued 2010; National ID No. K357514(4)(Hong Kong); "
        "Registration Number 12345(Y)."
    )
    path.write_bytes(
        b'1,"SEA STAR",-0- ,"IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"'
        + remarks.encode()
        + b'"\r\n\x1a'
    )
    (entity,) = parse("us_ofac_sdn", {"sdn.csv": path}).entities
    assert Identifier("passport", "A123", "ir", "issued 2010") in entity.identifiers
    assert Identifier("national_id", "K357514(4)", "hk") in entity.identifiers
    assert Identifier("registration", "12345(Y)") in entity.identifiers  # Y is no Italy


def test_deterministic(shared_data: Path) -> None:
    folder = shared_data / "sanctions" / "us_ofac_cons" / "2025-12"
    files = {r: folder / r for r in CONS_ROLES}
    first = [e.content_hash() for e in parse("us_ofac_cons", files).entities]
    second = [
        e.content_hash() for e in parse("us_ofac_cons", dict(reversed(files.items()))).entities
    ]
    assert first == second


def _write(tmp_path: Path, data: bytes, name: str = "sdn.csv") -> dict[str, Path]:
    path = tmp_path / name
    path.write_bytes(data)
    return {name: path}


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x1a",
        b"\x00\x01\x02garbage\xff\xfe" * 50,
        b"<html><body>Service unavailable</body></html>\r\n",
        b"36,AEROCARIBBEAN AIRLINES,-0- \r\n",  # too few columns
    ],
)
def test_garbage_raises(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ListFormatError, match=r"sdn\.csv"):
        parse("us_ofac_sdn", _write(tmp_path, data))


def test_truncated_inside_a_field_raises(sdn_dir: Path, tmp_path: Path) -> None:
    raw = (sdn_dir / "2021-07" / "sdn.csv").read_bytes()
    cut = raw.index(b"a.k.a. 'BNC'") + 5  # inside a quoted Remarks field
    with pytest.raises(ListFormatError, match=r"sdn\.csv"):
        parse("us_ofac_sdn", _write(tmp_path, raw[:cut]))


def test_truncated_at_a_line_end_keeps_complete_rows(sdn_dir: Path, tmp_path: Path) -> None:
    lines = (sdn_dir / "2021-07" / "sdn.csv").read_bytes().split(b"\r\n")
    parsed = parse("us_ofac_sdn", _write(tmp_path, b"\r\n".join(lines[:100]) + b"\r\n"))
    assert len(parsed.entities) == 100


def test_huge_field_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    with path.open("wb") as fh:
        fh.write(b'36,"')
        chunk = b"A" * (1 << 20)
        for _ in range(100):  # a 100 MB field
            fh.write(chunk)
        fh.write(b'",-0- \r\n')
    with pytest.raises(ListFormatError, match=r"sdn\.csv: .*(line|field)"):
        parse("us_ofac_sdn", {"sdn.csv": path})


def test_unknown_role_and_missing_primary(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="not an OFAC"):
        parse("us_ofac_sdn", _write(tmp_path, b"1,2\r\n", "other.csv"))
    with pytest.raises(ListFormatError, match="primary file"):
        parse("us_ofac_sdn", _write(tmp_path, b'36,12,"aka","X",-0- \r\n', "alt.csv"))


def test_sdn_2024_with_the_2021_aliases_parses(sdn_dir: Path) -> None:
    # The only recent sdn.csv has no alt.csv of its date; the 2021 one is the nearest.
    parsed = parse(
        "us_ofac_sdn",
        {"sdn.csv": sdn_dir / "2024-05-03" / "sdn.csv", "alt.csv": sdn_dir / "2021-07" / "alt.csv"},
    )
    alone = parse("us_ofac_sdn", {"sdn.csv": sdn_dir / "2024-05-03" / "sdn.csv"})
    assert len(parsed.entities) == len(alone.entities) == 14965
    assert sum(len(e.names) for e in parsed.entities) > sum(len(e.names) for e in alone.entities)
    assert any("refer to unknown ent_num" in w for w in parsed.warnings)


def test_identifier_remarks_without_a_value_are_skipped(tmp_path: Path) -> None:
    remarks = (
        "Vessel Registration Identification IMO; MMSI (); Passport (Iran); "
        "Tax ID No. 123 (Iran) expires 2020."
    )
    path = tmp_path / "sdn.csv"
    path.write_bytes(
        b'1,"SEA STAR",-0- ,"IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"'
        + remarks.encode()
        + b'"\r\n\x1a'
    )
    (entity,) = parse("us_ofac_sdn", {"sdn.csv": path}).entities
    assert all(i.value for i in entity.identifiers)
    assert Identifier("tax", "123", "ir", "expires 2020") in entity.identifiers
    assert not any(i.kind == "imo" for i in entity.identifiers)
