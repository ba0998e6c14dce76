"""XLSX workbooks as people keep them: title rows, merged cells, formulas, several sheets."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from screener.errors import InputError
from screener.inputs import iter_supplier_chunks, read_suppliers
from tests.inputs.files import add_cached_values, write_ole


def active(workbook: Workbook) -> Worksheet:
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    return sheet


def test_header_below_title_rows_with_merged_title_and_synonyms(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = active(workbook)
    sheet.title = "Vendors"
    sheet["A1"] = "Supplier master – export of 2025-01-31"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "Confidential"
    sheet.append([])
    sheet.append(
        [
            "Vendor No",
            "Legal Name",
            "Country of Incorporation",
            "Annual Spend (EUR)",
            "Workforce data as of",
        ]
    )
    sheet.append([1001, "Acme Metals Ltd", "United Kingdom", 125000.5, dt.datetime(2024, 12, 31)])
    sheet.append(["1002", "Beta Parts GmbH", "DE", "1.234,50", "2024-06-30"])
    sheet.append([None, None, None, None, None])
    sheet.append([])
    path = tmp_path / "vendors.xlsx"
    workbook.save(path)

    result = read_suppliers(path)
    assert (result.format, result.sheet, result.header_row) == ("xlsx", "Vendors", 4)
    assert result.columns == {
        "supplier_id": "Vendor No",
        "name": "Legal Name",
        "country": "Country of Incorporation",
        "annual_spend": "Annual Spend (EUR)",
        "workforce_data_date": "Workforce data as of",
    }
    first, second = result.records
    assert (first.supplier_id, first.row, first.annual_spend) == ("1001", 5, 125000.5)
    assert first.workforce_data_date == "2024-12-31"
    assert (second.supplier_id, second.row, second.annual_spend) == ("1002", 6, 1234.5)


def test_merged_cells_give_their_value_to_every_covered_cell(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = active(workbook)
    sheet.append(["supplier_id", "name", "parent", "country"])
    sheet.append(["A", "Alpha Textiles", "Orion Holdings", "Bangladesh"])
    sheet.append(["B", "Beta Dyeing", None, "Bangladesh"])
    sheet.append(["C", "Gamma Trims", None, "India"])
    sheet.merge_cells("C2:C4")  # one parent for three rows, as reviewers lay it out
    path = tmp_path / "merged.xlsx"
    workbook.save(path)

    records = read_suppliers(path).records
    assert [r.parents for r in records] == [["Orion Holdings"]] * 3
    assert [r.country for r in records] == ["Bangladesh", "Bangladesh", "India"]


def test_formulas_give_their_cached_values_and_are_never_evaluated(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = active(workbook)
    sheet.append(["supplier_id", "name", "annual_spend", "aliases"])
    sheet.append(["A", '=UPPER("acme ltd")', "=1000*2.5", '=CONCAT("Acme", " Co")'])
    sheet.append(["B", "Beta", "=1/0", "=NOW()"])
    path = tmp_path / "formulas.xlsx"
    workbook.save(path)
    add_cached_values(path, {"B2": "ACME LTD", "C2": "2500", "D2": "Acme Co", "C3": "#DIV/0!"})

    alpha, beta = read_suppliers(path).records
    assert (alpha.name, alpha.annual_spend, alpha.aliases) == ("ACME LTD", 2500.0, ["Acme Co"])
    # =NOW() has no cached value: blank, not evaluated; the error value is noted.
    assert beta.aliases == []
    assert beta.notes == ["annual_spend '#DIV/0!' is not a number; ignored"]


def test_formula_injection_strings_stored_as_text_stay_text(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = active(workbook)
    sheet.append(["supplier_id", "name"])
    sheet.append(["A", None])
    sheet["B2"].value = '=HYPERLINK("http://evil.example","x")'
    sheet["B2"].data_type = "s"
    path = tmp_path / "inject.xlsx"
    workbook.save(path)
    assert read_suppliers(path).records[0].name == '=HYPERLINK("http://evil.example","x")'


def test_the_sheet_with_the_required_header_is_read(tmp_path: Path) -> None:
    workbook = Workbook()
    cover = active(workbook)
    cover.title = "Cover"
    cover.append(["How to fill in this workbook"])
    cover.append(["Name", "Date"])
    lists = workbook.create_sheet("Suppliers")
    lists.append(["Supplier ID", "Supplier Name"])
    lists.append(["S1", "First sheet supplier"])
    path = tmp_path / "sheets.xlsx"
    workbook.save(path)

    result = read_suppliers(path)
    assert result.sheet == "Suppliers"
    assert [r.name for r in result.records] == ["First sheet supplier"]


def test_two_supplier_sheets_are_refused(tmp_path: Path) -> None:
    """A second supplier list must not go unscreened because it is on another sheet."""
    workbook = Workbook()
    active(workbook).title = "Tier 1"
    active(workbook).append(["Supplier ID", "Supplier Name"])
    active(workbook).append(["S1", "First tier supplier"])
    later = workbook.create_sheet("Tier 2")
    later.append(["Supplier ID", "Supplier Name"])
    later.append(["S9", "Second tier supplier"])
    path = tmp_path / "sheets.xlsx"
    workbook.save(path)

    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value) == (
        f"{path}: sheets 'Tier 1' and 'Tier 2' both hold a supplier list; keep one list per "
        "file (save the other sheet as a file of its own)"
    )


def test_no_sheet_with_the_required_header(tmp_path: Path) -> None:
    workbook = Workbook()
    active(workbook).append(["Title"])
    active(workbook).append(["Company", "Country"])
    path = tmp_path / "noid.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value) == (
        f"{path}, row 2: no sheet has a header with the required columns 'supplier_id' and "
        "'name' (columns found: 'Company', 'Country')"
    )


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("  ", "name is blank"),
        # A workbook generated by a program (as openpyxl writes one) stores formulas without
        # the values a spreadsheet would have saved: not blank, never computed.
        (
            '=CONCAT("Beta", " Ltd")',
            'name is blank: its cell is a formula (=CONCAT("Beta", " Ltd")) whose value the '
            "workbook holds as empty or not at all; check the formula, then open the workbook "
            "in a spreadsheet and save it, so that its values are stored",
        ),
    ],
)
def test_row_errors_carry_the_real_sheet_row(tmp_path: Path, cell: str, message: str) -> None:
    workbook = Workbook()
    sheet = active(workbook)
    sheet.append(["Supplier list"])
    sheet.append(["supplier_id", "Company Name"])
    sheet.append(["A", "Alpha"])
    sheet.append(["B", cell])
    path = tmp_path / "blank.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value) == f"{path}, row 4, column 'Company Name': {message}"


def test_header_only_workbook(tmp_path: Path) -> None:
    workbook = Workbook()
    active(workbook).append(["supplier_id", "name"])
    path = tmp_path / "header.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value) == f"{path}: no supplier rows (the file has a header only)"


def test_corrupt_workbook(tmp_path: Path) -> None:
    workbook = Workbook()
    active(workbook).append(["supplier_id", "name"])
    active(workbook).append(["A", "Alpha"])
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(good.read_bytes()[:700])
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value).startswith(f"{path}: is not a valid XLSX workbook (")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value).startswith(f"{path}: is not a valid XLSX workbook (")


def test_text_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("supplier_id,name\nA,Alpha\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value) == f"{path}: is not a valid XLSX workbook (not a zip archive)"


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = tmp_path / "protected.xlsx"
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"<encryption/>"
    write_ole(path, {"EncryptionInfo": info, "EncryptedPackage": bytes(range(256)) * 20})
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value) == f"{path}: workbook is password-protected; remove the password"


def test_legacy_xls_workbook(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    write_ole(path, {"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"})
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value) == (
        f"{path}: is a legacy Excel 97-2003 (.xls) or other OLE file; save it as XLSX or CSV"
    )


def test_chunks_match_the_whole_workbook(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = active(workbook)
    sheet.append(["supplier_id", "name", "annual_spend"])
    for index in range(25):
        sheet.append([f"S{index:02d}", f"Supplier {index}", index * 1000])
    path = tmp_path / "many.xlsx"
    workbook.save(path)
    chunks = list(iter_supplier_chunks(path, chunk_size=10))
    assert [len(chunk) for chunk in chunks] == [10, 10, 5]
    assert [r for chunk in chunks for r in chunk] == read_suppliers(path).records
