"""Faults around the list store: killed imports, a full disk, a read-only data directory,
two scans at once, and report paths that are devices."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from screener.lists.store import DB_NAME
from tests.robustness.conftest import (
    assert_every_row,
    assert_one_error_line,
    cli,
)
from tests.robustness.measure import ENTRY, limit_memory, run_cli
from tests.robustness.test_hostile_lists import snapshot

OFSI = ("sanctions", "gb_ofsi", "ConList_2025-04-10.xlsx")
UN = ("sanctions", "un_sc", "consolidated_2026-02-27.xml")

# A child that imports with every executemany pausing (forever) after 1,000 rows, inside the
# write transaction, once it has told the parent so by creating the marker file.
PAUSE_MID_WRITE = """
import sqlite3, sys, time
from pathlib import Path

marker = Path(sys.argv[1])


class Paused(sqlite3.Connection):
    def executemany(self, sql, rows):
        def slow():
            for number, row in enumerate(rows):
                if number == 1000:
                    marker.write_text("writing")
                    time.sleep(600)
                yield row

        return super().executemany(sql, slow())


plain = sqlite3.connect
sqlite3.connect = lambda *a, **k: plain(*a, **{"factory": Paused, **k})
sys.argv = ["screener", *sys.argv[2:]]
from screener.cli import app

app()
"""


def assert_store_usable(data_dir: Path, before: dict[str, object]) -> None:
    """The last good versions are current and load; nobody holds a lock; writes work."""
    assert snapshot(data_dir) == before
    with contextlib.closing(sqlite3.connect(data_dir / DB_NAME, timeout=0)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    status = cli("lists", "status", "--json", "--data-dir", str(data_dir))
    assert status.code == 0, status.stderr
    assert sorted(v["id"] for v in json.loads(status.stdout)["lists"]) == sorted(before)


def kill_when(child: subprocess.Popen[bytes], ready: Path | None, after: float) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if (ready is not None and ready.exists()) or (ready is None and after <= 0):
            break
        time.sleep(0.01)
        after -= 0.01
    assert child.poll() is None, "the import finished before it could be interrupted"
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(30) == -signal.SIGKILL


def test_import_killed_mid_write_keeps_the_last_good_version(
    shared_data: Path, tmp_path: Path, small_data_dir: Path
) -> None:
    before = snapshot(small_data_dir)
    marker = tmp_path / "writing"
    args = ["lists", "import", "gb_ofsi", str(shared_data.joinpath(*OFSI))]
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSE_MID_WRITE, str(marker), *args],
        preexec_fn=limit_memory,
        env={**os.environ, "SCREENER_DATA_DIR": str(small_data_dir)},
    )
    kill_when(child, marker, 0)
    assert_store_usable(small_data_dir, before)
    redo = run_cli(
        ["lists", "import", "un_sc", str(shared_data.joinpath(*UN))], small_data_dir, tmp_path
    )
    assert redo.outcome.code == 0, redo.outcome.stderr
    assert "un_sc" in snapshot(small_data_dir)


def test_import_killed_while_parsing_keeps_the_last_good_version(
    shared_data: Path, tmp_path: Path, small_data_dir: Path
) -> None:
    before = snapshot(small_data_dir)
    args = ["lists", "import", "gb_ofsi", str(shared_data.joinpath(*OFSI))]
    child = subprocess.Popen(
        [sys.executable, "-c", ENTRY, *args],
        preexec_fn=limit_memory,
        env={**os.environ, "SCREENER_DATA_DIR": str(small_data_dir)},
    )
    kill_when(child, None, 1.5)
    assert_store_usable(small_data_dir, before)


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A tiny tmpfs at ``path`` (root only); skips the test where mounting is not allowed."""
    path.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def copy_store(source: Path, target: Path) -> Path:
    target.mkdir()
    (target / DB_NAME).write_bytes((source / DB_NAME).read_bytes())
    return target


def test_full_disk_refuses_the_import_and_keeps_the_last_good_version(
    shared_data: Path, excerpt_store: Path, tmp_path: Path
) -> None:
    """A real full disk: a 512 KiB tmpfs (the UN list needs more)."""
    with tmpfs(tmp_path / "tiny", "512k") as mount:
        data_dir = copy_store(excerpt_store, mount / "data")
        before = snapshot(data_dir)
        un = shared_data.joinpath(*UN)
        measured = run_cli(["lists", "import", "un_sc", str(un)], data_dir, tmp_path)
        assert_one_error_line(measured.outcome, 3, "full")
        assert_store_usable(data_dir, before)


class FullDisk(sqlite3.Connection):
    def executemany(self, *args: object) -> sqlite3.Cursor:
        raise sqlite3.OperationalError("database or disk is full")


def test_simulated_full_disk_refuses_the_import(
    shared_data: Path, small_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same on any machine: SQLite's own 'disk is full' error raised mid-transaction."""
    before = snapshot(small_data_dir)
    plain = sqlite3.connect

    def connect(database: str | os.PathLike[str], **kwargs: Any) -> sqlite3.Connection:
        return plain(database, factory=FullDisk, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    outcome = cli("lists", "import", "un_sc", str(shared_data.joinpath(*UN)))
    monkeypatch.setattr(sqlite3, "connect", plain)
    assert_one_error_line(outcome, 3, "disk is full")
    assert_store_usable(small_data_dir, before)


@pytest.fixture
def read_only_data_dir(excerpt_store: Path, tmp_path: Path) -> Iterator[Path]:
    """The excerpt store on a read-only mount (root ignores file modes, not a ro mount)."""
    with tmpfs(tmp_path / "ro", "4m") as mount:
        data_dir = copy_store(excerpt_store, mount / "data")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield data_dir


def test_read_only_data_dir_still_reads_and_refuses_writes_clearly(
    shared_data: Path, read_only_data_dir: Path
) -> None:
    before = snapshot(read_only_data_dir)
    assert sorted(before) == ["eu_fsf", "gb_fcdo"]
    imported = cli(
        "lists", "import", "un_sc", str(shared_data.joinpath(*UN)),
        "--data-dir", str(read_only_data_dir),
    )  # fmt: skip
    assert_one_error_line(imported, 3, str(read_only_data_dir), "not writable")
    assert snapshot(read_only_data_dir) == before


def test_scan_with_a_read_only_data_dir(tmp_path: Path, read_only_data_dir: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("supplier_id,name\nS1,Acme\nS2,Beta\n", encoding="utf-8")
    report = tmp_path / "r.xlsx"
    outcome = cli(
        "scan", str(path), "--offline", "--allow-stale", "-q", "--fail-on", "none",
        "--data-dir", str(read_only_data_dir), "--xlsx", str(report),
    )  # fmt: skip
    # refused before any report was written: runs and decisions live in the data directory
    assert_one_error_line(outcome, 3, str(read_only_data_dir), "not writable")
    assert not report.exists()


def test_two_scans_at_once_share_a_data_dir(tmp_path: Path, small_data_dir: Path) -> None:
    ids = [f"S{i:03d}" for i in range(1, 41)]
    names = ["Acme Trading", "Siemens AG", "Nestlé S.A.", "Rosneft Trading", "Ромашка"]
    lines = ["supplier_id,name,country"]
    lines += [f"{sid},{names[i % len(names)]} {i},RU" for i, sid in enumerate(ids)]
    path = tmp_path / "s.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "SCREENER_DATA_DIR": str(small_data_dir)}
    children = []
    for n in (1, 2):
        args = [
            "scan", str(path), "--offline", "--allow-stale", "-q", "--fail-on", "none",
            "--json", str(tmp_path / f"r{n}.json"), "--xlsx", str(tmp_path / f"r{n}.xlsx"),
        ]  # fmt: skip
        children.append(
            subprocess.Popen(
                [sys.executable, "-c", ENTRY, *args],
                preexec_fn=limit_memory,
                env=env,
                stderr=subprocess.PIPE,
            )
        )
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err.decode()
    first, second = (json.loads((tmp_path / f"r{n}.json").read_text()) for n in (1, 2))
    assert_every_row(first, ids)
    assert first["suppliers"] == second["suppliers"]
    assert first["run"]["lists"] == second["run"]["lists"]


def test_reports_to_a_device_leave_the_device_alone(tmp_path: Path, small_data_dir: Path) -> None:
    devices = {}
    for name in ("null-xlsx", "null-junit"):
        devices[name] = tmp_path / name
        try:
            os.mknod(devices[name], 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("cannot create a device node here")
    path = tmp_path / "s.csv"
    path.write_text("supplier_id,name\nS1,Acme\n", encoding="utf-8")
    cli(
        "scan", str(path), "--offline", "--allow-stale", "-q", "--fail-on", "none",
        "--xlsx", str(devices["null-xlsx"]), "--junit", str(devices["null-junit"]),
    )  # fmt: skip
    for device in devices.values():
        assert stat.S_ISCHR(device.stat().st_mode), device


def _suppliers(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "s.csv"
    lines = ["supplier_id,name,country"]
    lines += [f"S{i:04d},Acme Trading {i} GmbH,DE" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_result_filling_the_disk_is_one_error_line(tmp_path: Path, small_data_dir: Path) -> None:
    """The JSON result on a disk that fills up mid-scan: one line naming it, no temporary
    file left behind."""
    suppliers = _suppliers(tmp_path, 300)  # about 1 MB of JSON
    with tmpfs(tmp_path / "tiny", "256k") as mount:
        result = mount / "result.json"
        measured = run_cli(
            ["scan", str(suppliers), "--offline", "--allow-stale", "-q", "--fail-on", "none",
             "--json", str(result), "--xlsx", str(tmp_path / "r.xlsx")],
            small_data_dir, tmp_path,
        )  # fmt: skip
        assert_one_error_line(measured.outcome, 2, f"cannot write {result}", "No space left")
        assert list(mount.iterdir()) == []


def test_a_workbook_filling_the_disk_is_one_error_line(
    tmp_path: Path, small_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbook's sheets are written in the system's temporary folder, then zipped
    beside the workbook: either disk filling up is one line naming the workbook (the sheets
    a failed save left open print no traceback)."""
    suppliers = _suppliers(tmp_path, 300)
    with tmpfs(tmp_path / "tiny", "16k") as mount:
        book = mount / "r.xlsx"
        args = ["scan", str(suppliers), "--offline", "--allow-stale", "-q", "--fail-on", "none"]
        measured = run_cli([*args, "--xlsx", str(book)], small_data_dir, tmp_path)
        assert_one_error_line(measured.outcome, 2, f"workbook {book}", "No space left")
        assert list(mount.iterdir()) == []

        monkeypatch.setenv("TMPDIR", str(mount))
        elsewhere = tmp_path / "r.xlsx"
        measured = run_cli([*args, "--xlsx", str(elsewhere)], small_data_dir, tmp_path)
        line = assert_one_error_line(measured.outcome, 2, f"workbook {elsewhere}")
        assert line.endswith(f"No space left on device (writing its sheets in {mount})")
        assert not elsewhere.exists()


def test_a_full_data_directory_refuses_the_run_record_clearly(
    tmp_path: Path, excerpt_store: Path
) -> None:
    """A scan records its run in the data directory: a full disk there is one line saying
    so (not that the database is unreadable), and the exit code fails the job."""
    suppliers = _suppliers(tmp_path, 300)
    with tmpfs(tmp_path / "tiny", "4m") as mount:
        data_dir = copy_store(excerpt_store, mount / "data")
        free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
        (mount / "filler").write_bytes(b"\0" * (free - (32 << 10)))
        measured = run_cli(
            ["scan", str(suppliers), "--offline", "--allow-stale", "-q", "--fail-on", "none",
             "--json", str(tmp_path / "r.json"), "--xlsx", str(tmp_path / "r.xlsx")],
            data_dir, tmp_path,
        )  # fmt: skip
        assert_one_error_line(measured.outcome, 3, str(data_dir), "the disk is full")
