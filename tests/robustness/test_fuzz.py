"""Fuzzing the supplier reader and every list parser: only documented errors may escape.

A few examples per target in CI; ``SCREENER_FUZZ_EXAMPLES=5000`` for a long run (fuzz/README.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.targets import ListTarget, list_targets, run_list_file, run_supplier_file, supplier_seeds

EXAMPLES = int(os.environ.get("SCREENER_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=EXAMPLES <= 100,  # CI is repeatable; long runs explore
)
TOKENS = [
    b'"', b",", b";", b"\t", b"\r\n", b"\n", b"\x00", b"\x1a", b"\xef\xbb\xbf", b"\xff\xfe",
    b"\xc3", b"<", b">", b"&", b"&amp;", b"]]>", b"<!DOCTYPE x [<!ENTITY e \"e\">]>", b"&e;",
    b"{", b"}", b"[", b"]", b'":', b"null", b"-0- ", b"=", b"PK\x03\x04", b"PAR1",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with one to four edits: truncate, delete, repeat, insert or overwrite bytes."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        size = draw(st.integers(1, 64))
        edit = draw(st.sampled_from(["truncate", "delete", "repeat", "insert", "overwrite"]))
        piece = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=16))
        if edit == "truncate":
            del data[at:]
        elif edit == "delete":
            del data[at : at + size]
        elif edit == "repeat":
            data[at:at] = data[at : at + size] * draw(st.integers(2, 50))
        elif edit == "insert":
            data[at:at] = piece
        else:
            data[at : at + len(piece)] = piece
    return bytes(data)


TARGETS = list_targets()


@pytest.mark.parametrize("target", TARGETS, ids=[t.fmt for t in TARGETS])
def test_list_parser_raises_only_documented_errors(target: ListTarget, shared_data: Path) -> None:
    seed = target.seed(shared_data)
    run_list_file(target, seed)  # the seed itself parses or is refused cleanly

    @FUZZ
    @given(data=mutated(seed))
    def check(data: bytes) -> None:
        run_list_file(target, data)

    check()


SUPPLIER_SEEDS = supplier_seeds()


@pytest.mark.parametrize("suffix", sorted(SUPPLIER_SEEDS))
def test_supplier_reader_raises_only_input_errors(suffix: str) -> None:
    seed = SUPPLIER_SEEDS[suffix]
    run_supplier_file(seed, suffix)

    @FUZZ
    @given(data=mutated(seed))
    def check(data: bytes) -> None:
        run_supplier_file(data, suffix)

    check()
