"""Turn official files on disk into a stored list version (used by import and update)."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from screener.errors import InputError, ListDataError, ListFormatError
from screener.fingerprint import files_digest, library_version
from screener.inputs.files import sha256_of
from screener.lists.formats import get_parser
from screener.lists.sources import LIST_ID, Source, load_sources, watchlists_dir
from screener.lists.store import ListStore, parse_ts, utcnow
from screener.models import ListVersion

CUSTOM_FORMAT = "custom_csv"
_LISTS = Path(__file__).parent
# Code whose change changes what a parsed entity holds.
_PARSER_CODE = (
    *sorted((_LISTS / "formats").glob("*.py")),
    _LISTS / "entity.py",
    _LISTS / "ingest.py",
    # The countries a parser gives an entity come from here, the OFSI workbook is read
    # here and the record links come from the source definitions.
    *sorted((_LISTS.parent / "places").glob("*.py")),
    _LISTS.parent / "places" / "aliases.tsv",
    _LISTS.parent / "inputs" / "workbook.py",
    _LISTS / "sources.py",
)
# Libraries whose release changes what a parsed entity holds (countries, schemas).
_PARSER_LIBRARIES = ("rigour", "pycountry")


@functools.cache
def parser_marker() -> str:
    """A short hash of the code that turns official files into entities (the parsers, the
    entity model, this module), kept with each stored version: a version read by another
    release's parsers is read again by this one."""
    digest = files_digest((*_PARSER_CODE, *sorted((watchlists_dir() / "sources").glob("*.toml"))))
    for library in _PARSER_LIBRARIES:
        digest.update(f"{library} {library_version(library)}".encode())
    return digest.hexdigest()[:16]


def version_sha256(file_hashes: Mapping[str, str]) -> str:
    """One sha256 for a set of files: over their roles and individual hashes, sorted."""
    digest = hashlib.sha256()
    for role in sorted(file_hashes):
        digest.update(f"{role}\0{file_hashes[role]}\n".encode())
    return digest.hexdigest()


def assign_roles(
    source: Source | None, paths: Sequence[Path], *, partial: bool = False
) -> dict[str, Path]:
    """Map user-given paths to the file roles of the source definition.

    A one-file source takes any file name; a multi-file source (the OFAC CSV sets) matches
    file names to roles, case-insensitively, and needs every file that is not optional
    (``partial`` accepts a set without some of them, never without the primary file).
    """
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    if source is None or len(source.files) == 1:
        if len(paths) != 1:
            raise InputError(f"this list takes exactly one file, got {len(paths)}")
        only = source.files[0].name if source else "list.csv"
        return {only: paths[0]}
    roles = {f.name.lower(): f.name for f in source.files}
    assigned: dict[str, Path] = {}
    for path in paths:
        found = roles.get(path.name.lower())
        if found is None:
            expected = ", ".join(f.name for f in source.files)
            raise InputError(f"{path}: not a file of {source.id} (expected: {expected})")
        assigned[found] = path
    missing = [f.name for f in source.files if not f.optional and f.name not in assigned]
    if missing and (source.files[0].name in missing or not partial):
        raise InputError(
            f"{source.id} needs all of its files; missing: {', '.join(missing)}"
            + ("" if source.files[0].name in missing else " (use --force to import them anyway)")
        )
    return assigned


def ingest(
    store: ListStore,
    list_id: str,
    paths: Sequence[Path],
    *,
    fmt: str | None = None,
    origin: str | None = None,
    published_at: str | None = None,
    fetched_at: datetime | None = None,
    http: dict[str, str] | None = None,
    force: bool = False,
    require_published: bool = False,
) -> ListVersion:
    """Parse official files and store them as the list's new current version.

    The parser's warnings (e.g. a file of a set that was not given) are kept with the
    version. ``require_published``: refuse files that state no publication date (local
    imports, whose age would otherwise be unknown) unless ``published_at`` gives one.
    """
    if not LIST_ID.match(list_id):
        raise InputError(f"{list_id!r} is not a valid list id (lowercase letters, digits, _)")
    source = load_sources().get(list_id)
    if source is None and fmt is None:
        fmt = CUSTOM_FORMAT
    fmt = fmt or (source.format if source else CUSTOM_FORMAT)
    files = assign_roles(source, [Path(p) for p in paths], partial=force)
    parsed = get_parser(fmt)(list_id, files)
    published = check_published(list_id, published_at or parsed.published_at, fetched_at)
    if published is None and require_published and source is not None:  # official lists
        raise InputError(
            f"the {list_id} files carry no publication date, so their age cannot be checked: "
            "pass --published YYYY-MM-DD (the date the publisher released them)"
        )
    if not parsed.entities:
        raise ListDataError(f"{list_id}: the files hold no entities; nothing was imported")
    first = store.current(list_id) is None  # later versions are checked against the last one
    if first and source is not None and len(parsed.entities) < source.min_entities and not force:
        raise ListDataError(
            f"{list_id}: the files hold only {len(parsed.entities)} entities, fewer than the "
            f"{source.min_entities} an official {list_id} list has; nothing was imported "
            "(use --force to accept them)"
        )
    hashes = {role: sha256_of(path) for role, path in files.items()}
    origin = origin or ", ".join(str(files[r].resolve()) for r in sorted(files))
    return store.save(
        list_id,
        parsed.entities,
        sha256=version_sha256(hashes),
        fmt=fmt,
        files=hashes,
        published_at=published,
        source=origin,
        fetched_at=fetched_at,
        http=http,
        force=force,
        warnings=parsed.warnings,
        parser=parser_marker(),
    )


def check_published(list_id: str, text: str | None, now: datetime | None) -> str | None:
    """A publication date as the files state it, checked: a full date, not in the future."""
    if text is None:
        return None
    try:
        stamp = parse_ts(text if len(text) > 10 else f"{text[:10]}T00:00:00Z")
    except ValueError:
        raise ListFormatError(f"{list_id}: the publication date {text!r} is not a date") from None
    if stamp > (now or utcnow()) + timedelta(days=2):
        raise ListFormatError(f"{list_id}: the publication date {text} is in the future")
    return text
