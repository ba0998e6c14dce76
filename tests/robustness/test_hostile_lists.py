"""Hostile official list files through ``screener lists import``.

Each is refused with exit 3 and one line, within bounded time and memory (measured on a child
process), and the last good data stays current and loadable.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from screener.lists.store import ListStore
from tests.robustness.conftest import assert_one_error_line
from tests.robustness.measure import LIMIT_RSS_MB, LIMIT_SECONDS, run_cli

XML_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "xml"
EU_ROOT = 'export xmlns="http://eu.europa.ec/fpi/fsd/export"'
# list id -> (file name, root start tag, root end tag, record tag)
XML_LISTS = {
    "un_sc": ("consolidated.xml", "CONSOLIDATED_LIST", "CONSOLIDATED_LIST", "INDIVIDUAL"),
    "eu_fsf": ("eu_fsf.xml", EU_ROOT, "export", "sanctionEntity"),
    "gb_fcdo": ("UK_Sanctions_List.xml", "Designations", "Designations", "Designation"),
}
MiB = 1 << 20


def snapshot(data_dir: Path) -> dict[str, Any]:
    """Every current version and the number of entities that load from it."""
    store = ListStore(data_dir)
    state: dict[str, Any] = {}
    for list_id in store.list_ids():
        current = store.current(list_id)
        assert current is not None
        state[list_id] = (current.model_dump(), len(store.entities(list_id)))
    return state


def refused_in_bounds(
    args: list[str], data_dir: Path, tmp_path: Path, *fragments: str, rss_mb: float = LIMIT_RSS_MB
) -> None:
    before = snapshot(data_dir)
    measured = run_cli(["lists", "import", *args], data_dir, tmp_path)
    assert_one_error_line(measured.outcome, 3, *fragments)
    assert measured.seconds < LIMIT_SECONDS, measured.seconds
    assert measured.peak_rss_mb < rss_mb, measured.peak_rss_mb
    assert snapshot(data_dir) == before


def shaped(text: str, list_id: str) -> str:
    _, root_start, root_end, record = XML_LISTS[list_id]
    text = text.replace("<ROOT>", f"<{root_start}>").replace("</ROOT>", f"</{root_end}>")
    return text.replace("DOCTYPE ROOT", f"DOCTYPE {root_end}").replace("RECORD>", f"{record}>")


# every fixture as an EU file (which has a last good version); billion laughs in each format
HOSTILE_XML = [("eu_fsf", p.name) for p in sorted(XML_FIXTURES.glob("*.xml"))] + [
    ("un_sc", "billion_laughs.xml"),
    ("gb_fcdo", "billion_laughs.xml"),
]


@pytest.mark.parametrize(("list_id", "fixture"), HOSTILE_XML)
def test_hostile_xml_is_refused_and_last_good_kept(
    list_id: str, fixture: str, tmp_path: Path, small_data_dir: Path
) -> None:
    path = tmp_path / XML_LISTS[list_id][0]
    path.write_text(shaped((XML_FIXTURES / fixture).read_text(encoding="utf-8"), list_id))
    refused_in_bounds([list_id, str(path)], small_data_dir, tmp_path, path.name)


def test_deeply_nested_xml_is_refused(tmp_path: Path, small_data_dir: Path) -> None:
    list_id = "gb_fcdo"
    path = tmp_path / XML_LISTS[list_id][0]
    depth = 200_000
    body = "<ROOT><RECORD>" + "<x>" * depth + "y" + "</x>" * depth + "</RECORD></ROOT>"
    path.write_text(shaped(body, list_id))
    refused_in_bounds([list_id, str(path)], small_data_dir, tmp_path, path.name)


def gzip_bomb(path: Path, header: bytes, gib: float) -> None:
    """A gzip file of ``header`` then one unbroken field of ``gib`` GiB of zeros."""
    block = b"0" * MiB
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(header) + packer.flush(zlib.Z_FULL_FLUSH)
    packed = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    count = int(gib * 1024)
    crc = zlib.crc32(header)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    size = (len(header) + count * MiB) & 0xFFFFFFFF
    with path.open("wb") as out:
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + first)
        for _ in range(count):
            out.write(packed)
        out.write(packer.flush() + crc.to_bytes(4, "little") + size.to_bytes(4, "little"))


def test_gzip_bomb_helper_writes_valid_gzip(tmp_path: Path) -> None:
    path = tmp_path / "small.csv.gz"
    gzip_bomb(path, b"a,b\n", 4 / 1024)
    assert gzip.decompress(path.read_bytes()) == b"a,b\n" + b"0" * 4 * MiB


CSL_HEADER = b"_id,source,entity_number,type,programs,name,title,addresses\n1,Entity List,,,,"


@pytest.mark.slow  # about 20 s: the CSL reader decodes up to its 2 GiB cap before refusing
def test_gzip_bomb_csl_is_refused(tmp_path: Path, small_data_dir: Path) -> None:
    path = tmp_path / "consolidated.csv.gz"
    gzip_bomb(path, CSL_HEADER, 2.5)
    assert path.stat().st_size < 4 * MiB
    refused_in_bounds(["us_trade_csl", str(path)], small_data_dir, tmp_path, path.name)


def xlsx_bomb(path: Path, member: str, megabytes: int) -> None:
    """A real ConList-shaped workbook whose ``member`` is padded to ``megabytes`` MiB."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["Last Updated", "10/04/2025"])
    sheet.append(["Name 6", "Name 1", "Group Type", "Group ID"])
    sheet.append(["ACME", "", "Entity", "1"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != member:
                out.writestr(info.filename, data)
                continue
            with out.open(member, "w", force_zip64=True) as sink:
                head, _, tail = data.decode().rpartition("</")
                sink.write(head.encode())
                pad = b" " * MiB
                for _ in range(megabytes):
                    sink.write(pad)
                sink.write(("</" + tail).encode())


def test_xlsx_bomb_ofsi_is_refused(tmp_path: Path, small_data_dir: Path) -> None:
    path = tmp_path / "ConList.xlsx"
    xlsx_bomb(path, "xl/worksheets/sheet1.xml", 600)
    assert path.stat().st_size < 4 * MiB
    refused_in_bounds(["gb_ofsi", str(path)], small_data_dir, tmp_path, path.name)


def huge_field_csv(path: Path, head: str, tail: str, megabytes: int) -> None:
    """A CSV of ``head``, one quoted field of ``megabytes`` MiB, then ``tail``; streamed."""
    chunk = "X" * MiB
    with path.open("w", encoding="ascii", newline="") as out:
        out.write(head + '"')
        for _ in range(megabytes):
            out.write(chunk)
        out.write('"' + tail + "\r\n")


# list id, file name, the text before the huge field, the text after it
HUGE_FIELD: list[tuple[str, str, str, str]] = [
    ("my_list", "my_list.csv", "id,name,remarks\r\nC-1,Acme Trading,", ""),
    ("us_ofac_sdn", "sdn.csv", '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",', ",-0- ,-0- ,-0- "),
]


@pytest.mark.parametrize(("list_id", "name", "head", "tail"), HUGE_FIELD, ids=["custom", "ofac"])
def test_csv_with_a_100_mb_field_is_refused(
    list_id: str, name: str, head: str, tail: str, tmp_path: Path, small_data_dir: Path
) -> None:
    path = tmp_path / name
    huge_field_csv(path, head, tail, 100)
    assert path.stat().st_size > 100 * MiB
    # refused before the 100 MiB line is held in memory (an idle child peaks near 120 MiB);
    # --force lets the lone sdn.csv of the OFAC set through to its parser
    args = [list_id, str(path), "--force"]
    refused_in_bounds(args, small_data_dir, tmp_path, name, rss_mb=200)


def inflated(source: Path, target: Path, after: str, megabytes: int) -> None:
    """``source`` with ``megabytes`` MiB of letters inserted right after ``after``; streamed."""
    text = source.read_text(encoding="utf-8")
    cut = text.index(after) + len(after)
    chunk = "A" * MiB
    with target.open("w", encoding="utf-8") as out:
        out.write(text[:cut])
        for _ in range(megabytes):
            out.write(chunk)
        out.write(text[cut:])


# list id, file name, the real file, where the 100 MiB go: a name text, an attribute, a line
INFLATED: list[tuple[str, str, str, str]] = [
    ("gb_fcdo", "UK_Sanctions_List.xml", "gb_fcdo/UK_Sanctions_List_excerpt_2026-09-10.xml",
     "<Name6>"),
    ("eu_fsf", "eu_fsf.xml", "eu_fsf/eu_fsf_excerpt_2026-08-05.xml", 'wholeName="'),
    ("opensanctions", "entities.ftm.json", "opensanctions/yente_t1_eu_fsf.entities.ftm.json",
     '"name":["'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("list_id", "name", "source", "after"), INFLATED, ids=["xml-text", "xml-attribute", "ftm-line"]
)
def test_a_100_mb_name_is_refused_before_it_is_held(
    list_id: str,
    name: str,
    source: str,
    after: str,
    shared_data: Path,
    tmp_path: Path,
    small_data_dir: Path,
) -> None:
    path = tmp_path / name
    inflated(shared_data / "sanctions" / source, path, after, 100)
    refused_in_bounds([list_id, str(path)], small_data_dir, tmp_path, name, rss_mb=200)
