"""The review tables: a database written by an earlier release opens and upgrades in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from screener.lists.store import DB_NAME
from screener.models import Match
from screener.review.db import connect
from screener.review.decisions import Decision, DecisionBook, record

# The decisions table as releases before decisions were tied to the matched name made it.
EARLIER_DECISIONS = """
CREATE TABLE decisions (
    supplier_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    record_hash TEXT NOT NULL,
    decision TEXT NOT NULL,
    reviewer TEXT,
    decided_at TEXT,
    comment TEXT,
    source TEXT,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (supplier_id, entity_id, record_hash)
)
"""


def _earlier_database(data_dir: Path) -> None:
    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / DB_NAME)
    conn.execute(EARLIER_DECISIONS)
    conn.execute(
        "INSERT INTO decisions VALUES ('SUP-1', 'us_ofac_sdn:36', 'abc', 'false_positive', "
        "'A. Reviewer', '2026-01-02', 'different firm', 'reviewed.xlsx', '2026-01-02T10:00:00Z')"
    )
    conn.commit()
    conn.close()


def _match(query_name: str) -> Match:
    return Match(
        entity_id="us_ofac_sdn:36",
        list="us_ofac_sdn",
        matched_name="AEROCARIBBEAN AIRLINES",
        query_name=query_name,
        score=91.0,
        schema_="Organization",
        record_hash="abc",
    )


def test_an_earlier_decisions_table_is_upgraded_and_its_decisions_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _earlier_database(data_dir)

    book = DecisionBook.load(data_dir)

    with connect(data_dir) as conn:
        rows = conn.execute("SELECT supplier_id, query_name, reviewer, comment FROM decisions")
        assert rows.fetchall() == [("SUP-1", "", "A. Reviewer", "different firm")]
    # Not tied to a name, the old decision no longer clears an alert: it comes back.
    [match] = book.apply("SUP-1", [_match("Aerocaribbean Airlines")])
    assert match.disposition is None


def test_an_upgraded_table_records_new_decisions(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _earlier_database(data_dir)
    decision = Decision(
        "SUP-1", "us_ofac_sdn:36", "Aerocaribbean Airlines", "abc", "false_positive", "B. Other"
    )

    record(data_dir, [decision], source="again.xlsx")
    record(data_dir, [decision], source="again.xlsx")  # the same decision fed back twice

    [match] = DecisionBook.load(data_dir).apply("SUP-1", [_match("Aerocaribbean Airlines")])
    assert match.disposition == "false_positive"
    assert match.review is not None and match.review.reviewer == "B. Other"
    with connect(data_dir) as conn:
        assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone() == (2,)
