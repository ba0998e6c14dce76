from __future__ import annotations

import io

from rich.console import Console

from screener.models import ScanResult
from screener.report import render_summary


def _render(result: ScanResult, fail_on: str) -> str:
    out = io.StringIO()
    console = Console(file=out, width=120)
    render_summary(result, console, fail_on=fail_on, outputs=[("Workbook", "out/report.xlsx")])
    return out.getvalue()


def test_plain_summary_has_counts_top_suppliers_lists_and_outputs(result: ScanResult) -> None:
    text = _render(result, "high")
    assert "\x1b" not in text  # not a terminal: no colour codes
    assert "Screened 4 suppliers against 2 lists; 2 with matches." in text
    assert "critical | 1         | 2,500,000 | yes" in text
    assert "Matches us_ofac_sdn:9999 (99.0)." in text
    assert "S-001" not in text  # low tier, no matches: not in the flagged list
    assert "STALE" in text
    assert "Workbook: out/report.xlsx" in text
    assert text.rstrip().endswith("2 supplier(s) at or above --fail-on high.")


def test_markup_and_escapes_in_data_are_not_interpreted(result: ScanResult) -> None:
    result.suppliers[1].name = "[bold]Evil[/bold]\x1b[2J"
    text = _render(result, "none")
    assert "[bold]Evil[/bold][2J" in text
    assert text.rstrip().endswith("0 supplier(s) at or above --fail-on none.")
