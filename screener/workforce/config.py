"""Workforce inclusion settings (the ``[workforce]`` table of the run configuration)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: Every rule ``check_supplier`` runs, in report order (see ``screener.workforce.checks``).
RULE_NAMES: tuple[str, ...] = (
    "nondiscrimination_policy",
    "grievance_mechanism",
    "data_freshness",
    "representation",
    "management_representation",
    "missing_groups",
    "data_consistency",
)

_REQUIRED = [
    "nondiscrimination_policy",
    "grievance_mechanism",
    "data_freshness",
    "representation",
    "missing_groups",
]


class WorkforceConfig(BaseModel):
    """Thresholds of the workforce inclusion checks; every figure is quoted in the details."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    max_data_age_months: int = Field(
        default=24, ge=1, description="workforce data older than this is flagged as stale"
    )
    representation_threshold: float = Field(
        default=0.8,
        gt=0,
        le=1,
        description="a group's workforce share / benchmark share under this is flagged "
        "(four-fifths rule analogue, 29 CFR 1607.4(D))",
    )
    management_threshold: float = Field(
        default=0.8,
        gt=0,
        le=1,
        description="a group's management share / workforce share under this is flagged",
    )
    min_expected_headcount: float = Field(
        default=5.0,
        ge=0,
        description="below this expected headcount a shortfall is shown but not flagged "
        "(differences based on small numbers, 29 CFR 1607.4(D))",
    )
    share_tolerance: float = Field(
        default=0.02, ge=0, le=1, description="a dimension's benchmark shares must sum to 1 ± this"
    )
    total_tolerance: float = Field(
        default=0.02,
        ge=0,
        le=1,
        description="headcount totals of different dimensions may differ by this fraction",
    )
    round_number_min_rows: int = Field(
        default=4,
        ge=2,
        description="all headcounts multiples of 10 is suspicious only with this many or more",
    )
    required: list[str] = Field(
        default_factory=lambda: list(_REQUIRED),
        description="rules whose unknown makes the supplier's overall status unknown",
    )
    benchmarks: Path | None = Field(
        default=None,
        description="optional benchmark file: country, dimension, group, benchmark_share",
    )

    @field_validator("required")
    @classmethod
    def _known_rules(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(RULE_NAMES))
        if unknown:
            raise ValueError(f"unknown workforce rule(s) {unknown}; known: {list(RULE_NAMES)}")
        return value
