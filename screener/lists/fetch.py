"""Download official lists (``screener lists update``): the only network code in the project.

Each file of a source is fetched with a conditional GET (the ETag and Last-Modified stored
with the current version, per file), streamed into a temporary folder inside the data
directory under a size cap and a Content-Length check, and retried with exponential backoff
on connection errors, timeouts, 5xx and 429 (honouring ``Retry-After`` up to
:data:`MAX_RETRY_AFTER` seconds). The files are then parsed and stored by
:func:`~screener.lists.ingest.ingest`, which refuses empty or suspiciously small versions and
makes the new version current atomically. A list that fails keeps its last good version and
never stops the others.

A list whose current version was read by another release's parsers is downloaded without
the conditional headers, so that this release's parsers read the files again even when the
publisher has not changed them (the check against a much smaller version still applies).

``--url ID=URL`` overrides a source's address, for mirrors and tests: for a one-file source
the URL is the file itself; for a multi-file source (the OFAC CSV sets) it is a base URL
ending in ``/`` to which each file's name (``sdn.csv``, ``alt.csv``, ...) is appended.
"""

from __future__ import annotations

import contextlib
import email.utils
import socket
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import urlsplit

import requests
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TransferSpeedColumn,
)
from urllib3.exceptions import NameResolutionError

from screener import __version__
from screener.errors import FetchError, InputError, ListDataError
from screener.lists.ingest import ingest, parser_marker
from screener.lists.sources import LIST_ID, Source, load_sources
from screener.lists.store import ListStore, iso, utcnow
from screener.models import ListVersion

DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB: far above any official list, far below a full disk
CONNECT_TIMEOUT = 15.0  # seconds; the read timeout is the ``timeout`` argument
DEFAULT_RETRIES = 3  # further attempts after the first
DEFAULT_BACKOFF = 2.0  # seconds before the first retry, doubled for each further one
MAX_RETRY_AFTER = 120.0  # a server asking to wait longer than this is a failure, not a wait
CHUNK_BYTES = 1 << 16
USER_AGENT = f"screener/{__version__} (supply-chain sanctions screening; python-requests)"

Status = Literal["updated", "not_modified", "failed"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class UpdateOutcome:
    """What ``update`` did for one list: ``version`` is the version current afterwards."""

    list_id: str
    status: Status
    version: ListVersion | None
    message: str


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    max_retry_after: float = MAX_RETRY_AFTER

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        return float(self.backoff * (2**attempt))


class _Retryable(FetchError):
    """A transient failure (connection, timeout, 5xx, 429, truncated body): try again."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class _Target:
    role: str
    url: str
    optional: bool


@dataclass(frozen=True, slots=True)
class _Fetched:
    """One file's result: ``path`` is None when it was not modified or (optional) absent."""

    target: _Target
    path: Path | None
    not_modified: bool
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class _Client:
    session: requests.Session
    timeout: float
    max_bytes: int
    retry: RetryPolicy
    progress: Progress | None


# -- public API -------------------------------------------------------------------------
def parse_url_overrides(items: list[str]) -> dict[str, str]:
    """``["un_sc=https://mirror/consolidated.xml"]`` → ``{"un_sc": "https://..."}``.

    Raises InputError on an item without ``=``, a bad list id, a URL that is not http(s)
    or a list given twice.
    """
    overrides: dict[str, str] = {}
    for item in items:
        list_id, sep, url = item.partition("=")
        list_id, url = list_id.strip(), url.strip()
        if not sep or not url:
            raise InputError(f"--url {item!r}: expected ID=URL, e.g. un_sc=https://host/file.xml")
        if not LIST_ID.match(list_id):
            raise InputError(f"--url {item!r}: {list_id!r} is not a list id")
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise InputError(f"--url {item!r}: the URL must start with http:// or https://")
        if list_id in overrides:
            raise InputError(f"--url: {list_id} is given more than once")
        overrides[list_id] = url
    return overrides


def update(
    store: ListStore,
    sources: list[str] | None = None,
    *,
    urls: Mapping[str, str] | None = None,
    force: bool = False,
    progress: bool = False,
    session: requests.Session | None = None,
    timeout: float = 60,
    max_bytes: int = DEFAULT_MAX_BYTES,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
) -> list[UpdateOutcome]:
    """Download and store the official lists; one outcome per list, sorted by list id.

    ``sources=None`` means every source with ``update_by_default`` plus any list given a URL
    in ``urls``. ``force`` downloads without conditional GET and accepts a version much
    smaller than the last one. Raises InputError only for usage errors (unknown list ids,
    unusable URL overrides) and ListDataError when the data directory cannot be written;
    a list that cannot be fetched or parsed is a "failed" outcome, never an exception.
    """
    urls = dict(urls or {})
    chosen = _select(sources, urls)
    targets = {s.id: _targets(s, urls.get(s.id)) for s in chosen}
    try:
        store.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ListDataError(f"cannot create data directory {store.data_dir}: {exc}") from exc
    policy = RetryPolicy(retries=max(0, retries), backoff=max(0.0, backoff))
    with _session(session) as http, _progress_bar(progress) as bar:
        client = _Client(http, timeout, max_bytes, policy, bar)
        return [_update_one(store, s, targets[s.id], client, force) for s in chosen]


# -- choosing what to fetch ---------------------------------------------------------------
def _select(wanted: list[str] | None, urls: Mapping[str, str]) -> list[Source]:
    known = load_sources()
    names = ", ".join(known)
    for list_id in sorted(set(wanted or []) | set(urls)):
        if list_id not in known:
            raise InputError(f"unknown list id {list_id!r} (known: {names})")
    if wanted is None:
        ids = {s.id for s in known.values() if s.update_by_default} | set(urls)
    else:
        ids = set(wanted)
        stray = sorted(set(urls) - ids)
        if stray:
            raise InputError(f"--url given for {', '.join(stray)}, which is not being updated")
    return [known[list_id] for list_id in sorted(ids)]


def _targets(source: Source, override: str | None) -> list[_Target]:
    if override is None:
        return [_Target(f.name, f.url, f.optional) for f in source.files]
    if len(source.files) == 1:
        return [_Target(source.files[0].name, override, False)]
    if not override.endswith("/"):
        roles = ", ".join(f.name for f in source.files)
        raise InputError(
            f"--url {source.id}={override}: {source.id} has {len(source.files)} files "
            f"({roles}); give a base URL ending in '/' to which each file name is appended"
        )
    return [_Target(f.name, override + f.name, f.optional) for f in source.files]


# -- one list -----------------------------------------------------------------------------
def _update_one(
    store: ListStore, source: Source, targets: list[_Target], client: _Client, force: bool
) -> UpdateOutcome:
    list_id = source.id
    try:
        with tempfile.TemporaryDirectory(dir=store.data_dir, prefix=".download-") as tmp:
            return _download_and_store(store, list_id, targets, client, Path(tmp), force)
    except Exception as exc:  # one failing list never stops the others
        return _failed(store, list_id, exc)


def _download_and_store(
    store: ListStore,
    list_id: str,
    targets: list[_Target],
    client: _Client,
    folder: Path,
    force: bool,
) -> UpdateOutcome:
    started = utcnow()
    current = store.current(list_id)
    # Read by other parsers: fetch the files in full, even unchanged, to read them again.
    reread = current is not None and current.parser != parser_marker()
    state = {} if force or reread or current is None else store.http_state(list_id)
    fetched = [_fetch_file(client, t, folder, _validators(state, t)) for t in targets]
    if all(f.path is None for f in fetched):
        store.touch(list_id, _http_state(fetched, state))
        current = store.current(list_id)
        label = current.version if current else "?"
        return UpdateOutcome(
            list_id,
            "not_modified",
            current,
            f"{list_id}: not modified since version {label}; confirmed at {iso(utcnow())}",
        )
    # Files the server called unchanged are not kept on disk: fetch them again in full.
    fetched = [_fetch_file(client, f.target, folder, {}) if f.not_modified else f for f in fetched]
    paths = [f.path for f in fetched if f.path is not None]
    version = ingest(
        store,
        list_id,
        paths,
        origin=", ".join(t.url for t in targets),
        fetched_at=started,
        http=_http_state(fetched, state),
        force=force,
    )
    message = f"{list_id}: now at version {version.version} ({version.entities} entities)"
    if reread and current is not None and version.version == current.version:
        message = (
            f"{list_id}: version {version.version} read again with this release's parsers "
            f"({version.entities} entities)"
        )
    return UpdateOutcome(list_id, "updated", version, message)


def _failed(store: ListStore, list_id: str, exc: Exception) -> UpdateOutcome:
    reason = str(exc) if isinstance(exc, ListDataError) else f"{type(exc).__name__}: {exc}"
    reason = " ".join(reason.split()).removeprefix(f"{list_id}: ")
    try:
        current = store.current(list_id)
    except ListDataError:
        current = None
    if current is None:
        kept = "the list has no earlier version"
    elif f"kept {current.version}" in reason:
        kept = ""
    else:
        kept = f"kept the last good version {current.version}"
    message = f"{list_id}: update failed: {reason}" + (f"; {kept}" if kept else "")
    return UpdateOutcome(list_id, "failed", current, message)


# -- conditional GET state ------------------------------------------------------------------
def _validators(state: Mapping[str, str], target: _Target) -> dict[str, str]:
    """Conditional headers for a file, if the current version came from the same URL."""
    if state.get(f"{target.role} url") != target.url:
        return {}
    headers = {}
    if etag := state.get(f"{target.role} etag"):
        headers["If-None-Match"] = etag
    if modified := state.get(f"{target.role} last-modified"):
        headers["If-Modified-Since"] = modified
    return headers


def _http_state(fetched: list[_Fetched], previous: Mapping[str, str]) -> dict[str, str]:
    state: dict[str, str] = {}
    for f in fetched:
        role = f.target.role
        state[f"{role} url"] = f.target.url
        kept = previous if f.not_modified else {}
        etag = f.etag or kept.get(f"{role} etag")
        modified = f.last_modified or kept.get(f"{role} last-modified")
        if etag:
            state[f"{role} etag"] = etag
        if modified:
            state[f"{role} last-modified"] = modified
    return state


# -- one file -------------------------------------------------------------------------------
def _fetch_file(
    client: _Client, target: _Target, folder: Path, headers: Mapping[str, str]
) -> _Fetched:
    dest = folder / target.role
    return _with_retries(client.retry, lambda: _get(client, target, dest, headers))


def _with_retries(policy: RetryPolicy, attempt: Callable[[], T]) -> T:
    for n in range(policy.retries + 1):
        try:
            return attempt()
        except _Retryable as exc:
            if n == policy.retries:
                tries = f" (after {n + 1} attempts)" if n else ""
                raise FetchError(f"{exc}{tries}") from exc
            wait = policy.delay(n)
            if exc.retry_after is not None:
                if exc.retry_after > policy.max_retry_after:
                    raise FetchError(
                        f"{exc}; the server asks to retry after {exc.retry_after:g} s"
                    ) from exc
                wait = max(wait, exc.retry_after)
            time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _get(client: _Client, target: _Target, dest: Path, headers: Mapping[str, str]) -> _Fetched:
    url = target.url
    try:
        response = client.session.get(
            url,
            headers=dict(headers),
            stream=True,
            timeout=(min(CONNECT_TIMEOUT, client.timeout), client.timeout),
        )
    except requests.Timeout as exc:
        raise _Retryable(f"timed out after {client.timeout:g} s fetching {url}") from exc
    except requests.ConnectionError as exc:
        if _name_not_resolved(exc):  # no network or no such host: retrying will not help
            host = urlsplit(url).hostname
            raise FetchError(f"cannot resolve {host} (no network, or no such host)") from exc
        raise _Retryable(f"cannot connect to {url}: {_short(exc)}") from exc
    except requests.RequestException as exc:
        raise FetchError(f"cannot fetch {url}: {_short(exc)}") from exc
    with response:
        return _read_response(client, target, dest, response)


def _read_response(
    client: _Client, target: _Target, dest: Path, response: requests.Response
) -> _Fetched:
    url, code = target.url, response.status_code
    etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    if code == 304:
        return _Fetched(target, None, True, etag, modified)
    if code in (404, 410) and target.optional:
        return _Fetched(target, None, False)
    if code == 429 or code >= 500:
        retry_after = _retry_after(response.headers.get("Retry-After"))
        raise _Retryable(f"HTTP {code} {response.reason} from {url}", retry_after)
    if code != 200:
        raise FetchError(f"HTTP {code} {response.reason} from {url}")
    _stream_to(client, response, dest, url)
    return _Fetched(target, dest, False, etag, modified)


def _stream_to(client: _Client, response: requests.Response, dest: Path, url: str) -> None:
    expected = _content_length(response)
    encoded = bool(response.headers.get("Content-Encoding", "").strip())
    if expected is not None and not encoded and expected > client.max_bytes:
        raise FetchError(f"{url} is {expected} bytes, over the limit of {client.max_bytes}")
    written = 0
    with _task(client.progress, dest.name, expected) as advance, dest.open("wb") as out:
        try:
            for chunk in response.iter_content(CHUNK_BYTES):
                written += len(chunk)
                if written > client.max_bytes:
                    raise FetchError(f"{url} is over the limit of {client.max_bytes} bytes")
                out.write(chunk)
                advance(len(chunk))
        except requests.Timeout as exc:
            raise _Retryable(f"timed out after {client.timeout:g} s reading {url}") from exc
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise _Retryable(f"download of {url} was cut off: {_short(exc)}") from exc
    received = response.raw.tell() if encoded else written
    if expected is not None and received < expected:
        raise _Retryable(f"download of {url} was cut off: {received} of {expected} bytes")


def _name_not_resolved(exc: BaseException) -> bool:
    """Whether a connection error is a failed DNS look-up, anywhere in its chain."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, socket.gaierror | NameResolutionError):
            return True
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        todo += [a for a in current.args if isinstance(a, BaseException)]
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
    return False


def _content_length(response: requests.Response) -> int | None:
    text = response.headers.get("Content-Length")
    return int(text) if text and text.strip().isdigit() else None


def _retry_after(text: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not text:
        return None
    text = text.strip()
    if text.isdigit():
        return float(text)
    with contextlib.suppress(TypeError, ValueError):
        when = email.utils.parsedate_to_datetime(text)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return None


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


# -- plumbing ---------------------------------------------------------------------------------
@contextlib.contextmanager
def _session(given: requests.Session | None) -> Iterator[requests.Session]:
    if given is not None:
        yield given
        return
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        yield session


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        yield bar


@contextlib.contextmanager
def _task(bar: Progress | None, name: str, total: int | None) -> Iterator[Callable[[int], None]]:
    if bar is None:
        yield lambda _n: None
        return
    task = bar.add_task(name, total=total)
    try:
        yield lambda n: bar.advance(task, n)
    finally:
        bar.remove_task(task)
