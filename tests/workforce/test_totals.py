"""Total rows in a workforce file: set aside with a note when they add up, refused when not."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.errors import InputError
from screener.workforce import WorkforceConfig, check_supplier, read_workforce

from .builders import TODAY, record

HEADER = "supplier_id,dimension,group,headcount,management_headcount,benchmark_share\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "wf.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("label", ["Total", "TOTALS", "Gesamt", "All", "Grand  total"])
def test_a_total_that_adds_up_is_not_a_group(tmp_path: Path, label: str) -> None:
    path = write(
        tmp_path,
        f"S1,gender,Female,480,20,0.5\nS1,gender,Male,520,22,0.5\nS1,gender,{label},1000,42,\n",
    )
    data = read_workforce(path)
    assert [row.group for row in data.for_supplier("S1")] == ["Female", "Male"]
    (total,) = data.totals_for("S1")
    assert (total.row, total.headcount) == (4, 1000)
    result = check_supplier(record(), data, WorkforceConfig(), today=TODAY)
    checks = {check.check: check for check in result.checks}
    assert checks["representation:gender"].status == "pass"
    assert "(480 of 1,000)" in checks["representation:gender"].detail
    consistency = checks["data_consistency"]
    assert consistency.status == "pass"
    shown = " ".join(label.split())
    assert (
        "Total row(s) not counted as groups, each equal to the sum of its groups: "
        f"row 4 (gender {shown} 1,000)."
    ) in consistency.detail


def test_a_total_that_does_not_add_up_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "S1,gender,Total,1000,,\nS1,gender,Female,480,,0.5\nS1,gender,Male,500,,0.5\n"
        "S2,gender,Female,10,,\n",
    )
    with pytest.raises(InputError) as caught:
        read_workforce(path)
    assert str(caught.value) == (
        f"{path}, row 2, column 'headcount': 'Total' row says 1,000, but the 2 groups of "
        "S1 / gender add up to 980; correct the figures or remove the total row (a total is "
        "not a group)"
    )


def test_a_total_management_figure_must_add_up_too(tmp_path: Path) -> None:
    path = write(
        tmp_path, "S1,gender,Female,480,20,\nS1,gender,Male,520,22,\nS1,gender,Total,1000,40,\n"
    )
    with pytest.raises(InputError) as caught:
        read_workforce(path)
    assert (caught.value.row, caught.value.column) == (4, "management_headcount")
    message = str(caught.value)
    assert "says 40 in management, but the groups of S1 / gender add up to 42" in message


def test_a_total_without_groups_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "S1,gender,Female,480,,\nS1,age_band,All,1000,,\n")
    with pytest.raises(InputError) as caught:
        read_workforce(path)
    assert str(caught.value) == (
        f"{path}, row 3, column 'headcount': 'All' is a total, but S1 / age_band has no "
        "groups for it to add up; give each group's headcount on its own row"
    )
