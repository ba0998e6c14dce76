"""What the Summary sheet says: run metadata, tiers with counts and spend, top exposures."""

from __future__ import annotations

from dataclasses import dataclass, field

from screener.models import TIERS, ScanResult, SupplierResult, Tier
from screener.screened import is_flagged

from .sheets import best_match
from .tables import Row

TOP_EXPOSURES = 15
EXPOSURE_HEADERS: tuple[str, ...] = ("Supplier ID", "Name", "Tier", "Risk score")
EXPOSURE_HEADERS += ("Annual spend", "Best match", "Top reason")


@dataclass(slots=True)
class SummaryContent:
    metadata: list[tuple[str, str | int | float | None]]
    tiers: list[tuple[Tier, int, float]]
    exposures: list[Row]
    notes: list[str] = field(default_factory=list)


def spend_by_tier(result: ScanResult) -> dict[Tier, float]:
    if result.summary.spend_by_tier is not None:
        return dict(result.summary.spend_by_tier)
    spend: dict[Tier, float] = dict.fromkeys(TIERS, 0.0)
    for s in result.suppliers:
        spend[s.risk_tier] += s.annual_spend or 0.0
    return spend


def _exposure_key(s: SupplierResult) -> tuple[float, float, str]:
    return (-s.risk_score, -(s.annual_spend or 0.0), s.supplier_id)


def _exposure_row(s: SupplierResult) -> Row:
    best = best_match(s)
    best_text = f"{best.matched_name} ({best.entity_id}, {best.score:.1f})" if best else None
    reason = s.reasons[0] if s.reasons else None
    return (s.supplier_id, s.name, s.risk_tier, s.risk_score, s.annual_spend, best_text, reason)


def summary_content(result: ScanResult, *, fail_on: str | None) -> SummaryContent:
    run = result.run
    alerts = sum(len(s.matches) for s in result.suppliers)
    metadata: list[tuple[str, str | int | float | None]] = [
        ("Tool version", run.tool_version),
        ("Started at (UTC)", run.started_at),
        ("Input", run.input),
        ("Input SHA-256", run.input_sha256),
        ("Config SHA-256", run.config_sha256),
        ("Model version", run.model_version),
        ("Match threshold", run.threshold),
        ("Fail on", fail_on or run.fail_on),
        ("Lists", ", ".join(f"{lv.id} {lv.version}" for lv in run.lists)),
        ("Suppliers", result.summary.suppliers),
        ("Suppliers with matches", result.summary.suppliers_with_matches),
        ("Alerts", alerts),
    ]
    summary = result.summary
    if summary.spend_weighted_risk is not None:
        metadata.append(("Spend-weighted risk score", summary.spend_weighted_risk))
    if summary.spend_by_country:
        top = list(summary.spend_by_country.items())[:5]
        metadata.append(
            ("Largest spend by country", "; ".join(f"{code} {value:,.0f}" for code, value in top))
        )
    if summary.suppliers_without_spend:
        metadata.append(("Suppliers without spend", summary.suppliers_without_spend))
    spend = spend_by_tier(result)
    tiers = [(t, result.summary.by_tier.get(t, 0), spend.get(t, 0.0)) for t in TIERS]
    flagged = sorted((s for s in result.suppliers if is_flagged(s)), key=_exposure_key)
    exposures = [_exposure_row(s) for s in flagged[:TOP_EXPOSURES]]
    notes = [f"{lv.id} {lv.version} is stale." for lv in run.lists if lv.stale]
    notes += run.notes
    return SummaryContent(metadata, tiers, exposures, notes)
