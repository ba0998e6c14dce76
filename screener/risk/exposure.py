"""Partner exposure: places, watchlist matches and workforce combined into one score.

Each feature's docstring is the sentence an auditor reads. The score is the highest of the
place component and the match component, plus workforce points; a strong match on a
watchlist makes the partner critical whatever its places.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screener.models import Jurisdiction, Match, Role, Tier, Workforce
from screener.places import (
    PlaceResolution,
    find_places_in_address,
    resolve_country,
    resolve_place,
)
from screener.records import SupplierRecord
from screener.risk.config import RiskConfig
from screener.risk.model import RiskModel, tier_for
from screener.risk.overrides import OVERRIDE_PREFIX

_PARENT_COUNTRY_KEYS = ("parent_country", "parentcountry", "parent_countries")


@dataclass(slots=True)
class Exposure:
    risk_score: float
    risk_tier: Tier
    jurisdictions: list[Jurisdiction] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _places(record: SupplierRecord) -> list[tuple[str, Role, PlaceResolution]]:
    """Every place the partner names, with its role, in the order the row names them."""
    out: list[tuple[str, Role, PlaceResolution]] = [
        (text, "country", resolve_place(text)) for text in record.country_texts()
    ]
    out += _address_places(record)
    return out + _other_places(record, _parent_texts(record))


def _address_places(record: SupplierRecord) -> list[tuple[str, Role, PlaceResolution]]:
    if not record.address:
        return []
    # The partner's own countries tell a state code from a country's (Sioux Falls, SD).
    context = [code for text in record.country_texts() if (code := resolve_country(text))]
    found = find_places_in_address(record.address, context) or [resolve_place(record.address)]
    return [(record.address, "address", place) for place in found]


def _other_places(
    record: SupplierRecord, parents: tuple[str, ...]
) -> list[tuple[str, Role, PlaceResolution]]:
    out: list[tuple[str, Role, PlaceResolution]] = []
    out += [(t, "operating", resolve_place(t)) for t in record.operating_countries]
    out += [(t, "sourcing", resolve_place(t)) for t in record.sourcing_countries]
    out += [(t, "parent", resolve_place(t)) for t in parents]
    return out


def _parent_texts(record: SupplierRecord) -> tuple[str, ...]:
    if not record.extra:
        return ()
    extra = {k.lower(): v for k, v in record.extra.items()}
    return tuple(
        text.strip()
        for key in _PARENT_COUNTRY_KEYS
        for text in (extra.get(key) or "").split(";")
        if text.strip()
    )


def jurisdiction(text: str, role: Role, place: PlaceResolution, model: RiskModel) -> Jurisdiction:
    """The scored place (one object per text, role and place: partners share it, read-only).

    A street address is on one row only: its place is not kept (it would only push out the
    countries that partners share)."""
    key = (text, role, place.code, place.name)
    found = model.jurisdictions.get(key)
    if found is not None:
        return found
    if place.code is None:
        found = Jurisdiction(input=text, code=None, role=role, risk_score=None)
    else:
        scored = model.score(place.code)
        found = Jurisdiction(
            input=text,
            code=place.code,
            role=role,
            risk_score=scored.score,
            sources=list(model.place_sources(place.input, place.code)),
            name=place.name,
            tier=scored.tier,
        )
    if role == "address":
        return found
    if len(model.jurisdictions) >= _JURISDICTIONS_KEPT:
        model.jurisdictions.clear()
    model.jurisdictions[key] = found
    return found


_JURISDICTIONS_KEPT = 20_000


def role_weight(item: Jurisdiction, config: RiskConfig) -> float:
    """The share of a place's score the partner inherits through its role there."""
    if item.risk_score is not None and item.risk_score >= config.full_weight_from:
        return 1.0
    return config.role_weights.get(item.role, 1.0)


def role_weighted(item: Jurisdiction, config: RiskConfig) -> float:
    return -1.0 if item.risk_score is None else item.risk_score * role_weight(item, config)


@dataclass(frozen=True, slots=True)
class PlaceFacts:
    """What one scored place brings to a partner: its reason, the value it counts for (None:
    not counted) and whether it is an unresolved place. Worked out once per place and
    configuration, then shared by every partner naming it."""

    item: Jurisdiction
    config: RiskConfig
    order: tuple[float, float, str, str, str]
    reason: str
    value: float | None
    unresolved: bool


def place_facts(item: Jurisdiction, config: RiskConfig) -> PlaceFacts:
    """How one place counts: its score weighted by the partner's role there. ``order`` puts
    the place that decides the score first: by weighted score, then the raw score."""
    weighted, raw = -role_weighted(item, config), -(item.risk_score or -1.0)
    order = (weighted, raw, item.role, item.code or "", item.input)
    value, unresolved = None, False
    if item.code is None and item.role == "address":
        # Most street addresses name no country: the partner's other places stand.
        reason = f"Address {item.input!r} names no known jurisdiction; not scored."
    elif item.code is None:
        reason = (
            f"{item.role.capitalize()} {item.input!r} could not be resolved to a "
            "known jurisdiction; it is not scored."
        )
        unresolved = True
    elif item.risk_score is None:
        reason = f"{item.name} ({item.code}, {item.role}) has no risk indicators."
    else:
        weight = role_weight(item, config)
        value = item.risk_score * weight
        reason = (
            f"{item.role.capitalize()} {item.name} ({item.code}) scores "
            f"{item.risk_score:g} ({item.tier}) × role weight {weight:g} = "
            f"{value:.1f}; {_lead_source(item.sources)}."
        )
    return PlaceFacts(item, config, order, reason, value, unresolved)


def _lead_source(sources: list[str]) -> str:
    """The source a place's score rests on: the company's own override when there is one
    (it replaced the built-in score), else the first indicator cited."""
    for source in sources:
        if source.startswith(OVERRIDE_PREFIX):
            return source
    return sources[0] if sources else ""


def _facts(item: Jurisdiction, config: RiskConfig, model: RiskModel) -> PlaceFacts:
    """``place_facts``, kept on the model for the partners sharing the place. The entry holds
    the place itself, so its ``id`` is not reused while the entry lives. A street address is
    on one row only: its facts are not kept."""
    if item.role == "address":
        return place_facts(item, config)
    found = model.place_facts.get(id(item))
    if found is not None and found.item is item and found.config is config:
        return found
    found = place_facts(item, config)
    if len(model.place_facts) >= _JURISDICTIONS_KEPT:
        model.place_facts.clear()
    model.place_facts[id(item)] = found
    return found


def _place_facts(record: SupplierRecord, model: RiskModel, config: RiskConfig) -> list[PlaceFacts]:
    """The facts of every place the partner names, in score order (``PlaceFacts.order``).

    Those of its country, operating, sourcing and parent places are worked out once per
    set of texts naming them and shared (partners name the same few countries); a street
    address is on one row only and is worked out each time. Sorting is stable and an
    address never ties with another role, so the order is the one of sorting every place
    as the row names them (``_places``)."""
    parents = _parent_texts(record)
    key = (
        record.country,
        tuple(record.operating_countries),
        tuple(record.sourcing_countries),
        parents,
    )
    found = model.place_sets.get(key)
    if found is None or found[0] is not config:
        named: list[tuple[str, Role, PlaceResolution]] = [
            (text, "country", resolve_place(text)) for text in record.country_texts()
        ]
        shared = [
            _facts(jurisdiction(text, role, place, model), config, model)
            for text, role, place in [*named, *_other_places(record, parents)]
        ]
        shared.sort(key=_order)
        if len(model.place_sets) >= _PLACE_SETS_KEPT:
            model.place_sets.clear()
        found = model.place_sets[key] = (config, tuple(shared))
    if not record.address:
        return list(found[1])
    places = [
        *found[1],
        *(
            place_facts(jurisdiction(text, role, place, model), config)
            for text, role, place in _address_places(record)
        ),
    ]
    places.sort(key=_order)
    return places


def _order(facts: PlaceFacts) -> tuple[float, float, str, str, str]:
    return facts.order


_PLACE_SETS_KEPT = 20_000


def place_component(places: list[PlaceFacts]) -> tuple[float, list[str], bool]:
    """The partner's places: the worst place counts, weighted by its role."""
    values = [p.value for p in places if p.value is not None]
    unresolved = any(p.unresolved for p in places)
    return max(values, default=0.0), [p.reason for p in places], unresolved


def match_component(matches: list[Match], config: RiskConfig) -> tuple[float, bool, list[str]]:
    """Watchlist matches: the strongest undismissed match counts; a strong one is critical."""
    best, strong, reasons = 0.0, False, []
    for match in matches:
        if match.disposition == "false_positive":
            reasons.append(
                f"Match {match.entity_id} ({match.matched_name}) was reviewed as a "
                "false positive and is not counted."
            )
            continue
        score = 100.0 if match.disposition == "true_match" else match.score
        factor = config.parent_match_factor if match.query_role == "parent" else 1.0
        value = score * factor
        programs = ", ".join(match.programs) or "no program given"
        who = "Parent" if match.query_role == "parent" else "Name"
        if value >= config.strong_match:
            strong = True
            reasons.append(
                f"{who} {match.query_name!r} strongly matches {match.matched_name!r} "
                f"on {match.list} ({match.entity_id}; {programs}) with score "
                f"{score:g} ≥ {config.strong_match:g}: critical."
            )
        else:
            value *= config.match_weight
            reasons.append(
                f"{who} {match.query_name!r} possibly matches {match.matched_name!r} "
                f"on {match.list} ({match.entity_id}; {programs}) with score "
                f"{score:g} × weight {config.match_weight:g} = {value:.1f}."
            )
        best = max(best, value)
    return best, strong, reasons


def workforce_points(workforce: Workforce, config: RiskConfig) -> tuple[float, list[str]]:
    """Workforce inclusion: a flag adds points, unknown adds fewer (unknown is not pass)."""
    if workforce.status == "flag":
        return config.workforce_flag_points, [
            f"Workforce inclusion checks flagged: +{config.workforce_flag_points:g}."
        ]
    if workforce.status == "unknown":
        return config.workforce_unknown_points, [
            f"Workforce inclusion unknown (not a pass): +{config.workforce_unknown_points:g}."
        ]
    return 0.0, []


def assess(
    record: SupplierRecord,
    matches: list[Match],
    workforce: Workforce,
    model: RiskModel,
    config: RiskConfig,
) -> Exposure:
    """Score one partner; every point of the score is named in ``reasons``."""
    places = _place_facts(record, model, config)
    place_score, place_reasons, unresolved = place_component(places)
    match_score, strong, match_reasons = match_component(matches, config)
    work, work_reasons = workforce_points(workforce, config)
    extra = config.unresolved_place_points if unresolved else 0.0
    score = min(100.0, max(place_score, match_score) + work + extra)
    if strong:
        score = max(score, config.tiers.critical)
    reasons = match_reasons + place_reasons + work_reasons
    if unresolved and extra:
        reasons.append(f"Unresolved place(s): +{extra:g}.")
    if not places:
        reasons.append("No country, address or place given: place risk not assessed.")
    score = round(score, 1)
    jurisdictions = [p.item for p in places]
    return Exposure(score, tier_for(score, config), jurisdictions, [*reasons, *record.notes])
