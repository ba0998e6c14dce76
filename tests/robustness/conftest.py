"""Fixtures of the reliability suite: a small real list store and CLI helpers.

Most scans here run against the EU FSF and UK FCDO excerpts (ten real entities) so that a
scan costs about a second; tests that need the full lists use ``loaded_data_dir``.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from screener.cli import app

runner = CliRunner()


@dataclass(slots=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def cli(*args: str) -> Outcome:
    result = runner.invoke(app, list(args))
    return Outcome(result.exit_code, result.stdout, result.stderr)


def assert_one_error_line(outcome: Outcome, code: int, *fragments: str) -> str:
    """Exit ``code``, exactly one ``screener: error:`` line on stderr naming ``fragments``."""
    assert outcome.code == code, (outcome.code, outcome.stderr)
    assert "Traceback" not in outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("screener: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def scan_json(tmp_path: Path, supplier_file: Path, *extra: str) -> tuple[Outcome, dict[str, Any]]:
    """Scan ``supplier_file`` offline with all reports; the JSON result, parsed."""
    out = tmp_path / "result.json"
    outcome = cli(
        "scan",
        str(supplier_file),
        "--offline",
        "--allow-stale",
        "--quiet",
        "--fail-on",
        "none",
        "--json",
        str(out),
        "--xlsx",
        str(tmp_path / "report.xlsx"),
        "--junit",
        str(tmp_path / "junit.xml"),
        *extra,
    )
    assert outcome.code == 0, outcome.stderr
    assert "Traceback" not in outcome.stderr
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return outcome, data


def assert_every_row(result: dict[str, Any], ids: list[str]) -> None:
    """Rows in = suppliers out, in input order, nothing dropped or invented."""
    suppliers = result["suppliers"]
    assert result["summary"]["suppliers"] == len(ids)
    assert [s["supplier_id"] for s in suppliers] == ids
    rows = [s["row"] for s in suppliers]
    assert rows == sorted(rows) and len(set(rows)) == len(rows)


def import_excerpts(target: Path, shared: Path) -> Path:
    from screener.lists.ingest import ingest
    from screener.lists.store import ListStore

    sanctions = shared / "sanctions"
    store = ListStore(target)
    ingest(store, "eu_fsf", [sanctions / "eu_fsf" / "eu_fsf_excerpt_2026-08-05.xml"])
    ingest(store, "gb_fcdo", [sanctions / "gb_fcdo" / "UK_Sanctions_List_excerpt_2026-09-10.xml"])
    return target


@pytest.fixture(scope="session")
def excerpt_store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    return import_excerpts(tmp_path_factory.mktemp("excerpts") / "data", shared_data)


@pytest.fixture
def small_data_dir(excerpt_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the excerpt store, set as SCREENER_DATA_DIR."""
    target = tmp_path / "data"
    shutil.copytree(excerpt_store, target)
    monkeypatch.setenv("SCREENER_DATA_DIR", str(target))
    return target
