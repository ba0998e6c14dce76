"""The Dask engine (a LocalCluster of two process workers) equals the local engine."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from screener.errors import InputError
from screener.models import dump_json
from screener.scan import ScanOptions, scan


def test_dask_equals_local_byte_for_byte(partners: Path, scan_options: ScanOptions) -> None:
    pytest.importorskip("distributed")
    local = dump_json(scan(partners, scan_options))
    scan_options.engine = "dask"
    progress: list[int] = []
    on_dask = dump_json(scan(partners, scan_options, progress=lambda d, _t: progress.append(d)))
    assert on_dask == local
    assert progress[-1] == local.count('"supplier_id"')


def test_missing_dask_is_an_input_error(
    partners: Path, scan_options: ScanOptions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    scan_options.engine = "dask"
    scan_options.data_dir = tmp_path / "empty"  # fails before any list would be needed
    with pytest.raises(
        InputError, match=r"^the dask engine needs: pip install 'screener\[dask\]'$"
    ):
        scan(partners, scan_options)


def test_dask_counts_a_batch_by_its_texts(partners: Path, scan_options: ScanOptions) -> None:
    pytest.importorskip("distributed")
    from dask.sizeof import sizeof

    from screener.engines import dask as engine  # registers the batch's size
    from screener.inputs import read_suppliers
    from screener.scan import prepare
    from screener.screened import ScreenedBatch

    screening, _ = prepare(scan_options)
    batch = ScreenedBatch(screening.screen_packed(read_suppliers(partners).records[:200]))
    assert len(batch.texts) > 200 * 1_000  # a few KB of text a supplier
    assert sizeof(batch) == engine.batch_size_in_memory(batch) > len(batch.texts)
