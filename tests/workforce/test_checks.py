"""check_supplier: every rule in a fixed order, the overall status, and the example file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from screener.errors import InputError
from screener.inputs import read_suppliers
from screener.models import Workforce
from screener.workforce import (
    WorkforceConfig,
    WorkforceRow,
    check_supplier,
    read_workforce,
    summarize,
)
from screener.workforce.reader import Benchmark, BenchmarkTable

from .builders import TODAY, data, record, rows

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "workforce.csv"
CONFIG = WorkforceConfig()


def good_rows(supplier: str = "S1") -> list[WorkforceRow]:
    return rows("gender", ("Female", 487, 21, 0.47), ("Male", 551, 24, 0.53), supplier=supplier)


def statuses(workforce: Workforce) -> dict[str, str]:
    return {check.check: check.status for check in workforce.checks}


def test_all_good_passes() -> None:
    result = check_supplier(record(date="2026-06-30"), data(good_rows()), CONFIG, today=TODAY)
    assert result.status == "pass"
    assert list(statuses(result).items()) == [
        ("nondiscrimination_policy", "pass"),
        ("grievance_mechanism", "pass"),
        ("data_freshness", "pass"),
        ("representation:gender", "pass"),
        ("management_representation:gender", "pass"),
        ("missing_groups:gender", "pass"),
        ("data_consistency", "pass"),
    ]


def test_blank_policy_is_unknown_and_no_is_flag() -> None:
    blank = check_supplier(
        record(policy=None, date="2026-06-30"), data(good_rows()), CONFIG, today=TODAY
    )
    assert blank.status == "unknown"
    no = check_supplier(
        record(policy=False, date="2026-06-30"), data(good_rows()), CONFIG, today=TODAY
    )
    assert no.status == "flag"


def test_optional_rule_unknown_does_not_block_pass() -> None:
    part = rows("gender", ("Female", 487, None, 0.47), ("Male", 551, None, 0.53))
    result = check_supplier(record(date="2026-06-30"), data(part), CONFIG, today=TODAY)
    assert statuses(result)["management_representation"] == "unknown"
    assert result.status == "pass"
    strict = WorkforceConfig(required=[*CONFIG.required, "management_representation"])
    assert check_supplier(record(date="2026-06-30"), data(part), strict, today=TODAY).status == (
        "unknown"
    )


def test_unknown_rule_name_in_config_is_rejected() -> None:
    with pytest.raises(ValidationError, match="unknown workforce rule"):
        WorkforceConfig(required=["representation", "vibes"])


def test_no_rows_and_no_file_are_unknown() -> None:
    result = check_supplier(record("S2"), data(good_rows()), CONFIG, today=TODAY)
    assert result.status == "unknown"
    assert statuses(result) == {
        "nondiscrimination_policy": "pass",
        "grievance_mechanism": "pass",
        "data_freshness": "unknown",
        "representation": "unknown",
        "management_representation": "unknown",
        "missing_groups": "unknown",
        "data_consistency": "unknown",
    }
    assert result.checks[3].detail.startswith("The workforce file wf.csv has no rows for S2.")
    no_file = check_supplier(record(), None, CONFIG, today=TODAY)
    assert no_file.status == "unknown"
    assert no_file.checks[3].detail.startswith("No workforce file was given (--workforce)")


def test_country_picks_benchmarks_and_dimensions_are_ordered() -> None:
    bench = BenchmarkTable(
        {
            ("de", "age_band"): {
                "under 30": Benchmark("under 30", 0.2, "b.csv row 2"),
                "30+": Benchmark("30+", 0.8, "b.csv row 3"),
            }
        }
    )
    ages = rows("age_band", ("30+", 1000, None, None), ("under 30", 38, None, None), start=4)
    wf = data(ages, good_rows(), table=bench)
    result = check_supplier(
        record(country="Germany", date="2026-06-30"), wf, CONFIG, today=TODAY, country="DE"
    )
    names = [check.check for check in result.checks]
    assert names.index("representation:gender") < names.index("representation:age_band")
    assert statuses(result)["representation:age_band"] == "flag"
    unresolved = check_supplier(record(date="2026-06-30"), wf, CONFIG, today=TODAY)
    assert statuses(unresolved)["representation:age_band"] == "unknown"


def test_summarize_counts_every_status() -> None:
    results = [Workforce(status="flag"), Workforce(status="unknown"), Workforce(status="flag")]
    assert summarize(results) == {"pass": 0, "flag": 2, "unknown": 1}
    assert list(summarize([])) == ["pass", "flag", "unknown"]


def test_example_file_shows_flag_unknown_and_pass() -> None:
    example = read_workforce(EXAMPLE)
    assert example.supplier_ids == [f"SUP-{n:03d}" for n in range(1, 13)]
    garment = check_supplier(record("SUP-001"), example, CONFIG, today=TODAY)
    assert garment.status == "flag"
    assert statuses(garment)["management_representation:gender"] == "flag"
    assert check_supplier(record("SUP-003"), example, CONFIG, today=TODAY).status == "pass"
    assert check_supplier(record("SUP-017"), example, CONFIG, today=TODAY).status == "unknown"
    again = check_supplier(record("SUP-001"), read_workforce(EXAMPLE), CONFIG, today=TODAY)
    assert again == garment


def test_example_scan_inputs_together() -> None:
    suppliers = read_suppliers(EXAMPLE.with_name("suppliers.csv")).records
    example = read_workforce(EXAMPLE)
    results = {r.supplier_id: check_supplier(r, example, CONFIG, today=TODAY) for r in suppliers}
    counts = summarize(results.values())
    assert min(counts.values()) >= 1
    assert results["SUP-001"].status == "flag"
    assert results["SUP-003"].status == "pass"
    assert results["SUP-012"].status == "pass"
    assert results["SUP-017"].status == "unknown"
    assert all(supplier in results for supplier in example.supplier_ids)


def test_benchmark_file_fills_rows_by_country(tmp_path: Path) -> None:
    bench = tmp_path / "bench.csv"
    bench.write_text(
        "country;dimension;group;benchmark_share\nBD;gender;Female;0.55\nBD;gender;Male;0.45\n"
        "BD;religion;Muslim;0.91\nBD;religion;Hindu;0.08\nBD;religion;Other;0.01\n",
        encoding="utf-8",
    )
    workforce = tmp_path / "wf.csv"
    workforce.write_text(
        "supplier_id,dimension,group,headcount\nS1,gender,Female,612\nS1,gender,Male,388\n"
        "S1,religion,Muslim,968\nS1,religion,Other,32\n",
        encoding="utf-8",
    )
    wf = read_workforce(workforce, benchmarks=bench)
    result = check_supplier(record(date="2026-06-30"), wf, CONFIG, today=TODAY, country="bd")
    found = statuses(result)
    assert found["representation:gender"] == "pass"
    assert found["missing_groups:religion"] == "flag"
    (missing,) = [c for c in result.checks if c.check == "missing_groups:religion"]
    assert "Hindu (no row) is 8.0% of the benchmark (bench.csv row 5), about 80.0 of 1,000" in (
        missing.detail
    )
    elsewhere = check_supplier(record(date="2026-06-30"), wf, CONFIG, today=TODAY, country="my")
    assert statuses(elsewhere)["representation:gender"] == "unknown"


def test_a_month_only_data_date_is_read_as_that_month() -> None:
    import datetime as dt

    from screener.workforce.freshness import as_of_date

    assert as_of_date("2024-05") == dt.date(2024, 5, 31)
    assert as_of_date("2024-02") == dt.date(2024, 2, 29)
    assert as_of_date("2024-05-03") == dt.date(2024, 5, 3)


def write_files(tmp_path: Path, workforce: str, benchmarks: str) -> tuple[Path, Path]:
    wf, bench = tmp_path / "wf.csv", tmp_path / "bench.csv"
    wf.write_text("supplier_id,dimension,group,headcount\n" + workforce, encoding="utf-8")
    bench.write_text("country,dimension,group,benchmark_share\n" + benchmarks, encoding="utf-8")
    return wf, bench


def test_women_and_men_in_the_benchmark_are_female_and_male_in_the_file(tmp_path: Path) -> None:
    wf, bench = write_files(
        tmp_path,
        "S1,gender,Female,30\nS1,gender,Male,70\n",
        "BD,gender,Women,0.5\nBD,gender,Men,0.5\n",
    )
    data = read_workforce(wf, benchmarks=bench)
    result = check_supplier(record(country="Bangladesh"), data, CONFIG, today=TODAY)
    checks = {check.check: check for check in result.checks}
    representation = checks["representation:gender"]
    assert representation.status == "flag"
    assert representation.detail.startswith(
        "Under-represented against the benchmark share: Female. Female 30.0% of the workforce "
        "(30 of 100) against a benchmark of 50.0% (bench.csv row 2): ratio 0.60, under 0.80;"
    )
    missing = checks["missing_groups:gender"]
    assert missing.status == "pass"
    assert missing.detail.startswith("All 2 benchmark gender groups are present: Female, Male.")


def test_labels_that_match_none_of_the_benchmark_are_refused(tmp_path: Path) -> None:
    wf, bench = write_files(
        tmp_path,
        "S1,ethnicity,Malay,60\nS1,ethnicity,Chinese Malaysian,40\n",
        "MY,ethnicity,Bumiputera,0.7\nMY,ethnicity,Chinese,0.23\nMY,ethnicity,Indian,0.07\n",
    )
    with pytest.raises(InputError) as caught:
        read_workforce(wf, benchmarks=bench)
    assert str(caught.value) == (
        f"{wf}: the ethnicity groups (Chinese Malaysian, Malay) match none of the ethnicity "
        "groups of the benchmark file bench.csv (Bumiputera, Chinese, Indian); write them the "
        "same way in both files"
    )


def test_a_label_the_benchmark_writes_differently_is_not_judged_absent(tmp_path: Path) -> None:
    wf, bench = write_files(
        tmp_path,
        "S1,ethnicity,Bumiputera,70\nS1,ethnicity,Chinese,23\nS1,ethnicity,Indians,7\n",
        "MY,ethnicity,Bumiputera,0.7\nMY,ethnicity,Chinese,0.23\nMY,ethnicity,Indian,0.07\n",
    )
    data = read_workforce(wf, benchmarks=bench)
    result = check_supplier(record(country="MY"), data, CONFIG, today=TODAY)
    checks = {check.check: check for check in result.checks}
    for name in ("representation:ethnicity", "missing_groups:ethnicity"):
        assert checks[name].status == "unknown"
        assert checks[name].detail.startswith(
            "Absent from the workforce, or there under another label: Indian."
        )
    assert (
        "No benchmark for Indians: the benchmark file's ethnicity groups for the supplier's "
        "country are Bumiputera, Chinese, Indian."
    ) in checks["representation:ethnicity"].detail


def test_a_few_people_under_another_label_do_not_excuse_a_large_absence(tmp_path: Path) -> None:
    wf, bench = write_files(
        tmp_path,
        "S1,gender,Male,990\nS1,gender,Diverse,10\n",
        "DE,gender,Female,0.5\nDE,gender,Male,0.5\n",
    )
    data = read_workforce(wf, benchmarks=bench)
    result = check_supplier(record(country="DE"), data, CONFIG, today=TODAY)
    checks = {check.check: check for check in result.checks}
    assert result.status == "flag"
    assert checks["representation:gender"].status == "flag"
    assert checks["missing_groups:gender"].status == "flag"
    assert checks["missing_groups:gender"].detail.startswith(
        "Absent from the workforce: Female. Female (no row) is 50.0% of the benchmark "
        "(bench.csv row 2), about 500.0 of 1,000 expected."
    )


def test_a_workforce_counted_by_sex_is_judged_against_a_gender_benchmark(tmp_path: Path) -> None:
    """``sex`` and ``gender`` name the same groups: a benchmark file giving one serves a
    workforce file counting the other (the file's own dimension, if it has it, first)."""
    wf, bench = write_files(
        tmp_path,
        "S1,sex,F,30\nS1,sex,M,70\nS2,gender,Female,30\nS2,gender,Male,70\n",
        "BD,gender,Women,0.5\nBD,gender,Men,0.5\nBD,sex,Female,0.3\nBD,sex,Male,0.7\n"
        "MY,gender,Women,0.5\nMY,gender,Men,0.5\n",
    )
    data = read_workforce(wf, benchmarks=bench)
    by_sex = check_supplier(record(country="MY"), data, CONFIG, today=TODAY)
    checks = {check.check: check for check in by_sex.checks}
    assert checks["representation:sex"].status == "flag"
    assert "against a benchmark of 50.0% (bench.csv row 6)" in checks["representation:sex"].detail
    own = check_supplier(record(country="BD"), data, CONFIG, today=TODAY)
    assert statuses(own)["representation:sex"] == "pass"  # the file's sex shares, 30% / 70%
    assert "bench.csv row 4" in {c.check: c for c in own.checks}["representation:sex"].detail
    by_gender = check_supplier(record("S2", country="BD"), data, CONFIG, today=TODAY)
    assert statuses(by_gender)["representation:gender"] == "flag"  # its own: 50% / 50%


def test_sex_groups_matching_none_of_the_gender_benchmark_are_refused(tmp_path: Path) -> None:
    wf, bench = write_files(tmp_path, "S1,sex,X,30\nS1,sex,Y,70\n", "BD,gender,Women,0.5\n")
    with pytest.raises(InputError, match=r"the sex groups \(X, Y\) match none of the gender"):
        read_workforce(wf, benchmarks=bench)
