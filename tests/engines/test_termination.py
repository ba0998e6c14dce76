"""A scan cancelled with SIGTERM (a CI runner cancelling a job) leaves no partial files."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
def test_sigterm_during_a_scan_removes_its_temporary_files(
    partners: Path, engine_store: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(engine_store, data_dir)
    out = tmp_path / "out"
    out.mkdir()
    big = tmp_path / "big.csv"  # the partners file four times over, ids made unique
    lines = partners.read_text(encoding="utf-8").splitlines()
    with big.open("w", encoding="utf-8") as fh:
        fh.write(lines[0] + "\n")
        for copy in range(4):
            fh.writelines(f"C{copy}-{line}\n" for line in lines[1:])
    command = [
        sys.executable, "-c", "from screener.cli import main; main()", "scan", str(big),
        "--data-dir", str(data_dir), "--offline", "--allow-stale", "--quiet",
        "--json", str(out / "result.json"), "--xlsx", str(out / "report.xlsx"),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(out.glob(".screener-*")) and process.poll() is None:
        assert time.monotonic() < deadline, "the scan never started writing"
        time.sleep(0.05)
    assert process.poll() is None, "the scan ended before it could be cancelled"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + signal.SIGTERM, stderr.decode()
    assert list(out.iterdir()) == []  # no temporary body, no partial output
