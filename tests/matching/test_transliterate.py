"""``to_ascii`` writes what ``rigour``'s ``ascii_text`` writes, whatever the text."""

from __future__ import annotations

import random

import pytest
from rigour.text.translit import ascii_text

from screener.matching import transliterate
from screener.matching.transliterate import to_ascii

LATIN = [chr(c) for c in [*range(0xA0, 0x250), *range(0x1E00, 0x1F00)]]
NAMES = [
    "münchen", "société générale s.a.", "wärtsilä oyj", "saß holding gmbh", "łódź sp. z o.o.",
    "ørsted a/s", "þór ehf", "koç holding a.ş.", "nestlé s.a.", "çimsa çimento", "ærø",
    "« le petit » sàrl", "£ sterling ltd ½", "café\u0301", "россия", "ελλάδα", "中国石油",
    "شركة", "müller и сыновья", "ﬁnance", "ĳssel",
]  # fmt: skip


@pytest.mark.parametrize("text", NAMES)
def test_names_read_as_rigour_reads_them(text: str) -> None:
    assert to_ascii(text) == ascii_text(text)


def test_any_mix_of_latin_letters_and_symbols_reads_as_rigour_reads_it() -> None:
    # Symbols that ``ascii_text`` leaves to its fallback read differently beside other
    # letters («» alone are >>, after £ nothing): such texts must go to it whole.
    rng = random.Random(7)
    pool = LATIN + list("abcz -.'&/") * 20
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 16)))
        assert to_ascii(text) == ascii_text(text), text


def test_latin_letters_do_not_go_to_rigour_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    to_ascii("société générale")  # every letter's spelling is known from here on
    monkeypatch.setattr(transliterate, "ascii_text", None)
    assert to_ascii("générale société") == "generale societe"
