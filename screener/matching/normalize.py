"""Name normalisation, done once per name before any comparison.

A name becomes a :class:`NormName`: ASCII, case-folded tokens (non-Latin scripts
transliterated by ``rigour``), with legal forms pulled out into canonical classes
(``OOO`` = ``LLC`` = ``GmbH`` → ``llc``; ``PAO`` = ``PJSC`` = ``AG`` → ``jsc``), common
abbreviations expanded and stopwords dropped. RapidFuzz does not normalise, so every string
the scorer compares comes from here.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import OSA
from rigour.names import extract_org_types, tokenize_name
from rigour.text.normalize import Cleanup, Normalize, normalize

from screener.matching.transliterate import to_ascii
from screener.pickling import by_fields
from screener.places.territories import lookup, territory_names

# Common abbreviations in supplier and list names, mapped to one spelling (both sides).
ABBREVIATIONS: dict[str, str] = {
    "corp": "corporation",
    "co": "company",
    "cos": "companies",
    "compania": "company",
    "cia": "company",
    "grp": "group",
    "intl": "international",
    "int'l": "international",
    "internacional": "international",
    "international": "international",
    "comm": "commercial",
    "coml": "commercial",
    "mfg": "manufacturing",
    "ind": "industries",
    "inds": "industries",
    "industrial": "industries",
    "industry": "industries",
    "hldgs": "holdings",
    "hldg": "holding",
    "holdings": "holding",
    "tech": "technology",
    "technologies": "technology",
    "svcs": "services",
    "svc": "services",
    "service": "services",
    "mgmt": "management",
    "natl": "national",
    "assn": "association",
    "bros": "brothers",
    "dept": "department",
    "ent": "enterprises",
    "enterprise": "enterprises",
    "est": "establishment",
    "trdg": "trading",
    "tradings": "trading",
    "shpg": "shipping",
    "sys": "systems",
    "system": "systems",
    "univ": "university",
    "inst": "institute",
    "eng": "engineering",
    "engg": "engineering",
    "elec": "electric",
    "electrical": "electric",
    "pharm": "pharmaceutical",
    "pharma": "pharmaceutical",
    "pharmaceuticals": "pharmaceutical",
    "chem": "chemical",
    "chemicals": "chemical",
    "st": "saint",
    "mt": "mount",
    "ctr": "center",
    "centre": "center",
    "&": "and",
}

# Words that carry no identity on their own (dropped before comparison).
STOPWORDS: frozenset[str] = frozenset(
    {"the", "of", "and", "for", "in", "de", "des", "du", "la", "le", "der", "und", "y", "et"}
)

# Business words that describe a kind of firm rather than a firm: weighted down (see index).
GENERIC: frozenset[str] = frozenset(
    {
        "company", "companies", "corporation", "group", "holding", "international", "trading",
        "commercial", "industries", "enterprises", "services", "technology", "global",
        "general", "import", "export", "limited", "incorporated", "manufacturing", "systems",
        "management", "establishment", "partners", "solutions", "logistics", "investment",
        "investments", "development", "national", "bank", "engineering", "shipping",
        "construction", "products", "trust", "fund", "foundation", "association", "branch",
        "office", "representative", "subsidiary", "division", "factory", "plant", "agency",
        "worldwide", "world", "universal", "united", "capital", "resources", "energy",
        "industrial", "project", "projects", "center", "institute", "al", "el", "bin", "ibn",
    }
)  # fmt: skip

# Pieces of legal forms left when a form is misspelt, reordered or transliterated.
LEGAL_WORDS: frozenset[str] = frozenset(
    {"joint", "stock", "liability", "limited", "public", "private", "closed", "open",
     "aktsionernoe", "aktsionernogo", "obshchestvo", "obshestvo", "obschestvo",
     "otvetstvennostyu", "ogranichennoy", "ogranichennoi", "zakrytoe", "otkrytoe",
     "publichnoe", "tovarishchestvo", "sociedad", "anonima", "societe", "anonyme",
     "gesellschaft", "beschrankter", "haftung", "sirketi", "anonim", "ticaret", "sanayi",
     # Forms rigour's table lacks in Latin letters or reads only with their dots, which
     # tokens lose (``D.O.O.`` → ``doo``): Balkan, Bulgarian, Czech, Polish, Japanese,
     # Indian, Gulf and Indonesian company forms and their pieces.
     "doo", "dooel", "eood", "spol", "spolka", "kk", "kabushiki", "kaisha", "pvt", "wll",
     "tbk"}
)  # fmt: skip

# Generic words that name a business: a person, a vessel or an aircraft is not called
# "… Bank" or "… Trading" (not the Arabic name particles, adjectives such as "united", nor
# words that are also surnames: Plant, Branch, Trust).
ORGANISATION_WORDS: frozenset[str] = GENERIC - {
    "al", "el", "bin", "ibn", "general", "united", "universal", "world", "worldwide", "global",
    "national", "plant", "branch", "trust",
}  # fmt: skip

# Words that only say "a company": a listed name lacking them elsewhere is the same name.
FORM_WORDS: frozenset[str] = LEGAL_WORDS | {
    "company", "companies", "corporation", "incorporated", "limited"
}  # fmt: skip

# Words suppliers add to a listed name for a branch or office: nearly no weight.
BRANCH: frozenset[str] = frozenset(
    {"branch", "office", "representative", "rep", "subsidiary", "division", "affiliate",
     "filiale", "sucursal", "succursale", "agency", "plant", "factory", "unit", "dept"}
)  # fmt: skip

_ABJAD = ("ARABIC", "HEBREW", "SYRIAC", "THAANA")

# The Arabic article as Latin listings write it apart (``al-Tikriti``); Arabic script joins it
# to the word, and normalisation drops it there.
ARTICLES: frozenset[str] = frozenset({"al", "el"})

# The article as listings write it before a "sun letter" it assimilates to (``Shams ur-Rahman``,
# ``Salah ad-Din``, ``Ahmad as-Sayed``): a word of its own there, none in Arabic script.
# Only spellings that are no word or name of their own elsewhere (not ``un`` of KIM JONG UN,
# nor ``an``, ``as``, ``es``).
ASSIMILATED: frozenset[str] = frozenset(
    {"ad", "ash", "az", "ed", "ez", "ud", "ul", "ur", "ush", "uz"}
)  # fmt: skip

# Arabic letters the transliterator renders as a separator (ayn → ``?``, splitting ``sb?awy``)
# or as a consonant Latin listings do not write (ta marbuta → ``t``: ``khawla``, not
# ``khwlt``); tatweel is a stretching stroke; the Urdu hehs (``الطاھر``, ``شاہ``) are the
# Arabic one, which the transliterator would drop; vowel marks are not written in listings.
# Mapped before transliteration.
_ARABIC_FIXES = str.maketrans(
    {"\u0639": "a", "\u0629": "a", "\u0640": "", "\u06be": "\u0647", "\u06c1": "\u0647",
     **{chr(c): "" for c in (*range(0x064B, 0x0660), 0x0670)}}
)  # fmt: skip

# Cyrillic ё, which passports and listings write as ``e`` (ICAO Doc 9303: Кушнарёв is
# KUSHNAREV), not as the ``yo`` the transliterator writes. Mapped before transliteration;
# the ``yo`` other listings write (OFSI's CHERNYSHYOV) is another reading (``other_readings``).
_CYRILLIC_FIXES = str.maketrans({"\u0451": "\u0435"})
_YO_AS_IO = str.maketrans({"\u0451": "\u0439\u043e"})  # ё → йо, transliterated io


def _cyrillic_fixed(text: str) -> str:
    """``_CYRILLIC_FIXES`` applied, a ё written as е and a combining diaeresis composed
    first."""
    return _cyrillic_composed(text).translate(_CYRILLIC_FIXES)


def _cyrillic_composed(text: str) -> str:
    """A ё written as е and a combining diaeresis, composed."""
    return unicodedata.normalize("NFC", text) if "\u0308" in text else text


@dataclass(frozen=True, slots=True)
class NormName:
    """A name ready for comparison.

    ``tokens`` are the distinctive-candidate tokens (no legal forms, no stopwords);
    ``forms`` the canonical legal-form classes found; ``abjad`` tells that the name was written
    in a script without vowels (Arabic, Hebrew), whose transliteration is consonant-only.
    ``syllabic`` tells that it was written in Chinese characters, transliterated one syllable
    per token (``hua wei``), which a listing joins into words (``Huawei``).
    ``original`` is the case-folded, whitespace-squashed original-script text; ``translit``
    tells that it was written in another alphabet (Cyrillic, Greek, …) and transliterated,
    so its spelling may differ from a Latin listing's (``kontsern``/``concern``).
    """

    tokens: tuple[str, ...]
    forms: frozenset[str]
    abjad: bool
    original: str
    translit: bool = False
    syllabic: bool = False

    @property
    def key(self) -> str:
        """The normalised name as one string (tokens in order, space-separated)."""
        return " ".join(self.tokens)

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return by_fields(self)


def _is_abjad(text: str) -> bool:
    return any(ord(ch) > 0x590 and unicodedata.name(ch, "").startswith(_ABJAD) for ch in text)


# Chinese legal forms and business words, longest first, replaced by their English before
# transliteration (a listing writes ``Co., Ltd.``, not ``youxian gongsi``).
CHINESE_FORMS: tuple[tuple[str, str], ...] = (
    ("股份有限公司", "joint stock company"), ("有限责任公司", "llc"), ("有限公司", "limited"),
    ("集团", "group"), ("公司", "company"), ("控股", "holding"), ("贸易", "trading"),
    ("技术", "technology"), ("科技", "technology"), ("国际", "international"),
)  # fmt: skip


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_alphabet(text: str) -> bool:
    """Whether the text has letters of a non-Latin alphabet (Cyrillic, Greek, Armenian,
    Georgian), whose transliterations vary letter by letter (not CJK syllables)."""
    return any(ch.isalpha() and unicodedata.name(ch, "").startswith(_ALPHABETS) for ch in text)


_ALPHABETS = ("CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN")


# Words the legal-form table reads as a form that are words of listed names: ``IS`` is the
# Islamic State in OFAC's ``IS EAST ASIA DIVISION`` and ``IS PHILIPPINES`` (as a form it left
# only ``philippines``, a place), and ``iş`` (business) in Türkiye İş Bankası; ``in`` is the
# word of ``Bank in Moscow``.
NOT_FORMS: frozenset[str] = frozenset({"is", "in"})


def _legal_forms(
    text: str, written: str | None = None, plain: str = "", source: str = ""
) -> tuple[str, frozenset[str]]:
    """Remove legal forms from a normalised string; return the rest and their classes.

    With ``written`` (the original text of a transliterated abjad name), only forms written
    there in Latin letters count: a transliterated given name is no legal form (``سعد`` →
    ``sad``, not S.A.D.). ``plain`` is ``text`` before slips and abbreviations were read
    (``societa``, not ``societe``) and ``source`` the name's own letters (``spółka``), where
    forms spelled out are looked for (``_spelled_out_forms``).
    """
    found = extract_org_types(text, generic=True) or extract_org_types(text)
    spelled = _spelled_out_forms(plain, source, found)
    if spelled:
        spelled = [f for f in spelled if f not in found]
    elif not found:
        return text, frozenset()
    rest, forms = _without_forms(text, found + spelled, written)
    if not rest and spelled:  # the name's own words read as forms (OOO MTU): as written
        rest, forms = _without_forms(text, found, written)
    if not rest:  # the whole name is a legal form: keep it as the name
        return text, frozenset()
    return rest, forms


def _without_forms(
    text: str, found: list[tuple[str, str]], written: str | None
) -> tuple[str, frozenset[str]]:
    """``text`` without the forms ``found`` in it, and their classes. The longest reading
    first (``anonim sirketi``, a JSC, not its ``sirketi``; ``publichnoe aktsionernoe
    obshchestvo`` whole); each form wherever it is written (OOO X, f.k.a. OOO Y)."""
    forms = set()
    padded = f" {text} "
    for matched, target in sorted(found, key=_longest_first) if len(found) > 1 else found:
        if matched in NOT_FORMS or (written is not None and matched not in written):
            continue
        if f" {matched} " not in padded:
            continue
        forms.add(target.replace(" ", ""))
        while f" {matched} " in padded:
            padded = padded.replace(f" {matched} ", " ")
    return padded.strip(), frozenset(forms)


def _longest_first(form: tuple[str, str]) -> tuple[int, str, str]:
    return -len(form[0]), form[0], form[1]


# rigour's table of forms as our text is written: accents dropped (``működő`` → ``mukodo``),
# punctuation read as a space (``joint-stock``).
_FOLDED = Normalize.CASEFOLD | Normalize.NFKD | Normalize.NAME


def _spelled_out_forms(
    plain: str, source: str = "", found: Sequence[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """Legal forms found once the table is folded as the name is: forms written out in full
    with accents (``Zártkörűen Működő Részvénytársaság``, ``Gesellschaft mit beschränkter
    Haftung``, ``Società per azioni``) or without their dots (``Zrt``, ``Nyrt``), which the
    table writes otherwise. Looked for in ``plain`` (the name's words in ASCII, as written)
    and in ``source`` (its own letters, for those folding does not make ASCII: ``spółka``);
    each as the words of the normalised name (slips and abbreviations read).

    A form under eight letters counts only as the name's last words, and one under three
    never: folding turns the table's dotted abbreviations into letters (``Rt.``, ``e.K.``,
    ``S.A.``, ``MTÜ``) that are initials and name parts elsewhere (``RT-AVTO``, ``named after
    S. A. Lavochkin``, ``MTU Aero Engines``, ``AVIASTAR - TU``). Forms with a word the name
    expands as an abbreviation (``co``, ``enterprise``), and short ones with a word of a form
    already read (in ``found``: the ``llc`` of ``FZ LLC``), are left as the table reads the
    expanded words.
    """
    out: list[tuple[str, str]] = []
    first: set[str] | None = None  # the words of the forms found, when needed
    for words, ascii_words in ((plain, False), (source, True)):
        if not words:
            continue
        # Forms of a generic class only: the others are read by the first pass or are rare.
        for matched, target in extract_org_types(words, _FOLDED, Cleanup.Strong, generic=True):
            letters = len(matched) - matched.count(" ")
            if letters < 3 or (letters < 8 and not f" {words}".endswith(f" {matched}")):
                continue
            written = (
                tokenize_name(to_ascii(matched).casefold()) if ascii_words else matched.split()
            )
            if letters < 8 and first is None:
                first = {w for m, _ in found for w in m.split()}
            if any(t in ABBREVIATIONS or (first and letters < 8 and t in first) for t in written):
                continue  # read as written: ``Co., Ltd.`` is ``Company Ltd``, ``FZ LLC`` an LLC
            form = (" ".join(_canonical(t) for t in written), target)
            if form not in out:
                out.append(form)
    return out


# The Arabic article inside a word joins two names (``عبدالرحمن``, ``نورالدین``), which
# listings mostly write apart (``ABDUL RAHMAN``, ``NOOR UD DIN``): the word is split there.
_JOINED_ARTICLE = re.compile(r"(?<=\w{3})(?=\u0627\u0644\w{3})")
# The article starting a word (``التكريتي``, ``الحق``) is written apart in listings or not
# at all, so it is dropped. Not the ``al`` of ``الله`` (Allah) or ``الهی`` (Elahi), nor
# letters that only look like it once transliterated (``علمی``, ayn and lam: ``almy``).
_ARTICLE = re.compile(r"(?<!\w)\u0627\u0644(?!\u0644\u0647)(?=\w{3}|[^\W\u0647]\w(?!\w))")
# A final heh after a letter is a vowel (``شحاته`` Shihata, ``زاده`` Zada), as ta marbuta
# is; not in Allah.
_FINAL_HEH = re.compile(r"(?<=\w\w)(?<!\u0644\u0644)\u0647(?!\w)")

_LOST_LETTER = re.compile(r"(?<=\w)\?(?=\w)")


@functools.lru_cache(maxsize=200_000)
def normalize_name(name: str) -> NormName:
    """Normalise one name (cached: supplier files repeat names and tokens)."""
    folded = " ".join(name.casefold().split())
    abjad = not folded.isascii() and _is_abjad(folded)
    syllabic = not folded.isascii() and any(_is_han(ch) for ch in folded)
    if syllabic:
        folded_in = folded
        for han, latin in CHINESE_FORMS:
            folded_in = folded_in.replace(han, f" {latin} ")
        text = to_ascii(folded_in).casefold()
    elif abjad:
        folded_in = _JOINED_ARTICLE.sub(" ", folded.translate(_ARABIC_FIXES))
        folded_in = _FINAL_HEH.sub("a", _ARTICLE.sub("", folded_in))
        text = to_ascii(folded_in).casefold()
    else:
        text = folded if folded.isascii() else to_ascii(_cyrillic_fixed(folded)).casefold()
    text = text.replace("&", " and ").replace("'", "")
    if "?" in text:  # a letter lost to a wrong encoding (mus?ab, m?ller) stays in its word
        text = _LOST_LETTER.sub("", text)
    words = tokenize_name(text)
    joined = " ".join(_canonical(t) for t in words)
    accented = not (folded.isascii() or abjad or syllabic or _is_alphabet(folded))
    source = (normalize(folded, _FOLDED, Cleanup.Strong) or "") if accented else ""
    rest, forms = _legal_forms(joined, folded if abjad else None, " ".join(words), source)
    tokens: list[str] = []
    for token in rest.split():
        if token in STOPWORDS:
            continue
        tokens.append(token)
    if not tokens:  # a name of stopwords only: keep what there was
        tokens = rest.split()
    translit = not abjad and not folded.isascii() and _is_alphabet(folded)
    return NormName(tuple(tokens), forms, abjad, folded, translit, syllabic)


def is_place(token: str) -> bool:
    """Whether a token names a country or region (``russia``, ``dubai``, ``uae``)."""
    return place_code(token) is not None


@functools.lru_cache(maxsize=200_000)
def place_code(token: str) -> str | None:
    """The country or region a token names, in any language rigour knows (``kuba`` and
    ``cuba`` → ``cu``, ``deutschland`` → ``de``), else None."""
    if len(token) < 3 or token in GENERIC:
        return None
    territory = lookup(token)
    return None if territory is None else territory.code


def place_positions(tokens: tuple[str, ...]) -> dict[int, float]:
    """Positions of tokens naming a place, with their share of it: 1 for a place of one
    word, ½ for each word of a place of two (``hong kong`` is one place, not two)."""
    found = {i: 1.0 for i, t in enumerate(tokens) if is_place(t)}
    for i in range(len(tokens) - 1):
        if i not in found and i + 1 not in found and _is_place_pair(tokens[i], tokens[i + 1]):
            found[i] = found[i + 1] = 0.5
    return found


@functools.lru_cache(maxsize=100_000)
def _is_place_pair(first: str, second: str) -> bool:
    if _PLAIN.match(first) and _PLAIN.match(second):
        # What ``lookup`` would find, without normalising the text again.
        return f"{first} {second}" in _two_word_places()
    return lookup(f"{first} {second}") is not None


_PLAIN = re.compile(r"[a-z0-9]+\Z")


@functools.cache
def _two_word_places() -> frozenset[str]:
    """The normalised territory names of two words that ``lookup`` knows."""
    return frozenset(name for name in territory_names() if name.count(" ") == 1)


# Words of legal forms: a supplier's one-letter slip in them (``LIMIED``, ``COMSANY``) is read
# as the word, so the form is recognised as it is in the listing.
FORM_VOCABULARY: frozenset[str] = frozenset(
    {"limited", "company", "corporation", "incorporated", "military", "liability",
     "partnership", "gesellschaft", "aktiengesellschaft", "private", "joint", "public",
     "societe", "sociedad", "anonima", "anonyme", "responsabilidad", "limitada", "beschrankter",
     "haftung", "obshchestvo", "aktsionernoe", "otvetstvennostyu", "ogranichennoy"}
)  # fmt: skip


def _canonical(token: str) -> str:
    """A token's abbreviation expanded, after a slip in a common word is corrected."""
    return ABBREVIATIONS.get(token) or ABBREVIATIONS.get(fixed := form_word(token), fixed)


@functools.lru_cache(maxsize=100_000)
def form_word(token: str) -> str:
    """The legal-form or common business word a token of six letters or more misspells by
    one edit, else the token (``limied`` → ``limited``, ``entepriset`` → ``enterprise``;
    same first letter required)."""
    if len(token) < 6 or token in _CORRECTABLE or not token.isalpha():
        return token
    for word in _FORM_BY_INITIAL.get(token[0], ()):
        if abs(len(word) - len(token)) <= 1 and OSA.distance(token, word, score_cutoff=1) <= 1:
            return word
    return token


# Words a slip is corrected to: legal-form words and the long common business words.
_CORRECTABLE: frozenset[str] = FORM_VOCABULARY | frozenset(
    w for w in (*ABBREVIATIONS, *ABBREVIATIONS.values(), *GENERIC) if len(w) >= 7 and w.isalpha()
)
_FORM_BY_INITIAL: dict[str, tuple[str, ...]] = {
    initial: tuple(sorted(w for w in _CORRECTABLE if w[0] == initial))
    for initial in {w[0] for w in _CORRECTABLE}
}


def collapse(token: str) -> str:
    """A token with doubled letters written once (``essa`` → ``esa``)."""
    out: list[str] = []
    for ch in token:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def skeleton(token: str) -> str:
    """Consonant skeleton of a token (vowels dropped, doubles collapsed).

    Transliterated Arabic has no short vowels (``mhmd``), Latin listings do (``Muhammad``):
    both reduce to ``mhmd``. Long vowels are written ``w``/``y`` in the transliteration
    (``mhmwd``) and ``u``/``i`` in listings (``Mahmud``), so after the first letter they are
    dropped too; an initial vowel is kept as ``a`` (``aly`` = ``Ali`` → ``al``, ``abrahym`` =
    ``Ibrahim`` → ``abrhm``). Qaf is written ``q`` by the transliteration and often ``k`` by
    listings (``rzwqy`` = ``RAZUKI``): both are ``k``. French spellings are read as English
    ones (``Djamel`` → ``jml``, ``Alouche`` → ``alsh``). A final ``h`` is a vowel in both
    (``zadh``/``ZADA``, ``jmah``/``JUMA``) unless it makes a sound of two letters (``sh``,
    ``kh``, ``gh``, ``ch``, ``th``) or ends Allah (``allh``, ``ABDULLAH``: not Ali, not Abdul).
    """
    if token in _SPELT_APART:
        return _SPELT_APART[token]
    for old, new in _FRENCH:
        token = token.replace(old, new)
    if len(token) > 2 and token[-1] == "h" and token[-2] not in "sckgt":
        before = token[:-1].rstrip("aeiouy")
        if before and before[-1] != "l":
            token = token[:-1]
    out: list[str] = ["a"] if token[:1] in _VOWELS else []
    for ch in token.replace("q", "k"):
        if ch in _VOWELS or (out and ch in "wy") or (out and out[-1] == ch):
            continue
        out.append(ch)
    return "".join(out)


_VOWELS = frozenset("aeiouy")
_FRENCH = (("dj", "j"), ("ch", "sh"))
# Words whose Latin spelling has letters the Arabic does not: ولد (son of) in the French
# spelling of Mauritania and the Sahel, the title ملا (Mullah, not Allah's final h).
_SPELT_APART = {"ould": "wld", "mullah": "ml", "mollah": "ml"}

_ASSIMILATED_PREFIX = re.compile(r"(?:el(?=\w{3,}\Z)|e(?=([tdrzsln])\1\w{3,}\Z))(\w+)\Z")


def article_free(token: str) -> str | None:
    """A listed word without the article a French spelling joined to it (``essabar`` →
    ``sabar``, ``eldin`` → ``din``), or None. Only ``el`` and ``e`` before a doubled letter
    (four letters left then): ``ASSAD``, ``ALLAWI`` and ``ESSAM`` are names of their own.
    """
    found = _ASSIMILATED_PREFIX.match(token)
    if found is None:
        return None
    rest = found.group(2)
    return rest[1:] if found.group(1) else rest


# How languages read Arabic letters that one transliteration writes one way: Persian and
# Urdu (ث s, ذ z, ض z, ظ z: ``FAZL``, ``SAQIB``), Egypt and the Levant (ج g, ث t, ذ d, ظ d:
# ``GAMAL``, ``DAHIR``), the Gulf and the Maghreb (ق g or gh, غ g: ``GASMI``), Persian and
# Pashto written with Arabic letters (ك for گ) and Iraq (ظ th, ض dh: ``KATHIM``). Each is
# applied to a whole name, as one speaker would read it.
def _letters(written: str, read: str) -> dict[int, str]:
    """A translation table: each letter of ``written`` read as the one at its place in ``read``."""
    return {ord(a): b for a, b in zip(written, read, strict=True)}


_READINGS: tuple[tuple[str, dict[int, str]], ...] = (
    ("ث as s, ذ ض ظ as z (Persian, Urdu)",
     _letters("\u062b\u0630\u0636\u0638", "\u0633\u0632\u0632\u0632")),
    ("ج as g, ث as t, ذ ظ as d (Egypt, the Levant)",
     _letters("\u062c\u062b\u0630\u0638", "\u06af\u062a\u062f\u062f")),
    ("ق as g", _letters("\u0642", "\u06af")),
    ("ق as gh", _letters("\u0642", "\u063a")),
    ("غ as g", _letters("\u063a", "\u06af")),
    ("ظ as th, ض as dh (Iraq)", _letters("\u0638\u0636", "\u062b\u0630")),
)  # fmt: skip
# Persian and Pashto written with the Arabic kaf for gaf (كل آغا, GUL AGHA): only in a name
# with letters of those languages (an Arabic كمال is Kamal, not Gamal).
_KAF_AS_GAF = ("ك as g (Persian, Pashto)", _letters("\u0643", "\u06af"))
_PERSIAN_LETTERS = frozenset("\u067e\u0686\u0698\u06af\u06cc\u06a9")


def other_readings(text: str, norm: NormName) -> tuple[tuple[str, str], ...]:
    """The name as it may be read otherwise, as (how it was read, text) pairs: its ambiguous
    Arabic letters as other languages read them (``arabic_readings``), a Cyrillic ё as the
    ``yo`` some listings write (Чернышёв: CHERNYSHEV and CHERNYSHYOV). None for most names."""
    if norm.abjad:
        return arabic_readings(text)
    if not norm.translit:
        return ()
    folded = _cyrillic_composed(text.casefold())
    if "\u0451" not in folded:
        return ()
    words = folded.split()
    with_yo = [i for i, word in enumerate(words) if "\u0451" in word]
    if len(with_yo) > _YO_WORDS:
        return (("ё as yo", folded.translate(_YO_AS_IO)),)
    # Word by word too: OFSI writes Артём Киселёв ARTYOM KISELEV.
    readings: list[tuple[str, str]] = []
    for size in range(len(with_yo), 0, -1):
        for chosen in itertools.combinations(with_yo, size):
            read = [w.translate(_YO_AS_IO) if i in chosen else w for i, w in enumerate(words)]
            how = (
                "ё as yo"
                if size == len(with_yo)
                else "ё as yo in " + " ".join(words[i] for i in chosen)
            )
            readings.append((how, " ".join(read)))
    return tuple(readings)


# Names with more words with ё are read with yo in all of them or none (2^n readings).
_YO_WORDS = 3


@functools.lru_cache(maxsize=20_000)
def arabic_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The name as other languages read its ambiguous Arabic letters, as (how it was read,
    text) pairs: none for a name without them, or not in Arabic script."""
    if text.isascii():
        return ()
    tables = _READINGS + ((_KAF_AS_GAF,) if _PERSIAN_LETTERS.intersection(text) else ())
    readings: dict[str, str] = {}
    for label, table in tables:
        reading = text.translate(table)
        if reading != text:
            readings.setdefault(reading, label)
    return tuple((label, reading) for reading, label in readings.items())


# Spellings that transliteration systems disagree on, reduced to one (order matters:
# ``shch`` before ``sh``, ``ts`` before ``c`` → ``k``). Г is g in Russian and h in Ukrainian
# and Belarusian (Сяргей, SIARHEI; Георгій, HEORHII): g is folded to h first.
_TRANSLIT_FOLDS: tuple[tuple[str, str], ...] = (
    ("g", "h"), ("shch", "sh"), ("sch", "sh"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("ck", "k"),
    ("c", "k"), ("q", "k"), ("x", "ks"), ("zh", "z"), ("w", "v"), ("ph", "f"),
    ("y", "i"), ("j", "i"),
)  # fmt: skip


def translit_key(token: str) -> str:
    """A token with transliteration choices folded (``kontsern``/``concern`` → ``konkern``,
    ``yevgeniy``/``evgenii`` → ``evgeni``, ``siargei``/``siarhei`` → ``siarhei``), doubled
    letters collapsed."""
    for old, new in _TRANSLIT_FOLDS:
        token = token.replace(old, new)
    out: list[str] = []
    for ch in token:
        if not out or out[-1] != ch:
            out.append(ch)
    key = "".join(out)
    return key[1:] if key.startswith(("ie", "iu", "io", "ia")) else key


# An aircraft registration mark: a nationality prefix, a hyphen, the aircraft's own letters or
# digits (``EP-GOM``, ``YK-AGC``, ``EX-35011``).
_REGISTRATION = re.compile(r"[a-z0-9]{1,2}-[a-z0-9]{2,5}")


def registration_mark(text: str) -> NormName | None:
    """An aircraft's registration mark as one token (``EP-GOM`` → ``epgom``), or None.

    Split and read as a name, the mark would lose its prefix to the legal forms (``EP``, a
    public enterprise; ``YK``, a Japanese company) and match any firm called ``GOM``."""
    folded = text.strip().casefold()
    if not _REGISTRATION.fullmatch(folded):
        return None
    mark = folded.replace("-", "")
    return NormName((mark,), frozenset(), False, folded)


def acronym(tokens: tuple[str, ...]) -> str | None:
    """Initials of a name of three or more tokens (``islamic republic … lines`` → ``irisl``)."""
    if len(tokens) < 3:
        return None
    return "".join(t[0] for t in tokens if t)
