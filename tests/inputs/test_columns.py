"""Header names as users really write them."""

from __future__ import annotations

import pytest

from screener.inputs.columns import field_for


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("supplier_id", "supplier_id"),
        ("Supplier ID", "supplier_id"),
        ("SUPPLIER-ID", "supplier_id"),
        ("Vendor ID", "supplier_id"),
        ("Supplier No", "supplier_id"),
        ("Supplier No.", "supplier_id"),
        ("Vendor #", "supplier_id"),
        ("Vendor Name", "name"),
        ("Company Name", "name"),
        ("Legal Name", "name"),
        ("Country of Incorporation", "country"),
        ("Parent Company", "parent"),
        ("Spend", "annual_spend"),
        ("Annual Spend (EUR)", "annual_spend"),
        ("annual_spend [USD]", "annual_spend"),
        ("LEI code", "lei"),
        ("IMO number", "imo"),
        ("workforce_data_date", "workforce_data_date"),
        ("Workforce data as of", "workforce_data_date"),
        ("Operating Countries", "operating_countries"),
        ("sourcing_countries", "sourcing_countries"),
        ("Has Non-Discrimination Policy", "has_nondiscrimination_policy"),
        ("has_grievance_mechanism", "has_grievance_mechanism"),
        ("Registration Number", "registration_number"),
        ("AKA", "aliases"),
    ],
)
def test_known_headers(header: str, field: str) -> None:
    assert field_for(header) == field


@pytest.mark.parametrize("header", ["Buyer", "Notes", "Category (internal)", "ID"])
def test_unknown_headers_stay_unknown(header: str) -> None:
    assert field_for(header) is None
