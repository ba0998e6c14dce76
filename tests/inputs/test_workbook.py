"""The one safe way to open a workbook: bombs refused, the stated sheet size not trusted."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from screener.errors import InputError
from screener.inputs.workbook import open_workbook
from screener.workforce import read_workforce


def understate_size(path: Path) -> None:
    """Rewrite the first sheet's <dimension> to claim two rows, as some exporters do."""
    with zipfile.ZipFile(path) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:D2"', members[sheet])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(name, data)


def error(problem: str) -> InputError:
    return InputError(problem, file="w.xlsx")


def test_every_row_is_read_whatever_size_the_file_states(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["supplier_id", "dimension", "group", "headcount"])
    for group, count in [("women", 40), ("men", 60), ("under_30", 30), ("30_to_50", 50)]:
        sheet.append(["S1", "gender" if group in ("women", "men") else "age_band", group, count])
    path = tmp_path / "w.xlsx"
    book.save(path)
    understate_size(path)
    rows = list(open_workbook(path, error).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 5
    data = read_workforce(path)
    assert data.supplier_ids == ["S1"]
    assert len(data.for_supplier("S1")) == 4


def test_a_decompression_bomb_is_refused_before_opening(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (64 << 20))
    with pytest.raises(InputError, match="suspicious compression ratio"):
        open_workbook(path, error)


def test_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        open_workbook(tmp_path, error)
