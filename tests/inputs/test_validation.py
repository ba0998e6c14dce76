"""Unusable input stops with one exact line naming file, row and column; record-level
problems in optional fields become notes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from screener.errors import InputError
from screener.inputs import iter_supplier_chunks, read_suppliers
from screener.inputs.columns import SYNONYMS


def csv_file(tmp_path: Path, text: str, name: str = "s.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    with pytest.raises(InputError) as chunked:
        for _ in iter_supplier_chunks(path, chunk_size=1):
            pass
    assert str(chunked.value) == str(caught.value)
    return str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    assert error_of(path) == f"{path}: file not found"


def test_directory(tmp_path: Path) -> None:
    assert error_of(tmp_path) == f"{tmp_path}: is a directory, not a supplier file"


def test_device() -> None:
    assert error_of(Path(os.devnull)) == (
        f"{os.devnull}: is not a regular file (device, pipe or socket)"
    )


def test_empty_file(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "")
    assert error_of(path) == f"{path}: file is empty"


def test_blank_lines_only(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "\n\n  \n")
    assert error_of(path) == f"{path}: file has no header row (it holds only blank lines)"


def test_header_only(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "supplier_id,name,country\n\n")
    assert error_of(path) == f"{path}: no supplier rows (the file has a header only)"


def test_missing_required_column_lists_the_columns_found(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "Supplier No,Country,Spend\n1,DE,100\n")
    assert error_of(path) == (
        f"{path}, row 1: required column 'name' not found "
        "(columns found: 'Supplier No', 'Country', 'Spend'; accepted names include 'name', "
        "'supplier', 'supplier name', 'vendor', 'vendor name', 'company')"
    )


def test_two_columns_meaning_the_same_field(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "Vendor ID,Vendor Name,Supplier_ID\n1,A,2\n")
    assert error_of(path) == (
        f"{path}, row 1, column 'Supplier_ID': columns 'Vendor ID' and 'Supplier_ID' both "
        "mean supplier_id; keep one"
    )


def test_blank_supplier_id(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "Vendor ID,Company Name\nV1,Alpha\n  ,Beta\n")
    assert error_of(path) == f"{path}, row 3, column 'Vendor ID': supplier_id is blank"


def test_blank_name_after_control_characters_are_stripped(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "supplier_id,name\nV1,Alpha\nV2,\x07\u200b \n")
    assert error_of(path) == f"{path}, row 3, column 'name': name is blank"


def test_duplicate_supplier_id_names_both_rows(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "supplier_id,name\nA,Alpha\nB,Beta\n\nA,Alpha again\n")
    assert error_of(path) == (
        f"{path}, row 5, column 'supplier_id': duplicate supplier_id 'A' (rows 2 and 5)"
    )


def test_spend_in_two_currencies_names_the_column_and_both_rows(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "supplier_id,name,Annual Spend\n"
        'A,Alpha,"Rs. 3,50,00,000"\nB,Beta,"350000"\nC,Gamma,"₹ 20,000"\nD,Delta,"$1,200"\n',
    )
    assert error_of(path) == (
        f"{path}, row 5, column 'Annual Spend': annual_spend is in more than one currency "
        "(row 2 'Rs. 3,50,00,000' is INR, row 5 '$1,200' is USD): the spend totals would add "
        "them up; convert the column to one currency"
    )


def test_spend_in_one_currency_written_several_ways_is_read(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path, 'supplier_id,name,annual_spend\nA,Alpha,"$1,200"\nB,Beta,US$ 300\nC,Gamma,400\n'
    )
    assert [r.annual_spend for r in read_suppliers(path).records] == [1200.0, 300.0, 400.0]


def test_duplicate_across_chunks_is_still_found(tmp_path: Path) -> None:
    rows = "".join(f"S{i},Name {i}\n" for i in range(10)) + "S3,Again\n"
    path = csv_file(tmp_path, "supplier_id,name\n" + rows)
    assert error_of(path).endswith("duplicate supplier_id 'S3' (rows 5 and 12)")


def test_very_long_name(tmp_path: Path) -> None:
    path = csv_file(tmp_path, f"supplier_id,name\nA,{'x' * 1001}\n")
    assert error_of(path) == (
        f"{path}, row 2, column 'name': name is 1,001 characters long (the limit is 1,000)"
    )


def test_very_long_alias(tmp_path: Path) -> None:
    path = csv_file(tmp_path, f"supplier_id,name,aka\nA,Alpha,Short; {'y' * 1500}\n")
    assert error_of(path) == (
        f"{path}, row 2, column 'aka': aliases is 1,500 characters long (the limit is 1,000)"
    )


def test_name_of_exactly_the_limit_is_accepted(tmp_path: Path) -> None:
    path = csv_file(tmp_path, f"supplier_id,name\nA,{'x' * 1000}\n")
    assert len(read_suppliers(path).records[0].name) == 1000


def test_binary_file_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert error_of(path) == f"{path}: contains binary data (NUL bytes); is it really a CSV file?"


def test_control_characters_and_whitespace_are_cleaned(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        'supplier_id,name,address\n\ufeff A1\t,\x00Acme\x1b  \u00a0Trading\x7f ,"a\r\nb"\n',
    )
    record = read_suppliers(path).records[0]
    assert (record.supplier_id, record.name, record.address) == ("A1", "Acme Trading", "a b")


def test_mixed_scripts_are_kept_and_nfc_normalised(tmp_path: Path) -> None:
    decomposed = "Mu\u0308ller"  # u + combining diaeresis
    name = f"{decomposed} 鴻海精密 Газпром شركة"
    path = csv_file(tmp_path, f"supplier_id,name\nA,{name}\n")
    assert read_suppliers(path).records[0].name == "Müller 鴻海精密 Газпром شركة"


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil.example","click")', "+49 Trading", "-Minus Ltd", "@Home"]
)
def test_formula_like_names_are_kept_as_text(tmp_path: Path, name: str) -> None:
    quoted = '"' + name.replace('"', '""') + '"'
    path = csv_file(tmp_path, f"supplier_id,name\nA,{quoted}\n")
    assert read_suppliers(path).records[0].name == name


def test_optional_field_problems_become_notes_and_the_run_goes_on(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "supplier_id,name,annual_spend,has_grievance_mechanism,lei,imo,workforce_data_date\n"
        "A,Alpha,n/a,maybe,NOTALEI,IMO 1234568,31/02/2024\n"
        'B,Beta,"1,234.50",Ja,5493000EWDOZFEJT8R83,IMO 9321483,2024-03-31\n',
    )
    alpha, beta = read_suppliers(path).records
    assert alpha.notes == [
        "annual_spend 'n/a' is not a number; ignored",
        "lei 'NOTALEI' is not a valid LEI; ignored",
        "imo 'IMO 1234568' is not a valid IMO number; ignored",
        "has_grievance_mechanism 'maybe' is not yes or no; ignored",
        "workforce_data_date '31/02/2024' is not a date; ignored",
    ]
    assert (alpha.annual_spend, alpha.has_grievance_mechanism, alpha.lei, alpha.imo) == (
        None,
        None,
        None,
        None,
    )
    assert beta.notes == []
    assert beta.annual_spend == 1234.5
    assert beta.has_grievance_mechanism is True
    assert (beta.lei, beta.imo, beta.workforce_data_date) == (
        "5493000EWDOZFEJT8R83",
        "9321483",
        "2024-03-31",
    )


def test_the_examples_readme_lists_every_accepted_header() -> None:
    readme = (Path(__file__).resolve().parents[2] / "examples" / "README.md").read_text(
        encoding="utf-8"
    )
    for field, names in SYNONYMS.items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{field}` |"))
        assert all(f"`{name}`" in row for name in names), field


def test_negative_spend_is_noted_and_left_out_of_the_totals(tmp_path: Path) -> None:
    """A negative year's spend (a credit note's balance) would weigh the spend-weighted risk
    with a negative weight: noted on its row and ignored, as any unreadable figure is."""
    path = csv_file(
        tmp_path,
        'supplier_id,name,annual_spend\nA,Alpha,"(1,200)"\nB,Beta,-5 EUR\nC,Gamma,0\nD,Delta,$3\n',
    )  # the ignored -5 EUR does not make the file's dollars a second currency
    records = read_suppliers(path).records
    assert [r.annual_spend for r in records] == [None, None, 0.0, 3.0]
    assert records[0].notes == ["annual_spend '(1,200)' is negative; ignored"]
    assert records[1].notes == ["annual_spend '-5 EUR' is negative; ignored"]
    assert records[2].notes == records[3].notes == []
