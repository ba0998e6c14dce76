"""Shared, safe readers for the tabular list formats (OFAC, OFSI, CSL, DPL).

Every reader streams with bounded memory: lines are read with a length cap, CSV fields with a
size cap, gzip output with a byte cap and XLSX archives are checked for decompression bombs
before they are opened. Every failure becomes a one-line
:class:`~screener.errors.ListFormatError` that names the file.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gzip
import io
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Protocol

from rigour.names.org_types import extract_org_types

from screener.errors import ListFormatError
from screener.inputs.workbook import archive_problem
from screener.lists.entity import Entity, EntityName
from screener.lists.sources import load_sources
from screener.places import resolve_country

MAX_FIELD_CHARS = 1 << 20  # 1 MiB: the longest real field (OFAC remarks) is < 10 KiB
MAX_LINE_CHARS = 4 << 20  # a physical line longer than this is not a list file
MAX_GZIP_BYTES = 2 << 30  # decompressed size cap for gzip lists (2 GiB)
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"

_KIND_RANK = {"primary": 0, "variation": 1, "aka": 2, "fka": 3, "nka": 4}


def fail(path: Path, message: str) -> ListFormatError:
    """A one-line format error naming the file."""
    return ListFormatError(f"{path.name}: {message}")


def clean(value: object) -> str | None:
    """Strip, collapse inner whitespace; empty → ``None``."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def dedupe(values: Iterable[str | None]) -> list[str]:
    """Drop empties and repeats, keep first-seen order."""
    return list(dict.fromkeys(v for v in values if v))


def head_bytes(path: Path, size: int = 4) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise fail(path, f"cannot read file ({exc.strerror})") from exc


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _CappedReader(io.RawIOBase):
    """A raw stream that raises once more than ``cap`` bytes were read from ``inner``."""

    def __init__(self, inner: _Readable, cap: int, path: Path) -> None:
        self._inner = inner
        self._left = cap
        self._cap = cap
        self._path = path

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(min(len(buffer), self._left + 1))
        self._left -= len(data)
        if self._left < 0:
            raise fail(self._path, f"decompressed data exceeds {self._cap} bytes")
        buffer[: len(data)] = data
        return len(data)


@contextlib.contextmanager
def open_binary(path: Path, *, gzip_cap: int | None = None) -> Iterator[IO[bytes]]:
    """Open a file for reading, transparently decompressing gzip up to ``gzip_cap`` bytes
    (default :data:`MAX_GZIP_BYTES`)."""
    is_gzip = head_bytes(path, 2) == GZIP_MAGIC
    with path.open("rb") as raw:
        if not is_gzip:
            yield raw
            return
        with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
            cap = MAX_GZIP_BYTES if gzip_cap is None else gzip_cap
            yield io.BufferedReader(_CappedReader(gz, cap, path))


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` for a BOM, ``utf-8`` if the whole (decompressed) file decodes, else
    ``cp1252``. Streams in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open_binary(path) as fh:
        first = True
        try:
            while chunk := fh.read(1 << 20):
                if first and chunk.startswith(codecs.BOM_UTF8):
                    return "utf-8-sig"
                first = False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
        except (OSError, EOFError, zlib.error) as exc:
            raise fail(path, f"cannot decompress ({exc})") from exc
    return "utf-8"


def _bounded_lines(fh: IO[str], path: Path) -> Iterator[str]:
    while line := fh.readline(MAX_LINE_CHARS + 1):
        if len(line) > MAX_LINE_CHARS:
            raise fail(path, f"a line is longer than {MAX_LINE_CHARS} characters")
        yield line


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv(
    path: Path, *, delimiter: str = ",", encoding: str | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, row)`` of a plain or gzip CSV file, safely.

    Blank rows and a lone Ctrl-Z (0x1A, the DOS end-of-file mark OFAC appends) are skipped.
    """
    enc = encoding or detect_encoding(path)
    try:
        with (
            _field_limit(MAX_FIELD_CHARS),
            open_binary(path) as raw,
            io.TextIOWrapper(raw, encoding=enc, newline="") as text,
        ):
            reader = csv.reader(_bounded_lines(text, path), delimiter=delimiter, strict=True)
            for row in reader:
                if not row or (len(row) == 1 and row[0].strip(" \x1a\r\n") == ""):
                    continue
                yield reader.line_num, row
    except csv.Error as exc:
        raise fail(path, f"not valid CSV ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise fail(path, f"not valid {enc} text at byte {exc.start}") from exc
    except (OSError, EOFError, zlib.error) as exc:
        raise fail(path, f"cannot read ({exc})") from exc


def check_zip(path: Path) -> None:
    """Refuse zip archives whose declared sizes look like a decompression bomb."""
    problem = archive_problem(path)
    if problem is not None:
        raise fail(path, problem)


def countries(text: str | None) -> list[str]:
    """Resolve a publisher's country text, single or ``(1) X. (2) Y``, to codes."""
    if not text:
        return []
    parts = re.split(r"\(\d+\)", text) if re.search(r"\(\d+\)", text) else [text]
    return dedupe(resolve_one(p) for p in parts)


def resolve_one(text: str | None) -> str | None:
    """Resolve one country name, retrying without a trailing note like ``(previous address)``
    and with a ``Congo (Democratic Republic)`` inversion."""
    value = clean(text)
    if not value:
        return None
    value = value.strip(" .,;")
    code = resolve_country(value)
    if code is not None:
        return code
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", value)
    if m:
        return resolve_country(f"{m.group(2)} of the {m.group(1)}") or resolve_country(m.group(1))
    if value.lower().startswith("occupied "):
        return resolve_country(value[9:])
    return None


def order_names(names: Iterable[EntityName]) -> list[EntityName]:
    """Distinct names, primary first, otherwise in publisher order.

    A name given twice keeps its first position and its best reading (the more primary kind,
    strong over weak)."""
    seen: dict[tuple[str, str | None], EntityName] = {}
    for name in names:
        key = (name.name, name.lang)
        old = seen.get(key)
        if old is None or _rank(name) < _rank(old):
            seen[key] = name
    ranked = sorted(enumerate(seen.values()), key=lambda p: (p[1].kind != "primary", p[0]))
    return [n for _, n in ranked]


def _rank(name: EntityName) -> tuple[int, bool]:
    return (_KIND_RANK.get(name.kind, 9), not name.strong)


def tidy(entity: Entity) -> Entity:
    """Names in order and every multi-valued field without repeats (publisher order kept)."""
    entity.names = order_names(entity.names)
    entity.programs = dedupe(entity.programs)
    entity.countries = dedupe(entity.countries)
    entity.addresses = dedupe(entity.addresses)
    entity.birth_dates = dedupe(entity.birth_dates)
    entity.identifiers = list(dict.fromkeys(entity.identifiers))
    return entity


def single_file(files: Mapping[str, Path], role: str, what: str) -> Path:
    """The one file of a one-file format: under its role name, or the only file given."""
    if role in files:
        return files[role]
    if len(files) == 1:
        return next(iter(files.values()))
    raise ListFormatError(f"{what}: expected one file {role!r}, got {sorted(files)}")


def finish(path: Path, entities: Iterable[Entity]) -> list[Entity]:
    """Sort by id and refuse an empty result."""
    result = sorted(entities, key=lambda e: e.id)
    if not result:
        raise fail(path, "no entities found")
    return result


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def text_date(text: str | None) -> str | None:
    """``10 Dec 1948`` / ``Dec 1948`` / ``1948`` / ``circa 1948`` → ISO (partial) date."""
    value = clean(text)
    if not value:
        return None
    value = re.sub(r"^circa\s+", "", value.rstrip("."), flags=re.I)
    m = re.fullmatch(r"(?:(\d{1,2}) )?([A-Za-z]{3})[a-z]* (\d{4})", value)
    if m and m.group(2).lower() in _MONTHS:
        month = f"{m.group(3)}-{_MONTHS[m.group(2).lower()]:02d}"
        return f"{month}-{int(m.group(1)):02d}" if m.group(1) else month
    return value if re.fullmatch(r"\d{4}", value) else None


def record_link(list_id: str, source_id: str) -> str | None:
    """The official page of one record, from the source definition's ``record_url``."""
    source = load_sources().get(list_id)
    return source.record_link(source_id) if source is not None else None


_ORG_WORDS = re.compile(
    r"\b(?:airlines?|airways|aviation|bank|company|co|corp|corporation|enterprises?|"
    r"electronics|engineering|export|exports|group|holdings?|import|imports|industries|"
    r"international|logistics|shipping|systems|technology|technologies|trading|"
    r"university|institute|ministry)\b|\bS\.\s?(?:A|L|R\.L|A\.S|P\.A)\.",
    re.I,
)


def guess_schema(name: str) -> str:
    """``Organization`` when the name carries a legal form (rigour's database) or a word
    only organisations use; otherwise ``Unknown`` (a bare name may be a person or a firm)."""
    if extract_org_types(name.casefold()) or _ORG_WORDS.search(name):
        return "Organization"
    return "Unknown"
