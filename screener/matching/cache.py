"""The built matcher, kept on disk beside the list store for the next scan or look-up, with
the territory table its normalisation reads (``places.territories``).

Normalising ~85,000 listed names (transliteration included) takes seconds; loading the built
index back takes about one. A cached matcher is used only when everything it was built from
is unchanged: the list versions (id, version, sha256 and the parsers that read them), the
matching settings, the matching code itself and the ``rigour`` release that normalises
names. Anything else — a new list version, the same files read again by new parsers, another
threshold table, an upgrade — builds afresh. An unreadable cache file is ignored and
rebuilt, never trusted; a data directory that cannot be written to is simply not cached.
The cache holds Python objects (pickle): it lives in the user's own data directory, next to
the list store that a scan trusts anyway.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from screener.fingerprint import files_digest, library_version
from screener.lists.entity import Entity
from screener.matching.config import MatchingConfig
from screener.matching.matcher import Matcher
from screener.models import ListVersion
from screener.places.territories import data_key, table_codes, use_codes

CACHE_DIR = "cache"
# Matchers kept, the most recently used: a scan's and a look-up's on other lists.
KEPT = 2
_PREFIX = "matcher-"
_TERRITORIES = "territories-"
_SOURCES = Path(__file__).parent
# Code whose change changes what a built matcher holds.
_CODE = (*sorted(_SOURCES.glob("*.py")), _SOURCES.parent / "lists" / "entity.py")


def cache_key(versions: Sequence[ListVersion], config: MatchingConfig) -> str:
    """What a matcher is built from, hashed: lists, settings, code and normaliser."""
    digest = files_digest(_CODE)
    facts = {
        "lists": sorted((v.id, v.version, v.sha256, v.parser or "") for v in versions),
        "config": config.model_dump(mode="json"),
        "rigour": library_version("rigour"),
        "rapidfuzz": library_version("rapidfuzz"),
        "numpy": library_version("numpy"),
    }
    digest.update(json.dumps(facts, sort_keys=True).encode())
    return digest.hexdigest()


def cached_matcher(
    data_dir: Path,
    versions: Sequence[ListVersion],
    config: MatchingConfig,
    entities: Callable[[], list[Entity]],
) -> Matcher:
    """The matcher for ``versions``: from the cache when it is current, else built (from
    ``entities()``) and cached for the next scan."""
    folder = Path(data_dir) / CACHE_DIR
    kept_territories(folder)
    path = folder / f"{_PREFIX}{cache_key(versions, config)[:32]}.pickle"
    with _gc_paused():
        found = _load(path)
        if found is not None:
            with contextlib.suppress(OSError):
                os.utime(path)  # used: kept before older ones
            return found
        matcher = Matcher(entities(), config=config)
    _save(folder, path, matcher)
    return matcher


def kept_territories(folder: Path) -> None:
    """Read place names with the territory table kept in ``folder`` when it was made from
    this ``rigour``'s data (``places.territories``), else build it and keep it there."""
    path = folder / f"{_TERRITORIES}{data_key()[:32]}.json"
    try:
        codes = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or damaged: rebuilt
        codes = None
    if isinstance(codes, dict) and codes and use_codes(codes):
        return
    text = json.dumps(table_codes(), ensure_ascii=False, sort_keys=True).encode("utf-8")
    _replace(folder, path, f"{_TERRITORIES}*.json", 1, lambda fh: _write_all(fh, text))


def _load(path: Path) -> Matcher | None:
    try:
        with path.open("rb") as fh:
            found = pickle.load(fh)
    except Exception:  # missing or damaged: rebuilt, whatever the damage
        return None
    return found if isinstance(found, Matcher) else None


def _save(folder: Path, path: Path, matcher: Matcher) -> None:
    """Keep ``matcher`` and the ``KEPT`` - 1 most recently used others."""
    _replace(folder, path, f"{_PREFIX}*.pickle", KEPT, _pickled(matcher))


def _pickled(matcher: Matcher) -> Callable[[IO[bytes]], None]:
    return lambda fh: pickle.dump(matcher, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _write_all(fh: IO[bytes], data: bytes) -> None:
    fh.write(data)


def _replace(
    folder: Path, path: Path, pattern: str, kept: int, write: Callable[[IO[bytes]], None]
) -> None:
    """Write atomically; keep the ``kept`` most recently used files matching ``pattern``,
    this one among them; say nothing if the folder is read-only."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".cache-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as fh:
                write(fh)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        others = [p for p in folder.glob(pattern) if p != path]
        others.sort(key=_last_used, reverse=True)
        for other in others[kept - 1 :]:
            with contextlib.suppress(OSError):
                other.unlink()
    except OSError:
        return


def _last_used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic collection while millions of long-lived objects are made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
