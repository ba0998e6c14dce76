"""Typed optional fields: spend figures, yes/no answers, dates and identifiers.

Each parser takes clean, non-blank text and returns the typed value, or raises ``ValueError``
whose message completes the sentence "<field> '<raw>' …" that ends up in ``record.notes``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

import pycountry
from stdnum import imo as stdnum_imo
from stdnum import lei as stdnum_lei
from stdnum.exceptions import ValidationError

from screener.inputs.text import TypedNumber

_CURRENCY = re.compile(
    r"\b(?:US|CA|AU|HK|NZ|S|R)\$|\bRs\.?|\bzł|\bkr\.?|[€$£¥₹₽₺₩₫₱₦₴₪]|(?<![A-Za-z])[A-Za-z]{3}(?![A-Za-z])"
)
_GROUPING = re.compile(r"[\s'’\u00a0\u202f\u2009_]")
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
# Thousands groups; for "," also the Indian lakh/crore grouping "3,50,00,000".
_GROUPED = {
    ",": re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}"),
    ".": re.compile(r"\d{1,3}(?:\.\d{3})+"),
}

_YES = frozenset(
    {"yes", "y", "true", "t", "1", "ja", "j", "oui", "si", "sí", "wahr", "vrai", "tak", "x"}
)
_NO = frozenset({"no", "n", "false", "f", "0", "nein", "non", "falsch", "faux", "nie"})


# Symbols (and the codes written like them) of one currency each; ``$`` is read as US dollars,
# as most exports mean it. A symbol several currencies share (``kr``, ``¥``) is its own label.
_SYMBOL_CODES = {
    "$": "USD", "US$": "USD", "CA$": "CAD", "AU$": "AUD", "HK$": "HKD", "NZ$": "NZD",
    "S$": "SGD", "R$": "BRL", "RS": "INR", "₹": "INR", "€": "EUR", "£": "GBP", "ZŁ": "PLN",
    "₽": "RUB", "₺": "TRY", "₩": "KRW", "₫": "VND", "₱": "PHP", "₦": "NGN", "₴": "UAH",
    "₪": "ILS", "KR": "kr",
}  # fmt: skip


@functools.cache
def _iso_currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def spend_currency(text: str) -> str | None:
    """The currency a spend figure names: an ISO 4217 code (``$``, ``US$`` and ``USD`` are
    all ``USD``), a shared symbol as written (``kr``, ``¥``), or None for a bare number.

    Raises ``ValueError`` when the figure names two currencies.
    """
    if text.isdigit() and text.isascii():
        return None
    found = set()
    for marker in _CURRENCY.findall(text):
        key = marker.upper().rstrip(".")
        if key in _SYMBOL_CODES:
            found.add(_SYMBOL_CODES[key])
        elif key in _iso_currencies():
            found.add(key)
        elif not key.isalpha():  # a symbol several currencies share
            found.add(marker)
        # else a three-letter word that is no currency code ("est"): no currency
    if len(found) > 1:
        raise ValueError(f"names more than one currency ({', '.join(sorted(found))})")
    return found.pop() if found else None


def parse_spend(text: str) -> float:
    """A money amount as spreadsheets and ERP exports write it.

    Accepts currency symbols or codes, space/apostrophe grouping, "1,234,567.89",
    "1.234.567,89", Indian "3,50,00,000", accounting negatives "(1,200)" and Excel's
    "1.2E+06", but not two currencies in one figure. A lone separator followed by exactly
    three digits ("12.500", "12,500") is a thousands separator: spend figures do not have
    three decimals; a number a workbook or Parquet file stores as one (``TypedNumber``) is
    read as it is.
    """
    return read_spend(text)[0]


def read_spend(text: str) -> tuple[float, str | None]:
    """``parse_spend``'s amount with ``spend_currency``'s currency, the figure read once."""
    if text.isdigit() and text.isascii():  # the common case: whole units, no grouping
        value = float(text)
        if math.isfinite(value):
            return value, None
    if isinstance(text, TypedNumber):  # a number cell of a workbook: no separator to read
        return float(text), None
    currency = spend_currency(text)  # "EUR 100 $" is no amount
    return parse_number(_CURRENCY.sub(_no_currency, text)), currency


def _no_currency(marker: re.Match[str]) -> str:
    """A currency marker removed; a three-letter word that is no ISO 4217 code (``Mio``,
    ``Mrd``, ``est``) stays, so the figure is no number rather than a million times off."""
    word = marker.group()
    if word.isalpha() and len(word) == 3 and word.upper() not in _iso_currencies():
        return word
    return ""


def parse_number(text: str) -> float:
    """A number as spreadsheets and exports write it, by the rules of ``parse_spend`` but
    without a currency: grouping by spaces or apostrophes, "1,234,567.89", "1.234.567,89",
    "(1,200)", "1.2E+06"; a lone separator followed by exactly three digits ("4.000",
    "4,000") is a thousands separator."""
    body = _GROUPING.sub("", text)
    negative = body.startswith("-") or (body.startswith("(") and body.endswith(")"))
    body = body.strip("()").removeprefix("-").removeprefix("+")
    value = float(_normalise_separators(body))
    if not math.isfinite(value):
        raise ValueError("is not a number")
    return -value if negative else value


def _normalise_separators(body: str) -> str:
    if "," in body and "." in body:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _, fraction = body.rpartition(decimal_sep)
        if not _GROUPED[group_sep].fullmatch(whole) or not fraction.isdigit():
            raise ValueError("is not a number")
        return whole.replace(group_sep, "") + "." + fraction
    for sep in (",", "."):
        if sep in body:
            return _single_separator(body, sep)
    return _checked(body)


def _single_separator(body: str, sep: str) -> str:
    whole, _, fraction = body.rpartition(sep)
    grouped = bool(_GROUPED[sep].fullmatch(body))
    if body.count(sep) > 1:
        if not grouped:
            raise ValueError("is not a number")
        return body.replace(sep, "")
    # One separator: a thousands group when three digits follow ("12.500"), else decimal.
    if grouped and whole != "0":
        return whole + fraction
    return _checked(whole + "." + fraction)


def _checked(body: str) -> str:
    if not _PLAIN_NUMBER.fullmatch(body):
        raise ValueError("is not a number")
    return body


def parse_bool(text: str) -> bool:
    """yes/no, true/false, 1/0, y/n, ja/nein, oui/non (any case)."""
    key = text.casefold().rstrip(".")
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError("is not yes or no")


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_ISO_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def parse_date(text: str) -> str:
    """A date as ISO ``YYYY-MM-DD`` (or ``YYYY-MM`` when only a month is given).

    Reads ISO dates, ``DD.MM.YYYY`` and ``DD/MM/YYYY`` (``MM/DD/YYYY`` only when the day
    cannot be the first number); a slashed date that reads both ways is refused rather than
    guessed.
    """
    for pattern, order in ((_ISO, "ymd"), (_ISO_SLASH, "ymd"), (_DAY_FIRST, "dmy")):
        match = pattern.fullmatch(text)
        if match:
            return _iso(match.groups(), order)
    match = _SLASHED.fullmatch(text)
    if match:
        first, second, _ = (int(part) for part in match.groups())
        if first <= 12 and second <= 12 and first != second:
            raise ValueError("is ambiguous (day/month or month/day?)")
        return _iso(match.groups(), "dmy" if first > 12 or first == second else "mdy")
    match = _MONTH.fullmatch(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
    raise ValueError("is not a date")


def _iso(parts: tuple[str | None, ...], order: str) -> str:
    fields = dict(zip(order, (int(part or 0) for part in parts), strict=True))
    try:
        return dt.date(fields["y"], fields["m"], fields["d"]).isoformat()
    except ValueError:
        raise ValueError("is not a date") from None


def parse_lei(text: str) -> str:
    """A 20-character ISO 17442 LEI with a valid check digit pair."""
    try:
        return str(stdnum_lei.validate(text))
    except ValidationError:
        raise ValueError("is not a valid LEI") from None


def parse_imo(text: str) -> str:
    """A seven-digit IMO number with a valid check digit (an ``IMO`` prefix is accepted)."""
    try:
        return str(stdnum_imo.validate(text))
    except ValidationError:
        raise ValueError("is not a valid IMO number") from None
