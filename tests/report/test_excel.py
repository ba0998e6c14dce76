from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from screener.models import ScanResult, Workforce, WorkforceCheck
from screener.report import write_workbook
from screener.report.safe import TRUNCATION_MARKER

from .conftest import HOSTILE, LONG_NAME, METHODOLOGY, build_result

SHEETS = ["Summary", "Suppliers", "Matches", "Jurisdictions", "Workforce", "Sources", "Methodology"]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("excel") / "report.xlsx"
    write_workbook(build_result(), path, methodology=METHODOLOGY)
    return load_workbook(path)


def _headers(ws: Worksheet) -> list[object]:
    return [c.value for c in ws[1]]


def _column(ws: Worksheet, header: str) -> list[object]:
    index = _headers(ws).index(header) + 1
    return [ws.cell(row=r, column=index).value for r in range(2, ws.max_row + 1)]


def test_sheets_in_order(book: Workbook) -> None:
    assert book.sheetnames == SHEETS


def test_tables_have_frozen_header_and_filter(book: Workbook) -> None:
    for title in SHEETS[1:]:
        ws = book[title]
        assert ws.freeze_panes == "A2", title
        last = get_column_letter(ws.max_column)
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", title


def test_matches_headers_and_dropdown(book: Workbook, result: ScanResult) -> None:
    ws = book["Matches"]
    assert _headers(ws)[-5:] == ["Disposition", "Reviewer", "Date", "Comment", "Record hash"]
    assert ws.column_dimensions[get_column_letter(len(_headers(ws)))].hidden
    assert _headers(ws)[:7] == [
        "Supplier ID", "Supplier name", "Query name", "Query role", "Matched name", "List",
        "Entity ID",
    ]  # fmt: skip
    alerts = sum(len(s.matches) for s in result.suppliers)
    assert ws.max_row == alerts + 1
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list"
    assert dv.formula1 == '"true_match,false_positive,escalate,withdrawn"'
    assert str(dv.sqref) == f"N2:N{alerts + 1}"


def test_matches_values_equal_result(book: Workbook, result: ScanResult) -> None:
    ws = book["Matches"]
    expected = [(s.supplier_id, m.entity_id, m.score) for s in result.suppliers for m in s.matches]
    got = list(
        zip(_column(ws, "Supplier ID"), _column(ws, "Entity ID"), _column(ws, "Score"), strict=True)
    )
    assert got == expected
    assert _column(ws, "Disposition")[1] == "escalate"  # pre-filled from the match
    assert _column(ws, "Disposition")[0] is None


def test_official_record_is_a_hyperlink_only_for_http(book: Workbook) -> None:
    ws = book["Matches"]
    col = _headers(ws).index("Official record") + 1
    first = ws.cell(row=2, column=col)
    assert first.hyperlink is not None
    assert first.hyperlink.target == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=9999"
    js = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]
    js_cells = [c for c in js if c.value == "javascript:alert(1)"]
    assert len(js_cells) == 1 and js_cells[0].hyperlink is None


def test_no_formula_cells_anywhere(book: Workbook) -> None:
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_hostile_strings_are_intact_and_quote_prefixed(book: Workbook) -> None:
    ws = book["Matches"]
    col = _headers(ws).index("Matched name") + 1
    cells = {ws.cell(row=r, column=col).value: ws.cell(row=r, column=col) for r in range(2, 11)}
    for text in HOSTILE:
        cell = cells[text]
        assert cell.data_type == "s"
        assert cell.quotePrefix, text
    assert not cells["MAHAN AIR"].quotePrefix
    suppliers = book["Suppliers"]
    assert suppliers["A4"].value == HOSTILE[0] and suppliers["A4"].quotePrefix
    assert suppliers["C4"].value == HOSTILE[1] and suppliers["C4"].quotePrefix


def test_control_characters_stripped_and_long_text_truncated(book: Workbook) -> None:
    ws = book["Suppliers"]
    assert _column(ws, "Reasons")[2] == "-2+3\nbell and nul removed"
    long_name = _column(ws, "Name")[3]
    assert isinstance(long_name, str) and len(long_name) == 32_767
    assert long_name.startswith(LONG_NAME[:1000])
    assert long_name.endswith(TRUNCATION_MARKER.format(total=40_000))


def test_suppliers_values_and_formats(book: Workbook, result: ScanResult) -> None:
    ws = book["Suppliers"]
    assert _column(ws, "Supplier ID") == [s.supplier_id for s in result.suppliers]
    assert _column(ws, "Risk score") == [s.risk_score for s in result.suppliers]
    assert _column(ws, "Tier") == [s.risk_tier for s in result.suppliers]
    assert _column(ws, "Matches") == [len(s.matches) for s in result.suppliers]
    assert ws["D2"].number_format == "0.0"
    assert ws["F2"].number_format == "#,##0"
    assert ws["L3"].alignment.wrap_text


def test_tier_colours_are_conditional_formats(book: Workbook) -> None:
    rules = {
        str(rng.sqref): [(r.formula[0], r.dxf.fill.fgColor.rgb) for r in rng.rules]
        for rng in book["Suppliers"].conditional_formatting
    }
    assert rules == {
        "E2:E5": [
            ('"low"', "00C6EFCE"),
            ('"medium"', "00FFEB9C"),
            ('"high"', "00F8CBAD"),
            ('"critical"', "00FF7C80"),
        ]
    }


def test_summary_metadata_tiers_and_chart(book: Workbook, result: ScanResult) -> None:
    ws = book["Summary"]
    labels = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, 40)}
    assert labels["Input SHA-256"] == result.run.input_sha256
    assert labels["Started at (UTC)"] == "2025-01-15T09:30:00Z"
    assert labels["Fail on"] == "high"
    assert labels["Alerts"] == 9
    tier_row = next(r for r in range(1, 40) if ws.cell(row=r, column=1).value == "Risk tier")
    tiers = [
        tuple(ws.cell(row=tier_row + i, column=c).value for c in (1, 2, 3)) for i in range(1, 5)
    ]
    assert tiers == [
        ("low", 1, 125_000),
        ("medium", 1, 1_000),
        ("high", 1, 0),
        ("critical", 1, 2_500_000),
    ]


def test_sources_and_methodology(book: Workbook) -> None:
    sources = book["Sources"]
    assert _column(sources, "List") == ["un_sc", "us_ofac_sdn"]
    assert _column(sources, "Stale") == ["yes", "no"]
    age = _column(sources, "Age (days)")
    assert age[0] == 45.5
    assert age[1] == pytest.approx(4 + 1.5 / 24)  # started_at minus fetched_at
    method = book["Methodology"]
    pairs = dict(zip(_column(method, "Key"), _column(method, "Value"), strict=True))
    assert pairs["matching.weights.name"] == 0.7
    assert pairs["risk.tiers.critical"] == 80
    assert pairs["lists"] == "us_ofac_sdn, un_sc"
    assert pairs["run.threshold"] == 80.0


def test_document_properties_use_run_time(book: Workbook) -> None:
    assert book.properties.created is not None
    assert book.properties.created.isoformat() == "2025-01-15T09:30:00"
    assert book.properties.modified == book.properties.created


def test_deterministic_bytes(result: ScanResult, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(result, first, methodology=METHODOLOGY)
    write_workbook(result, second, methodology=METHODOLOGY)
    assert first.read_bytes() == second.read_bytes()
    values = [
        [[c.value for c in row] for row in ws.iter_rows()] for ws in load_workbook(first).worksheets
    ]
    assert values == [
        [[c.value for c in row] for row in ws.iter_rows()]
        for ws in load_workbook(second).worksheets
    ]


def test_row_limit_keeps_flagged_suppliers_and_says_so(result: ScanResult, tmp_path: Path) -> None:
    path = tmp_path / "small.xlsx"
    write_workbook(result, path, methodology=METHODOLOGY, max_rows=4)
    book = load_workbook(path)
    assert _column(book["Suppliers"], "Supplier ID") == ["S-002", HOSTILE[0], "S-004"]
    assert book.sheetnames[:5] == ["Summary", "Suppliers", "Matches", "Matches (2)", "Matches (3)"]
    ids = [
        v for t in ("Matches", "Matches (2)", "Matches (3)") for v in _column(book[t], "Entity ID")
    ]
    assert len(ids) == 9
    summary_text = [c.value for row in book["Summary"].iter_rows() for c in row if c.value]
    assert any(
        isinstance(v, str) and v.startswith("The full supplier list (4 suppliers) exceeds")
        for v in summary_text
    )


def test_workforce_checks_unknown_alike_for_everyone_are_said_once(
    result: ScanResult, tmp_path: Path
) -> None:
    # Without a workforce file, five of seven checks say the same for every supplier: rows
    # that buried the others (35,000 of a 5,000-supplier workbook's rows).
    no_file = "No workforce file was given (--workforce): no workforce figures to check."
    suppliers = []
    for s in result.suppliers:
        own = [c for c in s.workforce.checks if c.check != "representation"]
        checks = [*own, WorkforceCheck(check="representation", status="unknown", detail=no_file)]
        suppliers.append(
            s.model_copy(update={"workforce": Workforce(status="unknown", checks=checks)})
        )
    suppliers[0].workforce.checks.append(
        WorkforceCheck(check="data_freshness", status="unknown", detail="no date")
    )
    path = tmp_path / "workforce.xlsx"
    write_workbook(
        result.model_copy(update={"suppliers": suppliers}), path, methodology=METHODOLOGY
    )
    book = load_workbook(path)
    checks = list(
        zip(
            _column(book["Workforce"], "Supplier ID"),
            _column(book["Workforce"], "Check"),
            strict=True,
        )
    )
    assert ("S-001", "data_freshness") in checks  # unknown for this one supplier only
    assert all(check != "representation" for _, check in checks)
    assert len(checks) == sum(len(s.workforce.checks) - 1 for s in suppliers)
    summary_text = [c.value for row in book["Summary"].iter_rows() for c in row if c.value]
    assert (
        "Workforce: representation is unknown for every supplier listed, so the sheet leaves it "
        f"out (the JSON output has it for each): {no_file}"
    ) in summary_text


def test_summary_chart_plots_tier_counts(result: ScanResult, tmp_path: Path) -> None:
    path = tmp_path / "chart.xlsx"
    write_workbook(result, path, methodology=METHODOLOGY)
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert charts == ["xl/charts/chart1.xml"]
        xml = archive.read(charts[0]).decode()
    assert "<f>'Summary'!$B$17:$B$20</f>" in xml
    assert "<f>'Summary'!$A$17:$A$20</f>" in xml


def test_summary_shows_the_portfolio_view(tmp_path: Path, result: ScanResult) -> None:
    from screener.scan import summarise

    portfolio = result.model_copy(update={"summary": summarise(result.suppliers)})
    path = tmp_path / "portfolio.xlsx"
    write_workbook(portfolio, path, methodology=METHODOLOGY)
    sheet = load_workbook(path)["Summary"]
    labels = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert portfolio.summary.spend_weighted_risk is not None
    assert labels["Spend-weighted risk score"] == portfolio.summary.spend_weighted_risk
    assert portfolio.summary.spend_by_country
    first_code = next(iter(portfolio.summary.spend_by_country))
    assert str(labels["Largest spend by country"]).startswith(f"{first_code} ")


def test_a_workbook_that_cannot_be_written_leaves_no_sheet_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its sheets are written in the temporary folder first: filled up, the write fails in
    one error, and the sheet files go with it, not only when the program ends."""
    import tempfile

    from screener.errors import InputError
    from tests.robustness.test_store_faults import tmpfs

    result = build_result()
    with tmpfs(tmp_path / "tiny", "16k") as mount:
        monkeypatch.setattr(tempfile, "tempdir", str(mount))
        with pytest.raises(InputError, match="No space left on device"):
            write_workbook(result, tmp_path / "r.xlsx", methodology=METHODOLOGY)
        assert list(mount.iterdir()) == []
        assert not (tmp_path / "r.xlsx").exists()
