"""Cell values → clean text: control characters stripped, whitespace collapsed, NFC."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
import unicodedata

_SPACE = re.compile(r"\s+")
# C0/C1 controls, DEL, and the invisible characters spreadsheets leave behind (BOM, zero-width
# space, word joiner). Joiners inside scripts (ZWJ/ZWNJ) are kept: they change how names read.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u200b\u2060]")


def clean_text(value: str) -> str:
    """Strip control characters, collapse whitespace (incl. tabs, newlines, NBSP) and NFC."""
    if value.isascii() and value.isprintable() and "  " not in value:
        return value.strip()  # the common case, without regular expressions
    text = unicodedata.normalize("NFC", value)
    text = _CONTROL.sub("", text)
    return _SPACE.sub(" ", text).strip()


class TypedNumber(str):
    """The text of a number a workbook or Parquet file stores as a number, not as text a
    person typed: ``123.456`` there is 123 and 456 thousandths, where the same text typed
    into a cell reads as a thousands separator (``values.parse_spend``)."""

    __slots__ = ()


def cell_text(value: object) -> str | None:
    """Any cell value (CSV text, XLSX or Parquet typed value) → clean text, or ``None`` if blank."""
    if isinstance(value, float | decimal.Decimal):
        return _number_text(value)  # nothing to clean, and it stays a ``TypedNumber``
    text = _as_text(value)
    if text is None:
        return None
    text = clean_text(text)
    return text or None


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | decimal.Decimal):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, list | tuple):
        parts = [part for part in (cell_text(item) for item in value) if part]
        return "; ".join(parts)
    return str(value)


def _number_text(value: float | decimal.Decimal) -> str | None:
    finite = value.is_finite() if isinstance(value, decimal.Decimal) else math.isfinite(value)
    if not finite:
        return None
    whole = int(value)
    if value == whole and abs(whole) < 10**16:
        return str(whole)
    return TypedNumber(value)
