"""A realistic scan result with hostile text, shared by the report tests."""

from __future__ import annotations

import pytest

from screener.models import (
    Jurisdiction,
    ListVersion,
    Match,
    RunInfo,
    ScanResult,
    Summary,
    SupplierResult,
    Workforce,
    WorkforceCheck,
)

HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "\t=cmd",
    "＝1+1",
    "cmd|' /C calc'!A0",
)
LONG_NAME = "Ü" * 40_000

METHODOLOGY: dict[str, object] = {
    "matching": {"threshold": 80.0, "weights": {"name": 0.7, "country": 0.2, "id": 0.1}},
    "risk": {"tiers": {"medium": 40, "high": 60, "critical": 80}},
    "models": {"matcher": "features-v1"},
    "lists": ["us_ofac_sdn", "un_sc"],
}


def _match(entity: str, name: str, query: str, score: float, **extra: object) -> Match:
    lst = entity.split(":")[0]
    return Match.model_validate(
        {
            "entity_id": entity,
            "list": lst,
            "matched_name": name,
            "query_name": query,
            "score": score,
            "schema": "Organization",
            "programs": ["IRAN", "SDGT"],
            "countries": ["ir"],
            "explanation": f"name similarity {score:.1f}",
            **extra,
        }
    )


def _lists() -> list[ListVersion]:
    return [
        ListVersion(
            id="us_ofac_sdn",
            version="2025-01-10",
            sha256="a" * 64,
            entities=17_000,
            published_at="2025-01-10T00:00:00Z",
            fetched_at="2025-01-11T08:00:00Z",
        ),
        ListVersion(
            id="un_sc",
            version="2024-12-01",
            sha256="b" * 64,
            entities=1_000,
            fetched_at="2024-12-02T00:00:00Z",
            age_days=45.5,
            max_age_days=30,
            stale=True,
        ),
    ]


def _suppliers() -> list[SupplierResult]:
    burma = Jurisdiction(
        input="Burma",
        code="mm",
        role="country",
        risk_score=88.5,
        sources=["UN FFM"],
        tier="critical",
    )
    flagged_wf = Workforce(
        status="flag",
        checks=[
            WorkforceCheck(check="gender_management", status="flag", detail="women 4% of managers")
        ],
    )
    return [
        SupplierResult(
            supplier_id="S-001",
            row=2,
            name="Acme Trading LLC",
            risk_score=12.0,
            risk_tier="low",
            annual_spend=125_000.0,
            reasons=["No watchlist match.", "Low-risk jurisdiction."],
            workforce=Workforce(
                status="pass",
                checks=[WorkforceCheck(check="policy", status="pass", detail="policy present")],
            ),
        ),
        SupplierResult(
            supplier_id="S-002",
            row=3,
            name="Mahan Air",
            risk_score=97.25,
            risk_tier="critical",
            annual_spend=2_500_000.0,
            matches=[
                _match(
                    "us_ofac_sdn:9999",
                    "MAHAN AIR",
                    "Mahan Air",
                    99.0,
                    record_url="https://sanctionssearch.ofac.treas.gov/Details.aspx?id=9999",
                ),
                _match(
                    "un_sc:QDe.004", "MAHAN AIRLINES", "Mahan Air", 86.5, disposition="escalate"
                ),
            ],
            jurisdictions=[burma],
            reasons=["Matches us_ofac_sdn:9999 (99.0).", "Registered in Myanmar (88.5)."],
            workforce=flagged_wf,
        ),
        SupplierResult(
            supplier_id=HOSTILE[0],
            row=4,
            name=HOSTILE[1],
            risk_score=65.0,
            risk_tier="high",
            annual_spend=None,
            matches=[
                _match(
                    f"us_ofac_sdn:{i}",
                    text,
                    HOSTILE[2],
                    90.0 - i,
                    record_url="javascript:alert(1)" if i == 1 else None,
                )
                for i, text in enumerate(HOSTILE)
            ],
            reasons=[HOSTILE[3], "bell\x07 and nul\x00 removed"],
        ),
        SupplierResult(
            supplier_id="S-004",
            row=5,
            name=LONG_NAME,
            risk_score=45.0,
            risk_tier="medium",
            annual_spend=1_000.0,
            jurisdictions=[
                Jurisdiction(input="Atlantis", code=None, role="address", risk_score=None)
            ],
            reasons=["Unresolved address country."],
        ),
    ]


def build_result() -> ScanResult:
    suppliers = _suppliers()
    by_tier = {
        t: sum(s.risk_tier == t for s in suppliers) for t in ("low", "medium", "high", "critical")
    }
    return ScanResult(
        run=RunInfo(
            tool_version="0.1.0",
            started_at="2025-01-15T09:30:00Z",
            input_sha256="c" * 64,
            threshold=80.0,
            lists=_lists(),
            input="suppliers.csv",
            fail_on="high",
        ),
        summary=Summary(
            suppliers=len(suppliers),
            by_tier=by_tier,
            suppliers_with_matches=sum(bool(s.matches) for s in suppliers),
        ),
        suppliers=suppliers,
    )


@pytest.fixture
def result() -> ScanResult:
    return build_result()
