"""Is the workforce data recent enough to describe today's workforce?"""

from __future__ import annotations

import calendar
import datetime as dt

from screener.models import CheckStatus, WorkforceCheck
from screener.workforce.reader import WorkforceRow
from screener.workforce.text import with_standard

RULE = "data_freshness"


def data_freshness(
    rows: list[WorkforceRow], declared: str | None, max_months: int, today: dt.date
) -> WorkforceCheck:
    """The workforce data is recent enough to describe today's workforce.

    The date is the oldest ``as_of`` of the supplier's rows in the workforce file, else the
    supplier file's ``workforce_data_date``.
    """
    dates = sorted(row.as_of for row in rows if row.as_of is not None)
    if dates:
        source = "as_of in the workforce file"
        if dates[0] != dates[-1]:
            source += f", the oldest of dates from {dates[0]} to {dates[-1]}"
        return _age(dates[0], source, max_months, today)
    if not declared or not declared.strip():
        return _check(
            "unknown",
            "The workforce data has no date (no as_of in the workforce file, "
            "no workforce_data_date in the supplier file).",
        )
    try:
        when = as_of_date(declared.strip())
    except ValueError:
        return _check(
            "unknown",
            f"workforce_data_date {declared!r} in the supplier file is not an ISO date "
            "(YYYY-MM-DD).",
        )
    return _age(when, "workforce_data_date in the supplier file", max_months, today)


def as_of_date(text: str) -> dt.date:
    """``YYYY-MM-DD``, or ``YYYY-MM`` read as the month's last day (data as of that month)."""
    if len(text) == 7 and text[4] == "-":
        year, month = int(text[:4]), int(text[5:])
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date.fromisoformat(text)


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def _age(when: dt.date, source: str, max_months: int, today: dt.date) -> WorkforceCheck:
    if when > today:
        return _check("flag", f"The workforce data is dated {when} ({source}), after {today}.")
    months = months_between(when, today)
    verdict = "older than" if months > max_months else "within"
    detail = (
        f"The workforce data is dated {when} ({source}), {months} months before {today}: "
        f"{verdict} the {max_months}-month maximum."
    )
    return _check("flag" if months > max_months else "pass", detail)


def _check(status: CheckStatus, detail: str) -> WorkforceCheck:
    return WorkforceCheck(check=RULE, status=status, detail=with_standard(RULE, detail))
