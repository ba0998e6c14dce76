"""Fuzz targets: raw bytes in, only the documented errors out.

A target writes the bytes where its reader expects a file and calls the reader. The property
every target must keep: it returns, or raises ``InputError``, ``ListFormatError`` or
``ListDataError``; any other exception is a bug. ``seeds(shared)`` gives each target a small
real file in its official format to mutate.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from screener.errors import InputError, ListDataError
from screener.inputs import read_suppliers
from screener.lists.formats import get_parser

ALLOWED: tuple[type[Exception], ...] = (InputError, ListDataError)  # ListFormatError included
HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "suppliers.csv"


@dataclass(frozen=True, slots=True)
class ListTarget:
    """One list parser: its format, the file role it reads and how to build a seed file."""

    fmt: str
    role: str
    seed: Callable[[Path], bytes]


def run_supplier_file(data: bytes, suffix: str) -> None:
    """Read ``data`` as a supplier file named ``*.suffix``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"suppliers{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(*ALLOWED):
            read_suppliers(path)


def run_list_file(target: ListTarget, data: bytes) -> None:
    """Parse ``data`` as the one file ``target.role`` of format ``target.fmt``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / target.role
        path.write_bytes(data)
        with contextlib.suppress(*ALLOWED):
            get_parser(target.fmt)("fuzz", {target.role: path})


def _head_lines(path: Path, count: int, *, gz: bool = False) -> bytes:
    raw = gzip.decompress(path.read_bytes()) if gz else path.read_bytes()
    return b"".join(raw.splitlines(keepends=True)[:count])


def _un(shared: Path) -> bytes:
    text = (shared / "sanctions/un_sc/consolidated_2026-02-27.xml").read_text(encoding="utf-8")
    people = re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", text, flags=re.S)[:3]
    groups = re.findall(r"<ENTITY>.*?</ENTITY>", text, flags=re.S)[:2]
    head = text[: text.index("<INDIVIDUALS>")]
    body = f"<INDIVIDUALS>{''.join(people)}</INDIVIDUALS><ENTITIES>{''.join(groups)}</ENTITIES>"
    return (head + body + "</CONSOLIDATED_LIST>\n").encode("utf-8")


def _ofsi(shared: Path) -> bytes:
    source = openpyxl.load_workbook(
        shared / "sanctions/gb_ofsi/ConList_2025-04-10.xlsx", read_only=True
    )
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    for row in source.worksheets[0].iter_rows(max_row=25, values_only=True):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def list_targets() -> list[ListTarget]:
    """Every list format, each with a small real seed."""
    s = "sanctions"
    return [
        ListTarget("un_xml", "consolidated.xml", _un),
        ListTarget(
            "eu_fsf_xml",
            "eu_fsf.xml",
            lambda d: (d / s / "eu_fsf/eu_fsf_excerpt_2026-08-05.xml").read_bytes(),
        ),
        ListTarget(
            "fcdo_xml",
            "UK_Sanctions_List.xml",
            lambda d: (d / s / "gb_fcdo/UK_Sanctions_List_excerpt_2026-09-10.xml").read_bytes(),
        ),
        ListTarget(
            "ftm_json",
            "entities.ftm.json",
            lambda d: (d / s / "opensanctions/yente_t1_eu_fsf.entities.ftm.json").read_bytes(),
        ),
        ListTarget(
            "ofac_csv", "sdn.csv", lambda d: _head_lines(d / s / "us_ofac_sdn/2021-07/sdn.csv", 40)
        ),
        ListTarget(
            "csl_csv",
            "consolidated.csv",
            lambda d: _head_lines(d / s / "us_trade_csl/consolidated_2022-05.csv.gz", 30, gz=True),
        ),
        ListTarget(
            "bis_dpl", "dpl.txt", lambda d: _head_lines(d / s / "us_bis_dpl/dpl_2023-11.txt", 30)
        ),
        ListTarget("ofsi_conlist", "ConList.xlsx", _ofsi),
        ListTarget("custom_csv", "list.csv", lambda d: CUSTOM_SEED),
    ]


CUSTOM_SEED = (
    "id,name,aliases,schema,countries,programs,identifiers,remarks,listed_on\r\n"
    "S-001,Acme Trading FZE,Acme Trading;ACME FZE,Organization,AE,block,imo:9562233,,2024-03-01\r\n"
    'S-002,"Ivanov, Ivan",Иван Иванов,Person,RU; Belarus,watch,passport:1234,"note, quoted",\r\n'
).encode()


def supplier_seeds() -> dict[str, bytes]:
    """The example supplier file as CSV, XLSX and Parquet."""
    frame = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    xlsx, parquet = io.BytesIO(), io.BytesIO()
    frame.head(12).to_excel(xlsx, index=False)
    frame.head(12).to_parquet(parquet)
    return {".csv": EXAMPLE.read_bytes(), ".xlsx": xlsx.getvalue(), ".parquet": parquet.getvalue()}
