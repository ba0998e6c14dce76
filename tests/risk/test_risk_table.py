"""The committed risk table is exactly what the build script makes from the publisher files."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    path = ROOT / "watchlists" / "build_risk_table.py"
    spec = importlib.util.spec_from_file_location("build_risk_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_table_equals_rebuild(shared_data: Path) -> None:
    script = _script()
    rebuilt = script.render(script.build(shared_data))
    committed = (ROOT / "watchlists" / "jurisdictions" / "risk_table.csv").read_text("utf-8")
    assert rebuilt == committed


def test_every_row_is_sourced_and_dated() -> None:
    script = _script()
    text = (ROOT / "watchlists" / "jurisdictions" / "risk_table.csv").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0] == ",".join(script.COLUMNS)
    import csv

    rows = list(csv.DictReader(lines))
    assert len(rows) > 1500
    for row in rows:
        assert row["source"] and row["edition"] and row["published"][:4].isdigit(), row
    myanmar = [r for r in rows if r["code"] == "mm" and r["indicator"] == "ewp_risk_2yr"]
    assert myanmar[0]["value"] == "0.1041"  # EWP 2025 rank 1
