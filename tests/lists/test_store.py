"""The versioned list store: round trip, dedupe, concurrent writers, damaged and read-only dirs,
files read again by new parsers."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from screener.errors import ListDataError
from screener.inputs.files import sha256_of
from screener.lists import store as store_module
from screener.lists.formats import get_parser
from screener.lists.ingest import ingest, parser_marker, version_sha256
from screener.lists.store import DB_NAME, ListStore
from tests.conftest import as_read_by_an_earlier_release

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


UN_2026 = "sanctions/un_sc/consolidated_2026-02-27.xml"


@pytest.mark.parametrize("earlier", [None, "0123456789abcdef"])
def test_files_read_by_other_parsers_are_read_again(
    earlier: str | None, shared_data: Path, tmp_path: Path
) -> None:
    """A parser improved in a new release reaches a version already stored: importing the
    same files again replaces what the earlier parsers (None: before the markers) read."""
    store = ListStore(tmp_path / "data")
    first = ingest(store, "un_sc", [shared_data / UN_2026])
    assert first.parser == parser_marker() and first.warnings
    read = store.entities("un_sc")
    left = as_read_by_an_earlier_release(store.data_dir, "un_sc", parser=earlier)
    assert len(store.entities("un_sc")) == left < first.entities
    again = ingest(store, "un_sc", [shared_data / UN_2026])
    assert again == first  # the same version, count, warnings and marker as a first reading
    assert store.entities("un_sc") == read
    assert [v.version for v in store.versions("un_sc")] == [first.version]


def test_the_same_parsers_do_not_pack_again(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ListStore(tmp_path / "data")
    first = ingest(store, "un_sc", [shared_data / UN_2026])
    hashes = store.entity_hashes("un_sc", first.version)

    def refuse(*_args: object) -> None:
        raise AssertionError("packed again")

    monkeypatch.setattr("screener.lists.store._rows", refuse)
    again = ingest(store, "un_sc", [shared_data / UN_2026])
    assert again == first and again.parser == parser_marker()
    assert store.entity_hashes("un_sc", first.version) == hashes


def test_a_failed_reading_again_keeps_the_earlier_one(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replacing the entities is one transaction: a failure midway leaves them as they were."""
    store = ListStore(tmp_path / "data")
    ingest(store, "un_sc", [shared_data / UN_2026])
    left = as_read_by_an_earlier_release(store.data_dir, "un_sc")
    before = store.current("un_sc")
    entities = store.entities("un_sc")
    rows = store_module._rows

    def twice(*args: Any) -> list[tuple[Any, ...]]:
        made = rows(*args)
        return [*made, made[0]]  # the second insert of the same entity fails

    monkeypatch.setattr("screener.lists.store._rows", twice)
    with pytest.raises(ListDataError):
        ingest(store, "un_sc", [shared_data / UN_2026])
    assert store.current("un_sc") == before and before is not None
    assert (before.entities, before.parser, before.warnings) == (left, None, [])
    assert store.entities("un_sc") == entities


def test_a_much_smaller_reading_of_the_same_files_is_refused(
    shared_data: Path, tmp_path: Path
) -> None:
    """Fail closed: other parsers reading far fewer entities from the same files are checked
    as a new version would be, and accepted only with ``force``."""
    store = ListStore(tmp_path / "data")
    version = ingest(store, "un_sc", [shared_data / UN_2026]).version
    as_read_by_an_earlier_release(store.data_dir, "un_sc", entities=5000)
    with pytest.raises(ListDataError) as refused:
        ingest(store, "un_sc", [shared_data / UN_2026])
    assert str(refused.value) == (
        f"un_sc: read again with this release's parsers, version {version} has 1003 entities, "
        f"fewer than 50% of the 5000 in version {version}; kept {version} as read before "
        "(use --force to accept it)"
    )
    kept = store.current("un_sc")
    assert kept is not None and (kept.entities, kept.parser) == (5000, None)
    forced = ingest(store, "un_sc", [shared_data / UN_2026], force=True)
    assert (forced.version, forced.entities, forced.parser) == (version, 1003, parser_marker())


def _without_parser_column(store: ListStore) -> None:
    """The list_versions table as the release before the parser markers made it."""
    with contextlib.closing(sqlite3.connect(store.path)) as conn, conn:
        conn.executescript(
            "CREATE TABLE old AS SELECT list_id, version, sha256, entities, published_at, "
            "fetched_at, source, format, files, http, warnings FROM list_versions;"
            "DROP TABLE list_versions; ALTER TABLE old RENAME TO list_versions;"
        )


def _columns(store: ListStore) -> list[str]:
    with contextlib.closing(sqlite3.connect(store.path)) as conn:
        return [row[1] for row in conn.execute("PRAGMA table_info(list_versions)")]


def test_a_store_from_before_the_parser_markers_is_upgraded_and_read_again(
    shared_data: Path, tmp_path: Path
) -> None:
    store = ListStore(tmp_path / "data")
    first = ingest(store, "un_sc", [shared_data / UN_2026])
    _without_parser_column(store)
    assert "parser" not in _columns(store)
    upgraded = store.current("un_sc")
    assert upgraded is not None and upgraded.parser is None
    assert upgraded.model_dump() == first.model_dump()
    assert _columns(store)[-1] == "parser"
    again = ingest(store, "un_sc", [shared_data / UN_2026])
    assert again == first and again.parser == parser_marker()


def test_a_read_only_store_from_before_the_parser_markers_is_read(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store that cannot be upgraded (a shared, read-only snapshot) is read as it is."""
    store = ListStore(tmp_path / "data")
    first = ingest(store, "un_sc", [shared_data / UN_2026])
    _without_parser_column(store)
    access = os.access

    def read_only(path: Any, mode: int, **kwargs: Any) -> bool:
        if mode & os.W_OK and Path(path) == store.data_dir:
            return False
        return access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", read_only)
    current = store.current("un_sc")
    assert current is not None and current.parser is None
    assert current.model_dump() == first.model_dump()
    assert "parser" not in _columns(store)
    assert len(store.entities("un_sc")) == first.entities


def test_the_parser_marker_covers_what_gives_an_entity_its_countries() -> None:
    # Parsers resolve an entity's countries with screener.places: a change there changes
    # what a stored version holds, as a change to the parsers does.
    from screener.lists import ingest as ingest_module

    names = {path.name for path in ingest_module._PARSER_CODE}
    assert {"ofac.py", "un.py", "entity.py", "ingest.py", "resolve.py", "aliases.tsv"} <= names
    assert {"workbook.py", "sources.py"} <= names  # OFSI's workbook; record links
    assert all(path.is_file() for path in ingest_module._PARSER_CODE)
    assert set(ingest_module._PARSER_LIBRARIES) == {"rigour", "pycountry"}


def test_the_parser_marker_changes_with_a_library_release(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from screener.lists import ingest as ingest_module

    before = parser_marker()
    ingest_module.parser_marker.cache_clear()
    monkeypatch.setattr(ingest_module, "library_version", lambda package: f"{package} 99")
    try:
        assert ingest_module.parser_marker() != before
    finally:
        ingest_module.parser_marker.cache_clear()
