"""The versioned list store: one embedded SQLite database in the data directory.

Every imported or downloaded version of a list is kept with its sha256, entity count,
publication and fetch dates, so an auditor can ask which version answered a scan. A new
version becomes current in one transaction: a reader sees the old version or the new one,
never a mix, and a failed import leaves the last good version current.

Each version also keeps the marker of the parsers that read it
(:func:`~screener.lists.ingest.parser_marker`). The same files read by another release's
parsers replace the version's entities in one transaction, so a parser fixed in a new
release reaches the data without waiting for the publisher's next file.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screener.errors import ListDataError
from screener.lists.entity import Entity
from screener.models import ListVersion

DB_NAME = "screener.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS list_versions (
    list_id TEXT NOT NULL,
    version TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    entities INTEGER NOT NULL,
    published_at TEXT,
    fetched_at TEXT NOT NULL,
    source TEXT,
    format TEXT NOT NULL,
    files TEXT NOT NULL,
    http TEXT,
    warnings TEXT,
    parser TEXT,
    PRIMARY KEY (list_id, version)
);
CREATE TABLE IF NOT EXISTS current_versions (
    list_id TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    FOREIGN KEY (list_id, version) REFERENCES list_versions (list_id, version)
);
CREATE TABLE IF NOT EXISTS entities (
    list_id TEXT NOT NULL,
    version TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (list_id, version, entity_id)
);
"""
# A new version with fewer than this share of the last good version's entities is refused.
MIN_SHARE_OF_PREVIOUS = 0.5


# Columns added to ``list_versions`` after its first release, in the order they were added.
ADDED_COLUMNS = ("http", "warnings", "parser")


def _upgrade(conn: sqlite3.Connection) -> None:
    """Give a store made by an earlier release the columns added since (nullable)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(list_versions)")}
    for column in ADDED_COLUMNS:
        if column in have:
            continue
        try:
            conn.execute(f"ALTER TABLE list_versions ADD COLUMN {column} TEXT")
        except sqlite3.OperationalError as exc:
            if "duplicate column" not in str(exc):  # another process added it first
                raise


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the store in WAL mode (kept in the file: once is enough).

    Switching needs the database to itself and SQLite does not wait for it as it waits for
    other locks: processes creating the same store at once retry for a while.
    """
    deadline = time.monotonic() + 60
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_ts(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def database_error(what: str, exc: sqlite3.DatabaseError) -> ListDataError:
    """SQLite's error as one line: a full disk says so, not that the file is unreadable."""
    if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
        return ListDataError(f"{what} cannot be written, the disk is full: {exc}")
    return ListDataError(f"{what} is unreadable: {exc}")


class ListStore:
    """All list versions in ``<data dir>/screener.sqlite3``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME

    @contextlib.contextmanager
    def connect(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        if write:
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ListDataError(f"cannot create data directory {self.data_dir}: {exc}") from exc
            if not os.access(self.data_dir, os.W_OK):
                raise ListDataError(f"the data directory {self.data_dir} is not writable")
        elif not self.path.exists():
            raise ListDataError(f"no list data in {self.data_dir}")
        try:
            conn = self._open(write)
        except sqlite3.Error as exc:
            raise ListDataError(f"cannot open the list store {self.path}: {exc}") from exc
        try:
            if write:
                _use_wal(conn)
            if write or os.access(self.data_dir, os.W_OK):
                # Another process may have created the file but not yet its tables.
                conn.executescript(SCHEMA)
                _upgrade(conn)
            yield conn
        except sqlite3.DatabaseError as exc:
            raise database_error(f"the list store {self.path}", exc) from exc
        finally:
            conn.close()

    def _open(self, write: bool) -> sqlite3.Connection:
        """A connection; reading from a read-only folder or mount opens the file immutable.

        SQLite needs to create its WAL index beside a WAL-mode database even to read it, which
        a read-only folder (a shared, centrally refreshed snapshot) does not allow.
        """
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 60000")
        if write or os.access(self.data_dir, os.W_OK):
            return conn
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
            return conn
        except sqlite3.OperationalError:
            conn.close()
        uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, isolation_level=None)

    def exists(self) -> bool:
        return self.path.exists()

    # -- writing -----------------------------------------------------------------------
    def save(
        self,
        list_id: str,
        entities: list[Entity],
        *,
        sha256: str,
        fmt: str,
        files: dict[str, str],
        published_at: str | None,
        source: str,
        fetched_at: datetime | None = None,
        http: dict[str, str] | None = None,
        force: bool = False,
        warnings: list[str] | None = None,
        parser: str,
    ) -> ListVersion:
        """Store a parsed version and make it current, atomically.

        ``parser`` marks the code that parsed it. A version already stored is not packed
        again, unless it was read by other parsers (or by a release before the markers):
        then its entities, entity count, warnings and marker are replaced by this reading.
        Refuses an empty version, and one suspiciously smaller than the last good version
        (the same files read by other parsers included) unless ``force``; in both cases the
        last good version stays current, as it was read.
        """
        if not entities:
            raise ListDataError(f"{list_id}: the new version has no entities; kept the last one")
        fetched = fetched_at or utcnow()
        previous = self.current(list_id) if self.exists() else None
        if previous is not None and not force:
            _check_share(list_id, previous, len(entities), sha256, parser)
        day = (published_at or iso(fetched))[:10]
        version = f"{day}-{sha256[:8]}"
        # Packing is the expensive part: skip it when this version is stored as these
        # parsers read it.
        stored = self.get_version(list_id, version) if self.exists() else None
        same = stored is not None and stored.parser == parser
        rows = [] if same else _rows(list_id, version, entities)
        with self.connect(write=True) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                found = conn.execute(
                    "SELECT parser FROM list_versions WHERE list_id = ? AND version = ?",
                    (list_id, version),
                ).fetchone()
                if (found is None or found[0] != parser) and not rows:  # changed meanwhile
                    rows = _rows(list_id, version, entities)
                if found is None:
                    conn.execute(
                        "INSERT INTO list_versions (list_id, version, sha256, entities, "
                        "published_at, fetched_at, source, format, files, http, warnings, "
                        "parser) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            list_id,
                            version,
                            sha256,
                            len(entities),
                            published_at,
                            iso(fetched),
                            source,
                            fmt,
                            json.dumps(files, sort_keys=True),
                            json.dumps(http or {}, sort_keys=True),
                            json.dumps(warnings or []),
                            parser,
                        ),
                    )
                    conn.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?)", rows)
                elif found[0] != parser:  # read by other parsers: this reading replaces it
                    conn.execute(
                        "DELETE FROM entities WHERE list_id = ? AND version = ?",
                        (list_id, version),
                    )
                    conn.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?)", rows)
                    conn.execute(
                        "UPDATE list_versions SET entities = ?, warnings = ?, parser = ? "
                        "WHERE list_id = ? AND version = ?",
                        (len(entities), json.dumps(warnings or []), parser, list_id, version),
                    )
                if found is not None and http:
                    conn.execute(
                        "UPDATE list_versions SET http = ? WHERE list_id = ? AND version = ?",
                        (json.dumps(http, sort_keys=True), list_id, version),
                    )
                conn.execute(
                    "INSERT INTO current_versions VALUES (?, ?) "
                    "ON CONFLICT (list_id) DO UPDATE SET version = excluded.version",
                    (list_id, version),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        saved = self.get_version(list_id, version)
        assert saved is not None
        return saved

    def touch(self, list_id: str, http: dict[str, str]) -> None:
        """Record a successful 'not modified' check: the current version is confirmed now."""
        with self.connect(write=True) as conn:
            conn.execute(
                "UPDATE list_versions SET fetched_at = ?, http = ? WHERE list_id = ? AND "
                "version = (SELECT version FROM current_versions WHERE list_id = ?)",
                (iso(utcnow()), json.dumps(http, sort_keys=True), list_id, list_id),
            )

    # -- reading -----------------------------------------------------------------------
    def list_ids(self) -> list[str]:
        if not self.exists():
            return []
        with self.connect() as conn:
            rows = conn.execute("SELECT list_id FROM current_versions ORDER BY list_id")
            return [r[0] for r in rows]

    def current(self, list_id: str) -> ListVersion | None:
        if not self.exists():
            return None
        with self.connect() as conn:
            row = conn.execute(
                "SELECT version FROM current_versions WHERE list_id = ?", (list_id,)
            ).fetchone()
        return self.get_version(list_id, row[0]) if row else None

    def get_version(self, list_id: str, version: str) -> ListVersion | None:
        with self.connect() as conn:
            # A read-only store made by an earlier release lacks the columns added since.
            have = {row[1] for row in conn.execute("PRAGMA table_info(list_versions)")}
            added = ", ".join(c if c in have else "NULL" for c in ("warnings", "parser"))
            row = conn.execute(
                "SELECT list_id, version, sha256, entities, published_at, fetched_at, source, "
                f"{added} FROM list_versions WHERE list_id = ? AND version = ?",
                (list_id, version),
            ).fetchone()
        if row is None:
            return None
        return ListVersion(
            id=row[0],
            version=row[1],
            sha256=row[2],
            entities=row[3],
            published_at=row[4],
            fetched_at=row[5],
            source=row[6],
            warnings=json.loads(row[7]) if row[7] else [],
            parser=row[8],
        )

    def versions(self, list_id: str) -> list[ListVersion]:
        """Every stored version of a list, oldest first."""
        if not self.exists():
            return []
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT version FROM list_versions WHERE list_id = ? ORDER BY fetched_at, version",
                (list_id,),
            ).fetchall()
        found = [self.get_version(list_id, r[0]) for r in rows]
        return [v for v in found if v is not None]

    def http_state(self, list_id: str) -> dict[str, str]:
        """Validators (ETag, Last-Modified per file) of the current version, for conditional GET."""
        if not self.exists():
            return {}
        with self.connect() as conn:
            row = conn.execute(
                "SELECT v.http FROM list_versions v JOIN current_versions c "
                "ON v.list_id = c.list_id AND v.version = c.version WHERE v.list_id = ?",
                (list_id,),
            ).fetchone()
        state: dict[str, str] = json.loads(row[0]) if row and row[0] else {}
        return state

    def entities(self, list_id: str, version: str | None = None) -> list[Entity]:
        """The entities of a version (default: the current one), sorted by id."""
        version = version or self._current_version(list_id)
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT data FROM entities WHERE list_id = ? AND version = ? ORDER BY entity_id",
                (list_id, version),
            ).fetchall()
        if not rows:
            raise ListDataError(f"{list_id}: version {version} has no stored entities")
        try:
            return [_unpack(r[0]) for r in rows]
        except (zlib.error, ValueError, TypeError, KeyError) as exc:
            raise ListDataError(f"{list_id}: stored version {version} is corrupt: {exc}") from exc

    def entity_hashes(self, list_id: str, version: str) -> dict[str, str]:
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT entity_id, content_hash FROM entities WHERE list_id = ? AND version = ?",
                (list_id, version),
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    def _current_version(self, list_id: str) -> str:
        current = self.current(list_id)
        if current is None:
            raise ListDataError(f"list {list_id} has no data in {self.data_dir}")
        return current.version


def _check_share(list_id: str, previous: ListVersion, count: int, sha256: str, parser: str) -> None:
    """Refuse a version with fewer than :data:`MIN_SHARE_OF_PREVIOUS` of the entities of the
    last good one; the same files read by other parsers are checked as a new version."""
    if count >= previous.entities * MIN_SHARE_OF_PREVIOUS:
        return
    if previous.sha256 != sha256:
        what, kept = "the new version has", previous.version
    elif previous.parser != parser:
        what = f"read again with this release's parsers, version {previous.version} has"
        kept = f"{previous.version} as read before"
    else:  # the same files read by the same parsers: the same entities
        return
    raise ListDataError(
        f"{list_id}: {what} {count} entities, fewer than {MIN_SHARE_OF_PREVIOUS:.0%} of the "
        f"{previous.entities} in version {previous.version}; kept {kept} "
        "(use --force to accept it)"
    )


def _rows(list_id: str, version: str, entities: list[Entity]) -> list[tuple[Any, ...]]:
    return [
        (list_id, version, e.id, e.content_hash(), _pack(e))
        for e in sorted(entities, key=lambda e: e.id)
    ]


def _pack(entity: Entity) -> bytes:
    blob = json.dumps(entity.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(blob.encode("utf-8"), 6)


def _unpack(data: bytes) -> Entity:
    return Entity.from_dict(json.loads(zlib.decompress(data).decode("utf-8")))
