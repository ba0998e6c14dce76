"""Pydantic models of the public JSON contract (``../shared/CONTRACT.md``).

Field names and meanings here are fixed by the contract: add fields, never rename or
remove one. Everything the CLI prints as JSON is one of these models.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Tier = Literal["low", "medium", "high", "critical"]
TIERS: tuple[Tier, ...] = ("low", "medium", "high", "critical")
EntitySchema = Literal["Organization", "Person", "Vessel", "Aircraft", "Unknown"]
Role = Literal["country", "address", "operating", "sourcing", "parent"]
CheckStatus = Literal["pass", "flag", "unknown"]
Disposition = Literal["true_match", "false_positive", "escalate"]
# Not a disposition: what a reviewer enters in a reviewed workbook to withdraw a stored one
# (it never appears in a result; the alert is open again).
Withdrawn = Literal["withdrawn"]
WITHDRAWN: Withdrawn = "withdrawn"
StrList = list[str]  # ``Match`` has a field named ``list``, which shadows the builtin there


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ListVersion(_Model):
    """One stored version of one watchlist (``run.lists[]`` and ``lists status``)."""

    id: str
    version: str
    sha256: str
    entities: int
    published_at: str | None = None
    fetched_at: str
    # Extensions (allowed by the contract): provenance an auditor asks for.
    source: str | None = None
    age_days: float | None = None
    max_age_days: int | None = None
    stale: bool = False
    warnings: list[str] = Field(
        default_factory=list, description="what the parser noticed in the version's files"
    )
    # Not part of the JSON: the marker of the parsers that read the version (for the
    # matcher cache and the note that a version was read by an earlier release).
    parser: str | None = Field(default=None, exclude=True)


class Review(_Model):
    """Who decided an alert, when and why (from a reviewed workbook)."""

    reviewer: str | None = None
    date: str | None = None
    comment: str | None = None


class Match(_Model):
    entity_id: str
    list: str
    matched_name: str
    query_name: str
    score: float
    schema_: EntitySchema = Field(alias="schema")
    programs: StrList = Field(default_factory=lambda: [])
    countries: StrList = Field(default_factory=lambda: [])
    disposition: Disposition | None = None
    explanation: str = ""
    # Extensions.
    query_role: str = "name"
    features: dict[str, float] = Field(default_factory=dict)
    record_url: str | None = None
    record_hash: str | None = Field(
        default=None,
        description="content hash of the listed record the alert was raised on; a reviewer's "
        "decision lapses when it changes",
    )
    review: Review | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Jurisdiction(_Model):
    input: str
    code: str | None
    role: Role
    risk_score: float | None
    sources: list[str] = Field(default_factory=list)
    # Extensions.
    name: str | None = None
    tier: Tier | None = None


class WorkforceCheck(_Model):
    check: str
    status: CheckStatus
    detail: str


class Workforce(_Model):
    status: CheckStatus = "unknown"
    checks: list[WorkforceCheck] = Field(default_factory=list)


class SupplierResult(_Model):
    supplier_id: str
    row: int
    name: str
    risk_score: float
    risk_tier: Tier
    matches: list[Match] = Field(default_factory=list)
    jurisdictions: list[Jurisdiction] = Field(default_factory=list)
    workforce: Workforce = Field(default_factory=Workforce)
    reasons: list[str] = Field(default_factory=list)
    # Extensions.
    annual_spend: float | None = None


class RunInfo(_Model):
    tool_version: str
    started_at: str
    input_sha256: str
    threshold: float
    lists: list[ListVersion]
    # Extensions.
    input: str | None = None
    fail_on: str | None = None
    config_sha256: str | None = None
    model_version: str | None = None
    notes: list[str] = Field(
        default_factory=list,
        description="run-level facts an auditor must see: lists that could not be "
        "downloaded, workforce rows for suppliers not in the input, …",
    )


class Summary(_Model):
    suppliers: int
    by_tier: dict[Tier, int]
    suppliers_with_matches: int
    # Extensions: the portfolio view, weighted by annual spend.
    spend_by_tier: dict[Tier, float] | None = None
    spend_by_country: dict[str, float] | None = Field(
        default=None, description="spend by country of incorporation ('unresolved' if unknown)"
    )
    spend_weighted_risk: float | None = Field(
        default=None, description="mean risk score weighted by annual spend"
    )
    suppliers_without_spend: int | None = None


class ScanResult(_Model):
    schema_version: int = SCHEMA_VERSION
    run: RunInfo
    summary: Summary
    suppliers: list[SupplierResult]


class MatchResponse(_Model):
    """``screener match --json``."""

    query: str
    matches: list[Match]


class ListsStatus(_Model):
    """``screener lists status --json``."""

    lists: list[ListVersion]


class JurisdictionResponse(_Model):
    """``screener jurisdiction --json``; extended with the indicators behind the score."""

    input: str
    code: str | None
    name: str | None
    risk_score: float | None
    sources: list[str]
    tier: Tier | None = None
    indicators: list[dict[str, object]] = Field(default_factory=list)


def dump_json(model: BaseModel) -> str:
    """Serialise a contract model deterministically (aliases, stable key order)."""
    return model.model_dump_json(by_alias=True, indent=2) + "\n"
