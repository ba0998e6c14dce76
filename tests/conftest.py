"""Shared test fixtures. Real reference data is read from ``../shared/data``; never copied."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = (ROOT.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"reference data not found at {SHARED_DATA} (expected ../shared/data)")
    return SHARED_DATA


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty screener data directory, also set as SCREENER_DATA_DIR."""
    path = tmp_path / "screener-data"
    monkeypatch.setenv("SCREENER_DATA_DIR", str(path))
    return path


def import_official_lists(target: Path, shared: Path, list_ids: tuple[str, ...]) -> Path:
    """Import real official files from ../shared/data into a data directory."""
    from screener.lists.ingest import ingest
    from screener.lists.store import ListStore

    sanctions = shared / "sanctions"
    files = {
        "un_sc": [sanctions / "un_sc" / "consolidated_2026-02-27.xml"],
        "us_ofac_sdn": sorted((sanctions / "us_ofac_sdn" / "2021-07").glob("*.csv")),
        "gb_ofsi": [sanctions / "gb_ofsi" / "ConList_2025-04-10.xlsx"],
    }
    store = ListStore(target)
    for list_id in list_ids:
        ingest(store, list_id, files[list_id])
    return target


@pytest.fixture(scope="session")
def official_store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A data directory holding the three fully available official lists (built once)."""
    target = tmp_path_factory.mktemp("official") / "data"
    return import_official_lists(target, shared_data, ("un_sc", "us_ofac_sdn", "gb_ofsi"))


@pytest.fixture
def loaded_data_dir(official_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of ``official_store`` (tests may add runs and decisions to it)."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(official_store, target)
    monkeypatch.setenv("SCREENER_DATA_DIR", str(target))
    return target


def as_read_by_an_earlier_release(
    data_dir: Path, list_id: str, *, parser: str | None = None, entities: int | None = None
) -> int:
    """Make the current version of a list look as another release's parsers stored it: the
    marker ``parser`` (None: a release before the markers), no warnings, and a third of the
    entities missing (or, given ``entities``, that many recorded). Returns the entity count
    recorded."""
    from screener.lists.store import DB_NAME

    with contextlib.closing(sqlite3.connect(data_dir / DB_NAME)) as conn, conn:
        (version,) = conn.execute(
            "SELECT version FROM current_versions WHERE list_id = ?", (list_id,)
        ).fetchone()
        where = "list_id = ? AND version = ?"
        if entities is None:
            conn.execute(
                f"DELETE FROM entities WHERE {where} AND rowid % 3 = 0", (list_id, version)
            )
            (entities,) = conn.execute(
                f"SELECT COUNT(*) FROM entities WHERE {where}", (list_id, version)
            ).fetchone()
        conn.execute(
            f"UPDATE list_versions SET parser = ?, entities = ?, warnings = '[]' WHERE {where}",
            (parser, entities, list_id, version),
        )
    assert isinstance(entities, int)
    return entities
