"""Reviewer decisions on alerts.

A decision is tied to the alert it was made on: the supplier id, the supplier's name that
matched (``query_name``), the listed entity and the content of its record (``record_hash``).
It keeps applying while all four are unchanged and lapses, so the alert comes back, as soon
as the publisher changes the record or the supplier's name changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from screener.errors import InputError
from screener.lists.store import iso, utcnow
from screener.models import Disposition, Match, Review
from screener.review.db import connect

Key = tuple[str, str, str, str]  # supplier_id, entity_id, query_name, record_hash


@dataclass(frozen=True, slots=True)
class Decision:
    supplier_id: str
    entity_id: str
    query_name: str
    record_hash: str
    decision: Disposition
    reviewer: str | None = None
    decided_at: str | None = None
    comment: str | None = None
    source: str | None = None


class DecisionBook:
    """Every stored decision, looked up by supplier, entity and record content."""

    __slots__ = ("decisions", "unsigned")

    def __init__(self, decisions: dict[Key, Decision], unsigned: list[int] | None = None) -> None:
        self.decisions = decisions
        # Rows of the workbook just read whose decision names no reviewer or no date.
        self.unsigned = unsigned or []

    def apply(self, supplier_id: str, matches: list[Match]) -> list[Match]:
        """The matches with the decisions that still hold filled in."""
        decided: list[Match] = []
        for match in matches:
            key = (supplier_id, match.entity_id, match.query_name, match.record_hash or "")
            found = self.decisions.get(key)
            if found is None:
                decided.append(match)
                continue
            review = Review(reviewer=found.reviewer, date=found.decided_at, comment=found.comment)
            decided.append(
                match.model_copy(update={"disposition": found.decision, "review": review})
            )
        return decided

    @classmethod
    def load(cls, data_dir: Path) -> DecisionBook:
        """The decisions stored in the data directory (the latest per alert and record)."""
        with connect(data_dir) as conn:
            rows = conn.execute(
                "SELECT supplier_id, entity_id, query_name, record_hash, decision, reviewer, "
                "decided_at, comment, source FROM decisions ORDER BY recorded_at, rowid"
            ).fetchall()
        book: dict[Key, Decision] = {}
        for row in rows:
            decision = Decision(*row)
            d = decision
            book[(d.supplier_id, d.entity_id, d.query_name, d.record_hash)] = d
        return cls(book)

    @classmethod
    def from_workbook(cls, path: Path, data_dir: Path) -> DecisionBook:
        """Store the decisions of a reviewed workbook, then return every stored decision."""
        from screener.report.dispositions import read_dispositions

        decisions = []
        read = read_dispositions(path)
        for row in read:
            if not row.record_hash:
                raise InputError(
                    "the alert has no record hash, so the decision cannot be tied to the "
                    "listed record; use a workbook written by this version of screener",
                    file=str(path),
                    row=row.row,
                    column="Record hash",
                )
            decisions.append(
                Decision(
                    supplier_id=row.supplier_id,
                    entity_id=row.entity_id,
                    query_name=row.query_name,
                    record_hash=row.record_hash,
                    decision=row.decision,
                    reviewer=row.reviewer,
                    decided_at=row.date,
                    comment=row.comment,
                )
            )
        record(data_dir, decisions, source=str(path))
        book = cls.load(data_dir)
        # Who and when as stored: a workbook fed back again may leave out what an earlier
        # one gave for the same decision.
        for row, d in zip(read, decisions, strict=True):
            kept = book.decisions.get((d.supplier_id, d.entity_id, d.query_name, d.record_hash))
            if kept is not None and not (kept.reviewer and kept.decided_at):
                book.unsigned.append(row.row)
        return book


def record(data_dir: Path, decisions: list[Decision], *, source: str) -> int:
    """Keep decisions in the database (with who, when and why); returns how many."""
    now = iso(utcnow())
    with connect(data_dir) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            # A workbook fed back again carries the decision but not always who made it and
            # why: keep the recorded reviewer, date and comment unless new ones are given,
            # for the same decision only (a changed one is not its earlier reviewer's).
            "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (supplier_id, entity_id, query_name, record_hash) DO UPDATE SET "
            "reviewer = CASE WHEN excluded.decision = decision "
            "THEN COALESCE(excluded.reviewer, reviewer) ELSE excluded.reviewer END, "
            "decided_at = CASE WHEN excluded.decision = decision "
            "THEN COALESCE(excluded.decided_at, decided_at) ELSE excluded.decided_at END, "
            "comment = CASE WHEN excluded.decision = decision "
            "THEN COALESCE(excluded.comment, comment) ELSE excluded.comment END, "
            "decision = excluded.decision, "
            "source = excluded.source, recorded_at = excluded.recorded_at",
            [
                (
                    d.supplier_id,
                    d.entity_id,
                    d.query_name,
                    d.record_hash,
                    d.decision,
                    d.reviewer,
                    d.decided_at,
                    d.comment,
                    d.source or source,
                    now,
                )
                for d in decisions
            ],
        )
        conn.execute("COMMIT")
    return len(decisions)
