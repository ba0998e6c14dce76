"""Declared policies: non-discrimination and a grievance mechanism (from the supplier file)."""

from __future__ import annotations

from screener.models import CheckStatus, WorkforceCheck
from screener.workforce.text import with_standard


def nondiscrimination_policy(declared: bool | None) -> WorkforceCheck:
    """The supplier declares a non-discrimination policy."""
    return _declared(
        "nondiscrimination_policy",
        "a non-discrimination policy",
        "has_nondiscrimination_policy",
        declared,
    )


def grievance_mechanism(declared: bool | None) -> WorkforceCheck:
    """The supplier declares a grievance mechanism open to its workers."""
    return _declared(
        "grievance_mechanism",
        "a grievance mechanism open to its workers",
        "has_grievance_mechanism",
        declared,
    )


def _declared(rule: str, what: str, column: str, declared: bool | None) -> WorkforceCheck:
    status: CheckStatus
    if declared is None:
        status = "unknown"
        # Blank, unreadable (the row's notes say so) or no such column: no yes or no given.
        detail = (
            f"The supplier file gives no yes or no in {column}: whether it has {what} is not known."
        )
    elif declared:
        status, detail = "pass", f"The supplier declares {what} ({column} = yes)."
    else:
        status = "flag"
        detail = f"The supplier declares it has no {what.removeprefix('a ')} ({column} = no)."
    return WorkforceCheck(check=rule, status=status, detail=with_standard(rule, detail))
