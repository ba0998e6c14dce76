"""Representation against benchmark, management against workforce, absent groups."""

from __future__ import annotations

from screener.workforce import WorkforceConfig
from screener.workforce.reader import Benchmark, BenchmarkTable
from screener.workforce.representation import (
    management_representation,
    missing_groups,
    no_benchmark_reason,
    representation,
)

from .builders import one

CONFIG = WorkforceConfig()
NO_FILE = no_benchmark_reason(None, has_table=False)
STANDARD = " [GRI 405-1; ESRS S1-9 and S2; four-fifths rule, EEOC UGESP 29 CFR 1607.4(D)]"


def table(country: str, dimension: str, **shares: float) -> BenchmarkTable:
    bucket = {
        group.casefold(): Benchmark(group, share, "bench.csv") for group, share in shares.items()
    }
    return BenchmarkTable({(country, dimension): bucket})


def test_under_four_fifths_is_flagged_with_the_numbers() -> None:
    dim = one(("Female", 214, None, 0.48), ("Male", 2987, None, 0.52))
    check = representation(dim, CONFIG, NO_FILE)
    assert (check.check, check.status) == ("representation:gender", "flag")
    assert check.detail == (
        "Under-represented against the benchmark share: Female. "
        "Female 6.7% of the workforce (214 of 3,201) against a benchmark of 48.0% (wf.csv row 2): "
        "ratio 0.14, under 0.80; "
        "Male 93.3% of the workforce (2,987 of 3,201) against a benchmark of 52.0% (wf.csv row 3): "
        "ratio 1.79." + STANDARD
    )


def test_exactly_four_fifths_passes() -> None:
    check = representation(one(("Female", 40, None, 0.5), ("Male", 60, None, 0.5)), CONFIG, NO_FILE)
    assert check.status == "pass"
    assert "ratio 0.80;" in check.detail


def test_threshold_comes_from_config() -> None:
    dim = one(("Female", 40, None, 0.5), ("Male", 60, None, 0.5))
    assert (
        representation(dim, WorkforceConfig(representation_threshold=0.9), NO_FILE).status == "flag"
    )


def test_small_numbers_are_shown_not_flagged() -> None:
    dim = one(("Disabled", 1, None, 0.03), ("Not disabled", 99, None, 0.97), dimension="disability")
    check = representation(dim, CONFIG, NO_FILE)
    assert check.status == "pass"
    assert "ratio 0.33, under 0.80 but only 3.0 expected (too few to judge)" in check.detail


def test_no_benchmark_is_unknown() -> None:
    reason = no_benchmark_reason("lk", has_table=True)
    check = representation(
        one(("Female", 10, None, None), ("Male", 12, None, None)), CONFIG, reason
    )
    assert check.status == "unknown"
    assert check.detail == (
        "No benchmark share for any gender group: no benchmark_share in the workforce file and "
        "none for lk in the benchmark file." + STANDARD
    )


def test_partly_benchmarked_is_unknown_unless_flagged() -> None:
    check = representation(
        one(("Female", 50, None, 0.5), ("Other", 3, None, None)), CONFIG, NO_FILE
    )
    assert check.status == "unknown"
    assert "No benchmark for Other: " in check.detail
    flagged = one(("Female", 10, None, 0.5), ("Male", 90, None, 0.5), ("Other", 3, None, None))
    assert representation(flagged, CONFIG, NO_FILE).status == "flag"


def test_zero_headcount_everywhere_is_unknown() -> None:
    check = representation(one(("Female", 0, None, 0.5), ("Male", 0, None, 0.5)), CONFIG, NO_FILE)
    assert check.status == "unknown"
    assert check.detail.startswith("Every gender headcount is zero")


def test_benchmark_table_fills_rows_without_a_share() -> None:
    bench = table("bd", "gender", Female=0.55, Male=0.45)
    dim = one(("Female", 20, None, None), ("Male", 80, None, 0.5), country="bd", table=bench)
    check = representation(dim, CONFIG, NO_FILE)
    assert check.status == "flag"
    assert "Female 20.0% of the workforce (20 of 100) against a benchmark of 55.0% (bench.csv)" in (
        check.detail
    )
    assert (
        "Male 80.0% of the workforce (80 of 100) against a benchmark of 50.0% (wf.csv row 3)"
        in (check.detail)
    )


def test_women_in_management_flagged() -> None:
    dim = one(("Female", 1412, 9, 0.55), ("Male", 1025, 77, 0.45))
    check = management_representation(dim, CONFIG)
    assert (check.check, check.status) == ("management_representation:gender", "flag")
    assert check.detail.startswith(
        "Under-represented in management relative to the workforce: Female. "
        "Female 10.5% of management (9 of 86) against 57.9% of the workforce: ratio 0.18, "
        "under 0.80; Male 89.5% of management (77 of 86) against 42.1% of the workforce: "
        "ratio 2.13."
    )


def test_management_missing_or_zero_is_unknown() -> None:
    none_given = management_representation(one(("Female", 5, None, None)), CONFIG)
    assert none_given.status == "unknown"
    partial = management_representation(
        one(("Female", 5, 1, None), ("Male", 5, None, None)), CONFIG
    )
    assert partial.status == "unknown"
    assert "management_headcount is missing for gender group(s) Male" in partial.detail
    zero = management_representation(one(("Female", 5, 0, None), ("Male", 5, 0, None)), CONFIG)
    assert zero.status == "unknown"
    assert "zero for every gender group" in zero.detail


def test_small_management_is_not_flagged() -> None:
    check = management_representation(one(("Female", 50, 0, None), ("Male", 50, 4, None)), CONFIG)
    assert check.status == "pass"
    assert "Female 0.0% of management (0 of 4) against 50.0% of the workforce: ratio 0.00, " in (
        check.detail
    )
    assert "only 2.0 expected" in check.detail


def test_group_with_zero_headcount_is_missing() -> None:
    dim = one(
        ("With disability", 0, None, 0.022),
        ("Without disability", 2874, None, 0.978),
        dimension="disability",
    )
    check = missing_groups(dim, CONFIG, NO_FILE)
    assert (check.check, check.status) == ("missing_groups:disability", "flag")
    assert check.detail == (
        "Absent from the workforce: With disability. With disability (a row with headcount 0) is "
        "2.2% of the benchmark (wf.csv row 2), about 63.2 of 2,874 expected. "
        "[ILO C111; GRI 405-1; EEOC UGESP 29 CFR 1607.4(D)]"
    )
    # Nobody of a group with a benchmark share is a ratio of 0, never a pass.
    shortfall = representation(dim, CONFIG, NO_FILE)
    assert shortfall.status == "flag"
    assert shortfall.detail.startswith(
        "Under-represented against the benchmark share: With disability. With disability 0.0% "
        "of the workforce (0 of 2,874) against a benchmark of 2.2% (wf.csv row 2): ratio 0.00, "
        "under 0.80;"
    )


def test_female_at_zero_headcount_does_not_pass_representation() -> None:
    dim = one(("Female", 0, None, 0.5), ("Male", 100, None, 0.5))
    check = representation(dim, CONFIG, NO_FILE)
    assert check.status == "flag"
    assert check.detail.startswith("Under-represented against the benchmark share: Female. ")
    bench = table("bd", "gender", Female=0.55, Male=0.45)
    no_row = representation(one(("Male", 100, None, None), country="bd", table=bench), CONFIG, "")
    assert no_row.status == "flag"
    assert "Female (no row) 0.0% of the workforce (0 of 100) against a benchmark of 55.0%" in (
        no_row.detail
    )


def test_benchmark_group_without_a_row_is_missing() -> None:
    bench = table("my", "ethnicity", Bumiputera=0.44, Chinese=0.41, Indian=0.10, Other=0.05)
    dim = one(
        ("Bumiputera", 500, None, None),
        ("Chinese", 480, None, None),
        ("Other", 20, None, None),
        dimension="ethnicity",
        country="my",
        table=bench,
    )
    check = missing_groups(dim, CONFIG, NO_FILE)
    assert check.status == "flag"
    assert "Indian (no row) is 10.0% of the benchmark (bench.csv), about 100.0 of 1,000" in (
        check.detail
    )


def test_absent_group_too_small_to_judge_is_unknown_in_both_rules() -> None:
    dim = one(("A", 40, None, 0.95), ("B", 0, None, 0.05))
    check = missing_groups(dim, CONFIG, NO_FILE)
    assert check.status == "unknown"
    assert check.detail.startswith("Absent from the workforce, with too few expected to judge: B.")
    assert "about 2.0 of 40 expected (too few to judge)" in check.detail
    shortfall = representation(dim, CONFIG, NO_FILE)
    assert shortfall.status == "unknown"
    assert shortfall.detail.startswith(
        "Absent from the workforce, with too few expected to judge: B. B 0.0% of the workforce"
    )


def test_only_groups_without_a_benchmark_present_is_not_a_pass() -> None:
    dim = one(("Female", 0, None, 0.02), ("Male", 0, None, 0.0), ("Other", 100, None, None))
    assert missing_groups(dim, CONFIG, NO_FILE).status == "unknown"
    assert representation(dim, CONFIG, NO_FILE).status == "unknown"
    only_zero_shares = one(("Female", 0, None, 0.0), ("Other", 100, None, None))
    check = missing_groups(only_zero_shares, CONFIG, NO_FILE)
    assert check.status == "unknown"
    assert "every benchmark share is 0" in check.detail


def test_small_shortfall_head_does_not_claim_every_group_holds_its_share() -> None:
    dim = one(("Disabled", 1, None, 0.03), ("Not disabled", 99, None, 0.97), dimension="disability")
    check = representation(dim, CONFIG, NO_FILE)
    assert check.status == "pass"
    assert check.detail.startswith(
        "No disability group expected in judgeable numbers is under-represented."
    )


def test_missing_groups_needs_a_benchmark() -> None:
    dim = one(("A", 40, None, None))
    check = missing_groups(dim, CONFIG, NO_FILE)
    assert check.status == "unknown"
    assert "no benchmark file was given" in check.detail
    unresolved = no_benchmark_reason(None, has_table=True)
    assert "the supplier's country is unknown" in missing_groups(dim, CONFIG, unresolved).detail


def test_all_present_passes() -> None:
    check = missing_groups(one(("Female", 40, None, 0.5), ("Male", 60, None, 0.5)), CONFIG, NO_FILE)
    assert check.status == "pass"
    assert check.detail.startswith("All 2 benchmark gender groups are present: Female, Male.")
