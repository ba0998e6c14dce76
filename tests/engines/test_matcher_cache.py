"""The built matcher is cached beside the list store and used only while it is current."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from screener.config import ListsConfig
from screener.lists.entity import Entity
from screener.lists.status import select_for_scan
from screener.lists.store import ListStore
from screener.matching import Query
from screener.matching.cache import CACHE_DIR, KEPT, cache_key, cached_matcher
from screener.matching.config import MatchingConfig
from screener.models import ListVersion
from screener.scan import ScanOptions, load_entities
from tests.conftest import as_read_by_an_earlier_release


@dataclass
class Lists:
    """A copy of the test store, counting how often the matcher reads its entities."""

    data_dir: Path
    versions: list[ListVersion]
    loads: int = 0

    def entities(self) -> list[Entity]:
        self.loads += 1
        return load_entities(ListStore(self.data_dir), self.versions)

    def cached(self) -> list[Path]:
        return list((self.data_dir / CACHE_DIR).glob("matcher-*.pickle"))


@pytest.fixture
def lists(scan_options: ScanOptions, tmp_path: Path) -> Lists:
    data_dir = tmp_path / "data"
    # Without the cache earlier scans of the shared store left there.
    shutil.copytree(scan_options.data_dir, data_dir, ignore=shutil.ignore_patterns(CACHE_DIR))
    store = ListStore(data_dir)
    return Lists(
        data_dir, select_for_scan(store, None, scan_options.config.lists, allow_stale=True)
    )


def test_second_build_comes_from_the_cache_and_matches_the_same(lists: Lists) -> None:
    config = MatchingConfig()
    built = cached_matcher(lists.data_dir, lists.versions, config, lists.entities)
    assert len(lists.cached()) == 1 and lists.loads == 1
    cached = cached_matcher(lists.data_dir, lists.versions, config, lists.entities)
    assert lists.loads == 1  # the lists were not read again
    query = Query([("Korea Mining Development Trading Corporation", "name")])
    assert [m.model_dump() for m in cached.match(query)] == [
        m.model_dump() for m in built.match(query)
    ]
    assert cached.match(query)


def test_other_settings_or_lists_build_afresh(lists: Lists) -> None:
    cached_matcher(lists.data_dir, lists.versions, MatchingConfig(), lists.entities)
    (first,) = lists.cached()
    fewer = MatchingConfig(max_candidates=7)
    cached_matcher(lists.data_dir, lists.versions, fewer, lists.entities)
    cached_matcher(lists.data_dir, lists.versions[:-1], fewer, lists.entities)
    assert lists.loads == 3
    assert len(lists.cached()) == KEPT == 2  # the newest matchers are kept
    assert first not in lists.cached()


def test_the_matcher_used_last_is_kept_before_a_newer_one(lists: Lists) -> None:
    # A scan's matcher (all lists) and a look-up's on fewer lists take turns: neither
    # pushes the other out, whatever was built in between.
    cached_matcher(lists.data_dir, lists.versions, MatchingConfig(), lists.entities)
    (scans,) = lists.cached()
    cached_matcher(lists.data_dir, lists.versions[:-1], MatchingConfig(), lists.entities)
    (looks,) = set(lists.cached()) - {scans}
    os.utime(scans, (1, 1))  # built first and, so far, the older
    os.utime(looks, (2, 2))
    cached_matcher(lists.data_dir, lists.versions, MatchingConfig(), lists.entities)  # used
    cached_matcher(lists.data_dir, lists.versions[:-2], MatchingConfig(), lists.entities)
    assert lists.loads == 3
    cached_matcher(lists.data_dir, lists.versions, MatchingConfig(), lists.entities)
    assert lists.loads == 3  # still cached


def test_a_damaged_cache_is_rebuilt_not_trusted(lists: Lists) -> None:
    cached_matcher(lists.data_dir, lists.versions, MatchingConfig(), lists.entities)
    (path,) = lists.cached()
    path.write_bytes(path.read_bytes()[:1000])  # truncated
    matcher = cached_matcher(lists.data_dir, lists.versions, MatchingConfig(), lists.entities)
    assert lists.loads == 2 and matcher.entities
    assert path.stat().st_size > 1000  # rewritten whole


def test_a_data_directory_that_cannot_hold_a_cache_still_scans(lists: Lists) -> None:
    (lists.data_dir / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    matcher = cached_matcher(lists.data_dir, lists.versions, MatchingConfig(), lists.entities)
    assert matcher.entities
    assert (lists.data_dir / CACHE_DIR).read_text(encoding="utf-8") == "not a folder"


def test_the_key_holds_the_parsers_that_read_each_list(lists: Lists) -> None:
    config = MatchingConfig()
    first, *others = lists.versions
    assert first.parser is not None
    key = cache_key(lists.versions, config)
    for parser in (None, "0123456789abcdef"):
        reread = first.model_copy(update={"parser": parser})
        assert cache_key([reread, *others], config) != key
    assert cache_key([first.model_copy(), *others], config) == key


def test_a_version_read_again_by_other_parsers_builds_afresh(lists: Lists) -> None:
    """The same version (id, version, sha256) with other entities: never the old matcher."""
    cached_matcher(lists.data_dir, lists.versions, MatchingConfig(), lists.entities)
    as_read_by_an_earlier_release(lists.data_dir, "un_sc")
    store = ListStore(lists.data_dir)
    lists.versions = select_for_scan(store, None, ListsConfig(), allow_stale=True)
    matcher = cached_matcher(lists.data_dir, lists.versions, MatchingConfig(), lists.entities)
    assert lists.loads == 2
    assert len(matcher.entities) == sum(v.entities for v in lists.versions)
