"""A screened supplier crosses process boundaries as text and reads back to the same model."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from screener.inputs import read_suppliers
from screener.models import SupplierResult, dump_json
from screener.scan import Screening, summarise
from screener.screened import _STATE, ITEM_INDENT, Screened, is_flagged, supplier_text


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
        assert text.startswith(b'    {\n      "supplier_id"')  # indented as a list item
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


def _whole(result: SupplierResult) -> str:
    text = result.model_dump_json(by_alias=True, indent=2)
    return ITEM_INDENT + text.replace("\n", "\n" + ITEM_INDENT)


def test_put_together_text_is_the_whole_models_text(partners: Path, prepared: Screening) -> None:
    results = prepared.screen(read_suppliers(partners).records)
    assert sum(not r.matches for r in results) > 100
    for result in results:
        assert supplier_text(result) == _whole(result)


def test_put_together_text_writes_awkward_values_as_the_model_does(
    partners: Path, prepared: Screening
) -> None:
    [base] = prepared.screen(read_suppliers(partners).records[2:3])
    assert not base.matches and base.jurisdictions
    awkward = [
        'Quote " and \\ backslash', "tab\tnew\nline\r\x01\x1f\x7f", "emoji 🏭 and ünïcode ČŽ",
        "line\u2028separator\u2029", "<script>&amp;</script>", "", "=HYPERLINK(\"x\")",
    ]  # fmt: skip
    place = base.jurisdictions[0]
    for text in awkward:
        # A street address is written from its own input and the text of its place.
        addresses = [
            place.model_copy(update={"input": text, "role": "address"}),
            place.model_copy(update={"input": text + " 2", "role": "address", "code": None}),
            place.model_copy(update={"input": text, "role": "address", "risk_score": 0.0}),
            place.model_copy(update={"input": text, "role": "address", "risk_score": -0.0}),
        ]
        with_address = base.model_copy(update={"jurisdictions": [*base.jurisdictions, *addresses]})
        assert supplier_text(with_address) == _whole(with_address), text
        for spend in (None, 0.0, 1e22, 1e-7, 123456789.125, 5_000_000.0):
            result = base.model_copy(
                update={
                    "name": text,
                    "supplier_id": text or "id",
                    "reasons": [text, f"{text} again"],
                    "annual_spend": spend,
                }
            )
            assert supplier_text(result) == _whole(result), (text, spend)
    bare = base.model_copy(update={"jurisdictions": [], "reasons": [], "risk_score": 0.0})
    assert supplier_text(bare) == _whole(bare)
    assert json.loads(supplier_text(bare))["jurisdictions"] == []


def _unmatched(result: SupplierResult, **changes: object) -> Screened:
    values = {
        "supplier_id": result.supplier_id,
        "row": result.row,
        "name": result.name,
        "risk_score": result.risk_score,
        "risk_tier": result.risk_tier,
        "jurisdictions": result.jurisdictions,
        "workforce": result.workforce,
        "reasons": result.reasons,
        "annual_spend": result.annual_spend,
    }
    return Screened.unmatched(**{**values, **changes})  # type: ignore[arg-type]


def _packed_state(screened: Screened) -> tuple[object, ...]:
    return tuple(getattr(screened, name) for name in _STATE)


def test_a_supplier_without_matches_packs_as_its_model_does(
    partners: Path, prepared: Screening
) -> None:
    records = read_suppliers(partners).records
    packed = prepared.screen_packed(records)
    results = prepared.screen(records)
    unmatched = [r for r in results if not r.matches]
    assert len(unmatched) > 100 and any(r.annual_spend is not None for r in unmatched)
    assert any(r.risk_tier != "low" for r in unmatched)  # flagged without a match
    for screened, result in zip(packed, results, strict=True):
        assert _packed_state(screened) == _packed_state(Screened.of(result))
    for result in unmatched:
        assert _packed_state(_unmatched(result)) == _packed_state(Screened.of(result))


def test_values_the_model_would_convert_pack_as_the_model_writes_them(
    partners: Path, prepared: Screening
) -> None:
    [base] = prepared.screen(read_suppliers(partners).records[2:3])
    assert not base.matches
    for changes in (
        {"risk_score": 42},  # an int: the model writes 42.0
        {"annual_spend": 1000},
        {"annual_spend": float("nan")},  # JSON has no NaN: the model decides
        {"risk_score": float("inf")},
    ):
        model = SupplierResult.model_validate({**base.model_dump(), **changes})
        assert _packed_state(_unmatched(base, **changes)) == _packed_state(Screened.of(model))
