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
