"""Consolidated Screening List parser, on the real gzip CSV of May 2022."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pandas as pd
import pytest

from screener.errors import ListFormatError
from screener.lists.entity import Entity, EntityName, Identifier
from screener.lists.formats import ParsedList, _tabular, get_parser
from screener.lists.formats.csl import parse

DPL_SOURCE = "Denied Persons List (DPL) - Bureau of Industry and Security"


@pytest.fixture(scope="module")
def gz(shared_data: Path) -> Path:
    return shared_data / "sanctions" / "us_trade_csl" / "consolidated_2022-05.csv.gz"


@pytest.fixture(scope="module")
def parsed(gz: Path) -> ParsedList:
    return parse("us_trade_csl", {"consolidated.csv": gz})


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def test_registry_points_here() -> None:
    assert get_parser("csl_csv") is parse


def test_count_equals_distinct_ids(parsed: ParsedList, gz: Path) -> None:
    # Independent count: pandas reads the gzip itself; rows sharing an _id (an OFAC entity on
    # several Treasury lists) are one entity.
    frame = pd.read_csv(gz, compression="gzip", dtype=str, keep_default_na=False)
    assert len(frame) == 14160
    assert len(parsed.entities) == frame["_id"].nunique() == 14048
    ids = [e.id for e in parsed.entities]
    assert ids == sorted(ids)
    assert set(ids) == {f"us_trade_csl:{i}" for i in frame["_id"]}


def test_ofac_entity_on_two_lists_is_merged(by_id: dict[str, Entity]) -> None:
    arimero = by_id["us_trade_csl:34616"]
    assert arimero.schema == "Organization"
    assert arimero.names == [EntityName("ARIMERO HOLDING LIMITED")]
    assert arimero.programs == [
        "RUSSIA-EO14024",
        "Capta List (CAP) - Treasury Department",
        "Specially Designated Nationals (SDN) - Treasury Department",
    ]
    assert arimero.countries == ["cy"]
    assert arimero.identifiers == [Identifier("registration", "C146742", "cy")]
    assert arimero.source_url == "http://bit.ly/2PqohAD"


def test_vessel_imo_and_flag(by_id: dict[str, Entity]) -> None:
    vessel = by_id["us_trade_csl:23156"]
    assert vessel.schema == "Vessel"
    assert vessel.caption == "7-28"
    assert Identifier("imo", "8898831") in vessel.identifiers
    assert vessel.countries == ["kp"]  # vessel_flag "Democratic People's Republic of Korea"


def test_entity_list_row(by_id: dict[str, Entity]) -> None:
    plant = by_id["us_trade_csl:4398d33e9e93c7477af39f1e0bfffc13ddd47bcc"]
    assert plant.schema == "Organization"  # type is empty for BIS lists; "JSC" is a legal form
    assert [n.name for n in plant.names] == [
        "140 Repair Plant JSC",
        "Open Joint Stock Company 140 Repair Plant",
        "JSC 140 Repair Plant",  # written "and JSC 140 Repair Plant" in alt_names
    ]
    assert plant.programs == ["Entity List (EL) - Bureau of Industry and Security"]
    assert plant.addresses == ["19 Luysi Chalovskoy St., Borisov, 222512, BY"]
    assert plant.countries == ["by"]
    assert plant.listed_on == "2022-04-07"


def test_denied_person_name_is_trimmed(by_id: dict[str, Entity]) -> None:
    ash = by_id["us_trade_csl:deb7a1d5743a85c354ca1a2c7f2664e2104b32d7"]
    assert ash.caption == "I. ASH"  # " I. ASH" in the file
    assert ash.programs == [DPL_SOURCE]
    assert ash.countries == ["us"]


def test_person_with_dates_and_nationality(parsed: ParsedList, gz: Path) -> None:
    with gzip.open(gz, "rt", encoding="utf-8", newline="") as fh:
        row = next(
            r
            for r in csv.DictReader(fh)
            if r["type"] == "Individual" and r["dates_of_birth"] and r["nationalities"]
        )
    person = next(e for e in parsed.entities if e.source_id == row["_id"])
    assert person.schema == "Person"
    assert person.caption == row["name"].strip()
    assert person.birth_dates[0] == row["dates_of_birth"].split(";")[0].strip()
    assert set(person.countries) >= {row["nationalities"].split(";")[0].strip().lower()}


def _gzip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as fh:
        fh.write(data)
    return buffer.getvalue()


def test_plain_csv_parses_too(gz: Path, tmp_path: Path) -> None:
    lines = gzip.decompress(gz.read_bytes()).split(b"\n")
    path = tmp_path / "consolidated.csv"
    path.write_bytes(b"\n".join(lines[:51]) + b"\n")
    assert len(parse("us_trade_csl", {"consolidated.csv": path}).entities) == 50


def test_gzip_bomb_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = b"_id,source,type,name,alt_names,addresses,programs,ids\n"
    path = tmp_path / "consolidated.csv"
    path.write_bytes(_gzip(header + b"1,x,Entity,ACME,,,,\n" * 400_000))  # ~8 MB unpacked
    monkeypatch.setattr(_tabular, "MAX_GZIP_BYTES", 1 << 20)
    with pytest.raises(ListFormatError, match="decompressed data exceeds"):
        parse("us_trade_csl", {"consolidated.csv": path})


def test_truncated_gzip_raises(gz: Path, tmp_path: Path) -> None:
    path = tmp_path / "consolidated.csv"
    path.write_bytes(gz.read_bytes()[:200_000])
    with pytest.raises(ListFormatError, match=r"consolidated\.csv"):
        parse("us_trade_csl", {"consolidated.csv": path})


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x1f\x8b\x08\x00garbage",
        b"name,country\nACME,US\n",
        _gzip(b"_id,source,type,name,alt_names,addresses,programs,ids\n"),  # header only
        b"_id,source,type,name,alt_names,addresses,programs,ids\n1,x,Entity\n",
    ],
)
def test_garbage_raises(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "consolidated.csv"
    path.write_bytes(data)
    with pytest.raises(ListFormatError, match=r"consolidated\.csv"):
        parse("us_trade_csl", {"consolidated.csv": path})
