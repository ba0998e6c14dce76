"""Suspiciously round or inconsistent figures."""

from __future__ import annotations

from screener.workforce import WorkforceConfig, WorkforceRow
from screener.workforce.consistency import data_consistency

from .builders import figures, rows

CONFIG = WorkforceConfig()


def run(*parts: list[WorkforceRow]) -> tuple[str, str]:
    flat = [row for part in parts for row in part]
    check = data_consistency(flat, figures(*parts), CONFIG)
    assert check.check == "data_consistency"
    return check.status, check.detail


def test_clean_figures_pass() -> None:
    status, detail = run(
        rows("gender", ("Female", 587, 23, 0.4), ("Male", 813, 31, 0.6)),
        rows("age_band", ("under 30", 412, None, 0.3), ("30+", 988, None, 0.7), start=4),
    )
    assert status == "pass"
    assert detail == (
        "4 rows checked: management within headcount, totals agree (gender 1,400, "
        "age_band 1,400), benchmark shares sum to 1, headcounts not rounded. "
        "[GRI 1 accuracy and verifiability; ESRS 1 faithful representation]"
    )


def test_management_above_headcount() -> None:
    status, detail = run(rows("gender", ("Female", 12, 15, None), ("Male", 31, 4, None)))
    assert status == "flag"
    assert "row 2 (gender Female) has management_headcount 15 above its headcount 12" in detail


def test_totals_disagree_across_dimensions() -> None:
    status, detail = run(
        rows("gender", ("Female", 387, 12, None), ("Male", 859, 41, None)),
        rows("age_band", ("18-34", 616, 20, None), ("35+", 577, 30, None), start=4),
    )
    assert status == "flag"
    assert "headcount totals differ across dimensions (gender 1,246, age_band 1,193)" in detail
    assert "management totals differ across dimensions (gender 53, age_band 50)" in detail


def test_totals_within_tolerance_agree() -> None:
    status, _ = run(
        rows("gender", ("Female", 487, None, None), ("Male", 513, None, None)),
        rows("age_band", ("18-34", 493, None, None), ("35+", 497, None, None), start=4),
    )
    assert status == "pass"


def test_round_numbers() -> None:
    status, detail = run(
        rows("gender", ("Female", 300, None, None), ("Male", 400, None, None)),
        rows("age_band", ("18-34", 500, None, None), ("35+", 200, None, None), start=4),
    )
    assert status == "flag"
    assert "all 4 non-zero headcounts are multiples of 100 (estimates?)" in detail
    few, _ = run(rows("gender", ("Female", 30, None, None), ("Male", 40, None, None)))
    assert few == "pass"


def test_benchmark_shares_must_sum_to_one() -> None:
    status, detail = run(rows("ethnicity", ("A", 51, None, 0.5), ("B", 37, None, 0.35)))
    assert status == "flag"
    assert "ethnicity benchmark shares sum to 0.85, not 1 (±0.02)" in detail
    ok, _ = run(rows("ethnicity", ("A", 51, None, 0.5), ("B", 37, None, 0.49)))
    assert ok == "pass"
