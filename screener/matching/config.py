"""Matching settings (the ``[matching]`` table of the run configuration)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FeatureWeights(BaseModel):
    """Weights of the scoring features (points on the 0–100 scale unless stated)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    listed_coverage: float = Field(default=0.5, ge=0, le=1)
    """Share of the name score given to how much of the listed name the query covers."""
    query_coverage: float = Field(default=0.5, ge=0, le=1)
    """Share given to how much of the query name the listed name covers."""
    legal_form_match: float = 2.0
    legal_form_conflict: float = -4.0
    exact_name: float = 3.0
    identifier_match: float = 100.0
    identifier_conflict: float = -10.0
    country_match: float = 3.0
    country_conflict: float = -8.0
    short_name_conflict: float = -20.0
    """Points, beside ``country_conflict``, when the listed name that agrees is an
    organisation's initials: one word of three characters or fewer once legal forms are set
    aside (``PTC GMBH``, ``UCB JSC``, ``MPC``), which hundreds of companies share, so a
    listing in another country is not evidence enough. Weighed with the other name features,
    so another of the entity's names may still be the one reported. Not with no country on
    either side or the same country, nor when an identifier agrees, nor for a vessel (its
    flag is no owner's country), a person or a vowel-less transliteration."""
    schema_conflict: float = -15.0
    asset_conflict: float = -25.0
    """``schema_conflict`` when the listed entity is a vessel or an aircraft: a company is
    never one, and their names are common words and places (BLACKSTONE, DOVER, BAXTER)
    that companies share; a company named after a listed person stays a lead."""
    weak_alias: float = -20.0
    """Points when the matched name is one the publisher marks as weak (OFAC's weak a.k.a.,
    the UN's and OFSI's low-quality aliases): "relatively broad or generic" names that OFAC
    does not expect to be screened for, only used to confirm a hit found by other
    information (OFAC FAQs 122 and 124). A weak alias matched whole still reaches the default
    threshold (83 written as listed), unless other evidence counts against it (a country
    conflict: 75; at −15 it was 80 and still reported, as OFAC's weak ``Fox`` was for the US
    company Fox); one matched with extra words (``Northern Star Resources`` against the weak
    ``LLC NORTHERN STAR``) does not."""
    lone_word: float = -15.0
    """Points when only one distinctive word agrees and the listed name has more words
    (``Paramount`` against ``PARAMOUNT ENERGY SA``): one shared word is weak evidence."""
    generic_only_factor: float = Field(default=0.75, ge=0, le=1)
    """Multiplier when one side has only generic, branch or place words (``Bank PLC``)."""
    acronym_factor: float = Field(default=0.9, ge=0, le=1)
    """Multiplier on a match made only through a listed name's derived acronym."""


class MatchingConfig(BaseModel):
    """Matching settings.

    ``threshold`` is the minimum score reported. The default, 80, is chosen from the benchmark
    in ``benchmarks/matching`` (``python -m benchmarks.matching``: 3,083 real list names in
    supplier-style spellings against 3,059 real unlisted companies, the lists read by the
    product's own parsers). At 80 the engine finds 0.984 of all variants (0.987–1.00 of exact,
    alias, legal-form, abbreviation, word-order, branch, typo and UN person variants; 0.90 of
    original-script names against Latin-only listings) and flags 0.98% of the unlisted
    companies by name alone (0.42% with their country), against brute-force WRatio@90 at 0.80
    recall / 45% flagged and token_sort_ratio@90 at 0.65 / 1.26%. 85 flags 0.69% for 0.973
    recall, 90 flags 0.52% for 0.940: most remaining flags are exact or near-exact name
    collisions (``PTC Inc.`` / ``PTC GMBH``, ``Markel`` / ``Markel CJSC``) that only the
    country, identifiers or a reviewer can settle, so 80 keeps recall and lets the
    explanation do the rest.
    ``list_thresholds`` overrides it per list id
    (e.g. ``{"us_bis_dpl": 90}``).
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    threshold: float = Field(default=80.0, ge=0, le=100)
    list_thresholds: dict[str, float] = Field(default_factory=dict)
    weights: FeatureWeights = Field(default_factory=FeatureWeights)
    generic_weight: float = Field(default=0.25, ge=0, le=1)
    """IDF multiplier for generic business words (trading, international, group…)."""
    branch_weight: float = Field(default=0.1, ge=0, le=1)
    """IDF multiplier for branch words a supplier adds (branch, office, representative…)."""
    place_weight: float = Field(default=0.3, ge=0, le=1)
    """IDF multiplier for place names (russia, dubai, uae…): branch suffixes, not identity."""
    max_candidates: int = Field(default=40, ge=1)
    """Listed names fully scored per query name (best by the index's first estimate)."""
    blocking_max_df: float = Field(default=0.01, gt=0, le=1)
    """Tokens in more than this share of listed names do not open candidates by themselves."""

    def threshold_for(self, list_id: str) -> float:
        """The reporting threshold of one list (its override, else the default)."""
        return self.list_thresholds.get(list_id, self.threshold)
