"""The example supplier master reads cleanly, and its deliberately listed rows are really on
the reference lists under the ids its README gives."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

from openpyxl import load_workbook

from screener.inputs import read_suppliers

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "suppliers.csv"


def test_example_reads_as_utf8_comma_with_44_suppliers() -> None:
    result = read_suppliers(EXAMPLE)
    assert (result.encoding, result.delimiter) == ("utf-8", ",")
    assert [r.supplier_id for r in result.records] == [f"SUP-{i:03d}" for i in range(1, 45)]
    by_id = {r.supplier_id: r for r in result.records}
    assert by_id["SUP-005"].parents == ["Xinjiang Production & Construction Corps"]
    assert by_id["SUP-015"].aliases == ["MMK", "Magnitogorsk Iron and Steel Works"]
    assert by_id["SUP-032"].notes == ["annual_spend 'n/a' is not a number; ignored"]
    assert by_id["SUP-008"].annual_spend == 720000.0
    assert sum(1 for r in result.records if r.notes) == 3


def test_un_row_is_on_the_un_list(shared_data: Path) -> None:
    root = ET.parse(shared_data / "sanctions/un_sc/consolidated_2026-02-27.xml").getroot()
    names = {
        entity.findtext("REFERENCE_NUMBER"): entity.findtext("FIRST_NAME")
        for entity in root.iter("ENTITY")
    }
    assert names["KPe.001"] == "KOREA MINING DEVELOPMENT TRADING CORPORATION"


def test_ofac_rows_are_on_the_2021_sdn_list(shared_data: Path) -> None:
    with (shared_data / "sanctions/us_ofac_sdn/2021-07/sdn.csv").open(encoding="latin-1") as f:
        names = {row[0]: row[1] for row in csv.reader(f) if len(row) > 1}
    assert names["27250"] == "GLOBAL DE TEXTILES ANDINO S.A.S."
    assert names["29299"] == "XINJIANG PRODUCTION AND CONSTRUCTION CORPS"
    assert names["9345"] == "KOREA MINING DEVELOPMENT TRADING CORPORATION"


def test_ofsi_rows_are_on_the_uk_list(shared_data: Path) -> None:
    workbook = load_workbook(
        shared_data / "sanctions/gb_ofsi/ConList_2025-04-10.xlsx", read_only=True
    )
    sheet = workbook["Data"]
    rows = sheet.iter_rows(min_row=2, values_only=True)
    header = list(next(rows))
    group, name, script = (header.index(c) for c in ("Group ID", "Name 6", "Name Non-Latin Script"))
    wanted = {
        "15902": {"ПАО Магнитогорский металлургический комбинат", "PJSC MMK"},
        "16676": {"MAKEWELL INDUSTRIAL TRADING CO., LIMITED", "麥克維爾工業貿易有限公司"},
    }
    found: dict[str, set[str]] = {key: set() for key in wanted}
    for row in rows:
        key = str(row[group])
        if key in found:
            found[key].update(str(v) for v in (row[name], row[script]) if v)
            if all(wanted[k] <= found[k] for k in wanted):
                break
    workbook.close()
    assert wanted["15902"] <= found["15902"]
    assert wanted["16676"] <= found["16676"]
