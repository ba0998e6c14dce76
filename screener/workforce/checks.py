"""Run every workforce inclusion rule for one supplier and combine their statuses.

Each rule is a named check with the standard it rests on (see ``text.STANDARDS``); its
``detail`` is a sentence an auditor can follow, with the figures behind it. Missing data
gives ``unknown``, never ``pass``. Checks come in a fixed order: the rules of
``RULE_NAMES``, and within a rule the dimensions in ``figures.DIMENSION_ORDER``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from screener.models import CheckStatus, Workforce, WorkforceCheck
from screener.places import resolve_country
from screener.records import SupplierRecord
from screener.workforce.config import RULE_NAMES, WorkforceConfig
from screener.workforce.consistency import data_consistency
from screener.workforce.figures import DimensionFigures, dimensions
from screener.workforce.freshness import data_freshness
from screener.workforce.policy import grievance_mechanism, nondiscrimination_policy
from screener.workforce.reader import WorkforceData
from screener.workforce.representation import (
    management_representation,
    missing_groups,
    no_benchmark_reason,
    representation,
    unknown,
)

STATUSES: tuple[CheckStatus, ...] = ("pass", "flag", "unknown")
_FIGURE_RULES = {
    "representation",
    "management_representation",
    "missing_groups",
    "data_consistency",
}


def check_supplier(
    record: SupplierRecord,
    data: WorkforceData | None,
    config: WorkforceConfig,
    *,
    today: dt.date,
    country: str | None = None,
) -> Workforce:
    """Run every workforce rule for one supplier.

    ``country`` (name or code; default: the record's) picks the benchmark file's shares for
    rows without their own ``benchmark_share``.
    """
    rows = data.for_supplier(record.supplier_id) if data is not None else []
    checks = [
        nondiscrimination_policy(record.has_nondiscrimination_policy),
        grievance_mechanism(record.has_grievance_mechanism),
        data_freshness(rows, record.workforce_data_date, config.max_data_age_months, today),
    ]
    if data is None or not rows:
        checks.extend(_no_rows(record.supplier_id, data))
    else:
        has_table = bool(data.benchmarks.shares)
        # Resolved only when a benchmark file is in use: name resolution loads large tables.
        own = country or next(iter(record.country_texts()), None)
        code = resolve_country(own) if has_table else None
        reason = no_benchmark_reason(code, has_table=has_table)
        figures = dimensions(rows, data.benchmarks, code, data.source)
        checks.extend(representation(dim, config, reason) for dim in figures)
        checks.extend(_management(figures, config))
        checks.extend(missing_groups(dim, config, reason) for dim in figures)
        totals = data.totals_for(record.supplier_id)
        checks.append(data_consistency(rows, figures, config, totals))
    return Workforce(status=overall_status(checks, config), checks=checks)


def overall_status(checks: list[WorkforceCheck], config: WorkforceConfig) -> CheckStatus:
    """Flag if any check flags; else unknown if a required rule is unknown; else pass."""
    if any(check.status == "flag" for check in checks):
        return "flag"
    required = set(config.required)
    if any(check.status == "unknown" and rule_of(check) in required for check in checks):
        return "unknown"
    return "pass"


def rule_of(check: WorkforceCheck) -> str:
    """``representation:gender`` → ``representation``."""
    return check.check.partition(":")[0]


def summarize(workforces: Iterable[Workforce]) -> dict[CheckStatus, int]:
    """Count suppliers by overall workforce status (every status present, in fixed order)."""
    counts: dict[CheckStatus, int] = dict.fromkeys(STATUSES, 0)
    for workforce in workforces:
        counts[workforce.status] += 1
    return counts


def _management(figures: list[DimensionFigures], config: WorkforceConfig) -> list[WorkforceCheck]:
    """Management is compared only where it is given; never given is one ``unknown``."""
    given = [dim for dim in figures if dim.has_management]
    if not given:
        reason = "No management_headcount given for any dimension: management cannot be compared."
        return [unknown("management_representation", reason)]
    return [management_representation(dim, config) for dim in given]


def _no_rows(supplier_id: str, data: WorkforceData | None) -> list[WorkforceCheck]:
    if data is None:
        reason = "No workforce file was given (--workforce): no workforce figures to check."
    else:
        reason = f"The workforce file {Path(data.source).name} has no rows for {supplier_id}."
    return [unknown(name, reason) for name in RULE_NAMES if name in _FIGURE_RULES]
