"""Number formatting and the standards each workforce rule rests on."""

from __future__ import annotations

#: The standards behind each rule, quoted at the end of every detail.
STANDARDS: dict[str, str] = {
    "nondiscrimination_policy": "ILO C111; GRI 406-1; UNGP 16",
    "grievance_mechanism": "UNGP 29 and 31; GRI 2-25",
    "data_freshness": "GRI 405-1; ESRS S1-6 (data for the reporting period)",
    "representation": "GRI 405-1; ESRS S1-9 and S2; four-fifths rule, EEOC UGESP 29 CFR 1607.4(D)",
    "management_representation": (
        "GRI 405-1(a); ESRS S1-9; four-fifths rule, EEOC UGESP 29 CFR 1607.4(D)"
    ),
    "missing_groups": "ILO C111; GRI 405-1; EEOC UGESP 29 CFR 1607.4(D)",
    "data_consistency": "GRI 1 accuracy and verifiability; ESRS 1 faithful representation",
}


def with_standard(rule: str, detail: str) -> str:
    """Append the rule's standards to a detail sentence."""
    return f"{detail} [{STANDARDS[rule]}]"


def pct(share: float) -> str:
    return f"{share:.1%}"


def ratio(value: float) -> str:
    return f"{value:.2f}"


def count(value: int) -> str:
    return f"{value:,}"
