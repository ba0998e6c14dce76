from __future__ import annotations

import pytest

from screener.report.safe import (
    EXCEL_MAX_CELL_CHARS,
    cell_text,
    is_formula_like,
    strip_xml_illegal,
    terminal_text,
)


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=cmd", "\r=1", "\n=1", "＝1", "＋1", "－1", "＠A", " =1"],
)
def test_formula_triggers_are_detected(text: str) -> None:
    assert is_formula_like(text)


def test_dde_payload_is_detected() -> None:
    assert is_formula_like("cmd|' /C calc'!A0")


@pytest.mark.parametrize("text", ["Acme Ltd", "ООО Ромашка", "Smith-Jones", "", "A+B"])
def test_ordinary_names_are_not_formulas(text: str) -> None:
    assert not is_formula_like(text)


def test_xml_illegal_characters_are_removed() -> None:
    assert strip_xml_illegal("a\x00b\x07c\x1fd\ud800e\uffff\tf\ng") == "abcde\tf\ng"


def test_long_text_is_capped_with_marker() -> None:
    capped = cell_text("x" * 40_000)
    assert len(capped) == EXCEL_MAX_CELL_CHARS
    assert capped.endswith("… [truncated: 40000 characters in full]")
    assert cell_text("short") == "short"


def test_terminal_text_drops_escape_sequences() -> None:
    assert terminal_text("evil\x1b[2Jname\u202e\nnext") == "evil[2Jname next"
