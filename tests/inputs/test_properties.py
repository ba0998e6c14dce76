"""Whatever a CSV holds, the reader either returns every data row as a record or raises
``InputError``: never another exception, never a silently dropped row."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from screener.errors import InputError
from screener.inputs import iter_supplier_chunks, read_suppliers
from screener.inputs.text import clean_text

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]
cell = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=30,
)
rows = st.lists(st.tuples(cell, cell), min_size=0, max_size=12)


def write(path: Path, data: list[tuple[str, str]], delimiter: str, encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["supplier_id", "name", "notes"])
    for index, (name, note) in enumerate(data):
        writer.writerow([f"ID-{index}", name, note])
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=rows, delimiter=st.sampled_from([",", ";", "\t"]), encoding=st.sampled_from(ENCODINGS))
def test_every_row_is_a_record_or_the_run_stops(
    data: list[tuple[str, str]], delimiter: str, encoding: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.csv"
        write(path, data, delimiter, encoding)
        written = _as_written(_as_read(path.read_bytes(), encoding), delimiter)
        must_fail = not data or any(
            not clean_text(name) or len(clean_text(name)) > 1000 for name, _ in written
        )
        try:
            result = read_suppliers(path)
        except InputError:
            assert must_fail
            return
        assert not must_fail
        assert [r.supplier_id for r in result.records] == [f"ID-{i}" for i in range(len(data))]
        assert [r.name for r in result.records] == [clean_text(name) for name, _ in written]
        assert [r.row for r in result.records] == list(range(2, len(data) + 2))
        chunks = list(iter_supplier_chunks(path, chunk_size=5))
        assert [r for chunk in chunks for r in chunk] == result.records


def _as_read(data: bytes, encoding: str) -> str:
    """The text a reader must see in these bytes. Windows-1252 text with pairs of bytes that
    are also UTF-8 (``Â¡`` is C2 A1, UTF-8's ``¡``) cannot be told from UTF-8 (or from a
    UTF-8 file with Windows-1252 rows) by any reader: such cases are left out."""
    if encoding == "cp1252":
        utf8 = data.decode("utf-8", errors="replace")
        assume(not any(not ch.isascii() and ch != "\ufffd" for ch in utf8))
    return data.decode(encoding)


def _as_written(text: str, delimiter: str) -> list[tuple[str, str]]:
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter))
    return [(row[1], row[2]) for row in parsed[1:]]


@settings(max_examples=150, deadline=None)
@given(content=st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_anything_but_input_error(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.csv"
        path.write_bytes(b"supplier_id,name\n" + content)
        try:
            result = read_suppliers(path)
        except InputError:
            return
        assert all(record.supplier_id and record.name for record in result.records)
