"""``lists update`` against a local HTTP server serving the real official files."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from screener.config import ListsConfig
from screener.errors import InputError
from screener.lists.fetch import UpdateOutcome, parse_url_overrides, update
from screener.lists.ingest import parser_marker
from screener.lists.sources import get_source, load_sources
from screener.lists.status import status
from screener.lists.store import ListStore
from tests.conftest import as_read_by_an_earlier_release
from tests.httpserver import GARBAGE, Hit, ListServer, serve

UN_FILE = "sanctions/un_sc/consolidated_2026-02-27.xml"
UN_ENTITIES = 1003  # 730 individuals + 273 entities
OFAC_DIR = "sanctions/us_ofac_sdn/2021-07"
OFAC_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
OFAC_ENTITIES = 8976


@dataclass(frozen=True)
class Case:
    """One list under test: how it is served and what a good version holds."""

    list_id: str
    served: tuple[str, ...]  # the server paths of its files
    url: str  # the --url override (file for UN, base ending in / for OFAC)
    entities: int

    @property
    def primary(self) -> str:
        return self.served[0]


@pytest.fixture(scope="module")
def server(shared_data: Path) -> Iterator[ListServer]:
    with serve(shared_data) as running:
        yield running


@pytest.fixture(autouse=True)
def _reset(server: ListServer) -> None:
    server.behaviours.clear()
    server.mounts.clear()
    server.forget_hits()
    server.slow_seconds = 3.0


def un_case(server: ListServer) -> Case:
    return Case("un_sc", (f"/{UN_FILE}",), server.url(UN_FILE), UN_ENTITIES)


def ofac_case(server: ListServer) -> Case:
    served = tuple(f"/{OFAC_DIR}/{name}" for name in OFAC_FILES)
    return Case("us_ofac_sdn", served, server.url(OFAC_DIR) + "/", OFAC_ENTITIES)


CASES = {"un_sc": un_case, "us_ofac_sdn": ofac_case}


def run(store: ListStore, case: Case, **options: object) -> UpdateOutcome:
    settings: dict[str, object] = {"timeout": 1.0, "retries": 1, "backoff": 0.01} | options
    outcomes = update(store, [case.list_id], urls={case.list_id: case.url}, **settings)  # type: ignore[arg-type]
    assert [o.list_id for o in outcomes] == [case.list_id]
    return outcomes[0]


@dataclass(frozen=True)
class Baseline:
    folder: Path
    outcome: UpdateOutcome
    hits: list[Hit]

    @property
    def version(self) -> str:
        assert self.outcome.version is not None
        return self.outcome.version.version


@pytest.fixture(scope="module")
def baselines(server: ListServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Baseline]:
    """One fresh download of each list into an empty data dir, made once (a full OFAC parse
    and store takes seconds); later tests work on copies of it."""
    made: dict[str, Baseline] = {}
    for list_id, make in CASES.items():
        server.forget_hits()
        folder = tmp_path_factory.mktemp(f"baseline-{list_id}")
        made[list_id] = Baseline(folder, run(ListStore(folder), make(server)), list(server.hits))
    server.forget_hits()
    return made


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest, server: ListServer) -> Case:
    made: Case = CASES[request.param](server)
    return made


@pytest.fixture
def good_store(case: Case, baselines: dict[str, Baseline], tmp_path: Path) -> ListStore:
    """A data dir holding one good version of the case's list (a copy of the baseline)."""
    target = tmp_path / "data"
    shutil.copytree(baselines[case.list_id].folder, target)
    return ListStore(target)


def assert_kept(store: ListStore, case: Case, version: str, outcome: UpdateOutcome) -> None:
    """The failure kept the last good version: current, listed by status, entities loadable."""
    assert outcome.status == "failed"
    assert "\n" not in outcome.message
    assert f"kept {version}" in outcome.message or f"version {version}" in outcome.message
    assert outcome.version is not None and outcome.version.version == version
    assert [v.version for v in store.versions(case.list_id)] == [version]
    listed = {v.id: v.version for v in status(store, ListsConfig())}
    assert listed == {case.list_id: version}
    assert len(store.entities(case.list_id)) == case.entities
    assert not [p.name for p in store.data_dir.iterdir() if p.name.startswith(".download-")]


def baseline_version(case: Case, baselines: dict[str, Baseline]) -> str:
    return baselines[case.list_id].version


# -- success paths -------------------------------------------------------------------------
def test_fresh_download(case: Case, baselines: dict[str, Baseline]) -> None:
    baseline = baselines[case.list_id]
    store, outcome = ListStore(baseline.folder), baseline.outcome
    assert outcome.status == "updated", outcome.message
    assert outcome.version is not None and outcome.version.entities == case.entities
    assert store.current(case.list_id) == outcome.version
    assert outcome.version.source is not None and case.url in outcome.version.source
    assert len(store.entities(case.list_id)) == case.entities
    assert sorted(h.path for h in baseline.hits) == sorted(case.served)
    assert all(h.status == 200 and "If-None-Match" not in h.headers for h in baseline.hits)
    state = store.http_state(case.list_id)
    roles = [f.name for f in get_source(case.list_id).files]
    assert sorted(k for k in state if k.endswith(" etag")) == sorted(f"{r} etag" for r in roles)


def test_not_modified_keeps_version_and_refreshes_fetched_at(
    case: Case, server: ListServer, good_store: ListStore, baselines: dict[str, Baseline]
) -> None:
    version = baseline_version(case, baselines)
    before = good_store.current(case.list_id)
    assert before is not None
    time.sleep(1.05)  # fetched_at has one-second resolution
    outcome = run(good_store, case)
    assert outcome.status == "not_modified", outcome.message
    assert outcome.version is not None and outcome.version.version == version
    assert outcome.version.fetched_at > before.fetched_at
    assert [v.version for v in good_store.versions(case.list_id)] == [version]
    for path in case.served:
        hits = server.requests_for(path)
        assert [h.status for h in hits] == [304]
        assert hits[0].headers["If-None-Match"].startswith('"')
        assert hits[0].headers["If-Modified-Since"]


def test_gzip_encoded_download(server: ListServer, tmp_path: Path) -> None:
    case = un_case(server)
    server.behave(case.primary, "gzip")
    store = ListStore(tmp_path / "data")
    outcome = run(store, case)
    assert outcome.status == "updated", outcome.message
    assert outcome.version is not None and outcome.version.entities == case.entities


def test_gzip_and_plain_give_the_same_version(server: ListServer, tmp_path: Path) -> None:
    case = un_case(server)
    plain = run(ListStore(tmp_path / "a"), case)
    server.behave(case.primary, "gzip")
    encoded = run(ListStore(tmp_path / "b"), case)
    assert plain.version is not None and encoded.version is not None
    assert plain.version.sha256 == encoded.version.sha256


@pytest.mark.parametrize("case", ["un_sc"], indirect=True)
def test_force_downloads_again_without_validators(
    case: Case, server: ListServer, good_store: ListStore
) -> None:
    outcome = run(good_store, case, force=True)
    assert outcome.status == "updated", outcome.message
    hit = server.requests_for(case.primary)[0]
    assert hit.status == 200 and "If-None-Match" not in hit.headers
    assert len(good_store.versions(case.list_id)) == 1  # same files: the same version


def test_retries_a_flaky_server(server: ListServer, tmp_path: Path) -> None:
    case = un_case(server)
    server.fail_times = 2
    server.behave(case.primary, "flaky")
    outcome = run(ListStore(tmp_path / "data"), case, retries=2)
    assert outcome.status == "updated", outcome.message
    assert [h.status for h in server.requests_for(case.primary)] == [503, 503, 200]


def test_honours_retry_after(server: ListServer, tmp_path: Path) -> None:
    case = un_case(server)
    server.behave(case.primary, "ratelimit")
    started = time.monotonic()
    outcome = run(ListStore(tmp_path / "data"), case)
    assert outcome.status == "updated", outcome.message
    assert time.monotonic() - started >= 1.0  # Retry-After: 1, not the 0.01 s backoff
    assert [h.status for h in server.requests_for(case.primary)] == [429, 200]


def ofac_subset(server: ListServer, shared_data: Path, rows: int = 300) -> Case:
    """The first ``rows`` SDN records of the real 2021 set with their own alt/add/comment
    rows, mounted under /ofac/ (quick to parse where the full set is not the point)."""
    lines = (shared_data / OFAC_DIR / "sdn.csv").read_bytes().splitlines(keepends=True)[:rows]
    wanted = {line.split(b",", 1)[0] for line in lines}
    server.mount("ofac/sdn.csv", b"".join(lines))
    for name in OFAC_FILES[1:]:
        data = (shared_data / OFAC_DIR / name).read_bytes().splitlines(keepends=True)
        server.mount(f"ofac/{name}", b"".join(x for x in data if x.split(b",", 1)[0] in wanted))
    return Case("us_ofac_sdn", ("/ofac/sdn.csv",), server.url("ofac/"), rows)


def test_one_changed_file_of_a_set_refetches_the_others(
    server: ListServer, shared_data: Path, tmp_path: Path, small_sdn_ok: None
) -> None:
    """Partial 304: the unchanged files are fetched again in full, then the set is parsed."""
    case = ofac_subset(server, shared_data)
    store = ListStore(tmp_path / "data")
    first = run(store, case)
    assert first.status == "updated", first.message
    assert first.version is not None and first.version.entities == case.entities
    lines = server.mounts["/ofac/add.csv"].splitlines(keepends=True)
    server.mount("ofac/add.csv", b"".join(lines[:-20]))
    server.forget_hits()
    second = run(store, case)
    assert second.status == "updated", second.message
    assert first.version is not None and second.version is not None
    assert second.version.version != first.version.version
    assert [h.status for h in server.requests_for("ofac/sdn.csv")] == [304, 200]
    assert [h.status for h in server.requests_for("ofac/add.csv")] == [200]


@pytest.fixture
def small_sdn_ok(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a 300-entity SDN subset stand in for the full list on a first import."""
    monkeypatch.setattr(load_sources()["us_ofac_sdn"], "min_entities", 100)


# -- failures keep the last good version ---------------------------------------------------
@pytest.mark.parametrize("behaviour", ["error", "slow", "truncated", "garbage"])
def test_failure_keeps_last_good_version(
    behaviour: str,
    case: Case,
    server: ListServer,
    good_store: ListStore,
    baselines: dict[str, Baseline],
) -> None:
    server.slow_seconds = 2.0
    server.behave(case.primary, behaviour)
    outcome = run(good_store, case, force=True, timeout=0.5)
    assert_kept(good_store, case, baseline_version(case, baselines), outcome)
    expected = {
        "error": "HTTP 500",
        "slow": "timed out",
        "truncated": "cut off",
        "garbage": "",
    }[behaviour]
    assert expected in outcome.message


def test_truncated_body_is_retried_then_fails(
    case: Case, server: ListServer, tmp_path: Path
) -> None:
    server.behave(case.primary, "truncated")
    store = ListStore(tmp_path / "data")
    outcome = run(store, case, retries=2)
    assert outcome.status == "failed" and outcome.version is None
    assert "cut off" in outcome.message and "after 3 attempts" in outcome.message
    assert "no earlier version" in outcome.message
    assert store.list_ids() == []
    assert len(server.requests_for(case.primary)) == 3


def test_garbage_is_a_format_failure(case: Case, server: ListServer, tmp_path: Path) -> None:
    server.behave(case.primary, "garbage")
    store = ListStore(tmp_path / "data")
    outcome = run(store, case)
    assert outcome.status == "failed" and outcome.version is None
    assert store.list_ids() == []
    assert server.requests_for(case.primary)[0].status == 200
    assert len(GARBAGE) > 1000


def test_oversize_file_is_refused(
    case: Case,
    server: ListServer,
    good_store: ListStore,
    baselines: dict[str, Baseline],
) -> None:
    outcome = run(good_store, case, force=True, max_bytes=100_000)
    assert_kept(good_store, case, baseline_version(case, baselines), outcome)
    assert "over the limit of 100000" in outcome.message


def test_oversize_gzip_body_is_cut_while_streaming(server: ListServer, tmp_path: Path) -> None:
    """A compressed body can not be judged by its Content-Length: the decoded bytes count."""
    case = un_case(server)
    server.behave(case.primary, "gzip")
    outcome = run(ListStore(tmp_path / "data"), case, max_bytes=1_000_000)
    assert outcome.status == "failed"
    assert "over the limit of 1000000 bytes" in outcome.message


def small_version(case: Case, shared_data: Path) -> dict[str, bytes]:
    """A valid file of the same format with only three records."""
    if case.list_id == "un_sc":
        tree = etree.parse(str(shared_data / UN_FILE))
        root = tree.getroot()
        for group in ("INDIVIDUALS", "ENTITIES"):
            for record in list(root.find(group))[3 if group == "INDIVIDUALS" else 0 :]:
                root.find(group).remove(record)
        return {case.primary: etree.tostring(tree, xml_declaration=True, encoding="utf-8")}
    lines = (shared_data / OFAC_DIR / "sdn.csv").read_bytes().splitlines(keepends=True)
    return {case.primary: b"".join(lines[:3])}


def test_suspiciously_small_version_is_refused(
    case: Case,
    server: ListServer,
    good_store: ListStore,
    shared_data: Path,
    baselines: dict[str, Baseline],
) -> None:
    for path, body in small_version(case, shared_data).items():
        server.mount(path, body)
    outcome = run(good_store, case)
    version = baseline_version(case, baselines)
    assert_kept(good_store, case, version, outcome)
    assert f"has 3 entities, fewer than 50% of the {case.entities}" in outcome.message
    forced = run(good_store, case, force=True)
    assert forced.status == "updated" and forced.version is not None
    assert forced.version.entities == 3


def test_fresh_store_failure_leaves_no_data(case: Case, server: ListServer, tmp_path: Path) -> None:
    server.behave(case.primary, "error")
    store = ListStore(tmp_path / "data")
    outcome = run(store, case)
    assert outcome.status == "failed" and outcome.version is None
    assert "HTTP 500" in outcome.message and "after 2 attempts" in outcome.message
    assert "no earlier version" in outcome.message
    assert status(store, ListsConfig()) == []
    assert [p.name for p in store.data_dir.iterdir() if p.name.startswith(".download-")] == []


def test_one_failing_list_does_not_stop_the_others(
    server: ListServer, shared_data: Path, tmp_path: Path, small_sdn_ok: None
) -> None:
    un, ofac = un_case(server), ofac_subset(server, shared_data)
    server.behave(un.primary, "error")
    store = ListStore(tmp_path / "data")
    outcomes = update(
        store,
        ["us_ofac_sdn", "un_sc"],
        urls={"un_sc": un.url, "us_ofac_sdn": ofac.url},
        timeout=1.0,
        retries=0,
    )
    assert [(o.list_id, o.status) for o in outcomes] == [
        ("un_sc", "failed"),
        ("us_ofac_sdn", "updated"),
    ]
    assert store.list_ids() == ["us_ofac_sdn"]


def test_missing_file_of_a_set_fails_the_set(server: ListServer, tmp_path: Path) -> None:
    case = ofac_case(server)
    server.behave(case.served[2], "missing")  # add.csv
    outcome = run(ListStore(tmp_path / "data"), case)
    assert outcome.status == "failed"
    assert "HTTP 404" in outcome.message and "add.csv" in outcome.message


# -- usage errors ----------------------------------------------------------------------------
def test_unknown_list_id_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown list id 'nope'"):
        update(ListStore(tmp_path), ["nope"])


def test_multi_file_override_needs_a_base_url(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="base URL ending in '/'"):
        update(ListStore(tmp_path), ["us_ofac_sdn"], urls={"us_ofac_sdn": "http://x/sdn.csv"})


def test_override_for_a_list_not_updated(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not being updated"):
        update(ListStore(tmp_path), ["un_sc"], urls={"us_bis_dpl": "http://x/dpl.txt"})


def test_parse_url_overrides() -> None:
    assert parse_url_overrides(["un_sc=http://h/a.xml", "us_ofac_sdn = https://h/o/"]) == {
        "un_sc": "http://h/a.xml",
        "us_ofac_sdn": "https://h/o/",
    }
    assert parse_url_overrides(["un_sc=http://h/a.xml?x=1"]) == {"un_sc": "http://h/a.xml?x=1"}
    for bad, reason in [
        ("un_sc", "expected ID=URL"),
        ("UN=http://h/a", "not a list id"),
        ("un_sc=ftp://h/a", "http:// or https://"),
        ("un_sc=", "expected ID=URL"),
    ]:
        with pytest.raises(InputError, match=reason):
            parse_url_overrides([bad])
    with pytest.raises(InputError, match="more than once"):
        parse_url_overrides(["un_sc=http://h/a", "un_sc=http://h/b"])


# -- a version read by another release's parsers -----------------------------------------------
@pytest.mark.parametrize("case", ["un_sc"], indirect=True)
def test_a_version_read_by_other_parsers_is_downloaded_and_read_again(
    case: Case, server: ListServer, good_store: ListStore, baselines: dict[str, Baseline]
) -> None:
    """The publisher's files have not changed (a conditional GET would get 304), but this
    release's parsers read them again; after that, conditional GET as before."""
    version = baseline_version(case, baselines)
    read = good_store.entities(case.list_id)
    as_read_by_an_earlier_release(good_store.data_dir, case.list_id)
    outcome = run(good_store, case)
    assert outcome.status == "updated", outcome.message
    assert outcome.message == (
        f"un_sc: version {version} read again with this release's parsers ({case.entities} "
        "entities)"
    )
    (hit,) = server.requests_for(case.primary)
    assert hit.status == 200
    assert "If-None-Match" not in hit.headers and "If-Modified-Since" not in hit.headers
    current = good_store.current(case.list_id)
    assert current is not None and current == outcome.version
    assert (current.version, current.entities, current.parser) == (
        version,
        case.entities,
        parser_marker(),
    )
    first = baselines[case.list_id].outcome.version
    assert first is not None and current.warnings == first.warnings
    assert good_store.entities(case.list_id) == read
    assert [v.version for v in good_store.versions(case.list_id)] == [version]
    server.forget_hits()
    assert run(good_store, case).status == "not_modified"
    assert [h.status for h in server.requests_for(case.primary)] == [304]


@pytest.mark.parametrize("case", ["un_sc"], indirect=True)
def test_reading_again_keeps_the_check_against_a_much_smaller_version(
    case: Case, server: ListServer, good_store: ListStore, baselines: dict[str, Baseline]
) -> None:
    """Unlike ``force``, reading again does not accept far fewer entities than were stored."""
    version = baseline_version(case, baselines)
    as_read_by_an_earlier_release(good_store.data_dir, case.list_id, entities=5000)
    outcome = run(good_store, case)
    assert outcome.status == "failed"
    assert outcome.message == (
        f"un_sc: update failed: read again with this release's parsers, version {version} has "
        f"1003 entities, fewer than 50% of the 5000 in version {version}; kept {version} as "
        "read before (use --force to accept it)"
    )
    assert [h.status for h in server.requests_for(case.primary)] == [200]
    kept = good_store.current(case.list_id)
    assert kept is not None and (kept.version, kept.entities, kept.parser) == (version, 5000, None)
