"""Parquet: any column type is read as text; batches keep memory bounded."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from screener.errors import InputError
from screener.inputs import iter_supplier_chunks, read_suppliers


def test_wrong_types_are_read_as_text(tmp_path: Path) -> None:
    table = pa.table(
        {
            "SupplierID": pa.array([1001, 1002, 1003], pa.int64()),
            "Name": pa.array(["Acme Ltd", "Beta GmbH", "Gamma S.A."]),
            "Annual Spend": pa.array(
                [decimal.Decimal("1250.50"), None, decimal.Decimal("7")], pa.decimal128(10, 2)
            ),
            "has_grievance_mechanism": pa.array([True, False, None]),
            "has_nondiscrimination_policy": pa.array([1, 0, 2], pa.int8()),
            "operating_countries": pa.array([["DE", "PL"], [], None], pa.list_(pa.string())),
            "workforce_data_date": pa.array([dt.date(2024, 1, 31), None, None]),
            "registration_number": pa.array([12345.0, float("nan"), 3.5]),
        }
    )
    path = tmp_path / "suppliers.parquet"
    pq.write_table(table, path)

    result = read_suppliers(path)
    assert result.format == "parquet"
    a, b, c = result.records
    assert [r.supplier_id for r in result.records] == ["1001", "1002", "1003"]
    assert [r.row for r in result.records] == [2, 3, 4]
    assert (a.annual_spend, b.annual_spend, c.annual_spend) == (1250.5, None, 7.0)
    assert (a.has_grievance_mechanism, b.has_grievance_mechanism) == (True, False)
    assert (a.has_nondiscrimination_policy, b.has_nondiscrimination_policy) == (True, False)
    assert c.notes == ["has_nondiscrimination_policy '2' is not yes or no; ignored"]
    assert a.operating_countries == ["DE", "PL"]
    assert a.workforce_data_date == "2024-01-31"
    assert (a.registration_number, b.registration_number, c.registration_number) == (
        "12345",
        None,
        "3.5",
    )


def test_row_groups_are_streamed_in_chunks(tmp_path: Path) -> None:
    ids = [f"P{i:05d}" for i in range(2500)]
    table = pa.table({"supplier_id": ids, "name": [f"Company {i}" for i in range(2500)]})
    path = tmp_path / "big.parquet"
    pq.write_table(table, path, row_group_size=700)
    chunks = list(iter_supplier_chunks(path, chunk_size=1000))
    assert [len(chunk) for chunk in chunks] == [1000, 1000, 500]
    assert [r.supplier_id for chunk in chunks for r in chunk] == ids
    assert [r for chunk in chunks for r in chunk] == read_suppliers(path).records
    assert chunks[-1][-1].row == 2501


def test_null_required_value_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "nulls.parquet"
    pq.write_table(pa.table({"vendor_id": ["A", "B"], "vendor_name": ["Alpha", None]}), path)
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value) == f"{path}, row 3, column 'vendor_name': name is blank"


def test_truncated_parquet(tmp_path: Path) -> None:
    good = tmp_path / "good.parquet"
    pq.write_table(pa.table({"supplier_id": ["A"], "name": ["Alpha"]}), good)
    path = tmp_path / "bad.parquet"
    path.write_bytes(good.read_bytes()[:40])
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value).startswith(f"{path}: is not a readable Parquet file (")


def test_text_named_parquet(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_text("supplier_id,name\nA,Alpha\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert str(caught.value) == f"{path}: is not a valid Parquet file (no PAR1 magic)"


def test_decimal_and_float_spend_are_read_as_the_numbers_they_hold(tmp_path: Path) -> None:
    """Typed 125.5 with three decimals is not read by the three-digit thousands rule of text."""
    table = pa.table(
        {
            "supplier_id": pa.array(["A", "B", "C"]),
            "name": pa.array(["Acme Ltd", "Beta GmbH", "Gamma S.A."]),
            "annual_spend": pa.array(
                [decimal.Decimal("125.500"), decimal.Decimal("12.125"), None],
                pa.decimal128(10, 3),
            ),
            "turnover": pa.array([999.999, float("inf"), 1.5]),
        }
    )
    path = tmp_path / "suppliers.parquet"
    pq.write_table(table, path)

    records = read_suppliers(path).records
    assert [r.annual_spend for r in records] == [125.5, 12.125, None]
    assert [r.extra.get("turnover") for r in records] == ["999.999", None, "1.5"]
