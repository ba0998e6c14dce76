"""A realistic scan for the engine tests: four real lists and a few thousand partners."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks.scale.generate import load_pools, rows
from screener.lists.ingest import ingest
from screener.lists.store import ListStore
from screener.scan import ScanOptions, Screening, prepare

ROOT = Path(__file__).resolve().parents[2]
GENERATED_ROWS = 1_500


@pytest.fixture(scope="session")
def engine_store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """UN, OFAC non-SDN, the EU excerpt and an OpenSanctions sample, imported once."""
    sanctions = shared_data / "sanctions"
    files = {
        "un_sc": [sanctions / "un_sc" / "consolidated_2026-02-27.xml"],
        "us_ofac_cons": sorted((sanctions / "us_ofac_cons" / "2025-12").glob("*.csv")),
        "eu_fsf": [sanctions / "eu_fsf" / "eu_fsf_excerpt_2026-08-05.xml"],
        "opensanctions": [
            sanctions / "opensanctions" / "yente_zala_aero_cluster.entities.ftm.json"
        ],
    }
    target = tmp_path_factory.mktemp("engines") / "data"
    store = ListStore(target)
    for list_id, paths in files.items():
        ingest(store, list_id, paths)
    return target


@pytest.fixture(scope="session")
def partners(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path, engine_store: Path
) -> Path:
    """The example file followed by generated rows, some of them really listed names."""
    store = ListStore(engine_store)
    listed = [
        entity.names[0].name
        for list_id in sorted(store.list_ids())
        for entity in store.entities(list_id)[::25]
    ]
    pools = load_pools(shared_data, listed)
    path = tmp_path_factory.mktemp("partners") / "partners.csv"
    with (ROOT / "examples" / "suppliers.csv").open(encoding="utf-8", newline="") as src:
        example = list(csv.reader(src))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerows(example)
        writer.writerows(rows(pools, GENERATED_ROWS, seed=11, listed_share=0.02))
    return path


@pytest.fixture
def scan_options(engine_store: Path) -> ScanOptions:
    return ScanOptions(
        data_dir=engine_store,
        offline=True,
        allow_stale=True,
        now=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )


@pytest.fixture(scope="session")
def prepared(engine_store: Path) -> Screening:
    screening, _ = prepare(ScanOptions(data_dir=engine_store, offline=True, allow_stale=True))
    return screening
