"""Opening XLSX files safely: every reader of a workbook (supplier file, workforce file,
reviewed workbook, OFSI list) goes through here."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_UNPACKED_BYTES = 1 << 30  # what all members of an archive may declare together
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # compression ratio of one large member beyond which it is a bomb


def archive_problem(path: Path) -> str | None:
    """Why a zip archive (an XLSX) must not be opened, or ``None``: not a zip, or declared
    sizes that look like a decompression bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        return f"is not a valid XLSX workbook ({exc})"
    total = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNPACKED_BYTES:
        return f"archive declares {total} uncompressed bytes in {len(members)} members"
    for member in members:
        if member.file_size > 1 << 20 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            return f"member {member.filename} has a suspicious compression ratio"
    return None


def open_workbook(path: Path, error: Callable[[str], Exception], *, formulas: bool = False) -> Any:
    """A read-only workbook of cached values (formulas are never evaluated); with
    ``formulas``, of the formulas' text instead.

    Refuses decompression bombs first, and resets every sheet's dimensions: the size a file
    states can be wrong, and trusting it silently cuts rows off. ``error`` builds the
    exception for a file that cannot be used.
    """
    from openpyxl import load_workbook

    if not path.is_file():
        raise error("not a regular file")
    problem = archive_problem(path)
    if problem is not None:
        raise error(problem)
    try:
        workbook = load_workbook(path, read_only=True, data_only=not formulas)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise error(f"is not a valid XLSX workbook ({exc})") from None
    for sheet in workbook.worksheets:
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
    return workbook
