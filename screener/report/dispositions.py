"""Read reviewer decisions back from the Matches sheet of a workbook this tool wrote."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from screener.errors import InputError
from screener.inputs.values import parse_date
from screener.inputs.workbook import open_workbook
from screener.models import WITHDRAWN, Disposition, Withdrawn

from .sheets import COMMENT, DATE, DISPOSITION, ENTRIES, MATCHES, RECORD_HASH, REVIEWER

KEY_HEADERS = ("Supplier ID", "Entity ID", "Query name")
REQUIRED = (*KEY_HEADERS, DISPOSITION)


class DispositionDecision(BaseModel):
    """One reviewer decision on one alert (supplier, entity, query name): a disposition, or
    ``withdrawn`` to withdraw the one stored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    supplier_id: str
    entity_id: str
    query_name: str
    decision: Disposition | Withdrawn
    reviewer: str | None = None
    date: str | None = None
    comment: str | None = None
    record_hash: str | None = None
    sheet: str = MATCHES
    row: int


class UndecidedAlert(BaseModel):
    """An alert row of the workbook whose Disposition is blank."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    supplier_id: str
    entity_id: str
    query_name: str
    record_hash: str | None = None
    sheet: str = MATCHES
    row: int


class Review(NamedTuple):
    """The rows of a reviewed workbook: the decided ones, and the alerts left blank."""

    decisions: list[DispositionDecision]
    undecided: list[UndecidedAlert]


def _normalise(value: object) -> str:
    return str(value).strip().lower().replace(" ", "_").replace("-", "_")


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _decision_date(text: str | None, path: Path, sheet: str, row: int) -> str | None:
    """The Date of a decision as ISO ``YYYY-MM-DD``; one that is no date, or reads two ways
    (``03/12/2026``), is an error naming its cell: the audit trail records when."""
    if text is None:
        return None
    try:
        found = parse_date(text)
    except ValueError as exc:
        raise InputError(
            f"sheet {sheet!r}: Date {text!r} {exc}; write it as YYYY-MM-DD",
            file=str(path),
            row=row,
            column=DATE,
        ) from None
    today = datetime.now(UTC).date()
    first = date.fromisoformat(found if len(found) == 10 else f"{found}-01")  # or its month
    if first > today + timedelta(days=1):  # a day ahead: another time zone
        raise InputError(
            f"sheet {sheet!r}: Date {text!r} is after today ({today.isoformat()}); write the "
            "day the decision was made as YYYY-MM-DD",
            file=str(path),
            row=row,
            column=DATE,
        )
    return found


def _is_matches(title: str) -> bool:
    return title == MATCHES or (title.startswith(f"{MATCHES} (") and title.endswith(")"))


def _columns(header: tuple[Any, ...], path: Path, sheet: str) -> dict[str, int]:
    names = {str(v).strip(): i for i, v in enumerate(header) if v is not None}
    for needed in REQUIRED:
        if needed not in names:
            raise InputError(
                f"sheet {sheet!r} has no {needed!r} column: not a workbook written by screener",
                file=str(path),
                row=1,
            )
    return names


def _rows(rows: Iterator[tuple[Any, ...]], path: Path, sheet: str) -> Review:
    header = next(rows, None)
    if header is None:
        return Review([], [])
    cols = _columns(header, path, sheet)

    def get(row: tuple[Any, ...], name: str) -> str | None:
        i = cols.get(name)
        return _text(row[i]) if i is not None and i < len(row) else None

    found, undecided = [], []
    for number, row in enumerate(rows, 2):
        alert = {
            "supplier_id": get(row, "Supplier ID") or "",
            "entity_id": get(row, "Entity ID") or "",
            "query_name": get(row, "Query name") or "",
            "record_hash": get(row, RECORD_HASH),
            "sheet": sheet,
            "row": number,
        }
        raw = get(row, DISPOSITION)
        if raw is None:
            if alert["supplier_id"] or alert["entity_id"]:
                undecided.append(UndecidedAlert.model_validate(alert))
            continue
        decision = _normalise(raw)
        if decision not in ENTRIES:
            raise InputError(
                f"sheet {sheet!r}: invalid disposition {raw!r}; "
                f"expected one of {', '.join(ENTRIES)}",
                file=str(path),
                row=number,
                column=DISPOSITION,
            )
        reviewer = get(row, REVIEWER)
        if decision == WITHDRAWN and reviewer is None:
            raise InputError(
                f"sheet {sheet!r}: withdrawn names no reviewer; a withdrawal is on record "
                "with who made it: enter your name in Reviewer and the Date",
                file=str(path),
                row=number,
                column=REVIEWER,
            )
        found.append(
            DispositionDecision.model_validate(
                {
                    **alert,
                    "decision": decision,
                    "reviewer": reviewer,
                    "date": _decision_date(get(row, DATE), path, sheet, number),
                    "comment": get(row, COMMENT),
                }
            )
        )
    return Review(found, undecided)


def read_dispositions(path: Path) -> list[DispositionDecision]:
    """Decided alerts from the Matches sheet(s), in sheet and row order (``read_review``)."""
    return read_review(path).decisions


def read_review(path: Path) -> Review:
    """Decided alerts from the Matches sheet(s), in sheet and row order, and the alert rows
    left blank.

    Decisions are matched case-insensitively, spaces and hyphens read as ``_``
    (``True match`` → ``true_match``). Anything else raises ``InputError`` naming the file,
    sheet, row and column; so does one alert decided two different ways (naming both rows).
    """
    path = Path(path)
    wb = open_workbook(
        path,
        lambda problem: InputError(f"cannot read dispositions workbook: {problem}", file=str(path)),
    )
    try:
        titles = [t for t in wb.sheetnames if _is_matches(t)]
        if not titles:
            raise InputError(
                f"no {MATCHES!r} sheet: not a workbook written by screener", file=str(path)
            )
        review = Review([], [])
        for title in titles:
            found = _rows(wb[title].iter_rows(values_only=True), path, title)
            review.decisions.extend(found.decisions)
            review.undecided.extend(found.undecided)
    finally:
        wb.close()
    _check_conflicts(review.decisions, path)
    return review


def where(decision: DispositionDecision | UndecidedAlert) -> str:
    """``row 5``, or ``sheet 'Matches (2)' row 5`` past the first Matches sheet."""
    sheet = "" if decision.sheet == MATCHES else f"sheet {decision.sheet!r} "
    return f"{sheet}row {decision.row}"


def _check_conflicts(decisions: list[DispositionDecision], path: Path) -> None:
    """One alert decided two ways in one workbook: which one the reviewer meant is unknown."""
    first: dict[tuple[str, str, str, str], DispositionDecision] = {}
    for d in decisions:
        key = (d.supplier_id, d.entity_id, d.query_name, d.record_hash or "")
        earlier = first.setdefault(key, d)
        if earlier.decision != d.decision:
            raise InputError(
                f"conflicting decisions on one alert (supplier {d.supplier_id!r}, entity "
                f"{d.entity_id}, name {d.query_name!r}): {where(earlier)} says "
                f"{earlier.decision}, {where(d)} says {d.decision}; keep one and feed the "
                "workbook back",
                file=str(path),
            )
