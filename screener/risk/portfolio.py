"""Portfolio view: annual spend by risk tier and by country of incorporation."""

from __future__ import annotations

from pydantic import BaseModel, Field

from screener.models import TIERS, SupplierResult, Tier


class Portfolio(BaseModel):
    suppliers_by_tier: dict[Tier, int]
    spend_by_tier: dict[Tier, float]
    spend_by_country: dict[str, float] = Field(
        description="by incorporation country code; 'unresolved' when it is unknown"
    )
    spend_unknown_suppliers: int = Field(description="suppliers without an annual spend")


def portfolio(results: list[SupplierResult]) -> Portfolio:
    """Totals by tier (every tier present) and by country, sorted by spend then code."""
    by_tier = dict.fromkeys(TIERS, 0.0)
    count = dict.fromkeys(TIERS, 0)
    by_country: dict[str, float] = {}
    unknown = 0
    for result in results:
        count[result.risk_tier] += 1
        if result.annual_spend is None:
            unknown += 1
            continue
        by_tier[result.risk_tier] += result.annual_spend
        codes = [j.code for j in result.jurisdictions if j.role == "country"]
        key = (codes[0] or "unresolved") if codes else "unresolved"
        by_country[key] = by_country.get(key, 0.0) + result.annual_spend
    ordered = dict(sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0])))
    return Portfolio(
        suppliers_by_tier=count,
        spend_by_tier=by_tier,
        spend_by_country=ordered,
        spend_unknown_suppliers=unknown,
    )
