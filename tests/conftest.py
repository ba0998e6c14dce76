"""Shared test fixtures. Real reference data is read from ``../shared/data``; never copied."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = (ROOT.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"reference data not found at {SHARED_DATA} (expected ../shared/data)")
    return SHARED_DATA


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty screener data directory, also set as SCREENER_DATA_DIR."""
    path = tmp_path / "screener-data"
    monkeypatch.setenv("SCREENER_DATA_DIR", str(path))
    return path


def import_official_lists(target: Path, shared: Path, list_ids: tuple[str, ...]) -> Path:
    """Import real official files from ../shared/data into a data directory."""
    from screener.lists.ingest import ingest
    from screener.lists.store import ListStore

    sanctions = shared / "sanctions"
    files = {
        "un_sc": [sanctions / "un_sc" / "consolidated_2026-02-27.xml"],
        "us_ofac_sdn": sorted((sanctions / "us_ofac_sdn" / "2021-07").glob("*.csv")),
        "gb_ofsi": [sanctions / "gb_ofsi" / "ConList_2025-04-10.xlsx"],
    }
    store = ListStore(target)
    for list_id in list_ids:
        ingest(store, list_id, files[list_id])
    return target


@pytest.fixture(scope="session")
def official_store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A data directory holding the three fully available official lists (built once)."""
    target = tmp_path_factory.mktemp("official") / "data"
    return import_official_lists(target, shared_data, ("un_sc", "us_ofac_sdn", "gb_ofsi"))


@pytest.fixture
def loaded_data_dir(official_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of ``official_store`` (tests may add runs and decisions to it)."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(official_store, target)
    monkeypatch.setenv("SCREENER_DATA_DIR", str(target))
    return target
