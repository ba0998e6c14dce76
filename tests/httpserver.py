"""A local HTTP server for download tests: 127.0.0.1 only, never the internet.

It serves files (by default the shared reference data, by their path under it) and any bytes
mounted at a path, with ETag / Last-Modified and 304 on a matching conditional request, and
switchable misbehaviour per path:

``normal``     200 with ETag and Last-Modified; 304 on If-None-Match / If-Modified-Since
``error``      500 every time
``slow``       sleeps ``slow_seconds`` before answering (beyond the client's timeout)
``truncated``  announces the full Content-Length, sends half the body, closes
``garbage``    200 with bytes that are no list format at all
``gzip``       the body gzip-encoded (Content-Encoding: gzip)
``flaky``      503 for the first ``fail_times`` requests, then normal
``ratelimit``  429 with ``Retry-After: 1`` for the first request, then normal
``missing``    404
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

BEHAVIOURS = (
    "normal",
    "error",
    "slow",
    "truncated",
    "garbage",
    "gzip",
    "flaky",
    "ratelimit",
    "missing",
)
GARBAGE = bytes(range(256)) * 64 + b"<<not a list>>\x00\x1a"
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)  # Tue, 14 Nov 2023 22:13:20 GMT


@dataclass(frozen=True, slots=True)
class Hit:
    """One request the server answered."""

    path: str
    status: int
    headers: dict[str, str]


@dataclass
class ListServer:
    """State of a running server; tests switch behaviours and mount content on it."""

    root: Path
    base_url: str = ""
    slow_seconds: float = 3.0
    fail_times: int = 1
    behaviours: dict[str, str] = field(default_factory=dict)
    mounts: dict[str, bytes] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    _counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # Bumped by ``forget_hits``: a request that arrived before keeps out of the new record
    # (a slow answer of an earlier test finishing late does not count in the next one).
    generation: int = 0

    def forget_hits(self) -> None:
        with self._lock:
            self.generation += 1
            self.hits.clear()

    def record(self, generation: int, hit: Hit) -> None:
        with self._lock:
            if generation == self.generation:
                self.hits.append(hit)

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def mount(self, path: str, content: bytes | Path) -> str:
        """Serve ``content`` at ``path`` (replacing what was there); returns its URL."""
        body = content.read_bytes() if isinstance(content, Path) else content
        self.mounts["/" + path.lstrip("/")] = body
        return self.url(path)

    def behave(self, path: str, behaviour: str) -> None:
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {behaviour!r}")
        key = "/" + path.lstrip("/")
        self.behaviours[key] = behaviour
        self._counts.pop(key, None)

    def behave_all(self, paths: list[str], behaviour: str) -> None:
        for path in paths:
            self.behave(path, behaviour)

    def requests_for(self, path: str) -> list[Hit]:
        key = "/" + path.lstrip("/")
        return [h for h in self.hits if h.path == key]

    # -- used by the handler ------------------------------------------------------------
    def body(self, path: str) -> bytes | None:
        if path in self.mounts:
            return self.mounts[path]
        file = (self.root / path.lstrip("/")).resolve()
        if file.is_relative_to(self.root.resolve()) and file.is_file():
            return file.read_bytes()
        return None

    def count(self, path: str) -> int:
        """How many requests for ``path`` came before this one (since its last behave)."""
        with self._lock:
            seen = self._counts.get(path, 0)
            self._counts[path] = seen + 1
            return seen


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def _handler(state: ListServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Silent: the hits are recorded on the server state instead."""

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            generation = state.generation
            status = self._answer(path, state.behaviours.get(path, "normal"))
            state.record(generation, Hit(path, status, {k: v for k, v in self.headers.items()}))

        def _answer(self, path: str, behaviour: str) -> int:
            body = state.body(path)
            if body is None or behaviour == "missing":
                return self._send(404, b"not found")
            seen = state.count(path)
            if behaviour == "error":
                return self._send(500, b"internal error")
            if behaviour == "flaky" and seen < state.fail_times:
                return self._send(503, b"try later")
            if behaviour == "ratelimit" and seen == 0:
                return self._send(429, b"slow down", {"Retry-After": "1"})
            if behaviour == "slow":
                state.stopping.wait(state.slow_seconds)
            if behaviour == "garbage":
                body = GARBAGE
            headers = {"ETag": etag_of(body), "Last-Modified": LAST_MODIFIED}
            if self._not_modified(headers["ETag"]):
                return self._send(304, b"", headers)
            if behaviour == "gzip":
                return self._send(200, gzip.compress(body), headers | {"Content-Encoding": "gzip"})
            if behaviour == "truncated":
                return self._send(200, body, headers, cut=len(body) // 2)
            return self._send(200, body, headers)

        def _not_modified(self, etag: str) -> bool:
            if "If-None-Match" in self.headers:
                return self.headers["If-None-Match"] == etag
            return self.headers.get("If-Modified-Since") == LAST_MODIFIED

        def _send(
            self,
            status: int,
            body: bytes,
            headers: dict[str, str] | None = None,
            cut: int | None = None,
        ) -> int:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            payload = body if cut is None else body[:cut]
            try:
                self.wfile.write(payload)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)
            self.close_connection = True
            return status

    return Handler


@contextlib.contextmanager
def serve(root: Path) -> Iterator[ListServer]:
    """Run a server for files under ``root`` on 127.0.0.1 (a free port) until the block ends."""
    state = ListServer(root=root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="list-server", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def list_server(shared_data: Path) -> Iterator[ListServer]:
    """A running server over the shared reference data (see :func:`serve`)."""
    with serve(shared_data) as server:
        yield server
