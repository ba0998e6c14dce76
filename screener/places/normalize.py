"""Text clean-up for place names: the spellings publishers actually use, made comparable."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w' ]+")

# Abbreviations in World Bank / UN style names ("Congo, Dem. Rep.", "Micronesia, Fed. Sts.").
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bdem\.?\s*rep\.?", "democratic republic"),
    (r"\bdem\.?\s*people'?s\s*rep\.?", "democratic people's republic"),
    (r"\bislamic\s+rep\.?", "islamic republic"),
    (r"\barab\s+rep\.?", "arab republic"),
    (r"\bfed\.?\s*sts\.?", "federated states"),
    (r"\brep\.", "republic"),
    (r"\bst\.\s", "saint "),
    (r"\bpdr\b", "people's democratic republic"),
    (r"\bsar\b", ""),
)

NULL_MARKERS = frozenset(
    {
        "",
        "-",
        "--",
        "-0-",
        "n/a",
        "na.",
        "none",
        "null",
        "nil",
        "unknown",
        "not known",
        "?",
        "tbd",
        "undetermined",
    }
)


def clean(text: str) -> str:
    """Unify apostrophes and whitespace; keep case and accents."""
    return _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip(" \t\r\n,;.")


def fold(text: str) -> str:
    """A comparison key: lower case, no accents, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", clean(text).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def variants(text: str) -> list[str]:
    """Spellings worth trying for one name, the given one first, without duplicates."""
    base = re.sub(r"^region\s*:\s*", "", clean(text), flags=re.IGNORECASE)
    out = [base]
    expanded = base.lower()
    for pattern, repl in _ABBREVIATIONS:
        expanded = re.sub(pattern, repl, expanded)
    expanded = _SPACES.sub(" ", expanded).strip(" ,")
    out.append(expanded)
    for candidate in (base, expanded):
        if candidate.count(",") == 1:  # "Korea, North" → "North Korea"
            head, tail = (part.strip() for part in candidate.split(","))
            out += [f"{tail} {head}", f"{tail} of {head}", f"{tail} of the {head}"]
        out.append(re.sub(r"^the\s+", "", candidate, flags=re.IGNORECASE))
        out.append(re.sub(r"\s*\(.*?\)\s*", " ", candidate).strip())
    return list(dict.fromkeys(v for v in out if v))
