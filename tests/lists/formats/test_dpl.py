"""BIS Denied Persons List parser, on the real tab-separated file of November 2023."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from screener.errors import ListFormatError
from screener.lists.entity import Entity, EntityName
from screener.lists.formats import ParsedList, get_parser
from screener.lists.formats.dpl import parse


@pytest.fixture(scope="module")
def txt(shared_data: Path) -> Path:
    return shared_data / "sanctions" / "us_bis_dpl" / "dpl_2023-11.txt"


@pytest.fixture(scope="module")
def parsed(txt: Path) -> ParsedList:
    return parse("us_bis_dpl", {"dpl.txt": txt})


def _named(parsed: ParsedList, name: str) -> list[Entity]:
    return [e for e in parsed.entities if e.caption == name]


def test_registry_points_here() -> None:
    assert get_parser("bis_dpl") is parse


def test_count_is_one_per_denial(parsed: ParsedList, txt: Path) -> None:
    # Independent count with pandas: a denial is (name, first Federal Register notice); the
    # 665 rows are one per address.
    frame = pd.read_csv(txt, sep="\t", dtype=str, keep_default_na=False)
    assert len(frame) == 665
    names = frame["Name"].str.upper().str.split().str.join(" ")
    cites = frame["FR_Citation"].str.findall(r"(\d+)\s*\.?\s*F\.?\s?R\.?\s*(\d+)", flags=re.I)
    first = cites.map(lambda cs: min((int(v), int(p)) for v, p in cs))
    assert len(parsed.entities) == len(set(zip(names, first, strict=True))) == 547


def test_ids_unique_sorted_and_stable(parsed: ParsedList, txt: Path) -> None:
    ids = [e.id for e in parsed.entities]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    assert all(re.fullmatch(r"us_bis_dpl:[0-9a-f]{16}", i) for i in ids)
    again = parse("us_bis_dpl", {"dpl.txt": txt})
    assert [e.to_dict() for e in again.entities] == [e.to_dict() for e in parsed.entities]


def test_id_survives_a_renewal(parsed: ParsedList, txt: Path, tmp_path: Path) -> None:
    # A temporary denial order renewal moves the effective date and appends a citation.
    lines = txt.read_text(encoding="ascii").splitlines(keepends=True)
    index = next(i for i, ln in enumerate(lines) if ln.startswith('"AARON ABRAHAM VILLA"'))
    lines[index] = (
        lines[index]
        .replace('"08/24/2022"', '"02/20/2023"')
        .replace("8/29/2022", "8/29/2022, 88 F.R. 99999 2/24/2023")
    )
    renewed = tmp_path / "dpl.txt"
    renewed.write_text("".join(lines), encoding="ascii")
    before = _named(parsed, "AARON ABRAHAM VILLA")
    after = _named(parse("us_bis_dpl", {"dpl.txt": renewed}), "AARON ABRAHAM VILLA")
    assert [e.id for e in after] == [e.id for e in before]
    assert after[0].listed_on == "2023-02-20"


def test_published_at_ignores_impossible_dates(parsed: ParsedList) -> None:
    assert parsed.published_at == "2023-11-28"  # the file also has a Last_Update 3033-09-30


def test_spot_checks(parsed: ParsedList) -> None:
    # two denials of the same name: the 2002 order (two addresses) and the 2003 order
    early, ash = sorted(_named(parsed, "I. ASH"), key=lambda e: e.listed_on or "")
    assert early.listed_on == "2002-03-04"
    assert len(early.addresses) == 2
    assert ash.schema == "Unknown"
    assert ash.names == [EntityName("I. ASH")]  # " I. ASH" in the file
    assert ash.countries == ["us"]
    assert ash.listed_on == "2003-06-19"
    assert ash.addresses[0].endswith("SEAGOVILLE, TX, 75159, US")
    assert ash.remarks is not None and "68 F.R. 38290" in ash.remarks

    (freight,) = _named(parsed, "AIR FREIGHT LTD")  # four address rows, one denial
    assert freight.schema == "Organization"
    assert len(freight.addresses) == 4
    assert freight.countries == ["iq", "ae", "jo"]
    assert freight.programs == ["Denied Persons List (DPL) - Bureau of Industry and Security"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01garbage\xff" * 20,
        b"Name,Country\nACME,US\n",
        b'"Name"\t"Street_Address"\t"City"\t"State"\t"Country"\t"Postal_Code"\t'
        b'"Effective_Date"\t"Expiration_Date"\t"Standard_Order"\t"Last_Update"\t"Action"\t'
        b'"FR_Citation"\n',  # header only
        b'"Name"\t"Street_Address"\t"City"\t"State"\t"Country"\t"Postal_Code"\t'
        b'"Effective_Date"\t"Expiration_Date"\t"Standard_Order"\t"Last_Update"\t"Action"\t'
        b'"FR_Citation"\n"ACME"\t"1 MAIN ST"\n',  # short row
    ],
)
def test_garbage_raises(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "dpl.txt"
    path.write_bytes(data)
    with pytest.raises(ListFormatError, match=r"dpl\.txt"):
        parse("us_bis_dpl", {"dpl.txt": path})


def test_truncated_file(txt: Path, tmp_path: Path) -> None:
    raw = txt.read_bytes()
    path = tmp_path / "dpl.txt"
    path.write_bytes(raw[: raw.index(b"AARON ABRAHAM VILLA") + 8])  # cut inside a quoted field
    with pytest.raises(ListFormatError, match=r"dpl\.txt"):
        parse("us_bis_dpl", {"dpl.txt": path})
