"""OFSI ConList parser, on the real 10 Apr 2025 XLSX and a CSV twin written from it."""

from __future__ import annotations

import csv
import functools
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from screener.errors import ListFormatError
from screener.lists.entity import Entity, EntityName, Identifier
from screener.lists.formats import ParsedList, get_parser
from screener.lists.formats.ofsi import parse

Rows = list[tuple[object, ...]]


@pytest.fixture(scope="module")
def xlsx(shared_data: Path) -> Path:
    return shared_data / "sanctions" / "gb_ofsi" / "ConList_2025-04-10.xlsx"


@pytest.fixture(scope="module")
def parsed(xlsx: Path) -> ParsedList:
    return parse("gb_ofsi", {"ConList.csv": xlsx})


@pytest.fixture(scope="module")
def raw_rows(xlsx: Path) -> Rows:
    return _sheet_rows(xlsx)


@functools.cache
def _column(ref: str) -> int:
    """``AJ`` → 35 (0-based)."""
    col = 0
    for ch in ref:
        col = col * 26 + ord(ch) - 64
    return col - 1


def _sheet_rows(xlsx: Path) -> Rows:
    """An independent reader of the workbook: zipfile + lxml over the sheet XML (not openpyxl).

    Cells are placed by their ``r`` reference; text cells point into sharedStrings."""
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(xlsx) as zf:
        with zf.open("xl/sharedStrings.xml") as fh:
            shared = ["".join(si.itertext()) for _, si in etree.iterparse(fh, tag=f"{ns}si")]
        rows: Rows = []
        with zf.open("xl/worksheets/sheet1.xml") as fh:
            for _, row in etree.iterparse(fh, tag=f"{ns}row"):
                cells: dict[int, object] = {}
                for c in row.iter(f"{ns}c"):
                    col = _column(c.get("r", "").rstrip("0123456789"))
                    v = c.find(f"{ns}v")
                    if c.get("t") == "s" and v is not None and v.text is not None:
                        cells[col] = shared[int(v.text)]
                    elif c.get("t") == "inlineStr":
                        cells[col] = "".join(c.itertext())
                    elif v is not None:
                        cells[col] = v.text
                rows.append(tuple(cells.get(i) for i in range(36)))
                row.clear()
    return rows


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def test_registry_points_here() -> None:
    assert get_parser("ofsi_conlist") is parse


def test_count_equals_distinct_group_ids(parsed: ParsedList, raw_rows: Rows) -> None:
    # Independent count: the sheet XML read with lxml (not openpyxl), distinct values of the
    # last column ("Group ID") below the two heading rows.
    assert raw_rows[1][-1] == "Group ID"
    group_ids = {str(row[-1]) for row in raw_rows[2:]}
    assert len(raw_rows) - 2 == 18796
    assert len(group_ids) == 4686
    assert len(parsed.entities) == len(group_ids)
    ids = [e.id for e in parsed.entities]
    assert ids == sorted(ids)
    assert set(ids) == {f"gb_ofsi:{g}" for g in group_ids}
    assert parsed.published_at == "2025-04-10"


def test_person_with_cyrillic_name(by_id: dict[str, Entity]) -> None:
    person = by_id["gb_ofsi:14241"]
    assert person.schema == "Person"
    assert person.names == [
        EntityName("Khizri Magomedovich ABAKAROV", "primary"),
        EntityName("Хизри Магомедович Абакаров", "primary"),  # script/language cells empty
    ]
    assert person.birth_dates == ["1960-06-28"]
    assert person.programs == ["Russia"]
    assert person.countries == ["ru"]
    assert person.addresses == ["1 Okhotny Ryad str, 103265, Russia"]
    assert person.listed_on == "2022-03-11"
    assert person.identifiers == [Identifier("other", "RUS0296", note="UK Sanctions List Ref")]
    assert person.remarks is not None and person.remarks.startswith("(UK Sanctions List Ref)")


def test_arabic_and_persian_names_survive(by_id: dict[str, Entity]) -> None:
    assert EntityName("ياسر عزيز عباس", "aka") in by_id["gb_ofsi:13814"].names
    persian = by_id["gb_ofsi:16166"]
    assert EntityName("فریدون عباسی دوانی", "variation", lang="Persian") in persian.names
    assert "1958-09-08" in persian.birth_dates


def test_name_variations_and_primary_first(by_id: dict[str, Entity]) -> None:
    haq = by_id["gb_ofsi:15672"]
    assert haq.caption == "Mian Abdul HAQ"
    assert haq.names[0] == EntityName("Mian Abdul HAQ", "primary")
    assert EntityName("Mian MITHOO", "variation") in haq.names
    assert haq.countries == ["pk"]
    assert haq.programs == ["Global Human Rights"]


def test_ship(by_id: dict[str, Entity]) -> None:
    ship = by_id["gb_ofsi:13651"]
    assert ship.schema == "Vessel"
    assert ship.caption == "SAM JONG 2"
    assert EntityName("AKTIVA", "aka") in ship.names
    assert Identifier("imo", "7408873") in ship.identifiers
    assert ship.countries == ["kp"]  # (Flag of ship):North Korea
    assert ship.listed_on == "2018-04-03"


def test_partial_dates_and_weak_aliases(parsed: ParsedList, raw_rows: Rows) -> None:
    header = list(raw_rows[1])
    dob, gid = header.index("DOB"), header.index("Group ID")
    quality = header.index("Alias Quality")
    unknown_day = next(r for r in raw_rows[2:] if str(r[dob]).startswith("00/00/"))
    entity = next(e for e in parsed.entities if e.source_id == unknown_day[gid])
    assert str(unknown_day[dob])[-4:] in entity.birth_dates
    # a name is weak when the group gives it only with "Low quality"
    parts = [header.index(f"Name {i}") for i in (1, 2, 3, 4, 5, 6)]
    low: dict[str, set[str]] = {}
    good: dict[str, set[str]] = {}
    for r in raw_rows[2:]:
        name = " ".join(str(r[i]) for i in parts if r[i])
        (low if r[quality] == "Low quality" else good).setdefault(str(r[gid]), set()).add(name)
    weak = {g for g, names in low.items() if names - good.get(g, set())}
    assert len(weak) > 100
    weak_parsed = {e.source_id for e in parsed.entities if any(not n.strong for n in e.names)}
    assert weak_parsed == weak


def _write_csv(rows: Rows, path: Path, encoding: str) -> None:
    with path.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row] for row in rows])


@pytest.mark.parametrize(
    ("encoding", "groups"),
    [("utf-8-sig", {"14241", "16166", "13651", "15672"}), ("cp1252", {"13651", "15672"})],
)
def test_csv_twin_matches_xlsx(
    raw_rows: Rows,
    by_id: dict[str, Entity],
    tmp_path: Path,
    encoding: str,
    groups: set[str],
) -> None:
    # the CSV twin: the same two heading rows and the rows of a few groups
    rows = raw_rows[:2] + [r for r in raw_rows[2:] if str(r[-1]) in groups]
    path = tmp_path / "ConList.csv"
    _write_csv(rows, path, encoding)
    twin = parse("gb_ofsi", {"ConList.csv": path})
    assert twin.published_at == "2025-04-10"
    assert [e.to_dict() for e in twin.entities] == [
        by_id[f"gb_ofsi:{g}"].to_dict() for g in sorted(groups)
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"PK\x03\x04 this is not really a zip",
        b"Name,Address\r\nACME,Somewhere\r\n",
        b"\xff\xfe\x00g\x00a\x00r\x00b\x00a\x00g\x00e",
    ],
)
def test_garbage_raises(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "ConList.csv"
    path.write_bytes(data)
    with pytest.raises(ListFormatError, match=r"ConList\.csv"):
        parse("gb_ofsi", {"ConList.csv": path})


def test_header_only_is_empty_and_refused(raw_rows: Rows, tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    _write_csv(raw_rows[:2], path, "utf-8")
    with pytest.raises(ListFormatError, match="no entities"):
        parse("gb_ofsi", {"ConList.csv": path})


def test_truncated_xlsx_raises(xlsx: Path, tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_bytes(xlsx.read_bytes()[:500_000])
    with pytest.raises(ListFormatError, match=r"ConList\.csv"):
        parse("gb_ofsi", {"ConList.csv": path})


def test_zip_bomb_is_refused_before_opening(tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf,
        zf.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        for _ in range(64):  # 64 MiB of zeros deflate ~1000:1
            member.write(b"\0" * (1 << 20))
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ListFormatError, match="compression ratio"):
        parse("gb_ofsi", {"ConList.csv": path})
