"""Reviewer decisions on alerts.

A decision is tied to the alert it was made on: the supplier id, the supplier's name that
matched (``query_name``), the listed entity and the content of its record (``record_hash``).
It keeps applying while all four are unchanged and lapses, so the alert comes back, as soon
as the publisher changes the record or the supplier's name changes.

Nothing a reviewer decided is erased: a blank Disposition leaves the stored decision in
force (the run's notes say so), and ``withdrawn`` takes it out of force while keeping it,
with who withdrew it, when and why, in the ``withdrawals`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from screener.errors import InputError
from screener.lists.store import iso, utcnow
from screener.models import WITHDRAWN, Disposition, Match, Review, Withdrawn
from screener.review.db import connect
from screener.screened import ScreenedBatch

Key = tuple[str, str, str, str]  # supplier_id, entity_id, query_name, record_hash


@dataclass(frozen=True, slots=True)
class Decision:
    supplier_id: str
    entity_id: str
    query_name: str
    record_hash: str
    decision: Disposition | Withdrawn  # a book holds no withdrawal: ``record`` applies it
    reviewer: str | None = None
    decided_at: str | None = None
    comment: str | None = None
    source: str | None = None


class DecisionBook:
    """Every stored decision, looked up by supplier, entity and record content."""

    __slots__ = ("decisions",)

    def __init__(self, decisions: dict[Key, Decision]) -> None:
        self.decisions = decisions

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
            book[key_of(decision)] = decision
        return cls(book)


def key_of(d: Decision) -> Key:
    return (d.supplier_id, d.entity_id, d.query_name, d.record_hash)


def merged(stored: Decision | None, new: Decision) -> Decision:
    """What ``record`` keeps of ``new`` over ``stored``: a workbook fed back again carries the
    decision but not always who made it and why, so for the same decision the recorded
    reviewer, date and comment stay unless new ones are given (a changed decision is not its
    earlier reviewer's)."""
    if stored is None or stored.decision != new.decision:
        return new
    return replace(
        new,
        reviewer=new.reviewer or stored.reviewer,
        decided_at=new.decided_at or stored.decided_at,
        comment=new.comment or stored.comment,
    )


class ReviewedWorkbook:
    """The decisions of a reviewed workbook (``--dispositions``), held until the scan has
    shown the alerts of the run.

    They apply at once (``book``), but only those on an alert of the run are stored
    (``settle``, after the pass): one on no alert (a supplier not in this input, a list not
    screened, a listed record changed since, an edited row) would otherwise be kept as if it
    had been made on something; the run's notes name its rows instead.
    """

    __slots__ = ("alerts", "book", "kept", "path", "previous", "rows", "stored", "suppliers")

    def __init__(
        self,
        path: Path,
        rows: list[tuple[int, Decision]],
        stored: DecisionBook,
        undecided: list[tuple[int, Key]] | None = None,
    ) -> None:
        self.path = path
        self.rows = rows  # (workbook row, decision), in workbook order
        self.stored = frozenset(stored.decisions)
        self.previous = dict(stored.decisions)
        book = dict(stored.decisions)
        for _, decision in rows:
            key = key_of(decision)
            if decision.decision == WITHDRAWN:
                book.pop(key, None)
            else:
                book[key] = merged(book.get(key), decision)
        # The stored decisions with the workbook's on top, as ``record`` will keep them.
        self.book = DecisionBook(book)
        decided = {key_of(d) for _, d in rows}
        # Rows left blank over a stored decision, which stays in force.
        self.kept = [r for r, key in undecided or [] if key in self.stored and key not in decided]
        self.suppliers = frozenset(d.supplier_id for _, d in rows)
        self.alerts: set[Key] = set()  # alerts of the run on the workbook's suppliers

    @classmethod
    def read(cls, path: Path, data_dir: Path) -> ReviewedWorkbook:
        """Read the decisions of a reviewed workbook (``InputError`` if unusable)."""
        from screener.report.dispositions import read_review

        review = read_review(path)
        rows: list[tuple[int, Decision]] = []
        for row in review.decisions:
            if not row.record_hash:
                raise InputError(
                    "the alert has no record hash, so the decision cannot be tied to the "
                    "listed record; use a workbook written by this version of screener",
                    file=str(path),
                    row=row.row,
                    column="Record hash",
                )
            decision = Decision(
                supplier_id=row.supplier_id,
                entity_id=row.entity_id,
                query_name=row.query_name,
                record_hash=row.record_hash,
                decision=row.decision,
                reviewer=row.reviewer,
                decided_at=row.date,
                comment=row.comment,
            )
            rows.append((row.row, decision))
        undecided = [
            (a.row, (a.supplier_id, a.entity_id, a.query_name, a.record_hash or ""))
            for a in review.undecided
        ]
        return cls(path, rows, DecisionBook.load(data_dir), undecided)

    def observe(self, batch: ScreenedBatch) -> None:
        """Note the alerts of a screened batch that a decision of the workbook may be on."""
        wanted = self.suppliers
        at = [
            i
            for i, (supplier_id, flags) in enumerate(zip(batch.ids, batch.flags, strict=True))
            if flags & 1 and supplier_id in wanted
        ]
        for screened in batch.select(at):
            for m in screened.result().matches:
                self.alerts.add(
                    (screened.supplier_id, m.entity_id, m.query_name, m.record_hash or "")
                )

    def settle(self, data_dir: Path) -> list[str]:
        """Store the decisions on alerts of the run; the notes that name the other rows,
        the withdrawals, the decisions kept under a blank cell and those without who or
        when."""
        on_alert = [(row, d) for row, d in self.rows if key_of(d) in self.alerts]
        record(data_dir, [d for _, d in on_alert], source=str(self.path))
        path, notes = self.path, []
        astray = [row for row, d in self.rows if key_of(d) not in self.alerts]
        if astray:
            notes.append(
                f"{len(astray)} decision(s) in {path} are on no alert of this run "
                f"({_rows(astray)}): they were not stored. A decision holds for the supplier "
                "id, matched name, listed entity and listed record it was made on; check that "
                "the workbook comes from a scan of this file and lists, and that the row was "
                "not edited (a listed record changed since brings its alert back for review)."
            )
        withdrawals = [(row, key_of(d) in self.stored) for row, d in on_alert if _withdrawal(d)]
        if done := [row for row, held in withdrawals if held]:
            notes.append(
                f"{len(done)} decision(s) withdrawn in {path} ({_rows(done)}): their alerts "
                "are open again; the withdrawn decisions are kept, with who withdrew them and "
                "when, in the withdrawals table of the data directory."
            )
        if idle := [row for row, held in withdrawals if not held]:
            notes.append(
                f"{len(idle)} row(s) of {path} say withdrawn where no decision is stored "
                f"({_rows(idle)}): nothing was withdrawn."
            )
        replaced = [
            (row, self.previous[key_of(d)], d)
            for row, d in on_alert
            if not _withdrawal(d) and key_of(d) in self.previous
            and changes(self.previous[key_of(d)], d)
        ]  # fmt: skip
        if replaced:
            shown = "; ".join(
                f"row {row} {d.supplier_id} {d.entity_id}: {_who(old)} → {_who(d)}"
                for row, old, d in replaced[:5]
            )
            more = " …" if len(replaced) > 5 else ""
            notes.append(
                f"{len(replaced)} decision(s) in {path} replace a stored one ({shown}{more}): "
                "the replaced decisions are kept in the withdrawals table of the data "
                "directory. If the workbook is older than them, enter the decisions again."
            )
        if self.kept:
            notes.append(
                f"{len(self.kept)} alert(s) in {path} have a blank Disposition over a stored "
                f"decision ({_rows(self.kept)}): the stored decision stays in force (clearing "
                "a cell does not erase a decision). To withdraw one, enter withdrawn in its "
                "Disposition, with your name in Reviewer and the Date, and feed the workbook "
                "back."
            )
        unsigned = []
        for row, d in on_alert:
            kept = d if _withdrawal(d) else self.book.decisions[key_of(d)]
            if not (kept.reviewer and kept.decided_at):
                unsigned.append(row)
        if unsigned:
            notes.append(
                f"{len(unsigned)} decision(s) in {path} name no reviewer or no date "
                f"({_rows(unsigned)}): they are applied, but an audit trail records who "
                "decided and when; fill in the Reviewer and Date columns."
            )
        return notes


def changes(stored: Decision, new: Decision) -> bool:
    """Whether ``new`` replaces ``stored`` rather than repeats it: another decision, or
    another reviewer or date given (a workbook fed back without them repeats it)."""
    return (
        new.decision != stored.decision
        or (new.reviewer is not None and new.reviewer != stored.reviewer)
        or (new.decided_at is not None and new.decided_at != stored.decided_at)
    )


def _who(d: Decision) -> str:
    signed = ", ".join(part for part in (d.reviewer, d.decided_at) if part)
    return f"{d.decision} ({signed})" if signed else d.decision


def _withdrawal(decision: Decision) -> bool:
    return decision.decision == WITHDRAWN


def _rows(rows: list[int]) -> str:
    """``rows 2, 5``, the first ten of them."""
    more = " …" if len(rows) > 10 else ""
    return "rows " + ", ".join(str(r) for r in rows[:10]) + more


def record(data_dir: Path, decisions: list[Decision], *, source: str) -> int:
    """Keep decisions in the database (with who, when and why); returns how many.

    A withdrawal moves the stored decision, if any, to the ``withdrawals`` table with who
    withdrew it, when and why; so does a decision that replaces a stored one (``changes``),
    its comment saying by what.
    """
    now = iso(utcnow())
    where = "supplier_id = ? AND entity_id = ? AND query_name = ? AND record_hash = ?"
    with connect(data_dir) as conn:
        conn.execute("BEGIN IMMEDIATE")
        for d in decisions:
            if not _withdrawal(d):
                continue
            conn.execute(
                f"INSERT INTO withdrawals SELECT {COLUMNS}, ?, ?, ?, ?, ? "
                f"FROM decisions WHERE {where}",
                (d.reviewer, d.decided_at, d.comment, d.source or source, now, *key_of(d)),
            )
            conn.execute(f"DELETE FROM decisions WHERE {where}", key_of(d))
        conn.executemany(
            # As ``changes``: another decision, or another reviewer or date given.
            f"INSERT INTO withdrawals SELECT {COLUMNS}, ?, ?, ?, ?, ? FROM decisions "
            f"WHERE {where} AND (decision != ? OR (? IS NOT NULL AND reviewer IS NOT ?) "
            "OR (? IS NOT NULL AND decided_at IS NOT ?))",
            [
                (
                    d.reviewer,
                    d.decided_at,
                    f"replaced by {d.decision}",
                    d.source or source,
                    now,
                    *key_of(d),
                    d.decision,
                    d.reviewer,
                    d.reviewer,
                    d.decided_at,
                    d.decided_at,
                )
                for d in decisions
                if not _withdrawal(d)
            ],
        )
        conn.executemany(
            # As ``merged``: who, when and why carry over for the same decision only.
            f"INSERT INTO decisions ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (supplier_id, entity_id, query_name, record_hash) DO UPDATE SET "
            "reviewer = CASE WHEN excluded.decision = decision "
            "THEN COALESCE(excluded.reviewer, reviewer) ELSE excluded.reviewer END, "
            "decided_at = CASE WHEN excluded.decision = decision "
            "THEN COALESCE(excluded.decided_at, decided_at) ELSE excluded.decided_at END, "
            "comment = CASE WHEN excluded.decision = decision "
            "THEN COALESCE(excluded.comment, comment) ELSE excluded.comment END, "
            "decision = excluded.decision, "
            # The same decision fed back unchanged keeps the file and time it was recorded from.
            f"source = CASE WHEN {_UNCHANGED} THEN source ELSE excluded.source END, "
            f"recorded_at = CASE WHEN {_UNCHANGED} THEN recorded_at ELSE excluded.recorded_at END",
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
                if not _withdrawal(d)
            ],
        )
        conn.execute("COMMIT")
    return len(decisions)


# In an upsert's SET (which reads the stored row): the decision fed back says nothing new.
_UNCHANGED = (
    "(excluded.decision = decision AND COALESCE(excluded.reviewer, reviewer) IS reviewer "
    "AND COALESCE(excluded.decided_at, decided_at) IS decided_at "
    "AND COALESCE(excluded.comment, comment) IS comment)"
)
COLUMNS = (
    "supplier_id, entity_id, query_name, record_hash, decision, reviewer, decided_at, "
    "comment, source, recorded_at"
)
