"""Delimited text as spreadsheets write it: any common encoding, ``,`` ``;`` or tab."""

from __future__ import annotations

import _csv
import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from screener.errors import InputError
from screener.inputs.table import Row, Table
from screener.inputs.text import cell_text

_BLOCK = 1 << 20
_DELIMITERS = (",", ";", "\t")
# (BOM, codec that consumes it, name reported). UTF-32 first: its LE BOM starts like UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)


def detect_encoding(path: Path) -> tuple[str, str]:
    """(codec to read with, encoding name to report): BOMs first, then strict UTF-8, then
    cp1252, then latin-1 (which reads any byte)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            if codec == "utf-8-sig" and not _decodes(path, codec):
                return "utf-8", MIXED  # Excel's "CSV UTF-8" with rows pasted from elsewhere
            _require_decodes(path, codec, name)
            return codec, name
    guessed = _utf16_without_bom(head)
    if guessed:
        _require_decodes(path, guessed, guessed)
        return guessed, guessed
    if b"\x00" in head and not _utf8_prefix(head):
        raise InputError(
            "contains binary data (NUL bytes); is it really a CSV file?", file=str(path)
        )
    if _decodes(path, "utf-8"):
        return "utf-8", "utf-8"
    if _mostly_utf8(path):
        return "utf-8", MIXED
    if _decodes(path, "cp1252"):
        return "cp1252", "cp1252"
    return "latin-1", "latin-1"


# A UTF-8 file with some lines of another encoding (rows pasted from a Windows-1252 file):
# each line is read as UTF-8, or, where it is not UTF-8, as Windows-1252 (``_MixedLines``),
# and the record says so. Read whole as Windows-1252, every UTF-8 name would be garbled
# (``ООО`` → ``ÐžÐžÐž``) and match nothing.
MIXED = "utf-8 with windows-1252 lines"
RECODED_NOTE = (
    "the row is not in UTF-8 as other rows of the file are: its text was read as "
    "Windows-1252 (check its spelling)"
)


def _mostly_utf8(path: Path) -> bool:
    """Whether the file holds UTF-8 text among bytes that are not: a line that reads as
    UTF-8 with two or more letters of another script than Latin (a Cyrillic, Greek, Arabic
    or Chinese name, which Windows-1252 text next to never makes: ``Ð°`` is the only way
    to ``а``), or more characters that only UTF-8 reads than bytes that are not UTF-8. One
    Cyrillic name among four French rows is the first; whole, read as Windows-1252, it would
    be garbled and match nothing. Lines are read a megabyte at a time at most (a file whose
    lines end in CR alone is one line)."""
    valid = invalid = 0
    with path.open("rb") as handle:
        for line in iter(lambda: handle.readline(_BLOCK), b""):
            if line.isascii():
                continue
            text = line.decode("utf-8", errors="replace")
            bad = text.count("\ufffd")
            found = len(text) - len(text.encode("ascii", "ignore")) - bad
            if not bad and sum(ch >= _OTHER_SCRIPTS for ch in text) >= 2:
                return True
            valid += found
            invalid += bad
    return valid > invalid


# Greek and after: letters two Windows-1252 bytes spell as UTF-8 only by an unlikely chance.
_OTHER_SCRIPTS = "\u0370"


def _windows_1252(line: bytes) -> str:
    """A line in Windows-1252, its five unassigned bytes as Latin-1 (control characters,
    which cleaning removes)."""
    return "".join(_CP1252[b] for b in line)


_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _windows_1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the bytes that are not UTF-8, read as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return _windows_1252(error.object[error.start : error.end]), error.end


codecs.register_error("screener-windows-1252", _windows_1252_bytes)


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return None
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.3 and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls == 0:
        return "utf-16-be"
    return None


def _utf8_prefix(head: bytes) -> bool:
    """Whether these first bytes are UTF-8 text (a sequence cut at the end is fine)."""
    try:
        codecs.getincrementaldecoder("utf-8")(errors="strict").decode(head)
    except UnicodeDecodeError:
        return False
    return True


def _decodes(path: Path, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        with path.open("rb") as handle:
            while block := handle.read(_BLOCK):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _require_decodes(path: Path, codec: str, name: str) -> None:
    if not _decodes(path, codec):
        raise InputError(
            f"starts with a {name} byte-order mark but is not valid {name} text", file=str(path)
        )


def sniff_delimiter(line: str) -> str:
    """The delimiter used most often outside quotes in the header line (``,`` if none)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def open_csv(path: Path) -> Table:
    """Detect encoding and delimiter, find the header (the first non-blank row) and stream rows.

    Excel's ``sep=;`` first line is honoured and, as in Excel, not counted as a row.
    """
    codec, encoding = detect_encoding(path)
    handle: IO[str] | IO[bytes]
    if encoding == MIXED:
        handle = path.open("rb")
        lines: _Lines = _MixedLines(handle)
    else:
        handle = path.open("r", encoding=codec, newline="")
        lines = _Lines(handle)
    recoded: set[int] = set()
    try:
        first = lines.readline()
        delimiter, skip_first = _delimiter_from(first, lines)
        if not skip_first:
            handle.seek(0)
        lines.delimiter = delimiter
        reader = csv.reader(lines, delimiter=delimiter)
        rows = _numbered(reader, path, handle, lines, recoded)
        header_row, header = next(rows, (0, []))
    except (UnicodeDecodeError, csv.Error) as exc:
        handle.close()
        raise InputError(f"cannot be read as CSV: {exc}", file=str(path)) from None
    except BaseException:
        handle.close()
        raise
    if not header:
        handle.close()
        raise InputError("file has no header row (it holds only blank lines)", file=str(path))
    return Table(
        format="csv",
        header_row=header_row,
        header=header,
        rows=rows,
        encoding=encoding,
        delimiter=delimiter,
        recoded_rows=recoded,
    )


def _delimiter_from(first: str, handle: _Lines) -> tuple[str, bool]:
    marker = first.lstrip("\ufeff").rstrip("\r\n").rstrip(" ")  # sep=<tab> keeps its tab
    if marker.casefold().startswith("sep=") and len(marker) == 5:
        return marker[4], True
    line = first
    while line and not line.strip():
        line = handle.readline()
    return sniff_delimiter(line), False


# What a row's first cell, a supplier id, looks like: one word with a digit (``2``,
# ``SUP-002``, ``V1.07``); an address line (``Main Road``, ``Unit 5``) is not one.
_ID = re.compile(r"(?=[^\s]*\d)[\w./#-]{1,24}")


_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def _too_many_cells(
    cells: list[str | None], header: list[str | None], delimiter: str, path: Path, number: int
) -> None:
    """A row with text past the header's last column: a delimiter inside a cell that is not
    quoted (``Acme, Inc.``) shifts every cell after it into the wrong column."""
    at = next(i for i in range(len(header), len(cells)) if cells[i])
    raise InputError(
        f"the row has {len(cells)} cells, the header {len(header)}: is there a "
        f"{_DELIMITER_NAMES.get(delimiter, repr(delimiter))} inside a cell that is not quoted? "
        "Every cell after it would be read into the wrong column",
        file=str(path),
        row=number,
        column=f"column {at + 1}",
    )


def _column_name(header: list[str | None] | None, at: int) -> str:
    return (header[at] if header and at < len(header) else None) or f"column {at + 1}"


def _check_multiline(
    lines: list[str], delimiter: str, header: list[str | None] | None, path: Path, number: int
) -> None:
    """A record read over several lines took later rows into a cell, a quote opened in it
    being closed only by a quote of a later row (or an inch mark), when it is not
    well-formed CSV (a quote closing a cell is followed by the delimiter or the line's end)
    or when a line it took in starts as a row does: an id, then the delimiter, and as many
    delimiters as a row has, up to two (``2,Korea Mining …,KP``; not ``Main Road,
    Springfield, IL``)."""
    text = "".join(lines)
    record = next(csv.reader(io.StringIO(text), delimiter=delimiter))
    multiline = [i for i, value in enumerate(record) if "\n" in value]
    try:
        for _ in csv.reader(io.StringIO(text), delimiter=delimiter, strict=True):
            pass
        least = max(1, min(len(header or ()) - 1, 2))
        rowlike = any(
            line.count(delimiter) >= least and _ID.fullmatch(line.split(delimiter, 1)[0])
            for at in multiline
            for line in record[at].split("\n")[1:]
        )
    except csv.Error:
        rowlike = True
    if rowlike:
        at = multiline[-1] if multiline else len(record) - 1
        raise InputError(
            f"a quoted cell takes in {len(lines) - 1} more line(s) of the file: a quote "
            "opened here is closed only in a later row, or never",
            file=str(path),
            row=number,
            column=_column_name(header, at),
        ) from None


def _too_long_cell(
    first: str, delimiter: str, header: list[str | None] | None, path: Path, number: int
) -> None:
    """Raise, for a cell past the reader's size limit, where its quote opened: a quote not
    closed in its own row takes in the rows after it until the cell is too long."""
    cells = next(csv.reader([first], delimiter=delimiter), [])
    raise InputError(
        f"a quoted cell runs on for more than {csv.field_size_limit():,} characters: a "
        "quote opened here is closed only many rows later, or never",
        file=str(path),
        row=number,
        column=_column_name(header, max(len(cells) - 1, 0)),
    )


class _Lines:
    """The file's lines as the CSV reader reads them, counting the quote characters read and
    the quotes that open a cell (at a line's start or after the delimiter): a record that
    opened one and read an odd number of quotes up to the end of the file never closed it."""

    __slots__ = ("delimiter", "ended", "handle", "opens", "quotes", "read", "recoded")

    def __init__(self, handle: IO[str] | IO[bytes]) -> None:
        self.handle = handle
        self.delimiter = ","
        self.quotes = 0
        self.opens = 0
        self.recoded = 0  # lines with bytes read as Windows-1252 (``_MixedLines``)
        self.ended = False
        self.read: list[str] = []  # the lines of the record being read, once one has a quote

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            self.ended = True
            raise StopIteration
        if '"' in line:
            self.read.append(line)  # only a record with a quote on its first line spans lines
            self.quotes += line.count('"')
            self.opens += line.count(self.delimiter + '"') + (line[0] == '"')
        elif self.read:
            self.read.append(line)
        return line

    def readline(self) -> str:
        return cast("str", self.handle.readline())


class _MixedLines(_Lines):
    """``_Lines`` of a file in UTF-8 with some lines in Windows-1252 (``MIXED``)."""

    __slots__ = ()

    def readline(self) -> str:
        line = cast("bytes", self.handle.readline())
        if line.startswith(codecs.BOM_UTF8):  # the first line's
            line = line[len(codecs.BOM_UTF8) :]
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError:
            self.recoded += 1  # only its bytes that are not UTF-8 are read otherwise
            return line.decode("utf-8", "screener-windows-1252")


def _numbered(
    reader: _csv.Reader,
    path: Path,
    handle: IO[str] | IO[bytes],
    lines: _Lines,
    recoded: set[int],
) -> Iterator[Row]:
    """Non-blank records with their spreadsheet row numbers; closes the file at the end.

    A quote opened and never closed, or closed only by a quote of a later row, makes the
    reader take later rows into one cell: an error naming its row and column, not rows
    gone unseen (``_check_multiline``)."""
    number = 0
    header: list[str | None] | None = None
    try:
        while True:
            number += 1
            start, quotes, opens = reader.line_num, lines.quotes, lines.opens
            if lines.read:
                lines.read.clear()
            recoded_lines = lines.recoded
            try:
                record = next(reader)
            except StopIteration:
                return
            except (UnicodeDecodeError, csv.Error) as exc:
                if isinstance(exc, csv.Error) and len(lines.read) > 1 and "field limit" in str(exc):
                    _too_long_cell(lines.read[0], lines.delimiter, header, path, number)
                raise InputError(
                    f"cannot be read as CSV: {exc}", file=str(path), row=number
                ) from None
            if lines.ended and (lines.quotes - quotes) % 2 and lines.opens > opens:
                at = len(record) - 1
                raise InputError(
                    "a quoted cell is never closed: its opening quote takes in every line "
                    "to the end of the file",
                    file=str(path),
                    row=number,
                    column=_column_name(header, at),
                )
            if reader.line_num - start > 1:
                _check_multiline(lines.read, lines.delimiter, header, path, number)
            # ``cell_text`` of each value, its common case (printable ASCII) written out.
            cells = [
                (value.strip() or None)
                if value.isascii() and value.isprintable() and "  " not in value
                else cell_text(value)
                for value in record
            ]
            if any(cells):
                if header is None:
                    header = cells
                elif len(cells) > len(header) and any(cells[len(header) :]):
                    _too_many_cells(cells, header, lines.delimiter, path, number)
                if lines.recoded != recoded_lines:
                    recoded.add(number)
                yield number, cells
    finally:
        handle.close()
