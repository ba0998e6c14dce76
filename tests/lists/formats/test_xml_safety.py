"""Hostile XML list files: every XML parser refuses them quickly, in bounded memory.

The fixtures under ``tests/fixtures/lists/xml`` use the placeholder root ``ROOT`` and record
``RECORD``; each test rewrites them into the shape of the format under test, so that the
refusal cannot be explained by a wrong root element alone.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from screener.errors import ListDataError, ListFormatError
from screener.lists.formats import ParsedList, eu, fcdo, un

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lists" / "xml"
HOSTILE = sorted(p.name for p in FIXTURES.glob("*.xml"))

Parse = Callable[[str, Mapping[str, Path]], ParsedList]
# format -> (parse, role, root start tag, root end tag, record tag)
FORMATS: dict[str, tuple[Parse, str, str, str, str]] = {
    "un": (un.parse, "consolidated.xml", "CONSOLIDATED_LIST", "CONSOLIDATED_LIST", "INDIVIDUAL"),
    "eu": (
        eu.parse,
        "eu_fsf.xml",
        'export xmlns="http://eu.europa.ec/fpi/fsd/export"',
        "export",
        "sanctionEntity",
    ),
    "fcdo": (fcdo.parse, "UK_Sanctions_List.xml", "Designations", "Designations", "Designation"),
}
LIMIT_SECONDS = 2.0
LIMIT_RSS_KB = 64 * 1024


def _shape(text: str, fmt: str) -> str:
    _, _, root_start, root_end, record = FORMATS[fmt]
    text = text.replace("<ROOT>", f"<{root_start}>").replace("</ROOT>", f"</{root_end}>")
    text = text.replace("DOCTYPE ROOT", f"DOCTYPE {root_end}")
    return text.replace("RECORD>", f"{record}>")


def _refused(fmt: str, path: Path) -> str:
    parse, role = FORMATS[fmt][0], FORMATS[fmt][1]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(ListFormatError) as info:
        parse("test", {role: path})
    assert time.perf_counter() - start < LIMIT_SECONDS
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < LIMIT_RSS_KB
    assert path.name in str(info.value)
    return str(info.value)


def test_fixtures_present() -> None:
    assert HOSTILE == [
        "billion_laughs.xml",
        "external_dtd.xml",
        "parameter_entity.xml",
        "xxe_file.xml",
        "xxe_http.xml",
    ]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("fixture", HOSTILE)
def test_dtd_and_entities_are_refused(fmt: str, fixture: str, tmp_path: Path) -> None:
    path = tmp_path / FORMATS[fmt][1]
    path.write_text(_shape((FIXTURES / fixture).read_text(encoding="utf-8"), fmt), "utf-8")
    message = _refused(fmt, path)
    assert "refusing an XML document type declaration" in message
    assert "root:" not in message  # nothing from /etc/passwd leaks into the message


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_doctype_after_a_long_prolog_is_still_refused(fmt: str, tmp_path: Path) -> None:
    # A comment longer than the prolog scan pushes the DTD past it; the parser's own
    # document-info check must still catch it.
    hostile = (FIXTURES / "xxe_file.xml").read_text(encoding="utf-8")
    declaration, rest = hostile.split("\n", 1)
    padded = f"{declaration}\n<!-- {'x' * 100_000} -->\n{rest}"
    path = tmp_path / FORMATS[fmt][1]
    path.write_text(_shape(padded, fmt), "utf-8")
    assert "refusing an XML document type declaration" in _refused(fmt, path)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_deep_nesting_is_refused(fmt: str, tmp_path: Path) -> None:
    depth = 200_000
    body = "<a>" * depth + "</a>" * depth
    path = tmp_path / FORMATS[fmt][1]
    path.write_text(_shape(f"<ROOT><RECORD>{body}</RECORD></ROOT>", fmt), "utf-8")
    assert "nested deeper" in _refused(fmt, path)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("content", [b"", b"   \n", b"<ROOT><RECORD>", b"PK\x03\x04garbage"])
def test_empty_truncated_or_garbage_is_refused(fmt: str, content: bytes, tmp_path: Path) -> None:
    path = tmp_path / FORMATS[fmt][1]
    path.write_bytes(_shape(content.decode("latin-1"), fmt).encode("latin-1"))
    _refused(fmt, path)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_missing_file_role_is_a_list_data_error(fmt: str, tmp_path: Path) -> None:
    parse = FORMATS[fmt][0]
    with pytest.raises(ListDataError, match="missing list file"):
        parse("test", {"something_else.xml": tmp_path / "x.xml"})
