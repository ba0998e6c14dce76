"""Hostile and broken supplier files through ``screener scan``.

Each case ends in exit 2 with one ``screener: error:`` line naming the file (and the row and
column where there is one), or in a complete scan where every input row is a supplier out.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.inputs.files import add_cached_values, write_ole
from tests.robustness.conftest import (
    Outcome,
    assert_every_row,
    assert_one_error_line,
    cli,
    scan_json,
)
from tests.robustness.measure import limit_memory

HEADER = "supplier_id,name,country\n"


def scan_args(path: Path, tmp_path: Path) -> list[str]:
    return [
        "scan",
        str(path),
        "--offline",
        "--allow-stale",
        "-q",
        "--xlsx",
        str(tmp_path / "r.xlsx"),
    ]


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


# (case id, file name, bytes, fragments the one error line must hold)
REFUSED: list[tuple[str, str, bytes, tuple[str, ...]]] = [
    ("empty", "s.csv", b"", ("file is empty",)),
    ("header-only", "s.csv", HEADER.encode(), ("header only",)),
    (
        "header-only-crlf-bom",
        "s.csv",
        b"\xef\xbb\xbf" + HEADER.encode().replace(b"\n", b"\r\n"),
        ("header only",),
    ),
    ("blank-lines-only", "s.csv", b"\n\n\n", ()),
    ("missing-name-column", "s.csv", b"supplier_id,country\nS1,DE\n", ("name",)),
    ("missing-id-column", "s.csv", b"name,country\nAcme,DE\n", ("supplier_id",)),
    ("duplicate-name-column", "s.csv", b"supplier_id,name,Name\nS1,Acme,Other\n", ("name",)),
    ("duplicate-id-column", "s.csv", b"supplier_id,Supplier ID,name\nS1,S2,Acme\n", ("supplier",)),
    (
        "duplicate-supplier-ids",
        "s.csv",
        (HEADER + "S1,Acme,DE\nS1,Beta,FR\n").encode(),
        ("row 3", "supplier_id"),
    ),
    (
        "blank-supplier-id",
        "s.csv",
        (HEADER + "S1,Acme,DE\n ,Beta,FR\n").encode(),
        ("row 3", "supplier_id"),
    ),
    ("blank-name", "s.csv", (HEADER + "S1,Acme,DE\nS2,  ,FR\n").encode(), ("row 3", "name")),
    ("binary-bytes", "s.csv", bytes(range(256)) * 4, ()),
    ("gzipped-csv", "s.csv", gzip.compress((HEADER + "S1,Acme,DE\n").encode(), mtime=0), ()),
    ("text-named-xlsx", "s.xlsx", HEADER.encode() + b"S1,Acme,DE\n", ("not a valid XLSX",)),
    ("truncated-xlsx", "s.xlsx", b"PK\x03\x04" + b"\x00" * 200, ("s.xlsx",)),
    ("text-named-parquet", "s.parquet", HEADER.encode() + b"S1,Acme,DE\n", ("Parquet",)),
    ("truncated-parquet", "s.parquet", b"PAR1" + b"\x00" * 64, ("s.parquet",)),
    ("legacy-xls", "s.xls", b"", ("Excel 97-2003",)),
]


@pytest.mark.parametrize(
    ("name", "content", "fragments"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_refused_with_one_clear_line(
    name: str, content: bytes, fragments: tuple[str, ...], tmp_path: Path, small_data_dir: Path
) -> None:
    path = tmp_path / name
    if name.endswith(".xls"):
        write_ole(path, {"Workbook": b"\x09\x08" + bytes(300)})
    else:
        path.write_bytes(content)
    outcome = cli(*scan_args(path, tmp_path))
    assert_one_error_line(outcome, 2, str(path), *fragments)
    assert not (tmp_path / "r.xlsx").exists()


def test_password_protected_workbook(tmp_path: Path, small_data_dir: Path) -> None:
    path = tmp_path / "locked.xlsx"
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00<encryption/>"
    write_ole(path, {"EncryptionInfo": info, "EncryptedPackage": bytes(range(256)) * 20})
    assert_one_error_line(cli(*scan_args(path, tmp_path)), 2, str(path), "password")


def test_directory_is_refused(tmp_path: Path, small_data_dir: Path) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert_one_error_line(cli(*scan_args(folder, tmp_path)), 2, str(folder), "directory")


def scan_in_child(path: Path, tmp_path: Path) -> Outcome:
    """``screener scan PATH`` in a child process, memory-capped, one minute at most."""
    code = "from screener.cli import app; app()"
    done = subprocess.run(
        [sys.executable, "-c", code, *scan_args(path, tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=limit_memory,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_device_is_refused_without_hanging(
    device: str, tmp_path: Path, small_data_dir: Path
) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} does not exist here")
    assert_one_error_line(scan_in_child(Path(device), tmp_path), 2, device)


def test_fifo_is_refused_without_hanging(tmp_path: Path, small_data_dir: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert_one_error_line(scan_in_child(fifo, tmp_path), 2, str(fifo))


# -- accepted: every row accounted for -------------------------------------------------

NAMES = [
    "Siemens AG",
    "Nestlé S.A. — Vevey",
    "Tata Consultancy Services Ltd",
    "株式会社日立製作所",
    "ООО Ромашка",
    "شركة المراعي",
    "Ελληνικά Πετρέλαια Α.Ε.",
]
# encodings a spreadsheet or ERP writes; each with the characters it can hold
DELIMITERS = [",", ";", "\t"]
ENCODINGS = [
    ("utf-8", NAMES),
    ("utf-8-sig", NAMES),
    ("utf-16", NAMES),
    ("utf-16-le", NAMES),
    ("utf-32", NAMES),
    ("cp1252", ["Siemens AG", "Nestlé S.A. — Vevey", "Œuvre Café €"]),
    ("latin-1", ["Siemens AG", "Nestlé S.A.", "Müller & Söhne GmbH"]),
]


# each encoding once, delimiters in turn (the reader's tests cover the full matrix)
@pytest.mark.parametrize(
    ("encoding", "names", "delimiter"),
    [(e, n, DELIMITERS[i % 3]) for i, (e, n) in enumerate(ENCODINGS)],
    ids=[f"{e}-{['comma', 'semicolon', 'tab'][i % 3]}" for i, (e, _) in enumerate(ENCODINGS)],
)
def test_every_encoding_and_delimiter_scans_every_row(
    encoding: str, names: list[str], delimiter: str, tmp_path: Path, small_data_dir: Path
) -> None:
    ids = [f"S{i}" for i in range(1, len(names) + 1)]
    lines = [delimiter.join(["supplier_id", "name", "country"])]
    lines += [delimiter.join([sid, name, "DE"]) for sid, name in zip(ids, names, strict=True)]
    path = write(tmp_path, "s.csv", ("\r\n".join(lines) + "\r\n").encode(encoding))
    _, result = scan_json(tmp_path, path)
    assert_every_row(result, ids)
    assert [s["name"] for s in result["suppliers"]] == names


def test_long_names_control_characters_and_mixed_scripts(
    tmp_path: Path, small_data_dir: Path
) -> None:
    names = [
        "A" * 1_000,
        "Acme\x07 Bell\x1b[31m Red\x00 Nul",
        "Acme\u200b Zero\u200dWidth\ufeff",
        "ACME Ромашка 日立 شركة",
        "\u202eevil\u202c Override Ltd",
        '"Quoted, with comma" Ltd',
    ]
    ids = [f"S{i}" for i in range(1, len(names) + 1)]
    frame = pd.DataFrame({"supplier_id": ids, "name": names, "country": ["DE"] * len(ids)})
    path = tmp_path / "s.csv"
    frame.to_csv(path, index=False, encoding="utf-8")
    _, result = scan_json(tmp_path, path)
    assert_every_row(result, ids)
    assert all(s["name"] for s in result["suppliers"])


def test_overlong_name_is_refused_with_row_and_column(tmp_path: Path, small_data_dir: Path) -> None:
    path = write(tmp_path, "s.csv", (HEADER + "S1,Acme,DE\nS2," + "A" * 100_000 + ",FR\n").encode())
    assert_one_error_line(cli(*scan_args(path, tmp_path)), 2, str(path), "row 3", "'name'")


def test_ragged_rows_and_quoted_newlines_keep_every_row(
    tmp_path: Path, small_data_dir: Path
) -> None:
    content = HEADER + "S1,Acme,DE,,\n" + "S2,Beta\n" + 'S3,"Gamma\nTrading",FR\n' + "S4,Delta,IT"
    _, result = scan_json(tmp_path, write(tmp_path, "s.csv", content.encode()))
    assert_every_row(result, ["S1", "S2", "S3", "S4"])
    # a quoted newline stays inside one spreadsheet row, as Excel shows it
    assert [s["row"] for s in result["suppliers"]] == [2, 3, 4, 5]
    # Text past the header's last column: its cells may have shifted (an unquoted comma).
    longer = write(tmp_path, "long.csv", content.replace("DE,,", "DE,extra,cells").encode())
    outcome = cli(*scan_args(longer, tmp_path))
    assert_one_error_line(outcome, 2, str(longer), "row 2", "'column 4'", "5 cells")


def test_xlsx_with_formulas_merged_cells_and_several_sheets(
    tmp_path: Path, small_data_dir: Path
) -> None:
    path = tmp_path / "s.xlsx"
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes["A1"] = "Exported from the ERP; see the Suppliers sheet"
    sheet = book.create_sheet("Suppliers")
    sheet.append(["Supplier master"])
    sheet.merge_cells("A1:C1")
    sheet.append(["Supplier ID", "Name", "Country"])
    sheet.append(["S1", "Acme Holdings", "DE"])
    sheet.append(["S2", '=CONCATENATE("Beta"," Trading")', "FR"])
    sheet.append(["S3", "Gamma Ltd", "Italy"])
    sheet.append(["S4", "Delta GmbH", None])
    sheet.merge_cells("C5:C6")
    book.create_sheet("Empty")
    book.save(path)
    add_cached_values(path, {"B4": "Beta Trading"}, sheet=2)
    _, result = scan_json(tmp_path, path)
    assert_every_row(result, ["S1", "S2", "S3", "S4"])
    assert result["suppliers"][1]["name"] == "Beta Trading"


@pytest.mark.parametrize(
    "columns",
    [
        {"supplier_id": [1, 2, 3], "name": ["Acme", "Beta", "Gamma"]},
        {"supplier_id": ["S1", "S2", "S3"], "name": [1.5, 2.0, None]},
        {"supplier_id": ["S1", "S2", "S3"], "name": [["A"], ["B"], ["C"]]},
        {
            "supplier_id": ["S1", "S2", "S3"],
            "name": ["A", "B", "C"],
            "annual_spend": ["x", "1", ""],
        },
        {"supplier_id": ["S1", "S2", "S3"], "name": [b"A", b"B", b"\xff"]},
        {
            "supplier_id": ["S1", "S2", "S3"],
            "name": ["A", "B", "C"],
            "country": pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]),
        },
    ],
    ids=["int-ids", "float-names", "list-names", "text-spend", "binary-names", "date-country"],
)
def test_parquet_with_wrong_types(
    columns: dict[str, object], tmp_path: Path, small_data_dir: Path
) -> None:
    path = tmp_path / "s.parquet"
    pd.DataFrame(columns).to_parquet(path)
    outcome = cli(
        *scan_args(path, tmp_path), "--json", str(tmp_path / "r.json"), "--fail-on", "none"
    )
    if outcome.code == 2:
        assert_one_error_line(outcome, 2, str(path))
        assert "row" in outcome.stderr or "column" in outcome.stderr
    else:
        assert outcome.code == 0, outcome.stderr
        result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        assert result["summary"]["suppliers"] == 3
        assert len(result["suppliers"]) == 3
