"""CSV as spreadsheets and ERP systems write it: every common encoding and delimiter."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from screener.errors import InputError
from screener.inputs import read_suppliers
from screener.inputs.csv_source import MIXED, RECODED_NOTE
from screener.records import SupplierRecord

ROWS = [
    ["supplier_id", "name", "country", "annual_spend", "aliases"],
    ["S-1", "Müller Stahl GmbH", "Deutschland", "12500", "Müller; MSG"],
    ["S-2", "Société Générale d'Emballage S.A.", "France", "7300.5", ""],
    ["S-3", "Çukurova Tekstil Sanayi", "Türkiye", "", "Cukurova Tekstil"],
]
# (codec written, BOM prepended, encoding the reader must report)
ENCODINGS = [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("cp1252", b"", "cp1252"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
    ("utf-16-le", b"", "utf-16-le"),
]


def write_csv(path: Path, rows: list[list[str]], delimiter: str, codec: str, bom: bytes) -> Path:
    def quoted(cell: str) -> str:
        if any(char in cell for char in (delimiter, '"', "\n", ";")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    text = "\r\n".join(delimiter.join(quoted(cell) for cell in row) for row in rows) + "\r\n"
    path.write_bytes(bom + text.encode(codec))
    return path


@pytest.mark.parametrize(("codec", "bom", "reported"), ENCODINGS)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_encoding_and_delimiter_reads_the_same(
    tmp_path: Path, codec: str, bom: bytes, reported: str, delimiter: str
) -> None:
    path = write_csv(tmp_path / "suppliers.csv", ROWS, delimiter, codec, bom)
    result = read_suppliers(path)
    assert result.format == "csv"
    assert result.encoding == reported
    assert result.delimiter == delimiter
    assert [r.supplier_id for r in result.records] == ["S-1", "S-2", "S-3"]
    assert [r.row for r in result.records] == [2, 3, 4]
    assert result.records[0].name == "Müller Stahl GmbH"
    assert result.records[0].aliases == ["Müller", "MSG"]
    assert result.records[1].name == "Société Générale d'Emballage S.A."
    assert result.records[2].country == "Türkiye"
    assert result.records[0].annual_spend == 12500.0
    assert result.records[1].annual_spend == 7300.5
    assert result.records[2].annual_spend is None


def test_excel_unicode_text_is_tab_separated_utf16(tmp_path: Path) -> None:
    rows = [["Supplier ID", "Vendor Name", "Country"], ["V1", "Беларуськалий ОАО", "Belarus"]]
    path = tmp_path / "unicode.txt"
    path.write_bytes(("\r\n".join("\t".join(r) for r in rows) + "\r\n").encode("utf-16"))
    result = read_suppliers(path)
    assert (result.encoding, result.delimiter) == ("utf-16-le", "\t")
    assert result.records[0].name == "Беларуськалий ОАО"


def test_cp1252_only_characters_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes(
        "supplier_id;name;annual_spend\r\nA1;Dupont – “Frères”;€ 1.500,25\r\n"
        "A2;Société Générale;\r\nA3;Müller & Söhne – “Zürich”;\r\n"
        "A4;CAFÉ™ & NESTLÉ®;\r\n".encode("cp1252")  # É™ and É® are also UTF-8 (ə, ɮ)
    )
    result = read_suppliers(path)
    assert result.encoding == "cp1252"  # not UTF-8 with Windows-1252 rows: no row noted
    assert result.records[0].name == "Dupont – “Frères”"
    assert result.records[0].annual_spend == 1500.25
    assert result.records[3].name == "CAFÉ™ & NESTLÉ®"
    assert [r.notes for r in result.records] == [[], [], [], []]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"supplier_id,name\nA1,Caf\xe9 \x81Noir\n")
    result = read_suppliers(path)
    assert result.encoding == "latin-1"
    assert result.records[0].name == "Café Noir"  # U+0081 is a control character: stripped


def test_a_utf8_file_with_windows_1252_rows_reads_each_row_in_its_own(tmp_path: Path) -> None:
    # A row pasted from a Windows-1252 file: read whole as Windows-1252, the Cyrillic name
    # would be garbled (ООО → ÐžÐžÐž) and match nothing; the pasted row says how it was read.
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "supplier_id,name,country\nM1,ООО «Магнит»,Russia\n".encode()
        + "M2,Café Noir “Frères”,France\n".encode("cp1252")
        + "M4,ООО Ромашка,".encode()
        + "München\n".encode("cp1252")
        + b"M3,Korea Mining Development Trading Corp,DPRK\n"
    )
    result = read_suppliers(path)
    assert result.encoding == MIXED
    # The same with the byte-order mark of Excel's "CSV UTF-8".
    bom = tmp_path / "mixed-bom.csv"
    bom.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    assert read_suppliers(bom).records == result.records
    assert [(r.name, r.notes) for r in result.records] == [
        ("ООО «Магнит»", []),
        ("Café Noir “Frères”", [RECODED_NOTE]),
        ("ООО Ромашка", [RECODED_NOTE]),  # only the bytes that are not UTF-8 read otherwise
        ("Korea Mining Development Trading Corp", []),
    ]
    assert result.records[2].address is None and result.records[2].country == "München"


def test_one_utf8_row_among_many_windows_1252_accents_is_read_as_utf8(tmp_path: Path) -> None:
    # The Windows-1252 rows' accented letters outnumber the Cyrillic name's letters: the file
    # is still read row by row, not whole as Windows-1252 (ПАО → ÐŸÐÐž, matching nothing).
    path = tmp_path / "mixed.csv"
    french = "".join(
        f"F{i},Société Générale d'Électricité {i},Hôtel de Ville à Besançon,France\n"
        for i in range(4)
    )
    path.write_bytes(
        b"supplier_id,name,address,country\n"
        + "S1,ПАО «ММК»,,Russia\n".encode()
        + french.encode("cp1252")
    )
    result = read_suppliers(path)
    assert result.encoding == MIXED
    assert [r.name for r in result.records][:2] == ["ПАО «ММК»", "Société Générale d'Électricité 0"]
    assert [r.notes for r in result.records] == [[]] + [[RECODED_NOTE]] * 4


def test_excel_csv_utf8_with_one_pasted_windows_1252_row(tmp_path: Path) -> None:
    # Excel's "CSV UTF-8" writes a byte-order mark: the file is UTF-8, whatever a pasted
    # row's accents outnumber.
    path = tmp_path / "bom.csv"
    path.write_bytes(
        codecs.BOM_UTF8
        + "supplier_id,name\nA,Café\n".encode()
        + "B,Müller Söhne Gärtnerei\n".encode("cp1252")
    )
    result = read_suppliers(path)
    assert result.encoding == MIXED
    assert [(r.name, r.notes) for r in result.records] == [
        ("Café", []),
        ("Müller Söhne Gärtnerei", [RECODED_NOTE]),
    ]


def test_delimiter_inside_quotes_does_not_fool_the_sniffer(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text(
        'supplier_id,name,"notes; comments; misc"\n1,"Acme; Inc.","a; b"\n', encoding="utf-8"
    )
    result = read_suppliers(path)
    assert result.delimiter == ","
    assert result.records[0].name == "Acme; Inc."
    assert result.records[0].extra == {"notes; comments; misc": "a; b"}


def test_quoted_newlines_keep_spreadsheet_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(
        'supplier_id,name,address\nA,"Alpha Ltd","1 Main St\nSpringfield"\n\nB,Beta Ltd,x\n',
        encoding="utf-8",
    )
    records = read_suppliers(path).records
    assert [(r.supplier_id, r.row) for r in records] == [("A", 2), ("B", 4)]
    assert records[0].address == "1 Main St Springfield"


@pytest.mark.parametrize(
    ("body", "row", "column", "message"),
    [
        # Never closed: every later line would be one cell, Q3, a listed party, unseen.
        (
            'Q1,"Acme,Germany\nQ2,Beta,France\nQ3,Korea Mining Development Trading Corp,DPRK\n',
            2,
            "name",
            "never closed",
        ),
        # A later quote closes it: the rows between would be one cell, unseen.
        (
            'S1,"Acme Ltd,DE\nS2,Korea Mining Development Trading Corp,KP\nS3,"Bar, Inc",US\n'
            "S4,Delta,GB\n",
            2,
            "name",
            "takes in 2 more line(s)",
        ),
        # The same, rows written without their empty last cells.
        (
            'S1,"Acme Ltd\nS2,Korea Mining Development Trading Corp\nS3,"Bar, Inc"\n',
            2,
            "name",
            "takes in 2 more line(s)",
        ),
        # Closed by an inch mark of a later row: what it took in is well-formed CSV.
        (
            '1,"Acme Trading,RU\n2,Korea Mining Development Trading Corp,KP\n'
            '3,Steel Pipe 5",DE\n4,Delta,GB\n',
            2,
            "name",
            "takes in 2 more line(s)",
        ),
        # A stray quote before the one that opens the cell.
        ('1,Pipe 5" Co,"DE\n2,X,Y\n3,Z,W\n', 2, "country", "takes in 2 more line(s)"),
        # The last row, with and without its newline.
        ('1,A,DE\n2,"Acme,FR', 3, "name", "never closed"),
        ('1,A,DE\n2,"Acme,FR\n', 3, "name", "never closed"),
        # Never closed in a file of more than 128 KB: the cell outgrows the reader's limit.
        (
            'S1,"Acme,Germany\n'
            + "".join(f"S{i},Company {i} Ltd,France\n" for i in range(2, 8000)),
            2,
            "name",
            "a quoted cell runs on for more than 131,072 characters: a quote opened here is "
            "closed only many rows later, or never",
        ),
    ],
)
def test_a_quote_closed_in_a_later_row_or_never_is_an_error(
    tmp_path: Path, body: str, row: int, column: str, message: str
) -> None:
    path = tmp_path / "open.csv"
    path.write_text("supplier_id,name,country\n" + body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert (caught.value.row, caught.value.column) == (row, column)
    assert message in str(caught.value)


def test_quotes_closed_on_a_later_line_are_cells_with_newlines(tmp_path: Path) -> None:
    # A stray quote in an unquoted cell is a character of it, and the last cell of the file
    # may hold a newline: neither is a quote left open.
    path = tmp_path / "closed.csv"
    path.write_text(
        'supplier_id,name,address\nA,Ac"me,"1 Main St,\nBerlin, Germany"\n'
        'B,"Beta ""x""\nGmbH",X\nC,Beta,"2 High St\nLeeds"\n'
        'E,Echo,"Unit 5, Block B,\nMain Road, Springfield, IL"\nD,Ac"me,DE',
        encoding="utf-8",
    )
    records = read_suppliers(path).records
    assert [(r.supplier_id, r.name, r.address) for r in records] == [
        ("A", 'Ac"me', "1 Main St, Berlin, Germany"),
        ("B", 'Beta "x" GmbH', "X"),
        ("C", "Beta", "2 High St Leeds"),
        ("E", "Echo", "Unit 5, Block B, Main Road, Springfield, IL"),
        ("D", 'Ac"me', "DE"),
    ]


def test_a_sep_line_may_name_the_tab(tmp_path: Path) -> None:
    path = tmp_path / "tab.csv"
    path.write_text("sep=\t\nsupplier_id\tname\nA1\tAcme; Inc.\n", encoding="utf-8")
    result = read_suppliers(path)
    assert result.delimiter == "\t"
    assert [(r.supplier_id, r.name, r.row) for r in result.records] == [("A1", "Acme; Inc.", 2)]


def test_excel_sep_line_sets_the_delimiter_and_is_not_a_row(tmp_path: Path) -> None:
    path = tmp_path / "sep.csv"
    path.write_text("sep=;\nsupplier_id;name\nA;Alpha, Beta & Co\n", encoding="utf-8")
    result = read_suppliers(path)
    assert result.delimiter == ";"
    assert result.header_row == 1
    assert [(r.name, r.row) for r in result.records] == [("Alpha, Beta & Co", 2)]


def test_sha256_is_of_the_file_bytes(tmp_path: Path) -> None:
    import hashlib

    path = write_csv(tmp_path / "s.csv", ROWS, ",", "utf-8", codecs.BOM_UTF8)
    assert read_suppliers(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_cells_beyond_the_header_are_kept_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("supplier_id,name,\nA,Alpha,forgotten note,\n", encoding="utf-8")
    [record] = read_suppliers(path).records
    assert record.extra == {"column 3": "forgotten note"}
    assert _no_other_field(record)


def _no_other_field(record: SupplierRecord) -> bool:
    """Nothing but the id, name, row and ``extra`` is set (no stray cell read as a field)."""
    bare = SupplierRecord(record.supplier_id, record.row, record.name, extra=record.extra)
    return record == bare


def test_unmapped_columns_and_blank_cells_past_the_header_fill_no_field(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("supplier_id,name,notes\nA,Alpha,Iran\nB,Beta,Syria,,\n", encoding="utf-8")
    first, second = read_suppliers(path).records
    assert first.extra == {"notes": "Iran"} and _no_other_field(first)
    assert second.extra == {"notes": "Syria"} and _no_other_field(second)


@pytest.mark.parametrize(("delimiter", "named"), [(",", "comma"), (";", "semicolon")])
def test_a_row_longer_than_the_header_is_refused(
    tmp_path: Path, delimiter: str, named: str
) -> None:
    """``Acme, Inc.`` unquoted: read as it stands, the name would be ``Acme``, the country
    ``Inc.`` and the spend ``US``, and the figure would land in no column."""
    path = tmp_path / "long.csv"
    rows = ["supplier_id,name,country,annual_spend", "A,Alpha,DE,10", "B,Acme, Inc.,US,1000"]
    path.write_text("\n".join(rows).replace(",", delimiter) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert (caught.value.row, caught.value.column) == (3, "column 5")
    assert caught.value.detail.startswith(
        f"the row has 5 cells, the header 4: is there a {named} inside a cell that is not quoted?"
    )


def test_short_rows_leave_the_missing_fields_empty(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text(
        "supplier_id,name,country,annual_spend,aliases\nA,Alpha,France\nB,Beta\n",
        encoding="utf-8",
    )
    first, second = read_suppliers(path).records
    assert (first.country, first.annual_spend, first.aliases) == ("France", None, [])
    assert (second.name, second.country, second.annual_spend) == ("Beta", None, None)


def test_cells_are_cleaned_as_any_cell_value_is(tmp_path: Path) -> None:
    from screener.inputs.text import cell_text

    awkward = [
        "  padded  ", "two  spaces", "tab\there", "ctrl\x01char", "nbsp\u00a0space",
        "Zero\u200bwidth", "Cafe\u0301", "", "   ", "\ufeffbom", "plain",
    ]  # fmt: skip
    path = tmp_path / "awkward.csv"
    lines = ["supplier_id,name,country,address"]
    lines += [f'S{i},Name {i},"{text}","x{text}y"' for i, text in enumerate(awkward)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = read_suppliers(path).records
    assert [r.country for r in records] == [cell_text(t) for t in awkward]
    assert [r.address for r in records] == [cell_text(f"x{t}y") for t in awkward]
    assert records[0].country == "padded" and records[7].country is None
