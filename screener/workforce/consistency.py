"""Suspiciously round or inconsistent workforce figures (one check per supplier)."""

from __future__ import annotations

from screener.models import WorkforceCheck
from screener.workforce.config import WorkforceConfig
from screener.workforce.figures import DimensionFigures
from screener.workforce.reader import WorkforceRow
from screener.workforce.text import count, with_standard
from screener.workforce.totals import totals_note

RULE = "data_consistency"


def data_consistency(
    rows: list[WorkforceRow],
    figures: list[DimensionFigures],
    config: WorkforceConfig,
    total_rows: list[WorkforceRow] | None = None,
) -> WorkforceCheck:
    """The figures are exact and agree with each other."""
    note = totals_note(total_rows or [])
    issues = [
        *management_over_headcount(rows),
        *totals_disagree(figures, config.total_tolerance),
        *round_numbers(rows, config.round_number_min_rows),
        *shares_off(figures, config.share_tolerance),
    ]
    if issues:
        detail = f"Inconsistent or estimated figures: {'; '.join(issues)}.{note}"
        return WorkforceCheck(check=RULE, status="flag", detail=with_standard(RULE, detail))
    totals = ", ".join(f"{dim.name} {count(dim.total)}" for dim in figures)
    detail = (
        f"{len(rows)} rows checked: management within headcount, totals agree ({totals}), "
        f"benchmark shares sum to 1, headcounts not rounded.{note}"
    )
    return WorkforceCheck(check=RULE, status="pass", detail=with_standard(RULE, detail))


def management_over_headcount(rows: list[WorkforceRow]) -> list[str]:
    """A group cannot have more managers than people."""
    return [
        f"row {row.row} ({row.dimension} {row.group}) has management_headcount "
        f"{count(row.management_headcount)} above its headcount {count(row.headcount)}"
        for row in rows
        if row.management_headcount is not None and row.management_headcount > row.headcount
    ]


def totals_disagree(figures: list[DimensionFigures], tolerance: float) -> list[str]:
    """Every dimension describes the same workforce, so the totals should agree."""
    issues = []
    totals = {dim.name: dim.total for dim in figures}
    if _spread(list(totals.values())) > tolerance:
        shown = ", ".join(f"{name} {count(total)}" for name, total in totals.items())
        issues.append(f"headcount totals differ across dimensions ({shown})")
    managers = {dim.name: dim.management_total for dim in figures if _full_management(dim)}
    if _spread(list(managers.values())) > tolerance:
        shown = ", ".join(f"{name} {count(total)}" for name, total in managers.items())
        issues.append(f"management totals differ across dimensions ({shown})")
    return issues


def _full_management(dim: DimensionFigures) -> bool:
    return bool(dim.present) and all(group.management is not None for group in dim.present)


def _spread(values: list[int]) -> float:
    if len(values) < 2 or max(values) == 0:
        return 0.0
    return (max(values) - min(values)) / max(values)


def round_numbers(rows: list[WorkforceRow], min_rows: int) -> list[str]:
    """Exact headcounts are rarely all multiples of 10: such figures look estimated."""
    values = [row.headcount for row in rows if row.headcount > 0]
    if len(values) < min_rows:
        return []
    for base in (1000, 100, 10):
        if all(value % base == 0 for value in values):
            return [f"all {len(values)} non-zero headcounts are multiples of {base} (estimates?)"]
    return []


def shares_off(figures: list[DimensionFigures], tolerance: float) -> list[str]:
    """A dimension's benchmark shares describe one population, so they sum to 1."""
    issues = []
    for dim in figures:
        shares = [group.benchmark.share for group in dim.groups if group.benchmark is not None]
        if shares and abs(sum(shares) - 1) > tolerance:
            issues.append(
                f"{dim.name} benchmark shares sum to {sum(shares):.2f}, not 1 (±{tolerance:g})"
            )
    return issues
