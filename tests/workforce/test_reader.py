"""The workforce file reader: formats, encodings and row-numbered errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from screener.errors import InputError
from screener.inputs.values import parse_spend
from screener.workforce import read_benchmarks, read_workforce

HEADER = "supplier_id,dimension,group,headcount,management_headcount,benchmark_share,as_of\n"


def write(tmp_path: Path, text: str, name: str = "wf.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def error_of(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_workforce(path)
    return caught.value


def test_reads_rows_with_optional_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path, HEADER + "SUP-1,Gender,Female,120,4,0.48,2026-03-31\nSUP-1,gender,Male,80,,,\n"
    )
    data = read_workforce(path)
    female, male = data.for_supplier("SUP-1")
    assert (female.dimension, female.group, female.headcount, female.row) == (
        "gender",
        "Female",
        120,
        2,
    )
    assert female.management_headcount == 4
    assert female.benchmark_share == 0.48
    assert female.as_of == dt.date(2026, 3, 31)
    assert (male.management_headcount, male.benchmark_share, male.as_of, male.row) == (
        None,
        None,
        None,
        3,
    )
    assert data.supplier_ids == ["SUP-1"]
    assert data.for_supplier("SUP-2") == []


def test_headers_match_loosely_and_dimension_is_normalised(tmp_path: Path) -> None:
    text = "Supplier ID;DIMENSION;Group;Head-count;Benchmark Share\nS1;Age band;45+;7;12%\n"
    (row,) = read_workforce(write(tmp_path, text)).for_supplier("S1")
    assert row.dimension == "age_band"
    assert row.headcount == 7
    assert row.benchmark_share == pytest.approx(0.12)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", ""), ("utf-8-sig", ""), ("cp1252", ""), ("utf-16", "")],
)
def test_encodings(tmp_path: Path, encoding: str, prefix: str) -> None:
    text = "supplier_id\tdimension\tgroup\theadcount\nSÃO-1\tethnicity\tMestiço\t12\n"
    path = write(tmp_path, prefix + text, encoding=encoding)
    (row,) = read_workforce(path).for_supplier("SÃO-1")
    assert row.group == "Mestiço"


def test_identical_duplicates_are_kept_once(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "S1,gender,Female,12,,,\nS1,gender, female ,12,,,\n")
    assert len(read_workforce(path).for_supplier("S1")) == 1


def test_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Supplier_ID", "Dimension", "Group", "Headcount", "As of"])
    sheet.append(["S1", "gender", "Female", 12.0, dt.datetime(2026, 1, 31)])
    sheet.append([None, None, None, None, None])
    sheet.append(["S1", "gender", "Male", 9, None])
    path = tmp_path / "wf.xlsx"
    book.save(path)
    female, male = read_workforce(path).for_supplier("S1")
    assert (female.headcount, female.as_of, male.row) == (12, dt.date(2026, 1, 31), 4)


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.worksheets[0])
    for title, lines in sheets.items():
        sheet = book.create_sheet(title)
        for line in lines:
            sheet.append(line)
    book.save(path)
    return path


WF_HEADER = ["supplier_id", "dimension", "group", "headcount"]


def test_xlsx_with_two_workforce_sheets_is_refused(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "wf.xlsx",
        {
            "2025": [WF_HEADER, ["S1", "gender", "Female", 12]],
            "2026": [WF_HEADER, ["S2", "gender", "Female", 30]],
        },
    )
    assert str(error_of(path)) == (
        f"{path}: sheets '2025' and '2026' both hold a workforce table; keep one table per "
        "file (save the other sheet as a file of its own)"
    )


def test_xlsx_workforce_sheet_is_found_among_other_sheets(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "wf.xlsx",
        {
            "Read me": [["Headcount by gender, as of 2026-03-31"]],
            "Blank": [],
            "Data": [WF_HEADER, ["S1", "gender", "Female", 12]],
        },
    )
    (row,) = read_workforce(path).for_supplier("S1")
    assert (row.group, row.headcount, row.row) == ("Female", 12, 2)


def test_xlsx_workforce_header_below_title_rows(tmp_path: Path) -> None:
    """A title and a note above the header, as the supplier reader allows."""
    path = workbook(
        tmp_path / "wf.xlsx",
        {
            "Read me": [["Workforce data FY2026, collected by HR"]],
            "Data": [
                ["Headcount by gender, FY2026"],
                ["Source: HR system export"],
                [],
                WF_HEADER,
                ["S1", "gender", "Female", 12],
            ],
        },
    )
    (row,) = read_workforce(path).for_supplier("S1")
    assert (row.group, row.headcount, row.row) == ("Female", 12, 5)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("S1,gender,Female,-3,,,\n", "row 2, column 'headcount': headcount is negative: -3"),
        (
            "S1,gender,Female,12,,,\nS1,gender,Male,many,,,\n",
            "row 3, column 'headcount': headcount is not a number: 'many'",
        ),
        (
            "S1,gender,Female,12.5,,,\n",
            "row 2, column 'headcount': headcount is not a whole number: 12.5",
        ),
        ("S1,gender,Female,,,,\n", "row 2, column 'headcount': headcount is blank"),
        (
            "S1,gender,Female,12,,48,\n",
            "row 2, column 'benchmark_share': benchmark_share must be between 0 and 1 "
            "(or 0%–100%): 48",
        ),
        (
            "S1,gender,Female,12,-1,,\n",
            "row 2, column 'management_headcount': management_headcount is negative: -1",
        ),
        (
            "S1,gender,Female,12,,,31/03/2026\n",
            "row 2, column 'as_of': as_of is not an ISO date (YYYY-MM-DD): '31/03/2026'",
        ),
        (",gender,Female,12,,,\n", "row 2, column 'supplier_id': supplier_id is blank"),
        ("S1,,Female,12,,,\n", "row 2, column 'dimension': dimension is blank"),
        (
            "S1,gender,Female,12,,,\n\nS1,gender,Female,13,,,\n",
            "row 4, column 'headcount': conflicting duplicate of row 2 for S1 / gender / "
            "Female: headcount 13 here, 12 there",
        ),
        (
            "S1,gender,Female,12,,0.5,\nS1,gender,FEMALE,12,,0.49,\n",
            "row 3, column 'benchmark_share': conflicting duplicate of row 2 for S1 / "
            "gender / FEMALE: benchmark_share 0.49 here, 0.5 there",
        ),
    ],
)
def test_bad_rows_give_row_numbered_errors(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, HEADER + body)
    assert str(error_of(path)) == f"{path}, {message}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4.000", 4000), ("4,000", 4000), ("4 000", 4000), ("4'000", 4000), ("1.234.567", 1234567),
     ("1,234,567", 1234567), ("4.0", 4), ("12", 12)],
)  # fmt: skip
def test_headcount_separators_read_as_supplier_spend_is(
    tmp_path: Path, text: str, expected: int
) -> None:
    path = write(tmp_path, f'{HEADER}S1,gender,Female,"{text}","{text}",,\n')
    (row,) = read_workforce(path).for_supplier("S1")
    assert row.headcount == row.management_headcount == expected == parse_spend(text)


@pytest.mark.parametrize("text", ["4.5", "4,5", "1.234,5", "0.125"])
def test_headcount_with_a_fraction_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, f'{HEADER}S1,gender,Female,12,,,\nS1,gender,Male,"{text}",,,\n')
    assert str(error_of(path)) == (
        f"{path}, row 3, column 'headcount': headcount is not a whole number: {text}"
    )


def test_typed_numbers_are_not_read_as_grouped_text(tmp_path: Path) -> None:
    """A number cell holding 4.125 is four and an eighth: refused, never read as 4,125."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["supplier_id", "dimension", "group", "headcount", "management_headcount"])
    sheet.append(["S1", "gender", "Female", 4000, 4.0])
    sheet.append(["S1", "gender", "Male", 12, 4.125])
    path = tmp_path / "wf.xlsx"
    book.save(path)
    assert str(error_of(path)) == (
        f"{path}, row 3, column 'management_headcount': management_headcount is not a whole "
        "number: 4.125"
    )
    frame = pd.DataFrame(
        {"supplier_id": ["S1"], "dimension": ["gender"], "group": ["Female"], "headcount": [1.5]}
    )
    parquet = tmp_path / "wf.parquet"
    frame.to_parquet(parquet)
    assert error_of(parquet).detail == "headcount is not a whole number: 1.5"
    frame["headcount"] = [4.125]
    frame.to_parquet(parquet)
    assert error_of(parquet).detail == "headcount is not a whole number: 4.125"


def test_missing_columns(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "supplier_id,dimension,group\nS1,gender,Female\n"))
    assert error.row == 1
    assert error.detail == (
        "missing required column(s): headcount (found: supplier_id, dimension, group)"
    )


def test_a_title_line_above_the_header_is_named_as_the_header_it_is_not(tmp_path: Path) -> None:
    # Not "row 2 has more cells than the header": the header read is the title.
    error = error_of(write(tmp_path, "Workforce data 2025\n" + HEADER + "S1,gender,Female,5,,,\n"))
    assert (error.row, error.detail) == (
        1,
        "missing required column(s): supplier_id, dimension, group, headcount "
        "(found: Workforce data 2025)",
    )


def test_duplicate_column(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "supplier_id,dimension,group,headcount,Head Count\n"))
    assert (error.row, error.column, error.detail) == (
        1,
        "Head Count",
        "column headcount appears twice",
    )


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    empty = write(tmp_path, "")
    assert str(error_of(empty)) == f"{empty}: file is empty"
    header_only = write(tmp_path, HEADER, name="header.csv")
    assert str(error_of(header_only)) == (
        f"{header_only}: no workforce rows (the file has a header only)"
    )


def test_missing_file(tmp_path: Path) -> None:
    assert str(error_of(tmp_path / "nope.csv")) == f"{tmp_path / 'nope.csv'}: file not found"


def test_header_below_blank_lines_keeps_spreadsheet_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "\n" + HEADER + "S1,gender,Female,x,,,\n")
    assert str(error_of(path)) == (
        f"{path}, row 3, column 'headcount': headcount is not a number: 'x'"
    )


def test_utf16_without_bom_and_parquet(tmp_path: Path) -> None:
    text = "supplier_id;dimension;group;headcount\nS1;gender;Kadın;12\n"
    (row,) = read_workforce(write(tmp_path, text, encoding="utf-16-le")).for_supplier("S1")
    assert row.group == "Kadın"
    path = tmp_path / "wf.parquet"
    frame = pd.DataFrame(
        {"supplier_id": ["S1"], "dimension": ["gender"], "group": ["Female"], "headcount": [12]}
    )
    frame.to_parquet(path)
    (row,) = read_workforce(path).for_supplier("S1")
    assert (row.headcount, row.row) == (12, 2)


def test_benchmarks_by_country(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Country,Dimension,Group,Benchmark_Share\nBGD,gender,Female,0.55\nBD,gender,Male,55%\n"
        "MY,Age Band,45+,0.27\n",
        name="bench.csv",
    )
    table = read_benchmarks(path)
    shares = table.lookup("bd", "gender")
    assert {key: b.share for key, b in shares.items()} == {"female": 0.55, "male": 0.55}
    assert shares["female"].source == "bench.csv row 2"
    assert table.lookup("my", "age_band")["45+"].share == 0.27
    assert table.lookup(None, "gender") == {}


def test_benchmark_errors(tmp_path: Path) -> None:
    bad_country = write(
        tmp_path, "country,dimension,group,benchmark_share\nN/A,gender,Female,0.5\n"
    )
    with pytest.raises(InputError) as caught:
        read_benchmarks(bad_country)
    assert (caught.value.row, caught.value.column, caught.value.detail) == (
        2,
        "country",
        "unknown country: 'N/A'",
    )
    conflict = write(
        tmp_path,
        "country,dimension,group,benchmark_share\nDE,gender,Female,0.47\nde,gender,female,0.5\n",
    )
    with pytest.raises(InputError) as caught:
        read_benchmarks(conflict)
    assert caught.value.row == 3
    assert caught.value.detail == (
        "conflicting duplicate of row 2 for de / gender / female: 0.5 here, 0.47 there"
    )
