"""What derived data was made from, hashed: the code files and library releases that shape
it (the built matcher cache, the parser marker of each stored list version)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def library_version(package: str) -> str:
    """The installed release of a package, ``unknown`` if it is not installed."""
    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - every one asked for is a dependency
        return "unknown"


def files_digest(paths: Iterable[Path]) -> hashlib._Hash:
    """A sha256 fed with each file's name and bytes, in the order given."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest
