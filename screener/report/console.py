"""One-screen terminal summary of a scan (rich); plain text when not on a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from screener.models import TIERS, ScanResult, SupplierResult
from screener.screened import is_flagged

from .gate import check_fail_on, fails
from .safe import terminal_text
from .summary import spend_by_tier

TOP = 10
NAME_CHARS = 48
TIER_STYLES = {"low": "green", "medium": "yellow", "high": "dark_orange", "critical": "bold red"}


def _clip(text: str, limit: int) -> str:
    clean = terminal_text(text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _table(console: Console, *headers: str) -> Table:
    style = box.SIMPLE_HEAD if console.is_terminal else box.ASCII2
    table = Table(box=style, show_edge=False, pad_edge=False)
    for header in headers:
        table.add_column(header)
    return table


def _tiers(result: ScanResult, console: Console, fail_on: str) -> Table:
    table = _table(console, "Tier", "Suppliers", "Spend", "Fails")
    spend = spend_by_tier(result)
    for tier in TIERS:
        count = result.summary.by_tier.get(tier, 0)
        amount = f"{spend.get(tier, 0.0):,.0f}"
        gate = "yes" if fails(tier, fail_on) else ""
        table.add_row(Text(tier, style=TIER_STYLES[tier]), str(count), amount, gate)
    return table


def _top(suppliers: Sequence[SupplierResult], console: Console) -> Table:
    table = _table(console, "Supplier", "Name", "Tier", "Score", "Main reason")
    for column, width in zip(table.columns, (8, 12, 8, 5, 20), strict=True):
        column.no_wrap = True
        column.overflow = "ellipsis"
        column.min_width = width
    table.columns[1].max_width = 30
    # What is left of the line after the other columns and their separators.
    table.columns[4].max_width = max(20, console.width - (8 + 30 + 8 + 5) - 12)
    ranked = sorted(suppliers, key=lambda s: (-s.risk_score, s.supplier_id))[:TOP]
    for s in ranked:
        reasons = Text(_clip(s.reasons[0], 100) if s.reasons else "")
        table.add_row(
            Text(_clip(s.supplier_id, 20)),
            Text(_clip(s.name, NAME_CHARS)),
            Text(s.risk_tier, style=TIER_STYLES[s.risk_tier]),
            f"{s.risk_score:.1f}",
            reasons,
        )
    return table


def _lists(result: ScanResult, console: Console) -> Table:
    table = _table(console, "List", "Version", "Entities", "Age (days)", "")
    for lv in sorted(result.run.lists, key=lambda v: v.id):
        age = "" if lv.age_days is None else f"{lv.age_days:.1f}"
        stale = Text("STALE", style="bold red") if lv.stale else Text("")
        table.add_row(Text(lv.id), Text(_clip(lv.version, 30)), f"{lv.entities:,}", age, stale)
    return table


def render_summary(
    result: ScanResult,
    console: Console,
    *,
    fail_on: str,
    outputs: Sequence[tuple[str, str]] = (),
) -> None:
    """Print counts by tier, the top flagged suppliers, the lists used and the outputs.

    ``outputs`` are ``(label, path)`` pairs such as ``("Workbook", "screener-report.xlsx")``.
    """
    check_fail_on(fail_on)
    n = result.summary.suppliers
    head = f"Screened {n:,} suppliers against {len(result.run.lists)} lists"
    console.print(
        Text(f"{head}; {result.summary.suppliers_with_matches:,} with matches.", style="bold")
    )
    console.print(_tiers(result, console, fail_on))
    flagged = [s for s in result.suppliers if is_flagged(s)]
    if flagged:
        count = f"{len(flagged):,} flagged"
        if len(result.suppliers) < n:  # a big run kept its alerts and most exposed only
            medium_up = sum(v for tier, v in result.summary.by_tier.items() if tier != "low")
            count = f"{medium_up:,} at tier medium or above"
        console.print(Text(f"Top flagged suppliers ({count})", style="bold"))
        console.print(_top(flagged, console))
    console.print(_lists(result, console))
    for note in result.run.notes:
        console.print(Text(f"Note: {terminal_text(note)}", style="yellow"))
    for label, path in outputs:
        console.print(Text(f"{label}: {terminal_text(path)}"))
    # From the summary: a big run's result keeps only its flagged suppliers.
    failing = sum(n for tier, n in result.summary.by_tier.items() if fails(tier, fail_on))
    verdict = f"{failing:,} supplier(s) at or above --fail-on {fail_on}."
    console.print(Text(verdict, style="bold red" if failing else "bold green"))
