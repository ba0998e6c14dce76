"""Risk settings (the ``[risk]`` table of the run configuration).

Every weight is documented here and recorded in the report's Methodology sheet. Country scores
are 0–100 (higher = riskier); tiers are cut at ``tiers``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator


class TierCuts(BaseModel):
    """Lowest score of each tier above ``low``."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    medium: float = Field(default=35.0, ge=0, le=100)
    high: float = Field(default=60.0, ge=0, le=100)
    critical: float = Field(default=85.0, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> TierCuts:
        if not self.medium < self.high < self.critical:
            raise ValueError(
                f"tier cuts must rise: medium {self.medium:g} < high {self.high:g} < "
                f"critical {self.critical:g}"
            )
        return self


class RiskConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    weights: dict[str, float] = Field(
        default_factory=lambda: {"ewp": 0.35, "fsi": 0.25, "wgi": 0.25, "ucdp": 0.15},
        description="weight of each indicator group in a country score; a group a country "
        "lacks is dropped and the others re-weighted (recorded in the score)",
    )
    ewp_cap: float = Field(
        default=0.08, gt=0, description="EWP 2-year mass-killing risk that scores 100"
    )
    ucdp_cap: float = Field(
        default=10000, gt=0, description="annual battle deaths scoring 100 (log scale)"
    )
    floors: dict[str, float] = Field(
        default_factory=lambda: {
            "comprehensive_embargo": 95.0,
            "import_ban": 90.0,
            "territorial_restrictions": 75.0,
            "un_sanctions": 60.0,
        },
        description="minimum country score while a sanctions regime of that kind is in force",
    )
    ongoing_mass_killing_floor: float = Field(
        default=85.0, description="minimum score of a State with an ongoing mass killing (EWP)"
    )
    tiers: TierCuts = Field(default_factory=TierCuts)
    role_weights: dict[str, float] = Field(
        default_factory=lambda: {
            "country": 1.0,
            "address": 1.0,
            "operating": 0.7,
            "sourcing": 0.7,
            "parent": 0.7,
        },
        description="share of a place's score a partner inherits, by the place's role",
    )
    full_weight_from: float = Field(
        default=90.0,
        description="a place scoring at least this (comprehensive embargoes, import bans, "
        "ongoing atrocities at the top of the scale) counts in full whatever the partner's "
        "role there: dealing with it is prohibited or presumed tainted, not merely risky",
    )
    strong_match: float = Field(
        default=90.0, description="match score at or above which a watchlist hit is critical"
    )
    match_weight: float = Field(
        default=0.85, description="share of a weaker match's score that enters the risk score"
    )
    parent_match_factor: float = Field(
        default=1.0,
        description="share of a parent's match score counted (1.0: ownership by a listed "
        "party is treated as a listing, as under OFAC's 50% rule)",
    )
    workforce_flag_points: float = Field(default=10.0, description="added when workforce = flag")
    workforce_unknown_points: float = Field(
        default=3.0, description="added when workforce = unknown (unknown is not pass)"
    )
    unresolved_place_points: float = Field(
        default=5.0, description="added once when a place given for a partner cannot be resolved"
    )
    overrides: Path | None = Field(
        default=None, description="CSV or TOML of the company's own country scores or tiers"
    )
