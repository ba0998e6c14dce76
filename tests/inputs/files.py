"""Writers of real supplier files for the tests: XLSX with cached formula values, and OLE
compound files (an encrypted OOXML workbook and a legacy .xls) built to the CFB spec."""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def add_cached_values(path: Path, values: dict[str, str], sheet: int = 1) -> None:
    """Give formula cells the cached results Excel stores next to the formula.

    openpyxl writes formulas with an empty ``<v/>``; Excel writes ``<v>result</v>``.
    """
    member = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    xml = contents[member].decode()
    for ref, value in values.items():
        pattern = re.compile(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>')
        kind = "" if re.fullmatch(r"-?\d+(\.\d+)?", value) else ' t="str"'
        xml, count = pattern.subn(rf'<c r="{ref}"\1{kind}><f>\2</f><v>{value}</v></c>', xml)
        assert count == 1, f"no formula cell {ref}"
    contents[member] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def write_ole(path: Path, streams: dict[str, bytes]) -> None:
    """A version-3 compound file (512-byte sectors) holding the given streams.

    Streams are padded to 4,096 bytes so that they live in regular sectors (no mini stream).
    This is the container Office uses for password-protected workbooks (``EncryptionInfo`` +
    ``EncryptedPackage``) and for legacy ``.xls`` files (``Workbook``).
    """
    payloads = [
        data.ljust(max(4096, -(-len(data) // 512) * 512), b"\0") for data in streams.values()
    ]
    fat = [_FAT, _END]
    starts = []
    for payload in payloads:
        count = len(payload) // 512
        starts.append(len(fat))
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(_END)
    assert len(fat) <= 128, "one FAT sector only"
    fat_sector = struct.pack("<128I", *(fat + [_FREE] * (128 - len(fat))))
    names = list(streams)
    entries = [_entry("Root Entry", 5, child=1, start=_END, size=0)]
    for index, (name, payload) in enumerate(zip(names, payloads, strict=True), start=1):
        right = index + 1 if index < len(names) else _FREE
        entries.append(_entry(name, 2, right=right, start=starts[index - 1], size=len(payload)))
    directory = b"".join(entries).ljust(512, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *([_FREE] * 108))
    )
    assert len(header) == 512
    path.write_bytes(header + fat_sector + directory + b"".join(payloads))


def _entry(
    name: str, kind: int, *, start: int, size: int, child: int = _FREE, right: int = _FREE
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _FREE, right, child)
        + bytes(16 + 4 + 8 + 8)
        + struct.pack("<IQ", start, size)
    )
