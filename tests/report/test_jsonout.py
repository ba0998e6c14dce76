"""The streamed JSON result is byte for byte what ``dump_json`` writes."""

from __future__ import annotations

import errno
import gc
import json
import os
from pathlib import Path

import pytest

from screener.models import ScanResult, dump_json
from screener.report import jsonout
from screener.report.jsonout import JsonWriter, head_text
from screener.screened import supplier_text


def _stream(result: ScanResult, path: Path | None) -> JsonWriter:
    writer = JsonWriter(path)
    for supplier in result.suppliers:
        writer.add(supplier)
    writer.finish(result.model_copy(update={"suppliers": []}))
    return writer


def test_streamed_file_equals_dump_json(result: ScanResult, tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    writer = _stream(result, path)
    assert path.read_bytes() == dump_json(result).encode("utf-8")
    assert writer.count == len(result.suppliers) == 4
    # Nothing is left behind in the output's folder.
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_big_result_is_written_in_place(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past IN_PLACE_FROM the header goes into the room left before the suppliers: the
    document reads as dump_json's, with one blank line of padding and no copy."""
    monkeypatch.setattr(jsonout, "IN_PLACE_FROM", 0)
    path = tmp_path / "out.json"
    writer = _stream(result, path)
    data = path.read_bytes()
    expected = dump_json(result).encode("utf-8")
    assert json.loads(data) == json.loads(expected)
    head, body = data[: jsonout.HEADER_ROOM], data[jsonout.HEADER_ROOM :]
    assert head.endswith(b'\n  "suppliers": [')
    assert body == expected[expected.index(b'"suppliers": [') + len(b'"suppliers": [') :]
    assert len(body) == writer.bytes + len(b"\n  ]\n}\n")
    # The padding is lines of spaces between the summary and the suppliers, none long.
    padding = head[len(expected[: expected.index(b'  "suppliers": [')]) : -len(b'  "suppliers": [')]
    assert set(padding) == {ord(" "), ord("\n")} and padding.endswith(b"\n")
    assert max(len(line) for line in padding.split(b"\n")) < 80
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def _many(result: ScanResult, times: int) -> ScanResult:
    """``result`` with its suppliers repeated: some ten blocks of text or more."""
    return result.model_copy(update={"suppliers": result.suppliers * times})


def _direct_writes(monkeypatch: pytest.MonkeyPatch, *, refuse: str = "") -> list[int]:
    """Count the writes through a descriptor opened with O_DIRECT, or ``refuse`` them as a
    file system without direct I/O does (``"all"``) or cut the second short (``"short"``);
    small sizes so a small result crosses every edge."""
    import fcntl  # POSIX only, as O_DIRECT is

    monkeypatch.setattr(jsonout, "DIRECT_FROM", 3000)
    monkeypatch.setattr(jsonout, "DIRECT_CHUNK", 2 * jsonout.BLOCK)
    real, sizes = os.pwrite, []

    def pwrite(fd: int, data: bytes, offset: int) -> int:
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT:
            if refuse == "all":
                raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
            assert offset % jsonout.BLOCK == 0 and len(data) % jsonout.BLOCK == 0
            sizes.append(len(data))
            if refuse == "short" and len(sizes) == 2:
                return real(fd, memoryview(data)[: jsonout.BLOCK], offset)
        return real(fd, data, offset)

    monkeypatch.setattr(os, "pwrite", pwrite)
    return sizes


@pytest.mark.skipif(not hasattr(os, "O_DIRECT"), reason="no direct I/O on this system")
@pytest.mark.parametrize("in_place", [True, False])
def test_a_big_result_is_written_past_the_page_cache(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_place: bool
) -> None:
    """Past DIRECT_FROM the suppliers go to the disk in whole aligned blocks, the last part
    block through the page cache: the same bytes, in place or copied, file or stdout."""
    many = _many(result, 12)
    sizes = _direct_writes(monkeypatch)
    if in_place:
        monkeypatch.setattr(jsonout, "IN_PLACE_FROM", 0)
    path = tmp_path / "out.json"
    writer = _stream(many, path)
    expected = dump_json(many).encode("utf-8")
    data = path.read_bytes()
    if in_place:
        assert data[jsonout.HEADER_ROOM :] == expected[expected.index(b"[\n    {") + 1 :]
        assert json.loads(data) == json.loads(expected)
    else:
        assert data == expected
    assert writer.bytes > 10 * jsonout.BLOCK
    try:
        os.close(os.open(tmp_path / "out.json", os.O_RDONLY | os.O_DIRECT))
    except OSError:
        pytest.skip("this file system has no direct I/O")
    assert sizes and sum(sizes) > writer.bytes - 3000 - 2 * jsonout.BLOCK
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.skipif(not hasattr(os, "O_DIRECT"), reason="no direct I/O on this system")
@pytest.mark.parametrize("refuse", ["all", "short"])
def test_direct_writes_refused_or_cut_short_go_through_the_page_cache(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refuse: str
) -> None:
    many = _many(result, 12)
    sizes = _direct_writes(monkeypatch, refuse=refuse)
    path = tmp_path / "out.json"
    _stream(many, path)
    assert path.read_bytes() == dump_json(many).encode("utf-8")
    assert len(sizes) == (0 if refuse == "all" else 2)  # none direct after the cut


@pytest.mark.skipif(not hasattr(os, "O_DIRECT"), reason="no direct I/O on this system")
def test_a_disk_filling_up_at_the_end_is_an_input_error(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from screener.errors import InputError

    many = _many(result, 12)
    _direct_writes(monkeypatch)
    writer = JsonWriter(tmp_path / "out.json")
    for supplier in many.suppliers:
        writer.add(supplier)

    def full(fd: int, data: bytes, offset: int) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "pwrite", full)
    with pytest.raises(InputError, match=r"cannot write .*out\.json: No space left"):
        writer.finish(many.model_copy(update={"suppliers": []}))
    assert list(tmp_path.iterdir()) == []


def test_a_big_result_on_standard_output(
    result: ScanResult, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Standard output is copied from the file once written: it is not written directly."""
    many = _many(result, 12)
    sizes = _direct_writes(monkeypatch) if hasattr(os, "O_DIRECT") else []
    _stream(many, None)
    assert capsys.readouterr().out == dump_json(many)
    assert sizes == []


def test_a_header_too_big_for_its_room_is_copied(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonout, "IN_PLACE_FROM", 0)
    monkeypatch.setattr(jsonout, "HEADER_ROOM", 64)
    path = tmp_path / "out.json"
    _stream(result, path)
    assert path.read_bytes() == dump_json(result).encode("utf-8")


def test_an_abandoned_writer_leaves_nothing(result: ScanResult, tmp_path: Path) -> None:
    with JsonWriter(tmp_path / "out.json") as writer:
        writer.add(result.suppliers[0])
    assert list(tmp_path.iterdir()) == []
    dropped = JsonWriter(tmp_path / "out.json")  # neither finished nor closed
    dropped.add(result.suppliers[0])
    assert len(list(tmp_path.iterdir())) == 1
    del dropped
    gc.collect()
    assert list(tmp_path.iterdir()) == []


def test_no_suppliers_equals_dump_json(result: ScanResult, tmp_path: Path) -> None:
    empty = result.model_copy(update={"suppliers": []})
    path = tmp_path / "empty.json"
    _stream(empty, path)
    assert path.read_text(encoding="utf-8") == dump_json(empty)
    assert json.loads(path.read_text(encoding="utf-8"))["suppliers"] == []


def test_standard_output(result: ScanResult, capsys: pytest.CaptureFixture[str]) -> None:
    _stream(result, None)
    assert capsys.readouterr().out == dump_json(result)


def test_pieces_keep_the_contract_key_order(result: ScanResult) -> None:
    head = head_text(result.model_copy(update={"suppliers": []}))
    keys = [line.split('"')[1] for line in head.splitlines() if line.startswith('  "')]
    assert keys == ["schema_version", "run", "summary", "suppliers"]
    text = supplier_text(result.suppliers[0])
    assert text.startswith('    {\n      "supplier_id": ')
    with pytest.raises(ValueError, match="no suppliers"):
        head_text(result)


def test_an_unwritable_folder_is_an_input_error(tmp_path: Path) -> None:
    from screener.errors import InputError

    with pytest.raises(InputError, match="cannot write"):
        JsonWriter(tmp_path / "missing" / "out.json")


def test_the_file_standard_output_is_copied_from_is_named_when_it_fills_up(
    result: ScanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re
    import tempfile

    from screener.errors import InputError

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    writer = JsonWriter(None)

    def full(data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    writer._write = full
    where = re.escape(f"the JSON result (a temporary file in {tmp_path})")
    with pytest.raises(InputError, match=f"^cannot write {where}: No space left on device$"):
        writer.add(result.suppliers[0])
    assert list(tmp_path.iterdir()) == []
