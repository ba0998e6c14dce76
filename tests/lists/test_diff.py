"""``lists diff`` on two real OFAC SDN versions, checked against the raw files' ent_nums."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from screener.errors import InputError, ListDataError
from screener.lists.diff import ListDiff, diff_versions
from screener.lists.ingest import ingest
from screener.lists.store import ListStore

SDN = "sanctions/us_ofac_sdn"
SET_2021 = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
NULL = "-0-"


def raw_rows(path: Path) -> list[tuple[str, ...]]:
    """The legacy OFAC CSV rows, stripped, without the trailing Ctrl-Z line."""
    text = path.read_bytes().decode("latin-1").replace("\x1a", "")
    rows = csv.reader(text.splitlines())
    return [tuple(cell.strip() for cell in row) for row in rows if row and row[0].strip()]


@dataclass(frozen=True)
class RawCount:
    """An independent account of the two versions, from the raw files alone."""

    added: set[str]
    removed: set[str]
    changed: set[str]
    only_aliases: set[str]  # same sdn.csv row, aliases in 2021 only, nothing else


def raw_count(data: Path) -> RawCount:
    old = {r[0]: r for r in raw_rows(data / SDN / "2021-07" / "sdn.csv")}
    new = {r[0]: r for r in raw_rows(data / SDN / "2024-05-03" / "sdn.csv")}
    alt = {r[0] for r in raw_rows(data / SDN / "2021-07" / "alt.csv")}
    add = {
        r[0]
        for r in raw_rows(data / SDN / "2021-07" / "add.csv")
        if any(cell not in ("", NULL) for cell in r[2:5])
    }
    comments = {r[0] for r in raw_rows(data / SDN / "2021-07" / "sdn_comments.csv")}
    common = old.keys() & new.keys()
    # 2024 comes without alt/add/comments: an entity changes when its row changed, or when
    # 2021 gave it aliases, a non-empty address or a remarks continuation.
    extra = alt | add | comments
    changed = {e for e in common if old[e] != new[e] or e in extra}
    only_aliases = {e for e in common if old[e] == new[e] and e in alt and e not in add | comments}
    return RawCount(new.keys() - old.keys(), old.keys() - new.keys(), changed, only_aliases)


@pytest.fixture(scope="module")
def ofac_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> ListStore:
    store = ListStore(tmp_path_factory.mktemp("diff"))
    files = [shared_data / SDN / "2021-07" / name for name in SET_2021]
    ingest(store, "us_ofac_sdn", files, fetched_at=datetime(2021, 7, 7, tzinfo=UTC))
    ingest(
        store,
        "us_ofac_sdn",
        [shared_data / SDN / "2024-05-03" / "sdn.csv"],
        fetched_at=datetime(2024, 5, 3, 18, 43, tzinfo=UTC),
        force=True,  # the 2024 snapshot is sdn.csv alone (no alt/add/comments)
    )
    return store


@pytest.fixture(scope="module")
def default_diff(ofac_store: ListStore) -> ListDiff:
    return diff_versions(ofac_store, "us_ofac_sdn")


def source_ids(items: list[str]) -> set[str]:
    return {i.removeprefix("us_ofac_sdn:") for i in items}


def test_counts_match_the_raw_files(default_diff: ListDiff, shared_data: Path) -> None:
    raw = raw_count(shared_data)
    diff = default_diff
    assert (diff.counts.added, diff.counts.removed) == (len(raw.added), len(raw.removed))
    assert (diff.counts.added, diff.counts.removed) == (6870, 881)
    assert diff.counts.changed == len(raw.changed)
    assert source_ids([e.entity_id for e in diff.added]) == raw.added
    assert source_ids([e.entity_id for e in diff.removed]) == raw.removed
    assert source_ids([e.entity_id for e in diff.changed]) == raw.changed
    counts = diff.counts
    assert counts.old_entities == 8976 and counts.new_entities == 14965
    assert counts.old_entities == counts.removed + counts.changed + counts.unchanged
    assert counts.new_entities == counts.added + counts.changed + counts.unchanged


def test_defaults_compare_current_with_the_version_before(
    default_diff: ListDiff, ofac_store: ListStore
) -> None:
    versions = [v.version for v in ofac_store.versions("us_ofac_sdn")]
    current = ofac_store.current("us_ofac_sdn")
    assert current is not None
    assert default_diff.new == current.version == versions[1]
    assert default_diff.old == versions[0]
    assert default_diff.old.startswith("2021-07-07") and default_diff.new.startswith("2024-05-03")


def test_changed_fields_name_what_changed(default_diff: ListDiff, shared_data: Path) -> None:
    raw = raw_count(shared_data)
    by_id = {c.entity_id.removeprefix("us_ofac_sdn:"): c for c in default_diff.changed}
    assert raw.only_aliases
    for ent_num in raw.only_aliases:
        assert by_id[ent_num].fields == ["names"], ent_num
    assert all(c.fields for c in default_diff.changed)


def test_sorted_and_deterministic(default_diff: ListDiff, ofac_store: ListStore) -> None:
    for items in (default_diff.added, default_diff.removed, default_diff.changed):
        ids = [e.entity_id for e in items]
        assert ids == sorted(ids)
    again = diff_versions(ofac_store, "us_ofac_sdn", default_diff.old, default_diff.new)
    assert again.model_dump() == default_diff.model_dump()
    added, changed = default_diff.added, default_diff.changed
    affected = default_diff.affected_ids()
    assert affected == sorted({e.entity_id for e in added} | {e.entity_id for e in changed})


def test_reversed_diff_swaps_added_and_removed(
    default_diff: ListDiff, ofac_store: ListStore
) -> None:
    back = diff_versions(ofac_store, "us_ofac_sdn", default_diff.new, default_diff.old)
    assert back.added == default_diff.removed
    assert back.removed == default_diff.added
    assert back.counts.changed == default_diff.counts.changed


def test_same_version_is_empty(ofac_store: ListStore, default_diff: ListDiff) -> None:
    same = diff_versions(ofac_store, "us_ofac_sdn", default_diff.new, default_diff.new)
    assert (same.counts.added, same.counts.removed, same.counts.changed) == (0, 0, 0)
    assert same.counts.unchanged == 14965


def test_unknown_version_names_the_known_ones(ofac_store: ListStore) -> None:
    known = [v.version for v in ofac_store.versions("us_ofac_sdn")]
    with pytest.raises(InputError, match="no version '2020-01-01-deadbeef'") as caught:
        diff_versions(ofac_store, "us_ofac_sdn", "2020-01-01-deadbeef")
    assert all(v in str(caught.value) for v in known)


def test_one_version_only_is_a_list_data_error(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / SDN / "2021-07" / "sdn.csv").read_bytes().splitlines(keepends=True)
    small = tmp_path / "sdn.csv"
    small.write_bytes(b"".join(lines[:40]))
    store = ListStore(tmp_path / "data")
    ingest(store, "us_ofac_sdn", [small], force=True)  # a 40-row subset
    with pytest.raises(ListDataError, match="only one version"):
        diff_versions(store, "us_ofac_sdn")
    with pytest.raises(ListDataError, match="no data"):
        diff_versions(store, "un_sc")
