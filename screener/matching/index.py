"""The candidate index: which listed names are worth scoring for a query name.

Every listed name is normalised once. Its tokens go into a vocabulary with an IDF weight
(rare tokens count more than common ones; generic business words count less still), and
three blocking keys point back to them: the token itself, its one-deletion variants (so a
typo or a swapped letter still finds it) and its consonant skeleton (so vowel-less
transliterations of Arabic find their Latin spelling). A query is scored against the few
dozen names that share its rarest tokens, never against every name.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
from rapidfuzz.distance import OSA

from screener.lists.entity import Entity
from screener.matching.config import MatchingConfig
from screener.matching.normalize import (
    ARTICLES,
    ASSIMILATED,
    BRANCH,
    FORM_WORDS,
    GENERIC,
    LEGAL_WORDS,
    NormName,
    acronym,
    article_free,
    collapse,
    is_place,
    normalize_name,
    place_code,
    registration_mark,
    skeleton,
    translit_key,
)
from screener.pickling import by_fields

# ``abd`` (servant of) that Arabic writes apart from the article of the next word (``عبد
# الرحمن``, transliterated ``abd rhmn``) and Latin listings join to it: Abdul, Abdel, Abdur.
_ABD = "abd"
_ABD_FORMS = re.compile(r"abd(?:[aeu]|ou|oo)[lrsntz]?\Z")

# A word transliterated from another alphabet whose folded spelling is one vowel from a listed
# word's (``vowel_apart``), both at least this long: this similar.
TRANSLIT_EDIT_LENGTH = 7
TRANSLIT_EDIT_SIMILARITY = 0.85

# A Latin query word of at least this many letters also finds listed words of its consonant
# skeleton (vowels spelt otherwise), at the similarity of their edit distance.
VOWEL_SPELLING_LENGTH = 8

# A word naming the same country or region as a listed word, in another language or form
# (``kuba``/``cuba``, ``deutschland``/``germany``): this similar.
SAME_PLACE_SIMILARITY = 0.9

# How many times more candidates a query transliterated from Arabic script may score.
_ABJAD_CANDIDATES = 5
# From this many names, estimates are summed with numpy rather than one name at a time.
_VECTOR_FROM = 96


@dataclass(frozen=True, slots=True)
class ListedName:
    """One indexed name of a listed entity (``derived`` for an acronym we built)."""

    entity: int
    text: str
    norm: NormName
    token_ids: tuple[int, ...]
    weight: float
    strong: bool
    derived: bool
    distinctive: bool

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return by_fields(self)


def deletions(token: str) -> set[str]:
    """The token and every variant with one character deleted."""
    out = {token}
    if len(token) > 3:
        out.update(token[:i] + token[i + 1 :] for i in range(len(token)))
    return out


def allowed_edits(length: int) -> int:
    """Edits tolerated in a token of this length (none in short tokens)."""
    if length <= 4:
        return 0
    return 1 if length <= 7 else 2


def _edit_cost(longest: int, same_initial: bool) -> float:
    if longest >= 8:
        return 0.6
    if not same_initial:
        return 1.5  # a short word with another initial is another word (cisco/zisco)
    return 1.0 if longest == 7 else 1.25


def token_similarity(a: str, b: str, abjad: bool, translit: bool = False) -> float:
    """Similarity of two tokens in 0–1; 0 when they are too different to count.

    An edit costs more in a short token (``linde``/``linda`` 0.7) than in a long one
    (``sberbank``/``sbrebank`` 0.93). Consonant skeletons only count for names transliterated
    from a script without vowels; folded transliteration keys (``kontsern``/``concern``) only
    for names transliterated from another alphabet.
    """
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    sim = 0.0
    limit = allowed_edits(longest)
    if limit:
        dist = OSA.distance(a, b, score_cutoff=limit)
        if dist <= limit:
            sim = 1.0 - _edit_cost(longest, a[0] == b[0]) * dist / longest
    if abjad:
        sim = max(sim, _abjad_similarity(a, b))
    if translit and len(a) >= 4:
        key_a, key_b = translit_key(a), translit_key(b)
        if key_a == key_b:
            sim = max(sim, 0.9)
        elif vowel_apart(key_a, key_b):
            sim = max(sim, TRANSLIT_EDIT_SIMILARITY)
    if sim < 0.9 and _doubled_letter(a, b):
        sim = 0.9  # a doubled letter more or less (essa/esa)
    return sim


_VOWELS = frozenset("aeiou")


def vowel_apart(key_a: str, key_b: str) -> bool:
    """Whether two words' folded spellings (``translit_key``) are one vowel apart past their
    first four letters, both at least ``TRANSLIT_EDIT_LENGTH`` long: the vowel an English
    spelling keeps or drops (``aleksandr``/``alexander``, ``barahoev``/``barakhoyev``), not
    another consonant, another start or another ending (``tsalikov`` is not ``kulikov``,
    ``kirillova`` not ``krylova``, ``kulikova`` not ``kulikov``)."""
    if min(len(key_a), len(key_b)) < TRANSLIT_EDIT_LENGTH or key_a[:4] != key_b[:4]:
        return False
    if key_a[-1] != key_b[-1]:
        return False  # a last vowel is a word's ending: ALEKSANDRA, KULIKOVA are others
    if len(key_a) == len(key_b):
        diff = [(x, y) for x, y in zip(key_a, key_b, strict=True) if x != y]
        return len(diff) == 1 and diff[0][0] in _VOWELS and diff[0][1] in _VOWELS
    longer, shorter = (key_a, key_b) if len(key_a) > len(key_b) else (key_b, key_a)
    if len(longer) - len(shorter) != 1:
        return False
    return any(
        ch in _VOWELS and longer[:i] + longer[i + 1 :] == shorter for i, ch in enumerate(longer)
    )


def _abjad_similarity(a: str, b: str) -> float:
    """0.9 when a vowel-less transliteration has the consonants of a listed word (or of the
    word without the article a listing joined to it: ``sbar``/``ESSABAR``), else 0."""
    if a == _ABD and _ABD_FORMS.match(b):
        return 0.9
    skel_a = skeleton(a)
    if len(skel_a) < 2 and (len(a) < 3 or not _short_word(b)):
        return 0.0
    forms = (b, article_free(b))
    return 0.9 if any(f is not None and skeleton(f) == skel_a for f in forms) else 0.0


def _short_word(token: str) -> bool:
    """A word whose skeleton of one letter may be compared (``TAI``, ``RAWI``, ``SASSI``: at
    most four letters once doubles are written once), not a longer one (``DAWOOD`` is ``d``
    too)."""
    return 3 <= len(collapse(token)) <= 4


def _blocking_skeletons(token: str) -> set[str]:
    """The skeletons a listed word is found by from a vowel-less transliteration."""
    found = {skeleton(form) for form in (token, article_free(token)) if form is not None}
    return {skel for skel in found if len(skel) >= 2 or (skel and _short_word(token))}


def _doubled_letter(a: str, b: str) -> bool:
    """Whether two words differ only by doubled letters inside the word: not among its first
    two (acronyms and short codes stay apart: abb/aab, crrc/crcc) nor its last two (ball/bal,
    hill/hil are other words)."""
    longer = a if len(a) >= len(b) else b
    return (
        min(len(a), len(b)) >= 3
        and len(longer) >= 4
        and a[:2] == b[:2]
        and longer[-1] != longer[-2]
        and _VOWELS.intersection(a) != set()
        and _VOWELS.intersection(b) != set()
        and collapse(a) == collapse(b)
    )


_VOWELS = frozenset("aeiou")


def _initials_apart(tokens: tuple[str, ...]) -> bool:
    """Whether two one-letter words follow each other (``a a trading``, ``j j intl``)."""
    return any(len(a) == 1 == len(b) for a, b in pairwise(tokens))


def _unique(ids: tuple[int, ...]) -> tuple[int, ...]:
    """Token ids without repeats, in first-seen order (the tuple itself when it has none)."""
    return ids if len(set(ids)) == len(ids) else tuple(dict.fromkeys(ids))


def _readings(text: str, entity: Entity) -> list[NormName]:
    """A listed name normalised, and the names it writes twice when a bracket restates it
    (``Markel Closed Joint Stock Company (Markel CJSC)``: also ``Markel Closed Joint Stock
    Company`` and ``Markel CJSC``), each of which a supplier may write alone."""
    if entity.schema == "Aircraft":
        return [registration_mark(text) or normalize_name(text)]
    norm = normalize_name(text)
    inner = _BRACKETED.findall(text)
    if not inner:
        return [norm]
    outer = normalize_name(_BRACKETED.sub(" ", text))
    parts = [normalize_name(part) for part in inner]
    parts = [part for part in parts if _names_alike(part.tokens, outer.tokens)]
    if not parts:
        return [norm]  # brackets of other words (a former name, a place, a legal form)
    return [norm, outer, *parts]


def _names_alike(part: tuple[str, ...], outer: tuple[str, ...]) -> bool:
    """Whether a bracket restates the name: it holds the name's first word, one that may
    identify it (not a place, a generic or a branch word). ``HiSilicon Tech (Suzhou) Co.,
    Ltd., Suzhou`` names its city twice, not itself."""
    first = outer[0] if outer else ""
    return first in part and word_kind(first) is None


def word_kind(token: str) -> str | None:
    """``branch``, ``generic`` (legal words too) or ``place`` for the words the index weighs
    down, ``None`` for a word that may identify a party."""
    if token in BRANCH:
        return "branch"
    if token in GENERIC or token in LEGAL_WORDS:
        return "generic"
    return "place" if is_place(token) else None


_BRACKETED = re.compile(r"\(([^()]*)\)")


def _first(item: tuple[int, float, list[int]]) -> int:
    return item[0]


class NameIndex:
    """Normalised listed names with IDF weights and blocking keys (picklable)."""

    def __init__(self, entities: Sequence[Entity], config: MatchingConfig) -> None:
        self.config = config
        self.vocab: dict[str, int] = {}
        self.tokens: list[str] = []
        raw: list[tuple[int, str, NormName, bool, bool]] = []
        for e_idx, entity in enumerate(entities):
            seen: set[str] = set()
            readings = [(n, norm) for n in entity.names for norm in _readings(n.name, entity)]
            for name, norm in readings:
                if not norm.tokens or norm.key in seen:
                    continue
                seen.add(norm.key)
                raw.append((e_idx, name.name, norm, name.strong, False))
                initials = acronym(norm.tokens)
                if entity.schema in ("Person", "Vessel", "Aircraft"):
                    continue
                if initials and len(initials) >= 4 and initials not in seen:
                    seen.add(initials)
                    derived = NormName((initials,), frozenset(), False, initials)
                    raw.append((e_idx, name.name, derived, name.strong, True))
        postings: dict[int, list[int]] = defaultdict(list)
        for n_idx, (_, _, norm, _, _) in enumerate(raw):
            for tid in {self._token_id(t) for t in norm.tokens}:
                postings[tid].append(n_idx)
        self.size = max(len(raw), 1)
        self.postings: list[tuple[int, ...]] = [tuple(postings[i]) for i in range(len(self.tokens))]
        self.weights = [self._idf(t, len(self.postings[i])) for i, t in enumerate(self.tokens)]
        self.unknown_weight = math.log(self.size + 1)
        self.distinct = [self.is_distinctive(t) for t in self.tokens]
        self.form_word = [t in FORM_WORDS for t in self.tokens]
        self.article = [t in ARTICLES or t in ASSIMILATED for t in self.tokens]
        self.names = [
            ListedName(
                e,
                text,
                norm,
                ids,
                sum(self.weights[i] for i in ids),
                strong,
                derived,
                any(self.is_distinctive(t) for t in norm.tokens),
            )
            for (e, text, norm, strong, derived), ids in zip(
                raw, (tuple(self.vocab[t] for t in r[2].tokens) for r in raw), strict=True
            )
        ]
        self.name_weights = [n.weight or 1.0 for n in self.names]
        # Postings lightest name first, so a query opens only names light enough to reach
        # its floor (a heavy name needs more agreement than the query can give).
        self.postings = [
            tuple(sorted(p, key=lambda n: (self.name_weights[n], n))) for p in self.postings
        ]
        self.posting_weights = [tuple(self.name_weights[n] for n in p) for p in self.postings]
        self.unique_tokens = [_unique(n.token_ids) for n in self.names]
        # The same, flat, for numpy: name i's tokens are token_ids[token_starts[i]:…[i + 1]].
        self.token_starts = np.cumsum([0, *(len(t) for t in self.unique_tokens)], dtype=np.int64)
        self.token_ids = np.fromiter(
            (tid for ids in self.unique_tokens for tid in ids), dtype=np.int64
        )
        self.name_array_weights = np.asarray(self.name_weights, dtype=np.float64)
        self.by_key: dict[str, list[int]] = defaultdict(list)
        # Names written with initials apart, by their words written together: the initials a
        # supplier writes as one word (``AA TRADING``, ``A.A. Trading`` for ``A A TRADING``)
        # share no token with them. Not other words run together (``Isbank`` is not the
        # listed ``IS BANK``, nor ``ELM`` ``EL M``): they are found by their own words.
        self.by_joined: dict[str, list[int]] = defaultdict(list)
        for n_idx, listed in enumerate(self.names):
            self.by_key[listed.norm.key].append(n_idx)
            if _initials_apart(listed.norm.tokens):
                self.by_joined["".join(listed.norm.tokens)].append(n_idx)
        self.deletes: dict[str, list[int]] = defaultdict(list)
        self.skeletons: dict[str, list[int]] = defaultdict(list)
        self.translit_keys: dict[str, list[int]] = defaultdict(list)
        self.translit_deletes: dict[str, list[int]] = defaultdict(list)
        self.collapsed: dict[str, list[int]] = defaultdict(list)
        for tid, token in enumerate(self.tokens):
            if len(token) >= 3:
                self.collapsed[collapse(token)].append(tid)
            if len(token) >= 3:  # a four-letter query word may fold to three (ally: aly)
                key = translit_key(token)
                self.translit_keys[key].append(tid)
                if len(key) >= TRANSLIT_EDIT_LENGTH and key.isalpha():
                    for variant in deletions(key):
                        self.translit_deletes[variant].append(tid)
            for variant in deletions(token):
                self.deletes[variant].append(tid)
            for key in _blocking_skeletons(token):
                self.skeletons[key].append(tid)
        self.places: dict[str, list[int]] = defaultdict(list)
        for tid, token in enumerate(self.tokens):
            if (code := place_code(token)) is not None:
                self.places[code].append(tid)
        self.abd_forms = tuple(t for t, token in enumerate(self.tokens) if _ABD_FORMS.match(token))
        self.max_df = max(50, int(config.blocking_max_df * self.size))
        self._cache: dict[tuple[str, bool, bool], dict[int, float]] = {}

    def _token_id(self, token: str) -> int:
        tid = self.vocab.get(token)
        if tid is None:
            tid = self.vocab[token] = len(self.tokens)
            self.tokens.append(token)
        return tid

    def _idf(self, token: str, df: int) -> float:
        return math.log((self.size + 1) / (df + 0.5)) * self._damping(token)

    def _damping(self, token: str) -> float:
        kind = word_kind(token)
        if kind == "branch":
            return self.config.branch_weight
        if kind == "generic":
            return self.config.generic_weight
        return self.config.place_weight if kind == "place" else 1.0

    def is_distinctive(self, token: str) -> bool:
        """Whether a token may identify a party (not a generic, branch or place word)."""
        return self._damping(token) == 1.0

    def token_weight(self, token: str, expansion: dict[int, float], abjad: bool = False) -> float:
        """IDF weight of a query token; an unknown one weighs as its closest listed token
        (a misspelt generic word stays generic), else as the rarest token there is.

        A word transliterated without vowels spells several listed words (``mhmd``: Mohammad,
        Mahmud, …): it is as common as the most common of them, not as its rare literal
        spelling (a listing that writes ``MHMD``)."""
        if abjad:
            close = [t for t, sim in expansion.items() if sim >= 0.9]
            if close:  # the most common, and as generic as it is (bnk: bank)
                return self.weights[max(close, key=lambda t: (len(self.postings[t]), -t))]
        tid = self.vocab.get(token)
        if tid is not None:
            return self.weights[tid]
        if expansion:
            closest = max(expansion, key=lambda t: (expansion[t], -t))
            return self.weights[closest]
        return self.unknown_weight * self._damping(token)

    def plain_weight(self, token: str, expansion: dict[int, float]) -> float:
        """IDF weight of a query token without the damping of generic, branch and place
        words (an unknown token as its closest listed token, else the rarest there is)."""
        tid = self.vocab.get(token)
        if tid is None and expansion:
            tid = max(expansion, key=lambda t: (expansion[t], -t))
        if tid is None:
            return self.unknown_weight
        return math.log((self.size + 1) / (len(self.postings[tid]) + 0.5))

    def token_distinct(self, token: str, expansion: dict[int, float]) -> bool:
        """Whether a query token is distinctive; an unknown one is as its closest listed token
        (``comapny`` is as generic as ``company``)."""
        tid = self.vocab.get(token)
        if tid is None and expansion:
            tid = max(expansion, key=lambda t: (expansion[t], -t))
        return self.is_distinctive(token) if tid is None else self.distinct[tid]

    def expand(self, token: str, abjad: bool, translit: bool = False) -> dict[int, float]:
        """Vocabulary tokens close to a query token, with their similarity (cached)."""
        key = (token, abjad, translit)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        close: set[int] = set()
        # A word of four letters or fewer tolerates no edit (``allowed_edits``): its one-letter
        # deletions would only bring same-length words that cannot count.
        for variant in deletions(token) if len(token) > 4 else (token,):
            close.update(self.deletes.get(variant, ()))
        skel = skeleton(token)
        if abjad and (len(skel) >= 2 or (skel and len(token) >= 3)):
            close.update(self.skeletons.get(skel, ()))
        elif len(token) >= VOWEL_SPELLING_LENGTH and len(skel) >= 4:
            # A long Latin word spelt with other vowels, as transliterations of one Arabic or
            # Persian word are (``hezbollah``/``HIZBALLAH``, ``mohammed``/``MUHAMMAD``): two
            # edits, which its one-letter deletions cannot reach; the edit distance decides.
            close.update(self.skeletons.get(skel, ()))
        if abjad and token == _ABD:
            close.update(self.abd_forms)
        if translit and len(token) >= 4:
            folded = translit_key(token)
            close.update(self.translit_keys.get(folded, ()))
            if len(folded) >= TRANSLIT_EDIT_LENGTH:
                for variant in deletions(folded):
                    close.update(self.translit_deletes.get(variant, ()))
        if len(token) >= 3:
            close.update(self.collapsed.get(collapse(token), ()))
        out: dict[int, float] = {}
        for tid in close:
            sim = token_similarity(token, self.tokens[tid], abjad, translit)
            if sim > 0:
                out[tid] = sim
        if (code := place_code(token)) is not None:
            for tid in self.places.get(code, ()):
                if out.get(tid, 0.0) < SAME_PLACE_SIMILARITY:
                    out[tid] = SAME_PLACE_SIMILARITY
        if len(self._cache) > 500_000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def expand_joined(self, joined: str, abjad: bool) -> dict[int, float]:
        """Listed words that two neighbouring query words written together spell: the same
        word, or for a transliteration without vowels, the same consonants (cached)."""
        if len(joined) < 5:
            return {}
        if not abjad:
            tid = self.vocab.get(joined)
            return {} if tid is None else {tid: 1.0}
        return {tid: sim for tid, sim in self.expand(joined, True).items() if sim >= 0.9}

    def candidates(
        self,
        norm: NormName,
        expansions: list[dict[int, float]],
        weights: Sequence[float],
        total: float,
        floor: float = 0.0,
    ) -> list[int]:
        """Listed names worth scoring for one query name, best first estimate first.

        ``weights`` are the query tokens' weights (``total`` their sum). The estimate sums
        token agreement, so it never falls below the final name similarity: names whose
        estimate is under ``floor`` (0–1) cannot reach it.

        Only the postings of the query's rarest tokens are opened (a prefix filter): a name
        scores at most ``listed share + query share × (query weight it agrees with) / total``,
        so once the query tokens left unopened weigh too little to reach ``floor``, a name
        sharing none of the opened tokens cannot qualify. Most partners share no rare word
        with any listing and open almost nothing.
        """
        gain: dict[int, float] = {}  # listed token → agreement it brings, over query tokens
        tokens: list[tuple[int, float, list[int]]] = []
        unopened = 0.0  # query weight a name sharing no opened listed token may still agree with
        postings, token_weights, max_df = self.postings, self.weights, self.max_df
        for expansion, weight in zip(expansions, weights, strict=True):
            opened, usable, closed, ids = 0, 0.0, 0.0, []
            for tid, sim in expansion.items():
                df = len(postings[tid])
                gain[tid] = gain.get(tid, 0.0) + token_weights[tid] * sim
                if df > max_df:  # too common to open candidates by itself
                    if sim > closed:
                        closed = sim
                    continue
                opened += df
                if sim > usable:
                    usable = sim
                ids.append(tid)
            agreeing = usable if usable > closed else closed
            unopened += weight * agreeing
            if ids:  # (postings to open, query weight no longer open once opened, its tokens)
                tokens.append((opened, weight * (agreeing - closed), ids))
        if not tokens:  # nothing to open: only a name written the same way
            return self._written_alike(norm, [])
        listed_share = self.config.weights.listed_coverage
        query_share = self.config.weights.query_coverage
        least = floor - 1e-9

        # est <= listed share × covered / name weight + query share, and covered is at most
        # the query's whole agreement: heavier names cannot reach the floor.
        heaviest = math.inf
        if floor > query_share and listed_share > 0:
            heaviest = sum(gain.values()) * listed_share / (floor - query_share) * (1 + 1e-9)
        found: set[int] = set()
        tokens.sort(key=_first)
        for _, weight, ids in tokens:
            bound = listed_share + (query_share * unopened / total if total > 0 else 0.0)
            if bound < least:
                break  # no name sharing only the unopened tokens can reach the floor
            unopened -= weight
            for tid in ids:
                posting = postings[tid]
                cut = bisect.bisect_right(self.posting_weights[tid], heaviest)
                found.update(posting if cut == len(posting) else posting[:cut])
        estimate = self._estimate_many if len(found) > _VECTOR_FROM else self._estimate_few
        scored = estimate(found, gain, total or 1.0, floor)
        scored.sort()
        limit = self.config.max_candidates
        if norm.abjad:
            # A vowel-less query token agrees with many spellings (mhmd: mohammad, mahmud,
            # …), so many names tie at the best estimate: look further down the list.
            limit *= _ABJAD_CANDIDATES
        # Best estimates first; ties by name position, so the choice is deterministic.
        return self._written_alike(norm, [n_idx for _, n_idx in scored[:limit]])

    def _written_alike(self, norm: NormName, out: list[int]) -> list[int]:
        """``out`` and the names written as the query is, or with its words written together
        (``aa trading`` for ``a a trading``)."""
        for alike in (self.by_key.get(norm.key), self.by_joined.get("".join(norm.tokens))):
            if alike:
                out += [n for n in alike if n not in out]
        return out

    def _estimate_few(
        self, found: set[int], gain: dict[int, float], per_query: float, floor: float
    ) -> list[tuple[float, int]]:
        """(-estimate, name) of the names reaching ``floor``, one name at a time."""
        listed_share = self.config.weights.listed_coverage
        query_share = self.config.weights.query_coverage
        unique_tokens, name_weights, share = self.unique_tokens, self.name_weights, gain.get
        scored: list[tuple[float, int]] = []
        for n_idx in found:
            covered = 0.0
            for tid in unique_tokens[n_idx]:
                covered += share(tid, 0.0)
            listed = covered / name_weights[n_idx]
            query = covered / per_query
            est = listed_share * (listed if listed < 1.0 else 1.0)
            est += query_share * (query if query < 1.0 else 1.0)
            if est >= floor:
                scored.append((-round(est, 9), n_idx))
        return scored

    def _estimate_many(
        self, found: set[int], gain: dict[int, float], per_query: float, floor: float
    ) -> list[tuple[float, int]]:
        """``_estimate_few`` for many names at once (numpy): the same sums, in the same order."""
        names = np.fromiter(found, dtype=np.int64, count=len(found))
        starts = self.token_starts[names]
        lengths = self.token_starts[names + 1] - starts
        offsets = np.cumsum(lengths) - lengths
        flat = np.arange(int(lengths.sum())) - np.repeat(offsets - starts, lengths)
        tokens = self.token_ids[flat]
        keys = np.fromiter(gain, dtype=np.int64, count=len(gain))
        values = np.fromiter(gain.values(), dtype=np.float64, count=len(gain))
        order = np.argsort(keys)
        keys, values = keys[order], values[order]
        at = np.minimum(np.searchsorted(keys, tokens), len(keys) - 1)
        gains = np.where(keys[at] == tokens, values[at], 0.0)
        covered = np.add.reduceat(gains, offsets)
        listed_share = self.config.weights.listed_coverage
        query_share = self.config.weights.query_coverage
        est = listed_share * np.minimum(1.0, covered / self.name_array_weights[names])
        est += query_share * np.minimum(1.0, covered / per_query)
        keep = est >= floor
        return list(zip((-np.round(est[keep], 9)).tolist(), names[keep].tolist(), strict=True))

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_cache"] = {}
        state["by_key"] = dict(self.by_key)
        state["by_joined"] = dict(self.by_joined)
        state["deletes"] = dict(self.deletes)
        state["skeletons"] = dict(self.skeletons)
        state["translit_keys"] = dict(self.translit_keys)
        state["translit_deletes"] = dict(self.translit_deletes)
        state["places"] = dict(self.places)
        state["collapsed"] = dict(self.collapsed)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
