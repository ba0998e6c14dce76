"""A company's own classifications merged with, and recorded next to, built-in scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.errors import InputError
from screener.risk import RiskConfig, RiskModel
from screener.risk.overrides import load_overrides

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "risk"


def test_csv_override_merges_and_keeps_builtin() -> None:
    model = RiskModel.default(RiskConfig(overrides=FIXTURES / "overrides.csv"))
    denmark = model.score("dk")
    # A tier override scores the tier's lowest score.
    assert denmark.tier == "high" and denmark.score == RiskConfig().tiers.high
    assert denmark.builtin_score is not None and denmark.builtin_score < 30
    assert denmark.sources[-1].startswith(
        "Override: GCR2P R2P Monitor (company tracking) (2025-11-15)"
    )
    myanmar = model.score("mm")
    assert (myanmar.score, myanmar.tier, myanmar.builtin_score) == (40.0, "medium", 92.8)


def test_toml_override() -> None:
    overrides = load_overrides(FIXTURES / "overrides.toml")
    assert list(overrides) == ["br"]
    model = RiskModel.default(RiskConfig(overrides=FIXTURES / "overrides.toml"))
    assert model.score("br").tier == "critical"


def test_bad_override_row_names_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,score,tier,source,date\nAtlantis,50,,Own list,2025-01-01\nfr,,,Own list,2025-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_overrides(path)
    assert (err.value.row, err.value.column) == (2, "code")
    path.write_text("code,score,tier,source,date\nfr,,,Own list,2025-01-01\n", encoding="utf-8")
    with pytest.raises(InputError, match="give a score or a tier"):
        load_overrides(path)


def test_the_reason_cites_the_override_the_score_rests_on() -> None:
    from screener.places import resolve_place
    from screener.risk.exposure import jurisdiction, place_facts

    config = RiskConfig(overrides=FIXTURES / "overrides.csv")
    model = RiskModel.default(config)
    item = jurisdiction("Denmark", "country", resolve_place("Denmark"), model)
    reason = place_facts(item, config).reason
    assert "(high)" in reason
    assert "; Override: GCR2P R2P Monitor (company tracking) (2025-11-15)" in reason
    plain = RiskModel.default(RiskConfig())
    builtin = jurisdiction("Denmark", "country", resolve_place("Denmark"), plain)
    assert "Override" not in place_facts(builtin, RiskConfig()).reason
