"""The versioned list store: round trip, dedupe, concurrent writers, damaged and read-only dirs."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest

from screener.errors import ListDataError
from screener.inputs.files import sha256_of
from screener.lists.formats import get_parser
from screener.lists.ingest import ingest, version_sha256
from screener.lists.store import DB_NAME, ListStore

SDN_2021 = "sanctions/us_ofac_sdn/2021-07/sdn.csv"


def sdn_subset(shared_data: Path, folder: Path, start: int, rows: int) -> Path:
    """Real SDN rows ``start:start+rows`` as a one-file sdn.csv.

    A subset is far below an official SDN list's size, so tests of the store's mechanics
    import it with ``force=True``; ``test_a_tiny_first_import_is_refused`` covers the guard.
    """
    lines = (shared_data / SDN_2021).read_bytes().splitlines(keepends=True)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sdn.csv"
    path.write_bytes(b"".join(lines[start : start + rows]))
    return path


def test_round_trip(shared_data: Path, tmp_path: Path) -> None:
    path = sdn_subset(shared_data, tmp_path / "in", 0, 60)
    store = ListStore(tmp_path / "data")
    version = ingest(store, "us_ofac_sdn", [path], force=True)
    parsed = get_parser("ofac_csv")("us_ofac_sdn", {"sdn.csv": path}).entities
    assert version.entities == 60 == len(parsed)
    assert version.sha256 == version_sha256({"sdn.csv": sha256_of(path)})
    assert version.version.endswith(version.sha256[:8])
    assert store.current("us_ofac_sdn") == version
    assert store.list_ids() == ["us_ofac_sdn"]
    assert store.entities("us_ofac_sdn") == sorted(parsed, key=lambda e: e.id)


def test_same_files_give_the_same_version(shared_data: Path, tmp_path: Path) -> None:
    path = sdn_subset(shared_data, tmp_path / "in", 0, 60)
    store = ListStore(tmp_path / "data")
    first = ingest(store, "us_ofac_sdn", [path], force=True)
    second = ingest(store, "us_ofac_sdn", [path], force=True)
    assert first.version == second.version
    assert [v.version for v in store.versions("us_ofac_sdn")] == [first.version]
    other = ingest(
        store, "us_ofac_sdn", [sdn_subset(shared_data, tmp_path / "b", 60, 60)], force=True
    )
    assert other.version != first.version
    assert len(store.versions("us_ofac_sdn")) == 2
    back = ingest(
        store, "us_ofac_sdn", [path], force=True
    )  # an older version becomes current again
    assert back.version == first.version
    assert store.current("us_ofac_sdn") == back
    assert len(store.versions("us_ofac_sdn")) == 2


def _write(args: tuple[str, str]) -> str:
    data_dir, path = args
    return ingest(ListStore(Path(data_dir)), "us_ofac_sdn", [Path(path)], force=True).version


def test_concurrent_writers_keep_the_store_consistent(shared_data: Path, tmp_path: Path) -> None:
    files = [sdn_subset(shared_data, tmp_path / f"in{i}", 50 * i, 50 + 10 * i) for i in range(6)]
    data_dir = tmp_path / "data"
    jobs = [(str(data_dir), str(p)) for p in files + files[:2]]  # two files written twice
    get_parser("ofac_csv")("us_ofac_sdn", {"sdn.csv": files[0]})  # warm caches before forking
    with multiprocessing.get_context("fork").Pool(4) as pool:
        made = pool.map(_write, jobs)
    store = ListStore(data_dir)
    stored = {v.version: v for v in store.versions("us_ofac_sdn")}
    assert sorted(stored) == sorted(set(made)) and len(stored) == 6
    for name, version in stored.items():
        assert len(store.entities("us_ofac_sdn", name)) == version.entities
    current = store.current("us_ofac_sdn")
    assert current is not None and current.version in stored
    with sqlite3.connect(data_dir / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _open_at(args: tuple[str, float]) -> str:
    data_dir, start = args
    while time.time() < start:  # every process opens the store at the same moment
        pass
    try:
        with ListStore(Path(data_dir)).connect(write=True) as conn:
            conn.execute("SELECT COUNT(*) FROM list_versions").fetchone()
    except ListDataError as exc:
        return str(exc)
    return "ok"


def test_processes_creating_the_store_at_once_all_get_it(tmp_path: Path) -> None:
    # Switching a new store to WAL needs it to itself, and SQLite does not wait for that as
    # it waits for other locks: "database is locked" came back about one time in ten.
    with multiprocessing.get_context("fork").Pool(8) as pool:
        for trial in range(25):
            start = time.time() + 0.2
            data_dir = str(tmp_path / f"data{trial}")
            assert pool.map(_open_at, [(data_dir, start)] * 8) == ["ok"] * 8


def test_corrupt_database_is_a_list_data_error(shared_data: Path, tmp_path: Path) -> None:
    store = ListStore(tmp_path / "data")
    ingest(store, "us_ofac_sdn", [sdn_subset(shared_data, tmp_path / "in", 0, 20)], force=True)
    (store.path.parent / f"{DB_NAME}-wal").unlink(missing_ok=True)
    store.path.write_bytes(b"this is not an SQLite database\n" * 200)
    with pytest.raises(ListDataError, match="unreadable"):
        store.current("us_ofac_sdn")
    with pytest.raises(ListDataError):
        ingest(store, "us_ofac_sdn", [sdn_subset(shared_data, tmp_path / "in2", 0, 20)], force=True)


def test_missing_store_is_a_list_data_error(tmp_path: Path) -> None:
    store = ListStore(tmp_path / "nothing")
    assert store.current("un_sc") is None
    with pytest.raises(ListDataError, match="has no data in"):
        store.entities("un_sc")


def _write_as_nobody(data_dir: str, path: str, queue: multiprocessing.Queue[str]) -> None:
    if os.getuid() == 0:
        os.setgid(65534)
        os.setuid(65534)
    try:
        ingest(ListStore(Path(data_dir)), "us_ofac_sdn", [Path(path)], force=True)
        queue.put("no error")
    except ListDataError as exc:
        queue.put(f"ListDataError: {exc}")
    except Exception as exc:
        queue.put(f"{type(exc).__name__}: {exc}")


def test_read_only_data_dir_is_a_clear_error(shared_data: Path) -> None:
    """Run as an unprivileged user (root ignores file modes) against a mode-555 folder."""
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        base.chmod(0o755)
        path = sdn_subset(shared_data, base / "in", 0, 20)
        path.parent.chmod(0o755)
        path.chmod(0o644)
        # Import everything the write needs while still root (the stdlib may be unreadable).
        ingest(ListStore(base / "writable"), "us_ofac_sdn", [path], force=True)
        data_dir = base / "data"
        data_dir.mkdir()
        data_dir.chmod(0o555)
        context = multiprocessing.get_context("fork")
        queue: multiprocessing.Queue[str] = context.Queue()
        child = context.Process(target=_write_as_nobody, args=(str(data_dir), str(path), queue))
        child.start()
        child.join(60)
        message = queue.get(timeout=5)
    assert message.startswith("ListDataError: "), message
    assert str(data_dir) in message, message


def test_a_tiny_first_import_is_refused(shared_data: Path, tmp_path: Path) -> None:
    """Fail closed: a truncated official file is refused even into an empty store."""
    text = (shared_data / "sanctions" / "un_sc" / "consolidated_2026-02-27.xml").read_text(
        encoding="utf-8"
    )
    head, rest = text.split("<INDIVIDUAL>", 1)
    three = "<INDIVIDUAL>" + "</INDIVIDUAL>".join(rest.split("</INDIVIDUAL>")[:3]) + "</INDIVIDUAL>"
    tiny = tmp_path / "consolidated.xml"
    tiny.write_text(f"{head}{three}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>", encoding="utf-8")
    store = ListStore(tmp_path / "data")
    with pytest.raises(ListDataError, match="only 3 entities, fewer than the 500"):
        ingest(store, "un_sc", [tiny])
    assert store.current("un_sc") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [("2026-04", "is not a date"), ("yesterday", "is not a date"), ("2999-01-01", "future")],
)
def test_publication_dates_are_checked(text: str, message: str) -> None:
    from screener.errors import ListFormatError
    from screener.lists.ingest import check_published

    with pytest.raises(ListFormatError, match=message):
        check_published("un_sc", text, None)
    assert check_published("un_sc", "2026-02-27T00:00:09.554Z", None) == "2026-02-27T00:00:09.554Z"


def test_a_store_from_an_earlier_release_is_upgraded_in_place(
    shared_data: Path, tmp_path: Path
) -> None:
    store = ListStore(tmp_path / "data")
    ingest(store, "us_ofac_sdn", [sdn_subset(shared_data, tmp_path / "in", 0, 20)], force=True)
    before = store.current("us_ofac_sdn")
    # The first release's list_versions had neither the http nor the warnings column.
    with sqlite3.connect(store.path) as conn:
        conn.executescript(
            "CREATE TABLE old AS SELECT list_id, version, sha256, entities, published_at, "
            "fetched_at, source, format, files FROM list_versions;"
            "DROP TABLE list_versions; ALTER TABLE old RENAME TO list_versions;"
        )
    upgraded = store.current("us_ofac_sdn")
    assert before is not None and upgraded is not None
    assert (upgraded.version, upgraded.entities) == (before.version, before.entities)
    assert upgraded.warnings == []
    # New versions are stored as before.
    ingest(store, "us_ofac_sdn", [sdn_subset(shared_data, tmp_path / "in2", 0, 30)], force=True)
    assert store.current("us_ofac_sdn").entities > before.entities  # type: ignore[union-attr]
