"""Partner exposure: places, matches and workforce in combination."""

from __future__ import annotations

import pytest

from screener.models import Match, SupplierResult, Workforce
from screener.records import SupplierRecord
from screener.risk import RiskConfig, RiskModel, assess
from screener.risk.exposure import _place_facts, _places, jurisdiction, place_facts
from screener.scan import query_for

CONFIG = RiskConfig()
PASS = Workforce(status="pass")


@pytest.fixture(scope="module")
def model() -> RiskModel:
    return RiskModel.default(CONFIG)


def _match(score: float, role: str = "name", disposition: str | None = None) -> Match:
    return Match.model_validate(
        {
            "entity_id": "us_ofac_sdn:36",
            "list": "us_ofac_sdn",
            "matched_name": "AEROCARIBBEAN AIRLINES",
            "query_name": "Aerocaribbean",
            "score": score,
            "schema": "Organization",
            "programs": ["CUBA"],
            "countries": ["cu"],
            "query_role": role,
            "disposition": disposition,
        }
    )


def test_stable_country_clean_partner_is_low(model: RiskModel) -> None:
    record = SupplierRecord("s1", 2, "Nordisk A/S", country="Denmark")
    exposure = assess(record, [], PASS, model, CONFIG)
    assert exposure.risk_tier == "low"
    assert exposure.jurisdictions[0].code == "dk"
    assert "Early Warning Project" in " ".join(exposure.jurisdictions[0].sources)


@pytest.mark.parametrize("cell", ["Iran;Germany", "Germany; Iran", "Germany;Iran;Germany"])
def test_every_country_of_a_multi_valued_country_cell_counts(cell: str, model: RiskModel) -> None:
    # ``;`` separates the values of a multi-valued cell: neither country may be dropped.
    record = SupplierRecord("s1b", 2, "X", country=cell)
    exposure = assess(record, [], PASS, model, CONFIG)
    assert sorted((j.code, j.role) for j in exposure.jurisdictions) == [
        ("de", "country"),
        ("ir", "country"),
    ]
    assert exposure.risk_tier == "critical"
    assert query_for(record).countries == ["de", "ir"]


def test_a_us_state_in_a_us_partners_address_is_no_foreign_country(model: RiskModel) -> None:
    record = SupplierRecord("s1c", 2, "X", country="USA", address="1 Main St, Sioux Falls, SD")
    exposure = assess(record, [], PASS, model, CONFIG)
    assert {j.code for j in exposure.jurisdictions} == {"us"}
    assert exposure.risk_tier == "low"


@pytest.mark.parametrize(
    ("text", "code", "other"),
    [("Korea", "kr", "North Korea (kp)"), ("Congo", "cg", "DR Congo (cd)")],
)
def test_an_ambiguous_place_name_says_what_else_it_may_mean(
    text: str, code: str, other: str, model: RiskModel
) -> None:
    exposure = assess(SupplierRecord("s1d", 2, "X", country=text), [], PASS, model, CONFIG)
    (place,) = exposure.jurisdictions
    assert place.code == code
    assert place.sources[0].startswith(f"The name may also mean {other}, which scores ")
    assert place.sources[0] in exposure.reasons[0]  # in the reason an auditor reads
    written_out = assess(SupplierRecord("s1e", 2, "X", country=place.name), [], PASS, model, CONFIG)
    assert not written_out.jurisdictions[0].sources[0].startswith("The name may also mean")


def test_sourcing_from_crimea_counts_in_full(model: RiskModel) -> None:
    """An embargoed region is prohibited whatever the role: no role discount."""
    record = SupplierRecord("s2", 3, "X", country="DK", sourcing_countries=["Crimea"])
    exposure = assess(record, [], PASS, model, CONFIG)
    assert exposure.risk_score == 95.0
    assert exposure.risk_tier == "critical"
    assert (
        exposure.jurisdictions[0].code == "ua-cri" and exposure.jurisdictions[0].role == "sourcing"
    )
    assert any(
        "Crimea" in r and "weight 1 " in r and "2014/386/CFSP" in r for r in exposure.reasons
    )


def test_operating_in_a_risky_country_is_weighted_by_role(model: RiskModel) -> None:
    india = model.score("in").score
    assert india is not None and india < CONFIG.full_weight_from
    record = SupplierRecord("s2b", 3, "X", country="DK", operating_countries=["India"])
    exposure = assess(record, [], PASS, model, CONFIG)
    assert exposure.risk_score == pytest.approx(india * CONFIG.role_weights["operating"], abs=0.1)
    assert any("India" in r and "role weight 0.7" in r for r in exposure.reasons)


def test_strong_match_is_critical_whatever_the_place(model: RiskModel) -> None:
    record = SupplierRecord("s3", 4, "Aerocaribbean", country="Norway")
    exposure = assess(record, [_match(96)], PASS, model, CONFIG)
    assert exposure.risk_tier == "critical"
    assert "us_ofac_sdn:36" in exposure.reasons[0] and "CUBA" in exposure.reasons[0]


def test_weak_match_counts_partly_and_false_positive_not_at_all(model: RiskModel) -> None:
    record = SupplierRecord("s4", 5, "Aero", country="Norway")
    weak = assess(record, [_match(70)], PASS, model, CONFIG)
    assert weak.risk_score == round(70 * CONFIG.match_weight, 1)
    dismissed = assess(record, [_match(96, disposition="false_positive")], PASS, model, CONFIG)
    assert dismissed.risk_tier == "low"
    assert "false positive" in dismissed.reasons[0]


def test_parent_on_watchlist_raises_risk(model: RiskModel) -> None:
    record = SupplierRecord("s5", 6, "Child Ltd", country="Norway", parents=["Aerocaribbean"])
    exposure = assess(record, [_match(95, role="parent")], PASS, model, CONFIG)
    assert exposure.risk_tier == "critical"
    assert exposure.reasons[0].startswith("Parent ")


def test_parent_country_column_when_present(model: RiskModel) -> None:
    record = SupplierRecord("s6", 7, "Y", country="Norway", extra={"parent_country": "Iran"})
    exposure = assess(record, [], PASS, model, CONFIG)
    assert (exposure.jurisdictions[0].code, exposure.jurisdictions[0].role) == ("ir", "parent")
    # Iran is comprehensively embargoed: counted in full even as the parent's country.
    assert exposure.risk_score == 95.0


def test_workforce_flag_and_unknown_add_points(model: RiskModel) -> None:
    record = SupplierRecord("s7", 8, "Z", country="Norway")
    base = assess(record, [], PASS, model, CONFIG).risk_score
    flag = assess(record, [], Workforce(status="flag"), model, CONFIG).risk_score
    unknown = assess(record, [], Workforce(status="unknown"), model, CONFIG).risk_score
    assert flag == pytest.approx(base + CONFIG.workforce_flag_points)
    assert unknown == pytest.approx(base + CONFIG.workforce_unknown_points)


def test_unresolvable_place_is_said(model: RiskModel) -> None:
    record = SupplierRecord("s8", 9, "W", country="Atlantis")
    exposure = assess(record, [], PASS, model, CONFIG)
    assert exposure.jurisdictions[0].code is None
    assert any("'Atlantis' could not be resolved" in r for r in exposure.reasons)
    assert exposure.risk_score == CONFIG.unresolved_place_points


def test_portfolio_spend_by_tier_and_country(model: RiskModel) -> None:
    results = []
    for sid, country, spend in (
        ("a", "Denmark", 100.0),
        ("b", "Myanmar", 50.0),
        ("c", "Myanmar", None),
    ):
        record = SupplierRecord(sid, 2, sid, country=country)
        exp = assess(record, [], PASS, model, CONFIG)
        results.append(SupplierResult(supplier_id=sid, row=2, name=sid, risk_score=exp.risk_score,
                                      risk_tier=exp.risk_tier, jurisdictions=exp.jurisdictions,
                                      annual_spend=spend))  # fmt: skip
    from screener.scan import summarise

    view = summarise(results)
    assert view.spend_by_tier == {"low": 100.0, "medium": 0.0, "high": 0.0, "critical": 50.0}
    assert view.by_tier["critical"] == 2
    assert view.spend_by_country is not None
    assert list(view.spend_by_country.items()) == [("dk", 100.0), ("mm", 50.0)]
    assert view.suppliers_without_spend == 1
    weighted = (100.0 * results[0].risk_score + 50.0 * results[1].risk_score) / 150.0
    assert view.spend_weighted_risk == round(weighted, 1)


def test_an_address_without_a_country_is_not_penalised(model: RiskModel) -> None:
    street = "Industriestraße 12, 35394 Gießen"
    plain = assess(SupplierRecord("a", 2, "X", country="DE"), [], PASS, model, CONFIG)
    with_street = assess(
        SupplierRecord("b", 3, "X", country="DE", address=street), [], PASS, model, CONFIG
    )
    assert with_street.risk_score == plain.risk_score
    assert any(street in r and "not scored" in r for r in with_street.reasons)
    assert not any("Unresolved place" in r for r in with_street.reasons)


def test_an_unresolvable_country_is_penalised(model: RiskModel) -> None:
    exposure = assess(SupplierRecord("c", 4, "X", country="Atlantis"), [], PASS, model, CONFIG)
    assert exposure.jurisdictions[0].code is None
    assert exposure.risk_score == CONFIG.unresolved_place_points
    assert f"Unresolved place(s): +{CONFIG.unresolved_place_points:g}." in exposure.reasons


def test_partners_in_one_place_share_its_cited_sources(model: RiskModel) -> None:
    first = assess(
        SupplierRecord(supplier_id="A", row=2, name="A", country="Myanmar"), [], PASS, model, CONFIG
    )
    second = assess(
        SupplierRecord(supplier_id="B", row=3, name="B", country="Burma"), [], PASS, model, CONFIG
    )
    one, two = first.jurisdictions[0], second.jurisdictions[0]
    assert one.code == two.code == "mm"
    assert one.sources == model.score("mm").sources  # complete, in the cited order
    assert len(one.sources) >= 3
    # Same text, same object: a million partners in Myanmar hold its sources once.
    assert all(a is b for a, b in zip(one.sources, two.sources, strict=True))
    assert one.sources is not two.sources  # each result owns its list


def test_a_shared_place_counts_by_each_configuration_its_own_way(model: RiskModel) -> None:
    # Places are worked out once and shared by the partners naming them: another
    # configuration (other role weights) must not read what the first one worked out.
    record = SupplierRecord("s2c", 3, "X", country="DK", operating_countries=["India"])
    heavier = RiskConfig(role_weights={**CONFIG.role_weights, "operating": 0.9})
    first = assess(record, [], PASS, model, CONFIG)
    other = assess(record, [], PASS, model, heavier)
    again = assess(record, [], PASS, model, CONFIG)

    assert any("India" in r and "role weight 0.7" in r for r in first.reasons)
    assert any("India" in r and "role weight 0.9" in r for r in other.reasons)
    assert other.risk_score > first.risk_score
    assert again == first


def _reference(record: SupplierRecord, model: RiskModel) -> list[tuple[object, ...]]:
    """Every place the row names, its facts worked out afresh, sorted as ``assess`` sorts."""
    facts = [
        place_facts(jurisdiction(text, role, place, model), CONFIG)
        for text, role, place in _places(record)
    ]
    facts.sort(key=lambda f: f.order)
    return [(f.item, f.reason, f.value, f.unresolved, f.order) for f in facts]


def test_shared_place_facts_are_those_of_every_place_sorted(model: RiskModel) -> None:
    # The facts of a row's places other than its address are worked out once per set of
    # texts and shared; with the row's address they must be what sorting every place of
    # the row gives, cold or warm, whatever the address adds.
    records = [
        SupplierRecord("a", 2, "A", country="Germany", address="1 Main St, Kinshasa, DRC"),
        SupplierRecord("b", 3, "B", country="Germany", address="2 Main St, Berlin, Germany"),
        SupplierRecord("c", 4, "C", country="Germany"),
        SupplierRecord(
            "d",
            5,
            "D",
            country="Atlantis",
            address="Unit 4, Industrial Estate",
            operating_countries=["Iran", "Syria", "Germany"],
            sourcing_countries=["Xinjiang", "Crimea, Ukraine"],
            extra={"Parent_Country": "Iran; Syria", "parentcountry": "Iran"},
        ),
        SupplierRecord("e", 6, "E", address="5 Rue X, 75001 Paris, France"),
        SupplierRecord("f", 7, "F", operating_countries=["Myanmar"], address="Yangon, Myanmar"),
        SupplierRecord("g", 8, "G"),
        SupplierRecord("h", 9, "H", country="Germany", address="Yangon, Burma"),
    ]
    fresh = RiskModel.default(CONFIG)
    for _ in range(2):  # cold, then every set of places shared
        for record in records:
            got = _place_facts(record, fresh, CONFIG)
            assert [(f.item, f.reason, f.value, f.unresolved, f.order) for f in got] == (
                _reference(record, model)
            ), record.supplier_id
    assert len(fresh.place_sets) == 4  # a, b, c and h share Germany; e and g no place
    assert assess(records[3], [], PASS, fresh, CONFIG) == assess(
        records[3], [], PASS, model, CONFIG
    )
