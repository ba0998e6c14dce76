"""A company's own list in the documented custom CSV format."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.errors import ListFormatError
from screener.lists.formats import get_parser
from screener.lists.formats.custom import parse

HEADER = "id,name,aliases,schema,countries,programs,identifiers,remarks,listed_on\n"


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> dict[str, Path]:
    path = tmp_path / "own_list.csv"
    path.write_text(text, encoding=encoding)
    return {"own_list.csv": path}


def test_registered_under_its_format_name() -> None:
    assert get_parser("custom_csv") is parse


def test_full_rows(tmp_path: Path) -> None:
    files = _write(
        tmp_path,
        HEADER
        + 'S-2,"Petrel 8",Tian Tai 36,ship,Comoros,internal,imo:9562233,"flag, owner checked",'
        "2024-03-01\n"
        + "S-1,Acme Trading FZE,Acme Trading;  ACME  FZE ;شركة أكمي,Organization,AE; Iran,"
        "block;review,lei:529900T8BM49AURSDO55;tax:100,,\n",
        encoding="utf-8-sig",  # a byte-order mark is accepted
    )
    parsed = parse("acme_internal", files)
    assert [e.id for e in parsed.entities] == ["acme_internal:S-1", "acme_internal:S-2"]
    acme, petrel = parsed.entities
    assert [(n.name, n.kind, n.lang) for n in acme.names] == [
        ("Acme Trading FZE", "primary", None),
        ("Acme Trading", "aka", None),
        ("ACME FZE", "aka", None),
        ("شركة أكمي", "aka", "Arabic"),
    ]
    assert acme.schema == "Organization"
    assert acme.countries == ["ae", "ir"]
    assert acme.programs == ["block", "review"]
    assert [(i.kind, i.value) for i in acme.identifiers] == [
        ("lei", "529900T8BM49AURSDO55"),
        ("tax", "100"),
    ]
    assert acme.listed_on is None and acme.remarks is None
    assert petrel.schema == "Vessel"
    assert petrel.countries == ["km"]
    assert petrel.remarks == "flag, owner checked"
    assert petrel.listed_on == "2024-03-01"


def test_only_id_and_name_required(tmp_path: Path) -> None:
    parsed = parse("mine", _write(tmp_path, "Name,ID\nJohn Smith,7\n"))
    (e,) = parsed.entities
    assert (e.id, e.caption, e.schema, e.countries) == ("mine:7", "John Smith", "Unknown", [])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",Nameless id,,,,,,,", r"row 2, column 'id': the id is empty"),
        ("X1,,,,,,,,", r"row 2, column 'name'"),
        ("X1,A,,robot,,,,,", r"row 2, column 'schema'"),
        ("X1,A,,,Atlantis,,,,", r"row 2, column 'countries': 'Atlantis'"),
        ("X1,A,,,,,passport-123,,", r"row 2, column 'identifiers'"),
        ("X1,A,,,,,ssn:1,,", r"row 2, column 'identifiers'"),
        ("X1,A,,,,,,,01/02/2024", r"row 2, column 'listed_on'"),
        ("X1,A,,,,", r"row 2: 6 fields, the header has 9"),
    ],
)
def test_bad_rows_name_row_and_column(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(ListFormatError, match=rf"own_list\.csv, {message}"):
        parse("mine", _write(tmp_path, HEADER + row + "\n"))


def test_errors_count_rows_as_a_spreadsheet_does(tmp_path: Path) -> None:
    text = HEADER + 'A1,"multi\nline name",,,,,,,\n\nA2,B,,,Nowhereland,,,,\n'
    with pytest.raises(ListFormatError, match=r"row 4, column 'countries'"):
        parse("mine", _write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        (HEADER, "no entities"),
        ("id,name,colour\n1,A,red\n", "unknown column"),
        ("name,aliases\nA,B\n", "missing column"),
        (HEADER + "X,A,,,,,,,\nX,B,,,,,,,\n", "occurs more than once"),
    ],
)
def test_file_level_problems(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ListFormatError, match=message):
        parse("mine", _write(tmp_path, text))


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="not UTF-8"):
        parse("mine", _write(tmp_path, HEADER + "1,Müller GmbH,,,,,,,\n", encoding="cp1252"))
