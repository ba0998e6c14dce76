"""Name similarity and the weighted sum of features that makes a score."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz.distance import OSA

from screener.matching.config import FeatureWeights
from screener.matching.features import ENTITY_FEATURES, NAME_FEATURES, Feature, Pair, explain
from screener.matching.index import ListedName, NameIndex
from screener.matching.normalize import NormName, place_positions, skeleton


@dataclass(slots=True)
class PreparedName:
    """A query name with its tokens expanded against the index (done once per query name)."""

    text: str
    role: str
    norm: NormName
    expansions: list[dict[int, float]]
    weights: list[float]
    total: float
    joined: str
    distinctive: bool
    distinct: list[bool]
    reading: str = ""  # how it was read, when not as transliterated (``other_readings``)


def join_syllables(index: NameIndex, tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Pinyin syllables joined into the longest listed words they spell (``hua wei`` →
    ``huawei``, ``tian jin hong yuan`` → ``tianjin hongyuan``); others stay apart."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in (4, 3, 2):
            joined = "".join(tokens[i : i + size])
            if i + size <= len(tokens) and joined in index.vocab:
                out.append(joined)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return tuple(out)


def prepare(index: NameIndex, text: str, role: str, norm: NormName) -> PreparedName:
    if norm.syllabic:
        norm = replace(norm, tokens=join_syllables(index, norm.tokens))
    expansions = [index.expand(t, norm.abjad, norm.translit) for t in norm.tokens]
    weights = [
        index.token_weight(t, e, norm.abjad) for t, e in zip(norm.tokens, expansions, strict=True)
    ]
    distinct = [index.token_distinct(t, e) for t, e in zip(norm.tokens, expansions, strict=True)]
    for i, share in place_positions(norm.tokens).items():
        if i == 0 and len(norm.tokens) > 1 and share == 1.0:
            # A place a name starts with is part of it (Korea Gas is not GAS), not a branch
            # suffix: it weighs as any rare word.
            weights[i] = index.plain_weight(norm.tokens[i], expansions[i])
            continue
        weights[i] = min(weights[i], share * index.unknown_weight * index.config.place_weight)
        distinct[i] = False
    _join_neighbours(index, norm, expansions)
    distinctive = any(index.is_distinctive(t) for t in norm.tokens)
    joined = "".join(norm.tokens)
    return PreparedName(
        text, role, norm, expansions, weights, sum(weights), joined, distinctive, distinct
    )


def _join_neighbours(index: NameIndex, norm: NormName, expansions: list[dict[int, float]]) -> None:
    """Two neighbouring query words that a listing writes as one (``abd allh`` /
    ``ABDALLAH``, ``slah aldyn`` / ``SALAHALDIN``, ``mus ab`` / ``MUS'AB``): the listed word
    counts for both."""
    tokens = norm.tokens
    for i in range(len(tokens) - 1):
        if norm.abjad and not _adds_consonants(tokens[i], tokens[i + 1]):
            continue
        found = index.expand_joined(tokens[i] + tokens[i + 1], norm.abjad)
        if norm.abjad:  # the article between them, dropped from the second (slah aldyn)
            found = {**index.expand_joined(tokens[i] + "al" + tokens[i + 1], True), **found}
        if not found:
            continue
        for j in (i, i + 1):
            merged = dict(expansions[j])  # the index's cached expansion stays as it is
            for tid, sim in found.items():
                if sim > merged.get(tid, 0.0):
                    merged[tid] = sim
            expansions[j] = merged


def _adds_consonants(first: str, second: str) -> bool:
    """Whether two vowel-less words written together spell other consonants than either
    alone (``mhmd awd`` joined is ``mhmd`` again: not a word of both)."""
    joined = skeleton(first + second)
    return joined not in (skeleton(first), skeleton(second))


def _joined_agree(a: str, b: str) -> bool:
    """Same letters once spaces are ignored (``abdul hai`` = ``abdulhai``), one slip allowed."""
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or a[0] != b[0]:
        return False
    return bool(OSA.distance(a, b, score_cutoff=1) <= 1)


def name_similarity(
    index: NameIndex, query: PreparedName, listed: ListedName, weights: FeatureWeights
) -> float:
    """IDF-weighted token agreement, both ways: 1.0 when every distinctive token agrees."""
    q_best = [0.0] * len(query.expansions)
    covered = 0.0
    repeated = len(set(listed.token_ids)) < len(listed.token_ids)
    seen: dict[int, int] = {}
    for tid in listed.token_ids:
        if query.norm.abjad and index.article[tid]:
            covered += index.weights[tid]  # the article the query wrote joined to its word
            continue
        best = 0.0
        for j, expansion in enumerate(query.expansions):
            sim = expansion.get(tid, 0.0)
            if sim > best:
                best = sim
            if sim > q_best[j]:
                q_best[j] = sim
        if repeated:
            # A word written again (``A A TRADING``, ``LI LI``, ``SOUTH-SOUTH``) agrees again
            # only with another query word: one ``A`` is not both. (A name a bracket restates,
            # ``Markel CJSC (Markel)``, is also indexed alone.)
            nth = seen[tid] = seen.get(tid, -1) + 1
            if nth:
                sims = sorted((e.get(tid, 0.0) for e in query.expansions), reverse=True)
                best = sims[nth] if nth < len(sims) else 0.0
        covered += index.weights[tid] * best
    listed_cov = covered / listed.weight if listed.weight else 0.0
    query_cov = (
        sum(w * s for w, s in zip(query.weights, q_best, strict=True)) / query.total
        if query.total
        else 0.0
    )
    sim = weights.listed_coverage * listed_cov + weights.query_coverage * query_cov
    if listed.derived and (len(query.expansions) != 1 or q_best[0] < 1.0):
        # An acronym stands for a whole name, not for one word of it; and it is written as
        # it is or it is another acronym (NEC is not NEEC).
        return 0.0
    if (not query.distinctive or not listed.distinctive) and not _same_generic_name(
        query.norm, listed.norm
    ):
        sim *= weights.generic_only_factor
    if sim < 1.0 and len(listed.token_ids) != len(query.expansions):
        joined = "".join(listed.norm.tokens)
        if _joined_agree(query.joined, joined):
            sim = max(sim, 1.0 - 0.6 / max(len(joined), len(query.joined)))
    return sim


def _same_generic_name(query: NormName, listed: NormName) -> bool:
    """A name of generic words only is the listed one when it is the same words; a single
    generic word must also be written the same (``MBH Bank`` is not ``IS BANK, AO``)."""
    if query.key != listed.key:
        return False
    return len(query.tokens) >= 2 or query.original == listed.original


def lone_word(index: NameIndex, query: PreparedName, listed: ListedName) -> bool:
    """Whether exactly one distinctive word agrees while the listed name has other words (not
    mere ``company``/``limited``) the query lacks, or the query has an unmatched distinctive
    word."""
    shared = 0
    missing = False
    matched = [False] * len(query.expansions)
    for tid in listed.token_ids:
        hit = False
        for j, expansion in enumerate(query.expansions):
            if expansion.get(tid, 0.0) > 0.0:
                hit = matched[j] = True
        if hit:
            shared += index.distinct[tid]
        elif not index.form_word[tid]:
            missing = True
    if shared != 1:
        return False
    if missing:
        return True
    return any(not hit and d for hit, d in zip(matched, query.distinct, strict=True))


@dataclass(slots=True)
class Scored:
    """A scored comparison: total points and each feature's contribution and detail."""

    score: float
    parts: list[tuple[str, float, str, str]]  # (feature, contribution, sentence, detail)

    def features(self) -> dict[str, float]:
        return {name: round(value, 1) for name, value, _, _ in self.parts}

    def explanation(self) -> str:
        sentences = [f"{text} ({detail})" if detail else text for _, _, text, detail in self.parts]
        return "; ".join(sentences) + "." if sentences else ""


def score_name(pair: Pair) -> Scored:
    """Points from the name features alone."""
    return _apply(pair, NAME_FEATURES, Scored(0.0, []))


def score_entity(pair: Pair, scored: Scored) -> Scored:
    """Add the entity features to a name score and clamp to 0–100."""
    total = _apply(pair, ENTITY_FEATURES, Scored(scored.score, list(scored.parts)))
    total.score = round(min(100.0, max(0.0, total.score)), 1)
    return total


def _apply(pair: Pair, features: tuple[Feature, ...], into: Scored) -> Scored:
    for feature in features:
        value, detail = feature(pair)
        if value:
            into.score += value
            into.parts.append((feature.__name__, value, explain(feature), detail))
    return into
