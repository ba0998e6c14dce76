"""Ranking sanity of the country model on the committed table."""

from __future__ import annotations

import pytest

from screener.risk import MODEL_VERSION, RiskConfig, RiskModel, describe


@pytest.fixture(scope="module")
def model() -> RiskModel:
    return RiskModel.default()


def test_atrocity_states_rank_above_stable_democracies(model: RiskModel) -> None:
    for risky in ("mm", "sd"):
        for stable in ("dk", "no"):
            assert model.score(risky).score > model.score(stable).score + 50  # type: ignore[operator]
    assert model.score("dk").tier == "low"
    assert model.score("mm").tier == "critical"


@pytest.mark.parametrize("code", ["kp", "ir", "sy", "cu", "ua-cri", "ua-dpr", "ua-lpr"])
def test_embargoed_and_atrocity_places_are_critical(model: RiskModel, code: str) -> None:
    assert model.score(code).tier == "critical"


def test_every_figure_names_source_and_date(model: RiskModel) -> None:
    for code in ("mm", "dk", "ua-cri", "ps"):
        scored = model.score(code)
        assert scored.sources
        for source in scored.sources:
            assert "(" in source and any(ch.isdigit() for ch in source.split("(", 1)[1]), source
    assert "Early Warning Project SRA 2025 (2025-09-03): 2-yr risk of a new mass killing 10.4%" in (
        model.score("mm").sources
    )


def test_region_inherits_country_indicators_and_says_so(model: RiskModel) -> None:
    crimea = model.score("ua-cri")
    assert crimea.score == 95.0
    assert any("indicators of Ukraine" in note for note in crimea.notes)
    assert any("comprehensive embargo" in note for note in crimea.notes)


def test_missing_groups_are_reweighted_and_recorded(model: RiskModel) -> None:
    palestine = model.score("ps")
    assert set(palestine.components) == {"fsi", "wgi"}
    assert any("re-weighted" in note for note in palestine.notes)
    unknown = model.score("aq")  # Antarctica: no indicator at all
    assert unknown.score is None and unknown.tier is None


def test_weights_move_the_score() -> None:
    base = RiskModel.default().score("in").score
    config = RiskConfig(weights={"ewp": 0.0, "fsi": 0.5, "wgi": 0.5, "ucdp": 0.0})
    assert RiskModel.default(config).score("in").score != base


def test_describe(model: RiskModel) -> None:
    response = describe("Korea, North", model)
    assert (response.code, response.tier, response.risk_score) == ("kp", "critical", 95.0)
    assert response.sources[0].startswith("US North Korea Sanctions Regulations")
    assert describe("Atlantis", model).code is None
    assert MODEL_VERSION
