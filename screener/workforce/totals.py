"""Total rows of a workforce file: a group labelled ``Total`` (or ``Gesamt``, ``All``, …) is
the sum of the other groups, not a group of its own.

Counted as a group it would double the headcount and under-represent every real group. A
total that equals the sum of its supplier's groups in that dimension is set aside (and the
``data_consistency`` detail says so); one that does not is refused, naming its row, for the
figures then contradict each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from screener.errors import InputError
from screener.workforce.text import count

if TYPE_CHECKING:
    from screener.workforce.reader import WorkforceRow

#: Group labels (compared case-insensitively, spaces collapsed) that mean "every group".
TOTAL_WORDS = frozenset(
    {
        "total",
        "totals",
        "grand total",
        "total workforce",
        "overall",
        "all",
        "all employees",
        "all groups",
        "sum",
        "gesamt",
        "insgesamt",
        "summe",
    }
)


def is_total(group: str) -> bool:
    return " ".join(group.split()).casefold() in TOTAL_WORDS


def split_totals(
    rows: list[WorkforceRow], file: str
) -> tuple[list[WorkforceRow], list[WorkforceRow]]:
    """One supplier's rows → (group rows, total rows that add up); ``InputError`` for a total
    that does not equal the sum of its dimension's groups."""
    groups = [row for row in rows if not is_total(row.group)]
    totals = [row for row in rows if is_total(row.group)]
    for total in totals:
        _check(total, [row for row in groups if row.dimension == total.dimension], file)
    return groups, totals


def _check(total: WorkforceRow, groups: list[WorkforceRow], file: str) -> None:
    where = f"{total.supplier_id} / {total.dimension}"
    if not groups:
        raise _refuse(
            total,
            file,
            "headcount",
            f"{total.group!r} is a total, but {where} has no groups for it to add up; give "
            "each group's headcount on its own row",
        )
    added = sum(row.headcount for row in groups)
    if added != total.headcount:
        raise _refuse(
            total,
            file,
            "headcount",
            f"{total.group!r} row says {count(total.headcount)}, but the {len(groups)} "
            f"groups of {where} add up to {count(added)}; correct the figures or remove the "
            "total row (a total is not a group)",
        )
    managers = [row.management_headcount for row in groups]
    if total.management_headcount is None or None in managers:
        return
    added = sum(value or 0 for value in managers)
    if added != total.management_headcount:
        raise _refuse(
            total,
            file,
            "management_headcount",
            f"{total.group!r} row says {count(total.management_headcount)} in management, "
            f"but the groups of {where} add up to {count(added)}; correct the figures or "
            "remove the total row (a total is not a group)",
        )


def _refuse(total: WorkforceRow, file: str, column: str, message: str) -> InputError:
    return InputError(message, file=file, row=total.row, column=column)


def totals_note(totals: list[WorkforceRow]) -> str:
    """The sentence the ``data_consistency`` detail adds for total rows set aside."""
    if not totals:
        return ""
    shown = ", ".join(
        f"row {row.row} ({row.dimension} {row.group} {count(row.headcount)})" for row in totals
    )
    return f" Total row(s) not counted as groups, each equal to the sum of its groups: {shown}."
