from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from screener.errors import InputError
from screener.models import ScanResult
from screener.report import DispositionDecision, read_dispositions, write_workbook

from .conftest import HOSTILE, METHODOLOGY


@pytest.fixture
def workbook(result: ScanResult, tmp_path: Path) -> Path:
    path = tmp_path / "report.xlsx"
    write_workbook(result, path, methodology=METHODOLOGY)
    return path


def _fill(path: Path, cells: dict[str, str | datetime]) -> None:
    book = load_workbook(path)
    ws = book["Matches"]
    for coordinate, value in cells.items():
        ws[coordinate] = value
    book.save(path)


def test_prefilled_disposition_is_read_back(workbook: Path) -> None:
    assert read_dispositions(workbook) == [
        DispositionDecision(
            supplier_id="S-002",
            entity_id="un_sc:QDe.004",
            query_name="Mahan Air",
            decision="escalate",
            row=3,
        )
    ]


def test_round_trip_after_review(workbook: Path) -> None:
    _fill(
        workbook,
        {
            "N2": "true_match",
            "O2": "J. Doe",
            "P2": datetime(2025, 1, 20),
            "Q2": "Same IMO",
            "N3": "",
            "N4": "False positive",
            "O4": "A. Roe",
            "Q4": "=not a formula",
        },
    )
    got = read_dispositions(workbook)
    assert [(d.row, d.entity_id, d.decision) for d in got] == [
        (2, "us_ofac_sdn:9999", "true_match"),
        (4, "us_ofac_sdn:0", "false_positive"),
    ]
    assert got[0].reviewer == "J. Doe" and got[0].date == "2025-01-20"
    assert got[0].comment == "Same IMO"
    assert got[1].supplier_id == HOSTILE[0] and got[1].query_name == HOSTILE[2]


def test_invalid_decision_names_file_sheet_row_and_column(workbook: Path) -> None:
    _fill(workbook, {"N5": "maybe"})
    with pytest.raises(InputError) as err:
        read_dispositions(workbook)
    assert str(err.value) == (
        f"{workbook}, row 5, column 'Disposition': sheet 'Matches': invalid disposition "
        "'maybe'; expected one of true_match, false_positive, escalate, withdrawn"
    )
    assert (err.value.row, err.value.column) == (5, "Disposition")


def test_not_a_screener_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(InputError, match="no 'Matches' sheet: not a workbook written by screener"):
        read_dispositions(path)
    text = tmp_path / "notes.xlsx"
    text.write_text("hello")
    with pytest.raises(InputError, match="cannot read dispositions workbook"):
        read_dispositions(text)


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("next tuesday", "'next tuesday' is not a date"),
        ("2031-02-30", "'2031-02-30' is not a date"),
        ("03/12/2026", "'03/12/2026' is ambiguous"),
        ("2099-01-01", r"'2099-01-01' is after today \(20\d\d-\d\d-\d\d\)"),
    ],
)
def test_a_decision_date_that_is_no_date_names_its_cell(
    workbook: Path, date: str, message: str
) -> None:
    _fill(workbook, {"N2": "true_match", "O2": "J. Doe", "P2": date})
    with pytest.raises(InputError, match=message) as err:
        read_dispositions(workbook)
    assert (err.value.row, err.value.column) == (2, "Date")


def test_dates_are_read_as_iso(workbook: Path) -> None:
    _fill(workbook, {"N2": "true_match", "O2": "J. Doe", "P2": "20.01.2025"})
    assert read_dispositions(workbook)[0].date == "2025-01-20"


def test_a_withdrawal_names_who_withdraws(workbook: Path) -> None:
    _fill(workbook, {"N2": "withdrawn", "P2": "2025-01-20"})
    with pytest.raises(InputError, match="withdrawn names no reviewer") as err:
        read_dispositions(workbook)
    assert (err.value.row, err.value.column) == (2, "Reviewer")
