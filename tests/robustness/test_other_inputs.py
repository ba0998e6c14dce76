"""The scan's other inputs and outputs: workforce files, reviewed workbooks, configuration,
report paths and a damaged list store. Each is refused with one clear line, or works."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.robustness.conftest import Outcome, assert_one_error_line, cli
from tests.robustness.measure import ENTRY, limit_memory
from tests.robustness.test_hostile_lists import xlsx_bomb

WORKFORCE_HEADER = b"supplier_id,dimension,group,headcount\n"


def suppliers(tmp_path: Path) -> Path:
    path = tmp_path / "s.csv"
    path.write_text("supplier_id,name,country\nS1,Acme,DE\nS2,Beta,FR\n", encoding="utf-8")
    return path


def scan(tmp_path: Path, *extra: str) -> Outcome:
    return cli(
        "scan", str(suppliers(tmp_path)), "--offline", "--allow-stale", "-q",
        "--fail-on", "none", "--xlsx", str(tmp_path / "r.xlsx"), *extra,
    )  # fmt: skip


def scan_in_child(tmp_path: Path, data_dir: Path, *extra: str, timeout: float = 30) -> Outcome:
    args = [
        "scan", str(suppliers(tmp_path)), "--offline", "--allow-stale", "-q",
        "--fail-on", "none", "--xlsx", str(tmp_path / "r.xlsx"), *extra,
    ]  # fmt: skip
    env = {**os.environ, "SCREENER_DATA_DIR": str(data_dir)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", ENTRY, *args],
            preexec_fn=limit_memory,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"scan {' '.join(extra)} still running after 30 s")
    return Outcome(done.returncode, done.stdout, done.stderr)


WORKFORCE: list[tuple[str, bytes, tuple[str, ...]]] = [
    ("empty", b"", ("file is empty",)),
    ("binary", bytes(range(256)) * 4, ("binary",)),
    ("header-only", WORKFORCE_HEADER, ("header only",)),
    ("negative", WORKFORCE_HEADER + b"S1,gender,women,-5\n", ("row 2", "'headcount'")),
    ("not-a-number", WORKFORCE_HEADER + b"S1,gender,women,many\n", ("row 2", "'headcount'")),
    (
        "fraction",
        WORKFORCE_HEADER + b'S1,gender,women,12\nS1,gender,men,"4,5"\n',
        ("row 3", "'headcount'", "not a whole number: 4,5"),
    ),
    (
        "total-not-adding-up",
        WORKFORCE_HEADER + b"S1,gender,women,12\nS1,gender,men,30\nS1,gender,Total,40\n",
        ("row 4", "'headcount'", "'Total' row says 40", "add up to 42"),
    ),
]


@pytest.mark.parametrize(
    ("content", "fragments"), [w[1:] for w in WORKFORCE], ids=[w[0] for w in WORKFORCE]
)
def test_broken_workforce_file_is_refused(
    content: bytes, fragments: tuple[str, ...], tmp_path: Path, small_data_dir: Path
) -> None:
    path = tmp_path / "workforce.csv"
    path.write_bytes(content)
    outcome = scan(tmp_path, "--workforce", str(path))
    assert_one_error_line(outcome, 2, "workforce.csv", *fragments)
    assert not (tmp_path / "r.xlsx").exists()


def test_workforce_workbook_with_two_workforce_sheets_is_refused(
    tmp_path: Path, small_data_dir: Path
) -> None:
    book = Workbook()
    first = book.worksheets[0]
    first.title = "Site A"
    second = book.create_sheet("Site B")
    for sheet, supplier in ((first, "S1"), (second, "S2")):
        sheet.append(["supplier_id", "dimension", "group", "headcount"])
        sheet.append([supplier, "gender", "Female", 12])
    path = tmp_path / "workforce.xlsx"
    book.save(path)
    outcome = scan(tmp_path, "--workforce", str(path))
    assert_one_error_line(outcome, 2, str(path), "sheets 'Site A' and 'Site B'")
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize("target", ["directory", "/dev/zero"])
def test_workforce_directory_or_device_is_refused(
    target: str, tmp_path: Path, small_data_dir: Path
) -> None:
    path = str(tmp_path) if target == "directory" else target
    assert_one_error_line(scan_in_child(tmp_path, small_data_dir, "--workforce", path), 2, path)


CONFIGS = [
    ("not-toml", "[[[ nope", "not a readable TOML file"),
    ("wrong-type", "fail_on = 3\n", "fail_on"),
    ("unknown-key", "bogus = 1\n", "bogus"),
]


@pytest.mark.parametrize(
    ("text", "fragment"), [c[1:] for c in CONFIGS], ids=[c[0] for c in CONFIGS]
)
def test_broken_config_is_refused(
    text: str, fragment: str, tmp_path: Path, small_data_dir: Path
) -> None:
    path = tmp_path / "screener.toml"
    path.write_text(text, encoding="utf-8")
    assert_one_error_line(scan(tmp_path, "--config", str(path)), 2, str(path), fragment)


def test_config_device_is_refused_without_hanging(tmp_path: Path, small_data_dir: Path) -> None:
    outcome = scan_in_child(tmp_path, small_data_dir, "--config", "/dev/zero", timeout=15)
    assert_one_error_line(outcome, 2, "/dev/zero")


def test_dispositions_bomb_is_refused(tmp_path: Path, small_data_dir: Path) -> None:
    path = tmp_path / "reviewed.xlsx"
    xlsx_bomb(path, "xl/worksheets/sheet1.xml", 300)
    assert_one_error_line(scan(tmp_path, "--dispositions", str(path)), 2, "reviewed.xlsx")


@pytest.mark.parametrize("kind", ["csv", "device"])
def test_dispositions_that_are_not_a_workbook(
    kind: str, tmp_path: Path, small_data_dir: Path
) -> None:
    path = str(suppliers(tmp_path)) if kind == "csv" else "/dev/zero"
    assert_one_error_line(scan(tmp_path, "--dispositions", path), 2, path)


def test_json_to_a_directory_is_refused(tmp_path: Path, small_data_dir: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert_one_error_line(scan(tmp_path, "--json", str(folder)), 2, str(folder))


@pytest.mark.parametrize("option", ["--xlsx", "--junit"])
@pytest.mark.parametrize("where", ["directory", "missing-folder"])
def test_report_to_an_unusable_path(
    option: str, where: str, tmp_path: Path, small_data_dir: Path
) -> None:
    target = tmp_path / "out" if where == "directory" else tmp_path / "no" / "such" / "file"
    if where == "directory":
        target.mkdir()
    outcome = cli(
        "scan", str(suppliers(tmp_path)), "--offline", "--allow-stale", "-q", "--fail-on",
        "none", "--xlsx", str(tmp_path / "r.xlsx"), option, str(target),
    )  # fmt: skip
    assert_one_error_line(outcome, 2, str(target))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 32)


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGE: list[tuple[str, Callable[[Path], None]]] = [
    ("empty", _empty),
    ("truncated", _truncated),
    ("garbage", _garbage),
    ("directory", _directory),
]


@pytest.mark.parametrize("damage", [d[1] for d in DAMAGE], ids=[d[0] for d in DAMAGE])
def test_damaged_list_store_fails_closed(
    damage: Callable[[Path], None], excerpt_store: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(excerpt_store, data_dir)
    damage(data_dir / "screener.sqlite3")
    outcome = scan(tmp_path, "--data-dir", str(data_dir))
    # An empty file is an empty SQLite database: "no watchlist data", still exit 3.
    where = str(data_dir) if damage is _empty else "screener.sqlite3"
    assert_one_error_line(outcome, 3, where)
    assert not (tmp_path / "r.xlsx").exists()
