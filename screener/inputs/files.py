"""The file itself: is it a readable regular file, what format is it, and its sha256."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from screener.errors import InputError
from screener.inputs.table import Format

_BLOCK = 1 << 20
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def check_file(path: Path) -> None:
    """Refuse what cannot be a supplier file: missing, a directory, a device, unreadable, empty."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=name) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, not a supplier file", file=name)
    if not stat.S_ISREG(info.st_mode):
        raise InputError("is not a regular file (device, pipe or socket)", file=name)
    if info.st_size == 0:
        raise InputError("file is empty", file=name)


def sha256_of(path: Path) -> str:
    """The sha256 of the file's bytes, read in blocks."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(_BLOCK):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=str(path)) from None
    return digest.hexdigest()


def detect_format(path: Path) -> Format:
    """Decide by content (magic bytes), not by the name; refuse workbooks we cannot read."""
    with path.open("rb") as handle:
        head = handle.read(_BLOCK)
    name = str(path)
    if head.startswith(b"PK\x03\x04"):
        if b"application/vnd.oasis.opendocument" in head[:200]:
            raise InputError("is an OpenDocument spreadsheet; save it as XLSX or CSV", file=name)
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(_OLE):
        if _ENCRYPTED in head or _encrypted_ole(path):
            raise InputError("workbook is password-protected; remove the password", file=name)
        raise InputError(
            "is a legacy Excel 97-2003 (.xls) or other OLE file; save it as XLSX or CSV",
            file=name,
        )
    if path.suffix.casefold() in {".xlsx", ".xlsm"}:
        raise InputError("is not a valid XLSX workbook (not a zip archive)", file=name)
    if path.suffix.casefold() == ".parquet":
        raise InputError("is not a valid Parquet file (no PAR1 magic)", file=name)
    return "csv"


def _encrypted_ole(path: Path) -> bool:
    """The directory of a large OLE container may lie beyond the first block; scan it all."""
    with path.open("rb") as handle:
        tail = b""
        while block := handle.read(_BLOCK):
            if _ENCRYPTED in tail + block:
                return True
            tail = block[-len(_ENCRYPTED) :]
    return False
