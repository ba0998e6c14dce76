"""``screener jurisdiction TEXT``: resolve one place and show its score and indicators."""

from __future__ import annotations

from screener.models import JurisdictionResponse
from screener.places import resolve_place
from screener.risk.model import RiskModel


def describe(text: str, model: RiskModel) -> JurisdictionResponse:
    """Resolution, score, tier and every sourced indicator behind them."""
    place = resolve_place(text)
    if place.code is None:
        return JurisdictionResponse(
            input=text,
            code=None,
            name=None,
            risk_score=None,
            sources=[],
            indicators=[{"method": "unresolved"}],
        )
    scored = model.score(place.code)
    indicators: list[dict[str, object]] = [
        {
            "indicator": i.indicator,
            "value": i.value,
            "source": i.source,
            "edition": i.edition,
            "published": i.published,
            "detail": i.detail,
            "for": i.code,
        }
        for i in scored.indicators
    ]
    indicators.append(
        {
            "resolution": place.method,
            "confidence": place.confidence,
            "components": scored.components,
            "notes": list(scored.notes),
            "builtin_score": scored.builtin_score,
        }
    )
    return JurisdictionResponse(
        input=text,
        code=place.code,
        name=place.name,
        risk_score=scored.score,
        sources=list(model.place_sources(place.input, place.code)),
        tier=scored.tier,
        indicators=indicators,
    )
