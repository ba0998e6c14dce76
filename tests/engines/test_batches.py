"""A batch of screened suppliers carries exactly its suppliers, and every writer takes a
batch as it takes the same suppliers one by one."""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path

import pytest

from screener.commands.scan import Kept
from screener.inputs import read_suppliers
from screener.review.runs import RunRecorder
from screener.scan import ScanOptions, Screening, Tally, iter_scan
from screener.screened import _STATE, Screened, ScreenedBatch


@pytest.fixture(scope="module")
def screened(partners: Path, prepared: Screening) -> list[Screened]:
    return prepared.screen_packed(read_suppliers(partners).records)


def _state(item: Screened) -> tuple[object, ...]:
    return tuple(getattr(item, name) for name in _STATE)


def _recorded(recorder: RunRecorder) -> bytes:
    """What the recorder compressed (it takes no more after this)."""
    return zlib.decompress(b"".join(recorder._parts) + recorder._zip.flush())


def _batches(items: list[Screened], size: int) -> list[ScreenedBatch]:
    return [ScreenedBatch(items[i : i + size]) for i in range(0, len(items), size)]


def test_a_batch_crosses_a_process_boundary_with_every_supplier(
    screened: list[Screened],
) -> None:
    assert any(s.matched for s in screened) and any(s.flagged and not s.matched for s in screened)
    batch = pickle.loads(pickle.dumps(ScreenedBatch(screened)))
    back = list(batch)
    assert [_state(s) for s in back] == [_state(s) for s in screened]
    assert all(s._result is None for s in back)  # only the texts travelled
    assert back[0].result() == screened[0].result()
    flagged = [s for s in screened if s.flagged]
    assert [_state(s) for s in batch.alerts_and_flagged()] == [_state(s) for s in flagged]
    assert batch.flagged == len(flagged)
    assert batch.texts == b",\n".join(s.text for s in screened)
    assert batch.slims == b",".join(s.slim for s in screened)
    assert list(ScreenedBatch([])) == [] and ScreenedBatch([]).flagged == 0


def test_a_batch_built_here_keeps_the_models_it_has(screened: list[Screened]) -> None:
    back = list(ScreenedBatch(screened))
    assert [s._result for s in back] == [s._result for s in screened]


def test_writers_take_batches_as_they_take_the_suppliers(
    screened: list[Screened], tmp_path: Path
) -> None:
    from screener.report.jsonout import JsonWriter

    batches = [ScreenedBatch([]), *_batches(screened, 97), ScreenedBatch([])]
    one, many = RunRecorder(), RunRecorder()
    by_one, by_batch = Tally(), Tally()
    with JsonWriter(tmp_path / "one.json") as a, JsonWriter(tmp_path / "many.json") as b:
        for item in screened:
            a.add(item)
            one.add(item)
            by_one.add(item)
        for batch in batches:
            b.add_batch(batch)
            many.add_batch(batch)
            by_batch.add_batch(batch)
        assert (a.count, a.bytes) == (b.count, b.bytes) == (len(screened), a.bytes)
    recorded = _recorded(one)
    assert _recorded(many) == recorded
    assert recorded.count(b'"supplier_id"') == len(screened)
    assert by_batch == by_one
    assert by_batch.summary() == by_one.summary()


@pytest.mark.parametrize(("limit", "flagged_limit"), [(10_000, 50), (150, 40), (0, 5), (1, 0)])
def test_kept_takes_batches_as_it_takes_the_suppliers(
    screened: list[Screened], limit: int, flagged_limit: int
) -> None:
    one, many = Kept(limit, flagged_limit), Kept(limit, flagged_limit)
    for item in screened:
        one.add(item)
    for batch in _batches(screened, 97):  # the limit falls inside a batch
        many.add_batch(batch)
    assert (many.seen, many.flagged, many.dropped, many.complete) == (
        one.seen,
        one.flagged,
        one.dropped,
        one.complete,
    )
    assert [(k.row, k.text, k.packed) for k in many.kept] == [
        (k.row, k.text, k.packed) for k in one.kept
    ]


def test_a_stream_is_read_once_whichever_way(partners: Path, scan_options: ScanOptions) -> None:
    stream = iter_scan(partners, scan_options)
    first = next(stream.batches())
    assert first.rows[0] == 2
    with pytest.raises(RuntimeError, match="only once"):
        next(iter(stream))
