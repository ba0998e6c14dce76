"""Typed optional fields: spend, yes/no, dates, LEI and IMO."""

from __future__ import annotations

import pytest

from screener.inputs.values import (
    parse_bool,
    parse_date,
    parse_imo,
    parse_lei,
    parse_spend,
    spend_currency,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234567.89", 1234567.89),
        ("1,234,567.89", 1234567.89),
        ("1.234.567,89", 1234567.89),
        ("€ 12 000", 12000.0),
        ("12\u00a0000,50 €", 12000.5),
        ("EUR 1.500", 1500.0),
        ("USD 95,000", 95000.0),
        ("R$ 720.000,00", 720000.0),
        ("Rs. 3,50,00,000", 35000000.0),
        ("1'234.50", 1234.5),
        ("£1,000", 1000.0),
        ("12,5", 12.5),
        ("0.125", 0.125),
        ("(1,200)", -1200.0),
        ("-300", -300.0),
        ("1.2E+06", 1200000.0),
        ("0", 0.0),
        ("EUR1,000.00", 1000.0),
        ("1.000 chf", 1000.0),
    ],
)
def test_spend_formats(text: str, expected: float) -> None:
    assert parse_spend(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["7", "0042", "5000000", "12345678901234567890", "9" * 300])
def test_whole_units_read_as_the_general_rule_reads_them(text: str) -> None:
    assert parse_spend(text) == float(text) == parse_spend(f"€ {text}")


@pytest.mark.parametrize("text", ["9" * 400, "²", "1²"])
def test_digits_that_are_no_plain_amount_take_the_general_rule(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_spend(text)


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("$1,200", "USD"),
        ("US$ 1,200", "USD"),
        ("usd 1200", "USD"),
        ("Rs. 3,50,00,000", "INR"),
        ("₹ 3,50,00,000", "INR"),
        ("12\u00a0000,50 €", "EUR"),
        ("R$ 720.000,00", "BRL"),
        ("100 kr", "kr"),
        ("¥100", "¥"),
        ("1,200", None),
        ("1200", None),
        ("1.2E+06", None),
    ],
)
def test_the_currency_a_spend_figure_names(text: str, currency: str | None) -> None:
    assert spend_currency(text) == currency


def test_a_figure_in_two_currencies_is_no_amount() -> None:
    with pytest.raises(ValueError, match=r"names more than one currency \(EUR, USD\)"):
        parse_spend("EUR 100 $")


# A scale word is no currency: "3,5 Mio" is no number rather than 3.5.
@pytest.mark.parametrize(
    "text",
    ["n/a", "tbd", "1.2m", "12,34,5", "1.2.3,4.5", "inf", "--5", "€", "3,5 Mio", "1,5 Mrd"],
)
def test_spend_that_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_spend(text)


@pytest.mark.parametrize(
    "text", ["yes", "YES", "y", "true", "True", "1", "ja", "J", "oui", "sí", "wahr", "x"]
)
def test_yes(text: str) -> None:
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["no", "N", "false", "FALSE", "0", "nein", "non", "falsch"])
def test_no(text: str) -> None:
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["maybe", "unknown", "2", "yes/no"])
def test_not_yes_or_no(text: str) -> None:
    with pytest.raises(ValueError, match="is not yes or no"):
        parse_bool(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-31", "2024-03-31"),
        ("2024-03-31T00:00:00", "2024-03-31"),
        ("2024/3/1", "2024-03-01"),
        ("31.03.2024", "2024-03-31"),
        ("31/03/2024", "2024-03-31"),
        ("03/31/2024", "2024-03-31"),
        ("05/05/2024", "2024-05-05"),
        ("2024-03", "2024-03"),
    ],
)
def test_dates(text: str, expected: str) -> None:
    assert parse_date(text) == expected


def test_slashed_date_that_reads_both_ways_is_refused() -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("03/04/2024")


@pytest.mark.parametrize("text", ["31/02/2024", "yesterday", "2024-13", "2024-02-30"])
def test_not_a_date(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text)


def test_lei_and_imo_check_digits() -> None:
    assert parse_lei("r2i72c950hoyxii45366") == "R2I72C950HOYXII45366"
    assert parse_imo("IMO 9321483") == "9321483"
    with pytest.raises(ValueError, match="is not a valid LEI"):
        parse_lei("R2I72C950HOYXII45367")
    with pytest.raises(ValueError, match="is not a valid IMO number"):
        parse_imo("9321484")
