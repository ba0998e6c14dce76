"""The country scoring model: sourced indicators → a 0–100 score and a tier.

MODEL_VERSION changes whenever the formula or defaults change, so a stored score can always
be traced to the model that produced it. The formula, per place:

1. Each indicator group becomes a 0–100 risk component (higher = riskier):
   ``ewp`` 2-yr mass-killing risk / ``ewp_cap``; ``fsi`` mean of P1, P3, C1, C3 × 10;
   ``wgi`` mean of (2.5 − estimate) / 5 over PV, RL, VA; ``ucdp`` log10(deaths + 1) /
   log10(``ucdp_cap`` + 1) for the worse of the last two years.
2. The score is the weighted mean of the components present (weights in ``RiskConfig``);
   a missing group is dropped and the others re-weighted, and the score says so.
3. Floors: a sanctions regime in force lifts the score to its kind's floor (a comprehensive
   embargo → critical); an ongoing mass killing (EWP) lifts it to
   ``ongoing_mass_killing_floor``.
4. A region (``ua-cri``) uses its own rows and its country's indicators for the rest.
5. A company override replaces the score (``score``) or moves it into a tier (``tier``);
   the built-in score stays recorded next to it.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rigour.territories import get_territory

from screener.models import Jurisdiction, Tier
from screener.places import ambiguous_reading, resolve_exact
from screener.risk.config import RiskConfig
from screener.risk.indicators import Indicator, load_table
from screener.risk.overrides import Override, load_overrides

if TYPE_CHECKING:
    from screener.risk.exposure import PlaceFacts

MODEL_VERSION = "1.0.0"
_FSI_PARTS = ("fsi_p1", "fsi_p3", "fsi_c1", "fsi_c3")
_WGI_PARTS = ("wgi_pv", "wgi_rl", "wgi_va")
_RANK = {"sanctions": 0, "ewp": 1, "fsi": 2, "wgi": 3, "ucdp": 4}  # order sources are cited in


@dataclass(frozen=True, slots=True)
class CountryScore:
    """A place's score with everything behind it."""

    code: str
    name: str | None
    score: float | None
    tier: Tier | None
    components: dict[str, float] = field(default_factory=dict)
    indicators: tuple[Indicator, ...] = ()
    notes: tuple[str, ...] = ()
    builtin_score: float | None = None
    override: Override | None = None

    @property
    def sources(self) -> list[str]:
        ranked = sorted(self.indicators, key=lambda i: (_RANK.get(i.group, 9), -i.value))
        cites = [i.cite() for i in ranked]
        return cites + ([self.override.cite()] if self.override else [])


def tier_for(score: float, config: RiskConfig) -> Tier:
    cuts = config.tiers
    if score >= cuts.critical:
        return "critical"
    if score >= cuts.high:
        return "high"
    return "medium" if score >= cuts.medium else "low"


def _clip(value: float) -> float:
    return max(0.0, min(100.0, value))


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def components(ind: dict[str, Indicator], config: RiskConfig) -> dict[str, float]:
    """Indicator groups → 0–100 components; a group with no figure is left out."""
    out: dict[str, float] = {}
    if "ewp_risk_2yr" in ind:
        out["ewp"] = _clip(ind["ewp_risk_2yr"].value / config.ewp_cap * 100)
    fsi = _mean([ind[k].value * 10 for k in _FSI_PARTS if k in ind])
    wgi = _mean([(2.5 - ind[k].value) / 5 * 100 for k in _WGI_PARTS if k in ind])
    deaths = [i.value for k, i in ind.items() if k.startswith("ucdp_bd_")]
    if fsi is not None:
        out["fsi"] = _clip(fsi)
    if wgi is not None:
        out["wgi"] = _clip(wgi)
    if deaths or "ewp_risk_2yr" in ind:  # UCDP lists conflicts only: no row = no battle deaths
        worst = max(deaths, default=0.0)
        out["ucdp"] = _clip(math.log10(worst + 1) / math.log10(config.ucdp_cap + 1) * 100)
    return out


def weighted(parts: dict[str, float], config: RiskConfig) -> tuple[float | None, list[str]]:
    used = {g: w for g, w in config.weights.items() if g in parts and w > 0}
    total = sum(used.values())
    if total <= 0:
        return None, ["no indicator available: not scored"]
    score = sum(parts[g] * w for g, w in used.items()) / total
    missing = sorted(set(config.weights) - set(used))
    notes = [f"missing {', '.join(missing)}: re-weighted over {', '.join(sorted(used))}"]
    return round(score, 1), notes if missing else []


def floors(ind: tuple[Indicator, ...], config: RiskConfig) -> list[tuple[float, str]]:
    """(floor, reason) for each regime in force and an ongoing mass killing."""
    out: list[tuple[float, str]] = []
    for item in ind:
        kind = item.indicator.removeprefix("sanctions_")
        if item.group == "sanctions" and item.value and kind in config.floors:
            out.append((config.floors[kind], f"{kind.replace('_', ' ')}: {item.source}"))
        if item.indicator == "ewp_mk_ongoing" and item.value > 0:
            out.append((config.ongoing_mass_killing_floor, "ongoing mass killing (EWP)"))
    return out


class RiskModel:
    """Scores places from the committed table, the configuration and any overrides."""

    def __init__(
        self,
        table: dict[str, tuple[Indicator, ...]],
        config: RiskConfig,
        overrides: dict[str, Override] | None = None,
    ) -> None:
        self.table = table
        self.config = config
        self.overrides = overrides or {}
        self._cache: dict[str, CountryScore] = {}
        self._sources: dict[str, tuple[str, ...]] = {}
        # Scored places by (text, role, code, name), shared by the partners that name them.
        self.jurisdictions: dict[tuple[str, str, str | None, str | None], Jurisdiction] = {}
        # What each of those places brings to a partner's score, by the place's id.
        self.place_facts: dict[int, PlaceFacts] = {}
        # The facts of a partner's places other than its street address, in score order, by
        # the texts naming them (partners name the same few countries).
        self.place_sets: dict[tuple[object, ...], tuple[RiskConfig, tuple[PlaceFacts, ...]]] = {}

    @classmethod
    def default(cls, config: RiskConfig | None = None) -> RiskModel:
        config = config or RiskConfig()
        return cls(load_table(), config, load_overrides(config.overrides))

    def indicators(self, code: str) -> tuple[tuple[Indicator, ...], list[str]]:
        own = self.table.get(code, ())
        territory = get_territory(code)
        parent = territory.parent if territory is not None and "-" in code else None
        if parent is None:
            return own, []
        have = {i.indicator for i in own}
        inherited = tuple(i for i in self.table.get(parent.code, ()) if i.indicator not in have)
        note = f"indicators of {parent.name} applied to {territory.name if territory else code}"
        return own + inherited, [note] if inherited else []

    def score(self, code: str) -> CountryScore:
        if code not in self._cache:
            self._cache[code] = self._score(code)
        return self._cache[code]

    def place_sources(self, text: str, code: str) -> tuple[str, ...]:
        """``sources`` of ``code`` read from ``text``, led by what else the text may name
        when it is ambiguous (``Congo``: DR Congo too), with that place's score."""
        other = ambiguous_reading(text, code)
        if other is None:
            return self.sources(code)
        key = f"{code}\x00{other}"
        if key not in self._sources:
            scored = self.score(other)
            score = (
                "has no risk indicators"
                if scored.score is None
                else f"scores {scored.score:g} ({scored.tier})"
            )
            name = resolve_exact(other.upper()).name or other
            own = resolve_exact(code.upper()).name or code
            note = (
                f"The name may also mean {name} ({other}), which {score}: read as "
                f"{own} ({code}); write the full name to settle it"
            )
            self._sources[key] = (sys.intern(note), *self.sources(code))
        return self._sources[key]

    def sources(self, code: str) -> tuple[str, ...]:
        """The cited sources of ``code``'s score, built once per code: every partner in the
        same place shares the same string objects (a million results, a few hundred texts)."""
        if code not in self._sources:
            self._sources[code] = tuple(sys.intern(s) for s in self.score(code).sources)
        return self._sources[code]

    def _score(self, code: str) -> CountryScore:
        ind, notes = self.indicators(code)
        territory = get_territory(code)
        name = territory.name if territory is not None else None
        parts = components({i.indicator: i for i in ind}, self.config)
        score, weight_notes = weighted(parts, self.config)
        notes += weight_notes
        for floor, why in sorted(floors(ind, self.config), reverse=True)[:1]:
            if score is None or score < floor:
                score = floor
                notes.append(f"raised to {floor:g} by {why}")
        builtin = score
        override = self.overrides.get(code)
        if override is not None:
            score = self._apply(score, override)
            notes.append(f"built-in score {builtin}; {override.cite()}")
        tier = tier_for(score, self.config) if score is not None else None
        return CountryScore(code, name, score, tier, parts, ind, tuple(notes), builtin, override)

    def _apply(self, score: float | None, override: Override) -> float:
        if override.score is not None:
            return override.score
        cuts = self.config.tiers
        bands = {
            "low": (0.0, cuts.medium - 0.1),
            "medium": (cuts.medium, cuts.high - 0.1),
            "high": (cuts.high, cuts.critical - 0.1),
            "critical": (cuts.critical, 100.0),
        }
        low, high = bands[override.tier or "low"]
        return min(max(score if score is not None else low, low), high)
