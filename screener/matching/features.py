"""Scoring features: small functions whose one-line docstring is their explanation.

Each feature reads one comparison (:class:`Pair`) and returns its contribution in points
(0–100 scale) with a short detail; a zero contribution is left out of the explanation.
Name features judge one query name against one listed name; entity features judge the
partner against the listed entity as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from screener.lists.entity import Entity
from screener.matching.config import FeatureWeights
from screener.matching.index import ListedName
from screener.matching.normalize import ORGANISATION_WORDS, NormName
from screener.matching.query import Query


@dataclass(slots=True)
class Pair:
    """One query name against one listed name, with the name similarity already measured."""

    query: Query
    query_norm: NormName
    listed: ListedName
    entity: Entity
    similarity: float
    weights: FeatureWeights
    lone_word: bool = False
    reading: str = ""  # how the query was read otherwise (``normalize.other_readings``)


Feature = Callable[[Pair], tuple[float, str]]


def name_tokens(pair: Pair) -> tuple[float, str]:
    """Distinctive name tokens agree"""
    factor = pair.weights.acronym_factor if pair.listed.derived else 1.0
    value = 100.0 * pair.similarity * factor
    detail = f"{value:.1f}"
    if pair.listed.derived:
        detail += ", via the listed name's acronym"
    if pair.reading:
        detail += f", reading {pair.reading}"
    return value, detail


def legal_form_match(pair: Pair) -> tuple[float, str]:
    """Legal forms compatible"""
    ours, theirs = pair.query_norm.forms, pair.listed.norm.forms
    if not ours or not theirs or not ours & theirs:
        return 0.0, ""
    return pair.weights.legal_form_match, " ~ ".join(sorted(ours & theirs))


def legal_form_conflict(pair: Pair) -> tuple[float, str]:
    """Legal forms differ"""
    ours, theirs = pair.query_norm.forms, pair.listed.norm.forms
    if not ours or not theirs or ours & theirs:
        return 0.0, ""
    return (
        pair.weights.legal_form_conflict,
        f"{'/'.join(sorted(ours))} vs {'/'.join(sorted(theirs))}",
    )


def exact_name(pair: Pair) -> tuple[float, str]:
    """Names identical as written (original script)"""
    if pair.listed.derived or pair.query_norm.original != pair.listed.norm.original:
        return 0.0, ""
    return pair.weights.exact_name, pair.query_norm.original


def lone_word(pair: Pair) -> tuple[float, str]:
    """Only one distinctive word agrees and one name has words the other lacks"""
    if not pair.lone_word:
        return 0.0, ""
    return pair.weights.lone_word, pair.listed.text


def weak_alias(pair: Pair) -> tuple[float, str]:
    """Matched name is one the publisher marks as weak"""
    return (0.0, "") if pair.listed.strong else (pair.weights.weak_alias, pair.listed.text)


_ID_CLEAN = re.compile(r"[^0-9A-Z]")


def clean_identifier(value: str) -> str:
    """An identifier reduced to upper-case letters and digits (``IMO 9187629`` → ``9187629``)."""
    cleaned = _ID_CLEAN.sub("", value.upper())
    return cleaned[3:] if cleaned.startswith("IMO") else cleaned


def _identifier_pairs(pair: Pair) -> tuple[set[tuple[str, str]], set[str]]:
    if not pair.query.identifiers or not pair.entity.identifiers:
        return set(), set()
    ours = {(k, clean_identifier(v)) for k, vs in pair.query.identifiers.items() for v in vs}
    theirs = {(i.kind, clean_identifier(i.value)) for i in pair.entity.identifiers}
    shared_kinds = {k for k, _ in ours} & {k for k, _ in theirs}
    return ours & theirs, shared_kinds


def identifier_match(pair: Pair) -> tuple[float, str]:
    """An identifier agrees"""
    same, _ = _identifier_pairs(pair)
    if not same:
        return 0.0, ""
    return pair.weights.identifier_match, ", ".join(f"{k} {v}" for k, v in sorted(same))


def identifier_conflict(pair: Pair) -> tuple[float, str]:
    """Identifiers of the same kind differ"""
    same, kinds = _identifier_pairs(pair)
    if same or not kinds:
        return 0.0, ""
    return pair.weights.identifier_conflict, ", ".join(sorted(kinds))


def country_match(pair: Pair) -> tuple[float, str]:
    """Country agrees"""
    if not pair.query.countries:
        return 0.0, ""
    shared = set(pair.query.countries) & set(pair.entity.countries)
    return (pair.weights.country_match, ", ".join(sorted(shared))) if shared else (0.0, "")


def country_conflict(pair: Pair) -> tuple[float, str]:
    """Countries differ"""
    ours, theirs = set(pair.query.countries), set(pair.entity.countries)
    if not ours or not theirs or ours & theirs:
        return 0.0, ""
    return pair.weights.country_conflict, f"{'/'.join(sorted(ours))} vs {'/'.join(sorted(theirs))}"


# A listed organisation's name of one word of at most this many letters and digits, once its
# legal forms are set aside, is initials (``PTC GMBH``, ``UCB JSC``).
SHORT_NAME = 3


def short_name_conflict(pair: Pair) -> tuple[float, str]:
    """Only initials agree (a name of three characters or fewer), and the countries differ"""
    if not _initials(pair) or country_conflict(pair)[0] == 0.0 or _identifier_pairs(pair)[0]:
        return 0.0, ""
    return pair.weights.short_name_conflict, pair.listed.text


def _initials(pair: Pair) -> bool:
    """Whether the listed name is an organisation's initials written in Latin letters (not a
    vessel's, whose flag is no owner's country, nor a person's name or a vowel-less
    transliteration)."""
    tokens = pair.listed.norm.tokens
    if len(tokens) != 1 or len(tokens[0]) > SHORT_NAME or tokens[0].isdigit():
        return False
    if pair.entity.schema not in ("Organization", "Unknown"):
        return False
    return not (pair.listed.norm.abjad or pair.query_norm.abjad or pair.similarity == 0.0)


def schema_conflict(pair: Pair) -> tuple[float, str]:
    """Entity type differs"""
    listed = pair.entity.schema
    if listed in ("Unknown", "Organization"):
        return 0.0, ""
    if pair.query.schema:
        ours, why = pair.query.schema, ""
    elif pair.query_norm.forms:
        ours, why = "Organization", f" ({'/'.join(sorted(pair.query_norm.forms))})"
    else:  # a business word the listed name does not have (``Alpha Bank`` / vessel ALPHA)
        theirs = pair.listed.norm.tokens
        word = next(
            (
                t
                for t in pair.query_norm.tokens
                if t in ORGANISATION_WORDS and not _has_word(theirs, t)
            ),
            None,
        )
        if word is None:
            return 0.0, ""
        ours, why = "Organization", f" ({word!r})"
    if ours == listed:
        return 0.0, ""
    asset = listed in ("Vessel", "Aircraft") and ours == "Organization"
    weight = pair.weights.asset_conflict if asset else pair.weights.schema_conflict
    return weight, f"{ours}{why} vs {listed}"


def _has_word(tokens: tuple[str, ...], word: str) -> bool:
    """Whether a listed name holds a word, singular or plural, or joined to another
    (``OCEAN INVESTMENTS``, ``STARSHIPPING``)."""
    stem = word[:-1] if word.endswith("s") else word
    return any(stem in token for token in tokens)


NAME_FEATURES: tuple[Feature, ...] = (
    name_tokens,
    legal_form_match,
    legal_form_conflict,
    exact_name,
    lone_word,
    weak_alias,
    short_name_conflict,
)
ENTITY_FEATURES: tuple[Feature, ...] = (
    identifier_match,
    identifier_conflict,
    country_match,
    country_conflict,
    schema_conflict,
)


def explain(feature: Feature) -> str:
    """The feature's explanation sentence (its docstring's first line)."""
    sentence = _SENTENCES.get(feature)
    if sentence is None:
        sentence = _SENTENCES[feature] = (
            (feature.__doc__ or feature.__name__).strip().splitlines()[0]
        )
    return sentence


_SENTENCES: dict[Feature, str] = {}
