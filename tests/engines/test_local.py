"""The local engine returns exactly what the sequential path returns, in input order."""

from __future__ import annotations

import gc
import multiprocessing
import weakref
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import pytest

from screener.engines import local
from screener.engines.batches import rebatch
from screener.engines.local import screen_local
from screener.errors import InputError
from screener.inputs import iter_supplier_chunks, read_suppliers
from screener.scan import ScanOptions, Screening, scan
from screener.screened import Screened


def test_rebatch_keeps_order_and_sizes() -> None:
    chunks = [[1, 2, 3], [], [4], [5, 6, 7, 8, 9, 10, 11]]
    batches = list(rebatch(chunks, 4))
    assert batches == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11]]


def test_parallel_equals_sequential(partners: Path, prepared: Screening) -> None:
    screening = prepared
    records = read_suppliers(partners).records
    sequential = screening.screen(records)
    done: list[int] = []
    batches = list(
        screen_local(
            screening,
            iter_supplier_chunks(partners, chunk_size=700),
            workers=2,
            batch_size=97,
            on_screened=done.append,
        )
    )
    assert {len(batch) for batch in batches[:-1]} == {97}
    parallel = [r for batch in batches for r in batch]
    assert [r.supplier_id for r in parallel] == [r.supplier_id for r in records]
    # Results crossed the process boundary as text: the text and the model read back from
    # it are what the sequential path gives.
    assert [r.text for r in parallel] == [Screened.of(r).text for r in sequential]
    assert [r.result().model_dump() for r in parallel] == [r.model_dump() for r in sequential]
    assert done == sorted(done) and done[-1] == len(records)
    # The file is realistic: listed names are found, most partners are not.
    with_matches = sum(1 for r in sequential if r.matches)
    assert 10 < with_matches < len(records) // 4


def test_bad_header_fails_before_lists_are_loaded(tmp_path: Path) -> None:
    path = tmp_path / "partners.csv"
    path.write_text("id,company\n1,Acme Ltd\n", encoding="utf-8")
    options = ScanOptions(data_dir=tmp_path / "no-lists", offline=True)
    with pytest.raises(InputError, match="supplier_id"):
        scan(path, options)


def test_scan_streams_to_the_same_result(
    partners: Path, scan_options: ScanOptions, prepared: Screening
) -> None:
    seen: list[tuple[int, int]] = []
    result = scan(partners, scan_options, progress=lambda done, total: seen.append((done, total)))
    expected = prepared.screen(read_suppliers(partners).records)
    assert [s.model_dump() for s in result.suppliers] == [s.model_dump() for s in expected]
    assert [v.id for v in result.run.lists] == ["eu_fsf", "opensanctions", "un_sc", "us_ofac_cons"]
    assert result.summary.suppliers == len(expected)
    assert seen[-1] == (len(expected), len(expected))


def test_screening_in_this_process_leaves_the_collector_as_it_was(
    partners: Path, prepared: Screening
) -> None:
    # Batches screened here freeze what screening cached; once done, this process (a library
    # caller, a test run) collects its cyclic garbage as before.
    gc.unfreeze()
    batches = screen_local(prepared, iter_supplier_chunks(partners, chunk_size=700), workers=1)
    results = [r for batch in batches for r in batch]
    assert len(results) == len(read_suppliers(partners).records)
    assert all(r._result is not None for r in results)  # screened here: the models stay
    assert gc.get_freeze_count() == 0  # nothing left out of the collector's reach
    assert gc.isenabled()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector_off() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.collect()  # no garbage of earlier tests for the first collection to find
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


@pytest.mark.parametrize("young", [True, False])
def test_the_first_batch_s_cycles_are_collected_before_what_lives_on_is_frozen(
    young: bool, collector_off: None
) -> None:
    settle = local.Settler(young=young)
    cycle = weakref.ref(_Cycle())
    kept = _Cycle()
    frozen = gc.get_freeze_count()
    settle()
    assert cycle() is None
    assert gc.get_freeze_count() > frozen
    assert not any(o is kept for o in gc.get_objects())  # frozen: out of every later pass


def test_batches_are_sampled_while_collections_find_nothing(collector_off: None) -> None:
    settle = local.Settler(young=True)
    settle()  # the first batch: sampled, clean
    unsampled = [weakref.ref(_Cycle())]
    settle()  # not sampled: frozen as it is
    assert unsampled[0]() is not None and not settle.cycles
    for _ in range(local.SAMPLE_EVERY - 2):
        settle()
    sampled = weakref.ref(_Cycle())
    settle()  # batch SAMPLE_EVERY + 1: sampled, finds the cycle
    assert sampled() is None and settle.cycles
    # From then on every batch is collected.
    later = weakref.ref(_Cycle())
    settle()
    assert later() is None


def _abandon(prepared: Screening, partners: Path) -> str:
    stream = screen_local(
        prepared, iter_supplier_chunks(partners, chunk_size=700), workers=2, batch_size=50
    )
    try:
        for done, _ in enumerate(chain.from_iterable(stream)):
            if done == 300:
                raise ValueError("the caller gives up")
    except ValueError as exc:
        failure = exc  # kept: exception → traceback → this frame → the stream → …
    return str(failure)


def test_a_parallel_scan_abandoned_in_a_reference_cycle_is_still_collected(
    partners: Path, prepared: Screening
) -> None:
    # The stream sits in a reference cycle only the collector can break: it must keep
    # running here, so that the stream's end unfreezes and its worker processes stop.
    assert _abandon(prepared, partners) == "the caller gives up"
    assert gc.isenabled()
    gc.collect()
    assert gc.get_freeze_count() == 0
    assert not multiprocessing.active_children()
