"""A screened supplier crosses process boundaries as text and reads back to the same model."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from screener.inputs import read_suppliers
from screener.models import dump_json
from screener.scan import Screening, summarise
from screener.screened import Screened, is_flagged


def test_text_reads_back_to_the_same_result(partners: Path, prepared: Screening) -> None:
    results = prepared.screen(read_suppliers(partners).records[:400])
    assert any(r.matches for r in results) and any(r.jurisdictions for r in results)
    for result in results:
        screened = pickle.loads(pickle.dumps(Screened.of(result)))
        assert screened._result is None  # only the text travelled
        assert screened.result() == result
        assert Screened.of(screened.result()).text == screened.text
        assert screened.flagged == is_flagged(result)
        assert (screened.supplier_id, screened.row) == (result.supplier_id, result.row)


def test_text_is_the_supplier_as_the_json_result_holds_it(
    partners: Path, prepared: Screening
) -> None:
    results = prepared.screen(read_suppliers(partners).records[:50])
    for result in results:
        text = Screened.of(result).text
        assert json.loads(text) == json.loads(dump_json(result))
        assert text.startswith('    {\n      "supplier_id"')  # indented as a list item
    slim = json.loads(Screened.of(results[0]).slim)
    assert set(slim) == {
        "supplier_id", "row", "name", "risk_score", "risk_tier", "matches", "annual_spend"
    }  # fmt: skip


def test_summary_from_screened_equals_summary_from_results(
    partners: Path, prepared: Screening
) -> None:
    results = prepared.screen(read_suppliers(partners).records[:300])
    packed = [pickle.loads(pickle.dumps(Screened.of(r))) for r in results]
    assert summarise(packed) == summarise(results)
