"""Engines: run one prepared :class:`~screener.scan.Screening` over streamed supplier records.

``local`` screens batches on every core of this machine (worker processes that receive the
screening once); ``dask`` screens partitions on a dask.distributed cluster. Both yield the
same results, in input order and in batches (:class:`~screener.screened.ScreenedBatch`), as
``Screening.screen_packed`` does sequentially.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from screener.errors import InputError

if TYPE_CHECKING:
    from screener.records import SupplierRecord
    from screener.scan import Screening
    from screener.screened import ScreenedBatch

ENGINES = ("local", "dask")

Batches = Iterable[list["SupplierRecord"]]
OnScreened = Callable[[int], None]  # suppliers screened so far


def check_engine(name: str) -> None:
    """Fail before any work when the engine is unknown or not installed."""
    if name not in ENGINES:
        raise InputError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})")
    if name == "dask":
        from screener.engines.dask import import_distributed

        import_distributed()


def run_engine(
    name: str,
    screening: Screening,
    chunks: Batches,
    *,
    address: str | None = None,
    on_screened: OnScreened | None = None,
) -> Iterator[ScreenedBatch]:
    """Screen every record of ``chunks`` with the named engine; results in input order, in
    batches."""
    if name == "local":
        if address:
            raise InputError("the local engine takes no address")
        from screener.engines.local import screen_local

        return screen_local(screening, chunks, on_screened=on_screened)
    if name == "dask":
        from screener.engines.dask import screen_dask

        return screen_dask(screening, chunks, address=address, on_screened=on_screened)
    raise InputError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})")


__all__ = ["ENGINES", "Batches", "OnScreened", "check_engine", "run_engine"]
