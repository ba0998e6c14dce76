"""A company's own list (``custom_csv``): one plain CSV file.

Format
------
UTF-8 text (a byte-order mark is allowed), comma-separated, double quotes around fields
that contain commas, quotes or line breaks. The first row is the header; column names are
matched case-insensitively and in any order. Only ``id`` and ``name`` are required; unknown
columns are an error (they are usually a typo).

=========== ================================================================================
column      meaning
=========== ================================================================================
id          your own stable id for the party, unique in the file; the entity id becomes
            ``<list id>:<id>``
name        the primary name, any script
aliases     other names, ``;``-separated
schema      ``Person``, ``Organization``, ``Vessel``, ``Aircraft`` or ``Unknown`` (default);
            ``individual``, ``company``, ``entity``, ``ship`` are accepted too
countries   ``;``-separated country names or ISO codes (``Iran; RU``)
programs    ``;``-separated programme or reason labels
identifiers ``;``-separated ``kind:value`` pairs; kind is one of ``imo``, ``lei``,
            ``registration``, ``tax``, ``passport``, ``national_id``, ``swift``, ``mmsi``,
            ``other`` (``imo:9562233; lei:529900T8BM49AURSDO55``)
remarks     free text
listed_on   the date the party was put on the list, ``YYYY-MM-DD``
=========== ================================================================================

Example::

    id,name,aliases,schema,countries,programs,identifiers,remarks,listed_on
    S-001,Acme Trading FZE,Acme Trading;ACME FZE,Organization,AE,block,imo:9562233,,2024-03-01

Every problem is reported with its file, row (the header is row 1) and column, and the
whole file is refused: a list that is half-read would screen silently against less.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TextIO

from screener.errors import ListFormatError
from screener.lists.entity import Entity, EntityName, Identifier, make_id
from screener.lists.formats import ParsedList
from screener.lists.formats._xml import clean, finish, script_of, unique
from screener.places import resolve_country

ROLE = "list.csv"
COLUMNS = (
    "id",
    "name",
    "aliases",
    "schema",
    "countries",
    "programs",
    "identifiers",
    "remarks",
    "listed_on",
)
REQUIRED = ("id", "name")
MAX_LINE_CHARS = 1 << 20  # a custom list's line is a few hundred characters
SCHEMA_WORDS = {
    "person": "Person",
    "individual": "Person",
    "organization": "Organization",
    "organisation": "Organization",
    "company": "Organization",
    "entity": "Organization",
    "vessel": "Vessel",
    "ship": "Vessel",
    "aircraft": "Aircraft",
    "unknown": "Unknown",
    "": "Unknown",
}
IDENTIFIER_KINDS = frozenset(
    {"imo", "lei", "registration", "tax", "passport", "national_id", "swift", "mmsi", "other"}
)


class _RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def parse(list_id: str, files: Mapping[str, Path]) -> ParsedList:
    """Read the file; its role may be any name (a custom list has exactly one file)."""
    if len(files) != 1:
        raise ListFormatError(f"a custom list is one CSV file; got {len(files)} files")
    path = Path(next(iter(files.values())))
    entities: list[Entity] = []
    for row_number, row in _rows(path):
        try:
            entities.append(_entity(list_id, row))
        except _RowError as exc:
            raise ListFormatError(
                f"{path.name}, row {row_number}, column {exc.column!r}: {exc}"
            ) from exc
    return ParsedList(entities=finish(path, entities))


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(_bounded_lines(fh, path), strict=True)
            header = [h.strip().lower() for h in next(reader, [])]
            _check_header(path, header)
            for row_number, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    raise ListFormatError(
                        f"{path.name}, row {row_number}: {len(values)} fields, "
                        f"the header has {len(header)}"
                    )
                yield row_number, dict(zip(header, values, strict=True))
    except UnicodeDecodeError as exc:
        raise ListFormatError(f"{path.name}: not UTF-8 text: {exc}") from exc
    except csv.Error as exc:
        raise ListFormatError(f"{path.name}: not a readable CSV file: {exc}") from exc
    except OSError as exc:
        raise ListFormatError(f"{path.name}: cannot read the file: {exc}") from exc


def _bounded_lines(fh: TextIO, path: Path) -> Iterator[str]:
    """The file's lines, refusing one so long that reading it whole would exhaust memory."""
    while line := fh.readline(MAX_LINE_CHARS + 1):
        if len(line) > MAX_LINE_CHARS:
            raise ListFormatError(
                f"{path.name}: a line is longer than {MAX_LINE_CHARS:,} characters"
            )
        yield line


def _check_header(path: Path, header: list[str]) -> None:
    if not header:
        raise ListFormatError(f"{path.name}: the file is empty")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ListFormatError(
            f"{path.name}, row 1: unknown column(s) {', '.join(map(repr, unknown))} "
            f"(known: {', '.join(COLUMNS)})"
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ListFormatError(f"{path.name}, row 1: missing column(s) {', '.join(missing)}")
    if len(set(header)) != len(header):
        raise ListFormatError(f"{path.name}, row 1: a column name is repeated")


def _multi(row: dict[str, str], column: str) -> list[str]:
    return unique([clean(v) for v in row.get(column, "").split(";")])


def _entity(list_id: str, row: dict[str, str]) -> Entity:
    source_id = clean(row["id"])
    if not source_id:
        raise _RowError("id", "the id is empty")
    name = clean(row["name"])
    if not name:
        raise _RowError("name", "the name is empty")
    aliases = [a for a in _multi(row, "aliases") if a != name]
    return Entity(
        id=make_id(list_id, source_id),
        list_id=list_id,
        schema=_schema(row.get("schema", "")),
        names=[
            EntityName(name, lang=script_of(name)),
            *(EntityName(a, kind="aka", lang=script_of(a)) for a in aliases),
        ],
        programs=_multi(row, "programs"),
        countries=_countries(_multi(row, "countries")),
        identifiers=[_identifier(v) for v in _multi(row, "identifiers")],
        listed_on=_date(clean(row.get("listed_on", ""))),
        remarks=clean(row.get("remarks", "")) or None,
    )


def _schema(value: str) -> str:
    schema = SCHEMA_WORDS.get(clean(value).lower())
    if schema is None:
        raise _RowError("schema", f"{value!r} is not one of Person, Organization, Vessel, …")
    return schema


def _countries(values: list[str]) -> list[str]:
    codes = set()
    for value in values:
        code = resolve_country(value)
        if code is None:
            raise _RowError("countries", f"{value!r} is not a known country")
        codes.add(code)
    return sorted(codes)


def _identifier(value: str) -> Identifier:
    kind, sep, number = value.partition(":")
    kind, number = kind.strip().lower(), number.strip()
    if not sep or kind not in IDENTIFIER_KINDS or not number:
        raise _RowError(
            "identifiers", f"{value!r} is not kind:value with kind in {sorted(IDENTIFIER_KINDS)}"
        )
    return Identifier(kind, number)


def _date(value: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise _RowError("listed_on", f"{value!r} is not a YYYY-MM-DD date") from exc
