"""Data freshness: the oldest as_of, else the supplier file's date; no date is unknown."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from screener.workforce import WorkforceRow
from screener.workforce.freshness import data_freshness, months_between

from .builders import TODAY, rows

STANDARD = " [GRI 405-1; ESRS S1-6 (data for the reporting period)]"


def dated(*dates: str) -> list[WorkforceRow]:
    base = rows("gender", *[("G" + str(i), 10, None, None) for i in range(len(dates))])
    return [
        replace(row, as_of=dt.date.fromisoformat(d)) for row, d in zip(base, dates, strict=True)
    ]


def test_stale_data_is_flagged_with_its_age() -> None:
    check = data_freshness(dated("2023-12-31"), None, 24, TODAY)
    assert check.status == "flag"
    assert check.detail == (
        "The workforce data is dated 2023-12-31 (as_of in the workforce file), 34 months before "
        "2026-11-25: older than the 24-month maximum." + STANDARD
    )


def test_oldest_as_of_counts_and_file_beats_supplier_date() -> None:
    check = data_freshness(dated("2026-06-30", "2024-11-25"), "2026-10-01", 24, TODAY)
    assert check.status == "pass"
    assert "dated 2024-11-25" in check.detail
    assert "the oldest of dates from 2024-11-25 to 2026-06-30" in check.detail
    assert "24 months before" in check.detail


def test_one_day_past_the_limit_is_stale() -> None:
    assert data_freshness(dated("2024-11-26"), None, 24, TODAY).status == "pass"
    assert data_freshness(dated("2024-10-24"), None, 24, TODAY).status == "flag"


def test_supplier_file_date_is_the_fallback() -> None:
    check = data_freshness([], "2026-01-15", 24, TODAY)
    assert check.status == "pass"
    assert "(workforce_data_date in the supplier file), 10 months before" in check.detail


def test_missing_or_bad_date_is_unknown() -> None:
    assert data_freshness([], None, 24, TODAY).status == "unknown"
    assert data_freshness([], "  ", 24, TODAY).status == "unknown"
    bad = data_freshness([], "last year", 24, TODAY)
    assert bad.status == "unknown"
    assert bad.detail.startswith("workforce_data_date 'last year' in the supplier file is not")


def test_future_date_is_flagged() -> None:
    check = data_freshness(dated("2027-01-01"), None, 24, TODAY)
    assert check.status == "flag"
    assert "after 2026-11-25" in check.detail


def test_months_between() -> None:
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 0
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 3, 1)) == 1
    assert months_between(dt.date(2024, 2, 29), dt.date(2026, 2, 28)) == 23
