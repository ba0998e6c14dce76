"""The built matcher is cached beside the list store and used only while it is current."""

from __future__ import annotations

import shutil
from pathlib import Path

from screener.lists.entity import Entity
from screener.lists.status import select_for_scan
from screener.lists.store import ListStore
from screener.matching import Query
from screener.matching.cache import CACHE_DIR, cached_matcher
from screener.matching.config import MatchingConfig
from screener.models import ListVersion
from screener.scan import ScanOptions, load_entities


def _setup(scan_options: ScanOptions, tmp_path: Path) -> tuple[Path, list[ListVersion]]:
    data_dir = tmp_path / "data"
    # Without the cache earlier scans of the shared store left there.
    shutil.copytree(scan_options.data_dir, data_dir, ignore=shutil.ignore_patterns(CACHE_DIR))
    store = ListStore(data_dir)
    versions = select_for_scan(store, None, scan_options.config.lists, allow_stale=True)
    return data_dir, versions


def test_second_build_comes_from_the_cache_and_matches_the_same(
    scan_options: ScanOptions, tmp_path: Path
) -> None:
    data_dir, versions = _setup(scan_options, tmp_path)
    store = ListStore(data_dir)
    loads: list[int] = []

    def entities() -> list[Entity]:
        loads.append(1)
        return load_entities(store, versions)

    config = MatchingConfig()
    built = cached_matcher(data_dir, versions, config, entities)
    files = list((data_dir / CACHE_DIR).glob("matcher-*.pickle"))
    assert len(files) == 1 and loads == [1]
    cached = cached_matcher(data_dir, versions, config, entities)
    assert loads == [1]  # the lists were not read again
    query = Query([("Korea Mining Development Trading Corporation", "name")])
    assert [m.model_dump() for m in cached.match(query)] == [
        m.model_dump() for m in built.match(query)
    ]
    assert cached.match(query)


def test_other_settings_or_lists_build_afresh(scan_options: ScanOptions, tmp_path: Path) -> None:
    data_dir, versions = _setup(scan_options, tmp_path)
    store = ListStore(data_dir)
    loads: list[int] = []

    def entities() -> list[Entity]:
        loads.append(1)
        return load_entities(store, versions)

    cached_matcher(data_dir, versions, MatchingConfig(), entities)
    cached_matcher(data_dir, versions, MatchingConfig(max_candidates=7), entities)
    cached_matcher(data_dir, versions[:-1], MatchingConfig(max_candidates=7), entities)
    assert loads == [1, 1, 1]
    # Only the newest matcher is kept.
    assert len(list((data_dir / CACHE_DIR).glob("matcher-*.pickle"))) == 1


def test_a_damaged_cache_is_rebuilt_not_trusted(scan_options: ScanOptions, tmp_path: Path) -> None:
    data_dir, versions = _setup(scan_options, tmp_path)
    store = ListStore(data_dir)
    cached_matcher(data_dir, versions, MatchingConfig(), lambda: load_entities(store, versions))
    (path,) = (data_dir / CACHE_DIR).glob("matcher-*.pickle")
    path.write_bytes(path.read_bytes()[:1000])  # truncated
    loads: list[int] = []

    def entities() -> list[Entity]:
        loads.append(1)
        return load_entities(store, versions)

    matcher = cached_matcher(data_dir, versions, MatchingConfig(), entities)
    assert loads == [1] and matcher.entities
    assert path.stat().st_size > 1000  # rewritten whole


def test_a_data_directory_that_cannot_hold_a_cache_still_scans(
    scan_options: ScanOptions, tmp_path: Path
) -> None:
    data_dir, versions = _setup(scan_options, tmp_path)
    store = ListStore(data_dir)
    (data_dir / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    matcher = cached_matcher(
        data_dir, versions, MatchingConfig(), lambda: load_entities(store, versions)
    )
    assert matcher.entities
    assert (data_dir / CACHE_DIR).read_text(encoding="utf-8") == "not a folder"
