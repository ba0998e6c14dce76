"""Run the CLI in a child process and measure its wall time and peak resident memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.robustness.conftest import Outcome

HARD_AS_BYTES = 1536 << 20  # the child may not map more, so a runaway read cannot hurt CI
# The child reports its own peak memory (VmHWM of its own address space): the rusage of a
# forked child also counts the pages of this large test process it was forked from.
HWM_ENV = "SCREENER_TEST_HWM_FILE"
ENTRY = (
    "import atexit, os, re, resource; "
    f"resource.setrlimit(resource.RLIMIT_AS, ({HARD_AS_BYTES}, {HARD_AS_BYTES})); "
    "atexit.register(lambda: open(os.environ['" + HWM_ENV + "'], 'w').write("
    "re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) "
    "if os.environ.get('" + HWM_ENV + "') else None); "
    "from screener.cli import app; app()"
)
LIMIT_SECONDS = 60.0
LIMIT_RSS_MB = 500.0


@dataclass(slots=True)
class Measured:
    outcome: Outcome
    seconds: float
    peak_rss_mb: float


def limit_memory() -> None:
    """For preexec_fn: cap the child's address space so a runaway read cannot hurt CI."""
    resource.setrlimit(resource.RLIMIT_AS, (HARD_AS_BYTES, HARD_AS_BYTES))


def run_cli(args: list[str], data_dir: Path, tmp_path: Path, timeout: float = 120) -> Measured:
    """``screener ARGS`` in a fresh interpreter; killed after ``timeout`` seconds."""
    hwm_file = tmp_path / "child.hwm"
    env = {**os.environ, "SCREENER_DATA_DIR": str(data_dir), HWM_ENV: str(hwm_file)}
    env.pop("SCREENER_DEBUG", None)
    out_path, err_path = tmp_path / "child.out", tmp_path / "child.err"
    start = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        child = subprocess.Popen(
            [sys.executable, "-c", ENTRY, *args],
            stdout=out,
            stderr=err,
            env=env,
        )
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    outcome = Outcome(
        child.returncode,
        out_path.read_text(encoding="utf-8", errors="replace"),
        err_path.read_text(encoding="utf-8", errors="replace"),
    )
    # Killed children report nothing: fall back to the (over-counting) rusage figure.
    peak_kb = int(hwm_file.read_text()) if hwm_file.is_file() else usage.ru_maxrss
    return Measured(outcome, seconds, peak_kb / 1024)
