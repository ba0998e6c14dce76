"""The matcher: index the listed entities once, then score partners against them."""

from __future__ import annotations

import contextlib
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from screener.lists.entity import SCHEMAS, Entity
from screener.matching.config import MatchingConfig
from screener.matching.features import Pair, clean_identifier
from screener.matching.index import NameIndex
from screener.matching.normalize import (
    NormName,
    normalize_name,
    other_readings,
    registration_mark,
)
from screener.matching.query import Query
from screener.matching.score import (
    PreparedName,
    Scored,
    lone_word,
    name_similarity,
    prepare,
    score_entity,
    score_name,
)
from screener.models import Match

# Best name features can add at most this many points above the name similarity.
_NAME_BONUS = 5.0
# Query names whose tokens, expansions and candidates are kept, the least recently used
# dropped first (replaying one worker's share of a million generated rows: 304,000 names
# prepared instead of 340,000 when the whole cache was cleared on filling up).
_PREPARED_KEPT = 50_000

# What the candidates of a query name depend on: its normalised tokens, how they were
# written, and the estimate a candidate must reach.
_PreparedKey = tuple[tuple[str, ...], bool, bool, bool, float]


class Matcher:
    """Scores partners against listed entities (build once; picklable for worker processes)."""

    def __init__(self, entities: Sequence[Entity], config: MatchingConfig | None = None) -> None:
        self.config = config or MatchingConfig()
        self.entities = list(entities)
        self.index = NameIndex(self.entities, self.config)
        self.by_identifier: dict[tuple[str, str], list[int]] = defaultdict(list)
        for e_idx, entity in enumerate(self.entities):
            for ident in entity.identifiers:
                self.by_identifier[(ident.kind, clean_identifier(ident.value))].append(e_idx)
        self.by_identifier = dict(self.by_identifier)
        self._names_of: dict[int, list[int]] = defaultdict(list)
        for n_idx, listed in enumerate(self.index.names):
            self._names_of[listed.entity].append(n_idx)
        self._names_of = dict(self._names_of)
        self._positive_entity = max(self.config.weights.country_match, 0.0)
        self._prepared: OrderedDict[_PreparedKey, tuple[PreparedName, list[int]]] = OrderedDict()

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_prepared": OrderedDict()}

    def match(self, query: Query, threshold: float | None = None) -> list[Match]:
        """Entities scoring at or above the threshold, best first (one match per entity)."""
        floor = self._floor(threshold)
        prune = (floor - _NAME_BONUS - self._positive_entity) / 100.0
        prepared: list[tuple[PreparedName, list[int]]] = []
        for text, role in query.names:
            if not text or not text.strip():
                continue
            prepared.append(self._prepare(text, role, prune))
            for how, reading in other_readings(text, prepared[-1][0].norm):  # most have none
                name, found = self._prepare(reading, role, prune)
                prepared.append((replace(name, text=text, reading=how), found))
        best: dict[int, tuple[Scored, PreparedName, int]] = {}
        for name, candidates in prepared:
            for n_idx in candidates:
                self._consider(query, name, n_idx, floor, best)
        for e_idx in self._identifier_hits(query):
            for name, _ in prepared:
                for n_idx in self._names_of.get(e_idx, []):
                    self._consider(query, name, n_idx, -1e9, best)
        return self._results(query, best, threshold)

    def match_many(self, queries: Sequence[Query]) -> list[list[Match]]:
        """``match`` for each query, in order (token expansions are shared across queries)."""
        return [self.match(q) for q in queries]

    def score_names(self, query_name: str, listed_name: str) -> float:
        """Name similarity (0–100) of two free names, weighted by this index's IDF."""
        from screener.matching.index import ListedName

        norm = normalize_name(listed_name)
        ids = tuple(self.index.vocab.get(t, -1) for t in norm.tokens)
        known = tuple(i for i in ids if i >= 0)
        weight = sum(self.index.weights[i] for i in known)
        missing = (len(ids) - len(known)) * self.index.unknown_weight
        distinctive = any(self.index.is_distinctive(t) for t in norm.tokens)
        listed = ListedName(
            -1, listed_name, norm, known, weight + missing, True, False, distinctive
        )
        name = prepare(self.index, query_name, "name", normalize_name(query_name))
        return round(100 * name_similarity(self.index, name, listed, self.config.weights), 1)

    def _prepare(self, text: str, role: str, prune: float) -> tuple[PreparedName, list[int]]:
        """A query name expanded against the index, and its candidates (cached: supplier
        files repeat names, often with another legal form, case or punctuation)."""
        norm = normalize_name(text)
        mark = registration_mark(text)
        if mark is not None and mark.tokens[0] in self.index.vocab:
            norm = mark  # a listed aircraft's registration mark, read as the listing reads it
        key = (norm.tokens, norm.abjad, norm.translit, norm.syllabic, prune)
        hit = self._prepared.get(key)
        if hit is None:
            name = prepare(self.index, text, role, norm)
            found = self.index.candidates(
                name.norm, name.expansions, name.weights, name.total, prune
            )
            if name.norm.tokens != norm.tokens:  # Chinese syllables joined into listed words
                found = self._as_syllables(text, role, norm, prune, found)
            if len(self._prepared) >= _PREPARED_KEPT:
                self._prepared.popitem(last=False)
            self._prepared[key] = (name, found)
            return name, found
        # Threads sharing a matcher (a Dask worker's) may have dropped it since ``get``.
        with contextlib.suppress(KeyError):
            self._prepared.move_to_end(key)
        seen, found = hit
        # The same tokens: only what scoring reads of the name itself differs (its text,
        # role, legal forms and original script).
        if norm.syllabic:
            norm = replace(norm, tokens=seen.norm.tokens)
        return replace(seen, text=text, role=role, norm=norm), found

    def _as_syllables(
        self, text: str, role: str, norm: NormName, prune: float, found: list[int]
    ) -> list[int]:
        """``found`` and the candidates of the query's syllables as written: a listing in
        Chinese characters is indexed by its syllables (``mai ke``), which the query's words
        joined as other listings write them (``maike``) do not share, so its estimate fell
        short of the floor that its name similarity (which joins them back) clears."""
        plain = prepare(self.index, text, role, replace(norm, syllabic=False))
        more = self.index.candidates(
            plain.norm, plain.expansions, plain.weights, plain.total, prune
        )
        known = set(found)
        return found + [n_idx for n_idx in more if n_idx not in known]

    def _floor(self, threshold: float | None) -> float:
        if threshold is not None:
            return threshold
        return min([self.config.threshold, *self.config.list_thresholds.values()])

    def _identifier_hits(self, query: Query) -> list[int]:
        hits: set[int] = set()
        for kind, values in query.identifiers.items():
            for value in values:
                hits.update(self.by_identifier.get((kind, clean_identifier(value)), ()))
        return sorted(hits)

    def _consider(
        self,
        query: Query,
        name: PreparedName,
        n_idx: int,
        floor: float,
        best: dict[int, tuple[Scored, PreparedName, int]],
    ) -> None:
        listed = self.index.names[n_idx]
        sim = name_similarity(self.index, name, listed, self.config.weights)
        if 100 * sim + _NAME_BONUS + self._positive_entity < floor:
            return
        entity = self.entities[listed.entity]
        lone = lone_word(self.index, name, listed)
        pair = Pair(query, name.norm, listed, entity, sim, self.config.weights, lone, name.reading)
        scored = score_name(pair)
        current = best.get(listed.entity)
        if current is None or (scored.score, -n_idx) > (current[0].score, -current[2]):
            best[listed.entity] = (scored, name, n_idx)

    def _results(
        self,
        query: Query,
        best: dict[int, tuple[Scored, PreparedName, int]],
        threshold: float | None,
    ) -> list[Match]:
        out: list[Match] = []
        for e_idx, (scored, name, n_idx) in best.items():
            entity = self.entities[e_idx]
            listed = self.index.names[n_idx]
            pair = Pair(query, name.norm, listed, entity, 0.0, self.config.weights)
            total = score_entity(pair, scored)
            limit = (
                threshold if threshold is not None else self.config.threshold_for(entity.list_id)
            )
            if total.score < limit:
                continue
            out.append(_to_match(entity, listed.text, name, total))
        out.sort(key=lambda m: (-m.score, m.entity_id))
        return out


def _to_match(entity: Entity, matched: str, name: PreparedName, scored: Scored) -> Match:
    schema = entity.schema if entity.schema in SCHEMAS else "Unknown"
    return Match(
        entity_id=entity.id,
        list=entity.list_id,
        matched_name=matched,
        query_name=name.text,
        query_role=name.role,
        score=scored.score,
        schema_=schema,
        programs=list(entity.programs),
        countries=list(entity.countries),
        explanation=scored.explanation(),
        features=scored.features(),
        record_url=entity.source_url,
    )
