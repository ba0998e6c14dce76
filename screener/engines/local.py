"""The local engine: screen batches on every core of this machine.

Worker processes receive the prepared :class:`~screener.scan.Screening` once, when they
start (inherited by ``fork`` where the platform has it, so nothing is pickled; pickled once
per worker otherwise). The input streams through in batches with a bounded window in
flight, so memory holds the list index, a few batches and the results handed back.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain
from typing import TYPE_CHECKING, cast

from screener.engines.batches import Window, rebatch
from screener.errors import InputError
from screener.screened import ScreenedBatch

if TYPE_CHECKING:
    from screener.engines import Batches, OnScreened
    from screener.records import SupplierRecord
    from screener.scan import Screening

BATCH_SIZE = 500
# Batches in flight per worker: enough to keep every core busy, few enough to bound memory.
WINDOW_PER_WORKER = 4

_screening: Screening | None = None
_settle_worker: Settler | None = None


def default_workers() -> int:
    """``SCREENER_WORKERS`` if set, else the cores this process may run on."""
    configured = os.environ.get("SCREENER_WORKERS", "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise InputError(f"SCREENER_WORKERS must be a whole number ≥ 1, not {configured!r}")
        return int(configured)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def screen_local(
    screening: Screening,
    chunks: Batches,
    *,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
    on_screened: OnScreened | None = None,
) -> Iterator[ScreenedBatch]:
    """Every record's result, in input order and in batches, screened on ``workers``
    processes.

    A single batch (a small file) or a single worker is screened in this process.
    """
    workers = workers or default_workers()
    batches = rebatch(chunks, batch_size)
    head = [batch for _, batch in zip(range(2), batches, strict=False)]
    if workers == 1 or len(head) < 2:
        return _sequential(screening, chain(head, batches), on_screened)
    # Tables built on first use (place names, transliteration) are then inherited by forks.
    screening.screen(head[0][:1])
    return _parallel(screening, chain(head, batches), workers, on_screened)


def _sequential(
    screening: Screening, batches: Iterator[list[SupplierRecord]], on_screened: OnScreened | None
) -> Iterator[ScreenedBatch]:
    done = 0
    try:
        for batch in batches:
            results = ScreenedBatch(screening.screen_packed(batch, models=True))
            gc.freeze()  # what screening cached lives on; collection is otherwise as usual
            done += len(results)
            if on_screened is not None:
                on_screened(done)
            yield results
    finally:
        gc.unfreeze()  # this process goes on (a library caller, the tests): collect as before


def _parallel(
    screening: Screening,
    batches: Iterator[list[SupplierRecord]],
    workers: int,
    on_screened: OnScreened | None,
) -> Iterator[ScreenedBatch]:
    context = _context()
    window: Window[ScreenedBatch] = Window(
        workers * WINDOW_PER_WORKER, lambda f: cast("Future[ScreenedBatch]", f).result()
    )
    done = 0
    settle = Settler()
    # Forked workers share the parent's pages; frozen objects are not rewritten by their GC.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start_worker, initargs=(screening,)
        ) as pool:
            for batch in batches:
                if window.full():
                    results = window.pop()
                    settle()  # what this process keeps: rows read ahead, kept results
                    done += len(results)
                    _report(on_screened, done)
                    yield results
                window.push(pool.submit(_screen_batch, batch))
            for results in window.drain():
                done += len(results)
                _report(on_screened, done)
                yield results
    finally:
        gc.unfreeze()  # this process goes on (a library caller, the tests): collect as before


def _report(on_screened: OnScreened | None, done: int) -> None:
    if on_screened is not None:
        on_screened(done)


def _context() -> multiprocessing.context.BaseContext:
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_worker(screening: Screening) -> None:
    global _screening, _settle_worker
    _screening = screening
    # Collected after a batch (``Settler``) and nowhere else: the process ends with the pool.
    _settle_worker = Settler(young=True)
    gc.disable()


def _screen_batch(batch: list[SupplierRecord]) -> ScreenedBatch:
    if _screening is None or _settle_worker is None:  # pragma: no cover - initializer ran
        raise RuntimeError("worker started without a screening")
    results = ScreenedBatch(_screening.screen_packed(batch))
    _settle_worker()
    return results


# A settling process collects one batch in this many while collections find no garbage.
SAMPLE_EVERY = 16


class Settler:
    """After each batch: collect what it left in reference cycles, then keep what lives on
    out of every later pass, which would walk all of it again and again (a screening
    process's caches of names, places and token expansions, which live for the whole run;
    the rows the main process reads ahead and the results it keeps for the reports).

    Screening makes no reference cycles (none in any batch of a million-row scan), and a
    collection costs 6-11 ms a batch for nothing (it walks every object the batch added to
    the caches). So the first batch and then one in ``SAMPLE_EVERY`` are collected; once a
    collection finds garbage, every batch is, for the rest of the run. Cycles made in batches
    that are not sampled stay frozen for the run: a sample sees only its own batch's, so a
    workload making cycles in a share p of its batches leaks about ``SAMPLE_EVERY / p``
    batches' worth before a sample catches one, and one making them in every batch leaks at
    most ``SAMPLE_EVERY - 1`` batches' worth.

    ``young``: only the young generations are collected, where a worker keeps everything
    made since the last batch (automatic collection is off there: nothing is moved on);
    collecting every generation costs 15-18 ms a batch for the same objects. The main
    process keeps automatic collection (a scan abandoned in a reference cycle must still be
    collected, its workers stopped) and collects every generation, cheaply.
    """

    __slots__ = ("batches", "cycles", "generation")

    def __init__(self, *, young: bool = False) -> None:
        self.generation = 1 if young else 2
        self.batches = 0
        self.cycles = False  # a collection found garbage: collect every batch from now on

    def __call__(self) -> None:
        self.batches += 1
        sampled = self.cycles or (self.batches - 1) % max(1, SAMPLE_EVERY) == 0
        if sampled and gc.collect(self.generation):
            self.cycles = True
        gc.freeze()
