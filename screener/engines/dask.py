"""The Dask engine: the same scan on a dask.distributed cluster.

The prepared :class:`~screener.scan.Screening` is scattered once to every worker
(``broadcast=True``); partitions of the input are then screened as tasks that take the
scattered screening, with a bounded window in flight, and gathered in input order. Without
an address a ``LocalCluster`` of two single-threaded process workers starts for the run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from screener.engines.batches import Window, rebatch
from screener.errors import InputError
from screener.screened import ScreenedBatch

if TYPE_CHECKING:
    from screener.engines import Batches, OnScreened
    from screener.records import SupplierRecord
    from screener.scan import Screening

MISSING = "the dask engine needs: pip install 'screener[dask]'"
PARTITION_SIZE = 2_000
LOCAL_WORKERS = 2
# Partitions in flight per worker thread.
WINDOW_PER_THREAD = 3


def screen_dask(
    screening: Screening,
    chunks: Batches,
    *,
    address: str | None = None,
    partition_size: int = PARTITION_SIZE,
    on_screened: OnScreened | None = None,
) -> Iterator[ScreenedBatch]:
    """Every record's result, in input order and in batches (partitions), screened on a Dask
    cluster."""
    distributed = import_distributed()
    with ExitStack() as stack:
        client = stack.enter_context(_client(distributed, address))
        threads = max(1, sum(client.nthreads().values()))
        shipped = client.scatter(screening, broadcast=True, hash=False)
        window: Window[ScreenedBatch] = Window(threads * WINDOW_PER_THREAD, _result)
        done = 0
        for partition in rebatch(chunks, partition_size):
            if window.full():
                results = window.pop()
                done += len(results)
                _report(on_screened, done)
                yield results
            window.push(client.submit(screen_partition, shipped, partition, pure=False))
        for results in window.drain():
            done += len(results)
            _report(on_screened, done)
            yield results


def screen_partition(screening: Screening, partition: list[SupplierRecord]) -> ScreenedBatch:
    """The task run on a worker: one partition through the worker's copy of the screening."""
    return ScreenedBatch(screening.screen_packed(partition))


def batch_size_in_memory(batch: ScreenedBatch) -> int:
    """Bytes a batch holds, for Dask's memory accounting (its texts; ids, scores and flags
    about 100 bytes a supplier): without it Dask counts a few MB of text as a small object."""
    return len(batch.texts) + len(batch.slims) + 100 * len(batch)


with contextlib.suppress(ImportError):  # registered wherever this module is imported
    from dask.sizeof import sizeof

    sizeof.register(ScreenedBatch)(batch_size_in_memory)  # type: ignore[no-untyped-call]


def import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError(MISSING) from None
    return distributed


def _client(distributed: Any, address: str | None) -> Any:
    if address:
        try:
            return distributed.Client(address, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    cluster = distributed.LocalCluster(
        n_workers=LOCAL_WORKERS,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    # Closing a client leaves its LocalCluster running: close both together.
    return _Closing(distributed.Client(cluster), cluster)


class _Closing:
    """Context manager closing a client and the LocalCluster it was started with."""

    def __init__(self, client: Any, cluster: Any) -> None:
        self.client = client
        self.cluster = cluster

    def __enter__(self) -> Any:
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.cluster.close()


def _result(future: object) -> ScreenedBatch:
    results: ScreenedBatch = future.result()  # type: ignore[attr-defined]
    return results


def _report(on_screened: OnScreened | None, done: int) -> None:
    if on_screened is not None:
        on_screened(done)
