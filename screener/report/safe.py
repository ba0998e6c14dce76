"""Make untrusted text safe to put in a spreadsheet cell, an XML file or a terminal.

Spreadsheet formula injection ("CSV injection"): text from supplier files and watchlists
may start with a character a spreadsheet treats as a formula (``=``, ``+``, ``-``, ``@``,
their full-width forms, or a leading tab / CR / LF), or carry a DDE payload such as
``cmd|' /C calc'!A0``. The workbook writer neutralises such text in two ways that Excel and
LibreOffice both honour, and keeps the text itself intact so reviewers see exactly what
the list or the input said:

1. the cell is always written as a string cell (``t="inlineStr"``), never as a formula,
   whatever the text starts with;
2. the cell style carries ``quotePrefix="1"`` — the flag Excel sets when a user types a
   leading apostrophe — so editing the cell, or copying it elsewhere, keeps it text.

A literal leading ``'`` character is *not* added: it would change the data (and a
round-trip through the Disposition column would carry it back).
"""

from __future__ import annotations

import re
import unicodedata

EXCEL_MAX_CELL_CHARS = 32_767
TRUNCATION_MARKER = "… [truncated: {total} characters in full]"

_FORMULA_TRIGGERS = frozenset("=+-@＝＋－＠\t\r\n")
# Characters XML 1.0 forbids (openpyxl raises IllegalCharacterError on the C0 ones),
# lone surrogates, and the two non-characters U+FFFE / U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DDE = re.compile(r"\|.*!")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula or a DDE call."""
    if not text:
        return False
    if text[0] in _FORMULA_TRIGGERS:
        return True
    stripped = text.lstrip(" \u00a0\u3000")
    if stripped and stripped[0] in _FORMULA_TRIGGERS:
        return True
    return bool(_DDE.search(text))


def strip_xml_illegal(text: str) -> str:
    """Remove characters that cannot appear in an XML 1.0 document."""
    return _XML_ILLEGAL.sub("", text)


def cap_length(text: str, limit: int = EXCEL_MAX_CELL_CHARS) -> str:
    """Truncate ``text`` to ``limit`` characters, ending with a marker that says so."""
    if len(text) <= limit:
        return text
    marker = TRUNCATION_MARKER.format(total=len(text))
    return text[: limit - len(marker)] + marker


def cell_text(text: str) -> str:
    """Text as it may be stored in a worksheet cell: XML-legal and within Excel's limit."""
    return cap_length(strip_xml_illegal(text))


def terminal_text(text: str) -> str:
    """Text safe to print on a terminal: control and bidi-override characters removed."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\r\n":
            out.append(" ")
        elif category == "Cc" or (category == "Cf" and char != "\u200d"):
            continue
        else:
            out.append(char)
    return "".join(out)
