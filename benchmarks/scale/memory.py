"""Peak memory of this process and its workers, sampled from /proc (Linux).

``pss`` (proportional set size) shares pages inherited by forked workers fairly among them,
so the sum over the process tree is the machine's real footprint; RSS would count the
shared list index once per worker.

Reading a process's PSS makes the kernel walk its page tables (some 25 ms for a process of
700 MB, charged to the reader), so the sampler polls the cheap RSS of the tree often and
reads PSS when that RSS reaches a new high, and at least every ten seconds.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from pathlib import Path

PROC = Path("/proc")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in (PROC / str(pid) / "task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += _children(current)
    return out


def _rss_kb(pid: int) -> int:
    try:
        return int((PROC / str(pid) / "statm").read_text().split()[1]) * _PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def _pss_kb(pid: int) -> int:
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


class PeakMemory:
    """The peak summed PSS of this process tree: its RSS polled every ``interval`` seconds,
    its PSS read on each new high of that RSS (by more than 1%) and every ``every`` seconds."""

    def __init__(self, interval: float = 0.25, every: float = 10.0) -> None:
        self.interval = interval
        self.every = every
        self.peak_kb = 0
        self.readings = 0  # PSS readings taken
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        pid = os.getpid()
        high_rss, last = 0, 0.0
        while not self._stop.wait(self.interval):
            tree = _tree(pid)
            rss = sum(_rss_kb(p) for p in tree)
            now = time.monotonic()
            if rss > high_rss * 1.01 or now - last >= self.every:
                high_rss = max(high_rss, rss)
                last = now
                self.readings += 1
                self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in tree))

    @property
    def available(self) -> bool:
        return (PROC / str(os.getpid()) / "smaps_rollup").exists()


def peak_rss_mb() -> tuple[float, float]:
    """(peak RSS of this process, peak RSS of the largest finished child), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime
