"""Tables of the review loop, in the same SQLite file as the list store."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from screener.errors import ListDataError
from screener.lists.store import DB_NAME

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    supplier_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    query_name TEXT NOT NULL,
    record_hash TEXT NOT NULL,
    decision TEXT NOT NULL,
    reviewer TEXT,
    decided_at TEXT,
    comment TEXT,
    source TEXT,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (supplier_id, entity_id, query_name, record_hash)
);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    input_path TEXT NOT NULL,
    input_sha256 TEXT NOT NULL,
    options TEXT NOT NULL,
    lists TEXT NOT NULL,
    summary TEXT NOT NULL,
    result BLOB NOT NULL
);
"""


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
        yield conn
    except sqlite3.DatabaseError as exc:
        if not os.access(data_dir, os.W_OK):
            raise ListDataError(
                f"the data directory {data_dir} is not writable (scans record their runs and "
                "review decisions there)"
            ) from exc
        raise ListDataError(f"the review database in {data_dir} is unreadable: {exc}") from exc
    finally:
        conn.close()
