"""Risk: jurisdiction scores from sourced indicators, and partner exposure."""

from __future__ import annotations

from screener.risk.config import RiskConfig
from screener.risk.exposure import Exposure, assess
from screener.risk.lookup import describe
from screener.risk.model import MODEL_VERSION, CountryScore, RiskModel, tier_for

__all__ = [
    "MODEL_VERSION",
    "CountryScore",
    "Exposure",
    "RiskConfig",
    "RiskModel",
    "assess",
    "describe",
    "tier_for",
]
