"""The streamed scan: the same results and summary as ``scan``, written without keeping them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screener.models import dump_json
from screener.report.jsonout import JsonWriter
from screener.scan import ScanOptions, iter_scan, scan


def test_streamed_json_equals_the_whole_result(
    partners: Path, scan_options: ScanOptions, tmp_path: Path
) -> None:
    whole = scan(partners, scan_options)
    stream = iter_scan(partners, scan_options)
    path = tmp_path / "result.json"
    with JsonWriter(path) as writer:
        for supplier in stream:
            writer.add(supplier)
        writer.finish(stream.header())
    assert path.read_bytes() == dump_json(whole).encode("utf-8")
    assert stream.header().summary == whole.summary
    assert whole.summary.suppliers == writer.count > 1_500


def test_a_stream_is_read_once(partners: Path, scan_options: ScanOptions) -> None:
    stream = iter_scan(partners, scan_options)
    with pytest.raises(RuntimeError, match="not been read"):
        stream.header()
    first = next(iter(stream))
    assert first.row == 2
    with pytest.raises(RuntimeError, match="only once"):
        next(iter(stream))


def test_a_big_run_keeps_only_flagged_suppliers_for_the_reports(
    partners: Path, scan_options: ScanOptions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from openpyxl import load_workbook

    from screener.commands import scan as command
    from screener.review.runs import compare, last_run
    from screener.screened import is_flagged

    monkeypatch.setattr(command, "KEEP_ALL", 200)  # the partners file is a "big" run here
    code, out, data_dir = _big_run(partners, scan_options, tmp_path)
    whole = scan(partners, scan_options)
    written = json.loads(out.read_text(encoding="utf-8"))
    # The JSON output has every supplier, exactly as the whole result has them.
    expected = json.loads(dump_json(whole))
    assert written["suppliers"] == expected["suppliers"]
    assert written["summary"] == expected["summary"]
    flagged = [s for s in whole.suppliers if is_flagged(s)]
    assert 0 < len(flagged) < len(whole.suppliers)
    assert code == int(whole.summary.by_tier["critical"] > 0)
    # The workbook lists the flagged suppliers and says why the others are not there.
    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    ids = [row[0] for row in book["Suppliers"].iter_rows(min_row=2, values_only=True)]
    assert ids == [s.supplier_id for s in flagged]
    summary_text = " ".join(
        str(v) for row in book["Summary"].iter_rows(values_only=True) for v in row if v
    )
    assert f"The run screened {len(whole.suppliers):,} suppliers" in summary_text
    # The stored run keeps what rescreen compares, for every supplier.
    stored = last_run(data_dir).result
    assert stored.summary == whole.summary
    assert [s.supplier_id for s in stored.suppliers] == [s.supplier_id for s in whole.suppliers]
    assert compare(stored, whole, 1).changes == []


def test_a_big_run_keeps_every_alert_and_the_most_exposed_flagged(
    partners: Path, scan_options: ScanOptions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import xml.etree.ElementTree as ET

    from openpyxl import load_workbook

    from screener.commands import scan as command
    from screener.review.runs import last_run
    from screener.screened import is_flagged

    monkeypatch.setattr(command, "KEEP_ALL", 200)
    monkeypatch.setattr(command, "KEEP_FLAGGED", 100)  # fewer than the fixture's flagged
    junit = tmp_path / "junit.xml"
    _, out, data_dir = _big_run(partners, scan_options, tmp_path, junit)
    whole = scan(partners, scan_options)
    # The JSON output and the stored run still have every supplier.
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["suppliers"] == json.loads(dump_json(whole))["suppliers"]
    assert last_run(data_dir).result.summary == whole.summary
    alerts = [s for s in whole.suppliers if s.matches]
    others = [s for s in whole.suppliers if is_flagged(s) and not s.matches]
    flagged = len(alerts) + len(others)
    assert alerts and len(others) > 100
    exposed = sorted(others, key=lambda s: (-s.risk_score, s.row))[:100]
    expected = sorted(alerts + exposed, key=lambda s: s.row)
    # The workbook: every alert, the 100 most exposed others, in input order.
    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    ids = [row[0] for row in book["Suppliers"].iter_rows(min_row=2, values_only=True)]
    assert ids == [s.supplier_id for s in expected]
    matched = {row[0] for row in book["Matches"].iter_rows(min_row=2, values_only=True)}
    assert matched == {s.supplier_id for s in alerts}
    summary_text = " ".join(
        str(v) for row in book["Summary"].iter_rows(values_only=True) for v in row if v
    )
    assert f"The run screened {len(whole.suppliers):,} suppliers ({flagged:,} flagged" in (
        summary_text
    )
    assert f"every supplier with matches ({len(alerts):,}) and the 100 most exposed" in (
        summary_text
    )
    assert f"the other {len(others) - 100:,} flagged suppliers" in summary_text
    # JUnit reads the same kept suppliers.
    cases = ET.parse(junit).getroot().iter("testcase")
    assert [case.get("name", "").split(" ")[0] for case in cases] == ids


def _big_run(
    partners: Path, scan_options: ScanOptions, tmp_path: Path, junit: Path | None = None
) -> tuple[int, Path, Path]:
    """``screener scan`` of the partners file into a copy of the store: (exit code, JSON
    output, data directory)."""
    from rich.console import Console

    from screener.commands import scan as command

    data_dir = tmp_path / "data"
    shutil.copytree(scan_options.data_dir, data_dir)
    out = tmp_path / "out.json"
    code = command.run_scan(
        partners, xlsx=tmp_path / "out.xlsx", json_out=str(out), lists=None, threshold=None,
        fail_on="critical", config_path=None, data_dir=data_dir, workforce=None,
        dispositions=None, junit=junit, engine="local", allow_stale=True, offline=True,
        interactive=False, quiet=True, console=Console(),
    )  # fmt: skip
    return code, out, data_dir
