"""Tables of the review loop, in the same SQLite file as the list store."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from screener.errors import ListDataError
from screener.lists.store import DB_NAME, database_error

# A decision as stored: the alert it is on, what was decided, by whom, when and why.
_DECISION_COLUMNS = """    supplier_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    query_name TEXT NOT NULL,
    record_hash TEXT NOT NULL,
    decision TEXT NOT NULL,
    reviewer TEXT,
    decided_at TEXT,
    comment TEXT,
    source TEXT,
    recorded_at TEXT NOT NULL,
"""
DECISIONS = f"""
CREATE TABLE IF NOT EXISTS decisions (
{_DECISION_COLUMNS}    PRIMARY KEY (supplier_id, entity_id, query_name, record_hash)
)"""
RUNS = """
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    input_path TEXT NOT NULL,
    input_sha256 TEXT NOT NULL,
    options TEXT NOT NULL,
    lists TEXT NOT NULL,
    summary TEXT NOT NULL,
    result BLOB NOT NULL
)"""
# A withdrawn decision, as it was stored, with who withdrew it, when and why: withdrawing
# takes a decision out of force without erasing that it was made.
WITHDRAWALS = f"""
CREATE TABLE IF NOT EXISTS withdrawals (
{_DECISION_COLUMNS}    withdrawn_by TEXT,
    withdrawn_on TEXT,
    withdrawal_comment TEXT,
    withdrawal_source TEXT NOT NULL,
    withdrawn_at TEXT NOT NULL
)"""
SCHEMA = f"{DECISIONS};\n{RUNS};\n{WITHDRAWALS};\n"


@contextlib.contextmanager
def connect(data_dir: Path) -> Iterator[sqlite3.Connection]:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(data_dir / DB_NAME, timeout=60, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise ListDataError(f"cannot open the review database in {data_dir}: {exc}") from exc
    try:
        conn.execute("PRAGMA busy_timeout = 60000")
        conn.executescript(SCHEMA)
        _upgrade(conn)
        yield conn
    except sqlite3.DatabaseError as exc:
        if not os.access(data_dir, os.W_OK):
            raise ListDataError(
                f"the data directory {data_dir} is not writable (scans record their runs and "
                "review decisions there)"
            ) from exc
        raise database_error(f"the review database in {data_dir}", exc) from exc
    finally:
        conn.close()


def _upgrade(conn: sqlite3.Connection) -> None:
    """Give a decisions table made by an earlier release the ``query_name`` column.

    Those decisions were not tied to the name that matched, so they are kept with an empty
    one, which no alert carries: the alerts come back for a reviewer to decide again rather
    than a decision on one name silently clearing another.
    """
    if _has_query_name(conn):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not _has_query_name(conn):  # another process may have upgraded it meanwhile
            conn.execute("ALTER TABLE decisions RENAME TO decisions_before_query_name")
            conn.execute(DECISIONS)
            conn.execute(
                "INSERT INTO decisions SELECT supplier_id, entity_id, '', record_hash, decision, "
                "reviewer, decided_at, comment, source, recorded_at "
                "FROM decisions_before_query_name ORDER BY rowid"
            )
            conn.execute("DROP TABLE decisions_before_query_name")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (disk full, I/O error)
            conn.execute("ROLLBACK")
        raise


def _has_query_name(conn: sqlite3.Connection) -> bool:
    return "query_name" in {row[1] for row in conn.execute("PRAGMA table_info(decisions)")}
