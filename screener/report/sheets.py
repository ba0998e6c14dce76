"""Build the tabular sheets of the workbook from a ``ScanResult`` (no openpyxl here)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime

from screener.models import WITHDRAWN, ListVersion, Match, ScanResult, SupplierResult

from .tables import Column, Link, Row, Table

DISPOSITIONS: tuple[str, ...] = ("true_match", "false_positive", "escalate")
# What a reviewer may enter: a disposition, or ``withdrawn`` to withdraw a stored one.
ENTRIES: tuple[str, ...] = (*DISPOSITIONS, WITHDRAWN)
MATCHES = "Matches"
DISPOSITION, REVIEWER, DATE, COMMENT = "Disposition", "Reviewer", "Date", "Comment"
RECORD_HASH = "Record hash"


def _join(values: Iterable[str]) -> str:
    return "; ".join(values)


def best_match(supplier: SupplierResult) -> Match | None:
    return max(supplier.matches, key=lambda m: m.score, default=None)


def _jurisdictions_text(supplier: SupplierResult) -> str:
    parts = []
    for j in supplier.jurisdictions:
        score = "n/a" if j.risk_score is None else f"{j.risk_score:.1f}"
        parts.append(f"{j.code or '?'} ({j.role}, {score})")
    return "; ".join(parts)


def suppliers_table(suppliers: Iterable[SupplierResult]) -> Table:
    columns = (
        Column("Supplier ID", 16),
        Column("Row", 7, "int"),
        Column("Name", 36, "wrap"),
        Column("Risk score", 11, "score"),
        Column("Tier", 10),
        Column("Annual spend", 15, "money"),
        Column("Matches", 9, "int"),
        Column("Best match", 36, "wrap"),
        Column("Best score", 11, "score"),
        Column("Jurisdictions", 30, "wrap"),
        Column("Workforce", 11),
        Column("Reasons", 70, "wrap"),
    )
    rows: list[Row] = []
    for s in suppliers:
        best = best_match(s)
        rows.append(
            (
                s.supplier_id,
                s.row,
                s.name,
                s.risk_score,
                s.risk_tier,
                s.annual_spend,
                len(s.matches),
                f"{best.matched_name} ({best.entity_id})" if best else None,
                best.score if best else None,
                _jurisdictions_text(s),
                s.workforce.status,
                "\n".join(s.reasons),
            )
        )
    return Table("Suppliers", columns, rows, tier_column="Tier")


def _record_link(match: Match) -> Link | None:
    url = match.record_url
    if url and url.lower().startswith(("https://", "http://")):
        return Link(url=url, text=url)
    return None


def matches_table(suppliers: Iterable[SupplierResult]) -> Table:
    columns = [
        Column("Supplier ID", 16),
        Column("Supplier name", 30, "wrap"),
        Column("Query name", 30, "wrap"),
        Column("Query role", 11),
        Column("Matched name", 30, "wrap"),
        Column("List", 13),
        Column("Entity ID", 22),
        Column("Schema", 13),
        Column("Programs", 18, "wrap"),
        Column("Countries", 10),
        Column("Score", 8, "score"),
        Column("Explanation", 50, "wrap"),
        Column("Official record", 28, "link"),
        Column(DISPOSITION, 15),
        Column(REVIEWER, 15),
        Column(DATE, 12, "date"),
        Column(COMMENT, 36, "wrap"),
        # The hash of the listed record ties a reviewer's decision to what was reviewed.
        Column(RECORD_HASH, 20, hidden=True),
    ]
    rows: list[Row] = []
    for s in suppliers:
        for m in s.matches:
            row: Row = (
                s.supplier_id,
                s.name,
                m.query_name,
                m.query_role,
                m.matched_name,
                m.list,
                m.entity_id,
                m.schema_,
                "; ".join(m.programs),
                "; ".join(m.countries),
                m.score,
                m.explanation,
                _record_link(m) or m.record_url,
                m.disposition,
                m.review.reviewer if m.review else None,
                m.review.date if m.review else None,
                m.review.comment if m.review else None,
                m.record_hash,
            )
            rows.append(row)
    return Table(MATCHES, tuple(columns), rows, choices={DISPOSITION: ENTRIES})


def jurisdictions_table(suppliers: Iterable[SupplierResult]) -> Table:
    columns = (
        Column("Supplier ID", 16),
        Column("Supplier name", 30, "wrap"),
        Column("Input", 24, "wrap"),
        Column("Role", 11),
        Column("Code", 8),
        Column("Name", 22),
        Column("Risk score", 11, "score"),
        Column("Tier", 10),
        Column("Sources", 50, "wrap"),
    )
    rows: list[Row] = [
        (
            s.supplier_id,
            s.name,
            j.input,
            j.role,
            j.code,
            j.name,
            j.risk_score,
            j.tier,
            _join(j.sources),
        )
        for s in suppliers
        for j in s.jurisdictions
    ]
    return Table("Jurisdictions", columns, rows, tier_column="Tier")


def common_unknowns(suppliers: Sequence[SupplierResult]) -> list[tuple[str, str]]:
    """Workforce checks unknown for one same reason for every supplier, as ``(check,
    detail)`` in check order: without a workforce file, five of seven checks say so for every
    supplier, rows that would bury the ones that differ."""
    if not suppliers:
        return []
    common = [(c.check, c.detail) for c in suppliers[0].workforce.checks if c.status == "unknown"]
    for supplier in suppliers[1:]:
        if not common:
            break
        own = {(c.check, c.detail) for c in supplier.workforce.checks if c.status == "unknown"}
        common = [item for item in common if item in own]
    return common


def workforce_table(
    suppliers: Iterable[SupplierResult], omit: Collection[tuple[str, str]] = ()
) -> Table:
    """Each supplier's workforce checks; ``omit``: unknown ``(check, detail)`` left out
    (``common_unknowns``, said once in the Summary's notes)."""
    columns = (
        Column("Supplier ID", 16),
        Column("Supplier name", 30, "wrap"),
        Column("Overall", 9),
        Column("Check", 28),
        Column("Status", 9),
        Column("Detail", 70, "wrap"),
    )
    rows: list[Row] = [
        (s.supplier_id, s.name, s.workforce.status, c.check, c.status, c.detail)
        for s in suppliers
        for c in s.workforce.checks
        if not (omit and c.status == "unknown" and (c.check, c.detail) in omit)
    ]
    return Table("Workforce", columns, rows)


def _age_days(lv: ListVersion, started_at: str) -> float | None:
    if lv.age_days is not None:
        return lv.age_days
    try:
        start = datetime.fromisoformat(started_at.replace("Z", "+00:00"))
        fetched = datetime.fromisoformat(lv.fetched_at.replace("Z", "+00:00"))
        return (start - fetched).total_seconds() / 86_400
    except (TypeError, ValueError):
        return None


def _tail(lv: ListVersion) -> Row:
    return (lv.max_age_days, "yes" if lv.stale else "no", lv.source)


def sources_table(result: ScanResult) -> Table:
    columns = (
        Column("List", 14),
        Column("Version", 22),
        Column("SHA-256", 66),
        Column("Entities", 10, "int"),
        Column("Published at", 22),
        Column("Fetched at", 22),
        Column("Age (days)", 11, "score"),
        Column("Max age (days)", 14, "int"),
        Column("Stale", 7),
        Column("Source", 50, "wrap"),
    )
    rows: list[Row] = []
    for lv in sorted(result.run.lists, key=lambda v: (v.id, v.version)):
        head: Row = (lv.id, lv.version, lv.sha256, lv.entities, lv.published_at, lv.fetched_at)
        rows.append((*head, _age_days(lv, result.run.started_at), *_tail(lv)))
    return Table("Sources", columns, rows)


def flatten(value: object, prefix: str = "") -> list[tuple[str, object]]:
    """Flatten nested mappings and lists into sorted ``(dotted key, scalar)`` pairs."""
    if isinstance(value, Mapping):
        pairs: list[tuple[str, object]] = []
        for key in sorted(value, key=str):
            pairs += flatten(value[key], f"{prefix}.{key}" if prefix else str(key))
        return pairs
    if isinstance(value, list | tuple):
        if all(not isinstance(v, Mapping | list | tuple) for v in value):
            return [(prefix, ", ".join(str(v) for v in value))]
        pairs = []
        for i, item in enumerate(value):
            pairs += flatten(item, f"{prefix}[{i}]")
        return pairs
    return [(prefix, value)]


def _scalar(value: object) -> str | int | float | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def methodology_table(result: ScanResult, methodology: Mapping[str, object]) -> Table:
    run = result.run
    fixed: list[tuple[str, object]] = [
        ("run.tool_version", run.tool_version),
        ("run.model_version", run.model_version),
        ("run.config_sha256", run.config_sha256),
        ("run.threshold", run.threshold),
        ("run.fail_on", run.fail_on),
    ]
    columns = (Column("Key", 44), Column("Value", 80, "wrap"))
    rows: list[Row] = [(k, _scalar(v)) for k, v in fixed + flatten(methodology)]
    return Table("Methodology", columns, rows)
