"""The workforce file (``--workforce``) and the optional benchmark file, as validated rows.

Workforce file, long format: ``supplier_id, dimension, group, headcount`` and optionally
``management_headcount``, ``benchmark_share`` (0–1) and ``as_of`` (ISO date).
Benchmark file: ``country, dimension, group, benchmark_share``, used for a row without its
own ``benchmark_share``. Headcounts are whole numbers, read as the supplier reader reads
spend (``4.000`` is four thousand). Every problem raises ``InputError`` with file, row and
column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from screener.errors import InputError
from screener.inputs.text import TypedNumber
from screener.inputs.values import parse_number
from screener.places import resolve_country
from screener.workforce.table import Table, header_key, read_table, require_columns
from screener.workforce.totals import split_totals

T = TypeVar("T")

WORKFORCE_REQUIRED = ("supplier_id", "dimension", "group", "headcount")
WORKFORCE_OPTIONAL = ("management_headcount", "benchmark_share", "as_of")
BENCHMARK_REQUIRED = ("country", "dimension", "group", "benchmark_share")

_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")


@dataclass(frozen=True, slots=True)
class WorkforceRow:
    """One supplier × dimension × group line of the workforce file."""

    supplier_id: str
    dimension: str
    group: str
    headcount: int
    row: int
    management_headcount: int | None = None
    benchmark_share: float | None = None
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Benchmark:
    """A group's share of the local population or labour force, and where it came from."""

    group: str
    share: float
    source: str


@dataclass(slots=True)
class BenchmarkTable:
    """Benchmark shares by (country code, dimension), then by group key."""

    shares: dict[tuple[str, str], dict[str, Benchmark]] = field(default_factory=dict)

    def lookup(self, country: str | None, dimension: str) -> dict[str, Benchmark]:
        """The shares for ``dimension`` in ``country``; for ``sex`` those the file gives for
        ``gender`` when it has none for ``sex``, and the other way round."""
        if country is None:
            return {}
        for name in benchmark_dimensions(dimension):
            if (country, name) in self.shares:
                return dict(self.shares[(country, name)])
        return {}


@dataclass(slots=True)
class WorkforceData:
    """Every workforce row by supplier id, plus the benchmark table for rows without a share.

    ``totals`` holds the total rows (``totals.TOTAL_WORDS``) set aside, each found equal to
    the sum of its groups; they are not in ``rows``.
    """

    source: str
    rows: dict[str, list[WorkforceRow]] = field(default_factory=dict)
    benchmarks: BenchmarkTable = field(default_factory=BenchmarkTable)
    totals: dict[str, list[WorkforceRow]] = field(default_factory=dict)

    def for_supplier(self, supplier_id: str) -> list[WorkforceRow]:
        return list(self.rows.get(supplier_id.strip(), []))

    def totals_for(self, supplier_id: str) -> list[WorkforceRow]:
        return list(self.totals.get(supplier_id.strip(), []))

    @property
    def supplier_ids(self) -> list[str]:
        return sorted(self.rows)


def dimension_key(text: str) -> str:
    """``Age band`` / ``age-band`` → ``age_band``."""
    return re.sub(r"[\s\-_]+", "_", text.strip()).casefold()


#: Dimensions whose groups are sexes or genders, and the labels that name the same group.
GENDER_DIMENSIONS = frozenset({"gender", "sex"})
GENDER_SYNONYMS = {
    **dict.fromkeys(("female", "females", "f", "woman", "women", "frauen", "weiblich"), "female"),
    **dict.fromkeys(("male", "males", "m", "man", "men", "männer", "männlich"), "male"),
}


def benchmark_dimensions(dimension: str) -> tuple[str, ...]:
    """The benchmark dimensions that serve ``dimension``, its own first: a benchmark of
    ``gender`` serves a workforce counted by ``sex`` (their groups are read alike)."""
    if dimension in GENDER_DIMENSIONS:
        return (dimension, *sorted(GENDER_DIMENSIONS - {dimension}))
    return (dimension,)


def group_key(text: str, dimension: str = "") -> str:
    """Groups compare case-insensitively with whitespace collapsed; in a gender dimension
    ``Women``, ``Female`` and ``F`` are one group, as are ``Men``, ``Male`` and ``M``."""
    key = " ".join(text.split()).casefold()
    if dimension in GENDER_DIMENSIONS:
        return GENDER_SYNONYMS.get(key.rstrip("."), key)
    return key


def read_workforce(path: str | Path, *, benchmarks: str | Path | None = None) -> WorkforceData:
    """Read the workforce file (and optional benchmark file) into ``WorkforceData``."""
    table = read_table(path, WORKFORCE_REQUIRED, "workforce table")
    columns = _columns(table, WORKFORCE_REQUIRED, WORKFORCE_OPTIONAL)
    data = WorkforceData(source=table.file)
    if benchmarks is not None:
        data.benchmarks = read_benchmarks(benchmarks)
    if not table.rows:
        raise InputError("no workforce rows (the file has a header only)", file=table.file)
    seen: dict[tuple[str, str, str], WorkforceRow] = {}
    for number, cells in table.rows:
        row = _workforce_row(_Cells(table.file, number, cells, columns))
        key = (row.supplier_id, row.dimension, group_key(row.group, row.dimension))
        if key in seen:
            _check_duplicate(table.file, seen[key], row)
            continue
        seen[key] = row
        data.rows.setdefault(row.supplier_id, []).append(row)
    for supplier_id, rows in list(data.rows.items()):
        groups, totals = split_totals(rows, table.file)
        if totals:
            data.rows[supplier_id], data.totals[supplier_id] = groups, totals
    if benchmarks is not None:
        _labels_meet(data, Path(benchmarks).name)
    return data


def _labels_meet(data: WorkforceData, bench_file: str) -> None:
    """Refuse a dimension whose groups (those without their own share) match none of the
    benchmark file's groups for it: every group would read as absent and unbenchmarked."""
    ours: dict[str, dict[str, str]] = {}
    for rows in data.rows.values():
        for row in rows:
            if row.benchmark_share is None:
                key = group_key(row.group, row.dimension)
                ours.setdefault(row.dimension, {}).setdefault(key, row.group)
    theirs: dict[str, dict[str, str]] = {}
    for (_, dimension), bucket in data.benchmarks.shares.items():
        for key, benchmark in bucket.items():
            theirs.setdefault(dimension, {}).setdefault(key, benchmark.group)
    for dimension, groups in ours.items():
        served = next((name for name in benchmark_dimensions(dimension) if name in theirs), "")
        known = theirs.get(served, {})
        if known and not set(groups) & set(known):
            raise InputError(
                f"the {dimension} groups ({', '.join(sorted(groups.values()))}) match none "
                f"of the {served} groups of the benchmark file {bench_file} "
                f"({', '.join(sorted(known.values()))}); write them the same way in both files",
                file=data.source,
            )


def read_benchmarks(path: str | Path) -> BenchmarkTable:
    """Read a benchmark file: one share per country, dimension and group."""
    table = read_table(path, BENCHMARK_REQUIRED, "benchmark table")
    columns = _columns(table, BENCHMARK_REQUIRED, ())
    result = BenchmarkTable()
    rows: dict[tuple[str, str, str], int] = {}
    for number, cells in table.rows:
        line = _Cells(table.file, number, cells, columns)
        country_text = line.text("country")
        country = resolve_country(country_text)
        if country is None:
            raise line.error("country", f"unknown country: {country_text!r}")
        dimension = dimension_key(line.text("dimension"))
        group = line.text("group")
        share = line.parse("benchmark_share", _share)
        if share is None:
            raise line.error("benchmark_share", "benchmark_share is blank")
        key = (country, dimension, group_key(group, dimension))
        bucket = result.shares.setdefault((country, dimension), {})
        if key in rows and bucket[key[2]].share != share:
            raise line.error(
                "benchmark_share",
                f"conflicting duplicate of row {rows[key]} for {country} / {dimension} / {group}: "
                f"{share:g} here, {bucket[key[2]].share:g} there",
            )
        rows.setdefault(key, number)
        bucket.setdefault(key[2], Benchmark(group, share, f"{Path(table.file).name} row {number}"))
    return result


@dataclass(frozen=True, slots=True)
class _Cells:
    file: str
    row: int
    cells: list[str]
    columns: dict[str, int]

    def raw(self, name: str) -> str:
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip()

    def text(self, name: str) -> str:
        value = self.raw(name)
        if not value:
            raise self.error(name, f"{name} is blank")
        return value

    def parse(self, name: str, parser: Callable[[str, str], T]) -> T | None:
        value = self.raw(name)
        if not value:
            return None
        try:
            return parser(name, value)
        except ValueError as exc:
            raise self.error(name, str(exc)) from None

    def count(self, name: str) -> int | None:
        """A whole, non-negative number of people; a typed number is read as it is, a text
        by the supplier reader's rules (``4.000`` and ``4,000`` are four thousand)."""
        index = self.columns.get(name)
        cell = self.cells[index] if index is not None and index < len(self.cells) else ""
        return self.parse(name, _count_of_number if isinstance(cell, TypedNumber) else _count)

    def error(self, column: str, message: str) -> InputError:
        return InputError(message, file=self.file, row=self.row, column=column)


def _columns(table: Table, required: tuple[str, ...], optional: tuple[str, ...]) -> dict[str, int]:
    wanted = {header_key(name): name for name in (*required, *optional)}
    columns: dict[str, int] = {}
    for index, heading in enumerate(table.header):
        name = wanted.get(header_key(heading))
        if name is None:
            continue
        if name in columns:
            raise InputError(
                f"column {name} appears twice",
                file=table.file,
                row=table.header_row,
                column=heading,
            )
        columns[name] = index
    require_columns(table.file, table.header_row, table.header, required)
    return columns


def _workforce_row(line: _Cells) -> WorkforceRow:
    supplier_id = line.text("supplier_id")
    dimension = dimension_key(line.text("dimension"))
    group = " ".join(line.text("group").split())
    headcount = line.count("headcount")
    if headcount is None:
        raise line.error("headcount", "headcount is blank")
    return WorkforceRow(
        supplier_id=supplier_id,
        dimension=dimension,
        group=group,
        headcount=headcount,
        row=line.row,
        management_headcount=line.count("management_headcount"),
        benchmark_share=line.parse("benchmark_share", _share),
        as_of=line.parse("as_of", _date),
    )


def _check_duplicate(file: str, first: WorkforceRow, again: WorkforceRow) -> None:
    for name in ("headcount", "management_headcount", "benchmark_share", "as_of"):
        old, new = getattr(first, name), getattr(again, name)
        if old != new:
            raise InputError(
                f"conflicting duplicate of row {first.row} for {again.supplier_id} / "
                f"{again.dimension} / {again.group}: {name} {_show(new)} here, "
                f"{_show(old)} there",
                file=file,
                row=again.row,
                column=name,
            )


def _show(value: object) -> str:
    return "blank" if value is None else str(value)


def _number(name: str, value: str) -> float:
    text = value.replace(" ", "").replace("\u00a0", "")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{name} is not a number: {value!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"{name} is not a number: {value!r}")
    return number


def _count(name: str, value: str) -> int:
    try:
        number = parse_number(value)
    except ValueError:
        raise ValueError(f"{name} is not a number: {value!r}") from None
    return _whole(name, value, number)


def _count_of_number(name: str, value: str) -> int:
    return _whole(name, value, _number(name, value))


def _whole(name: str, value: str, number: float) -> int:
    if number < 0:
        raise ValueError(f"{name} is negative: {value}")
    if not number.is_integer():
        raise ValueError(f"{name} is not a whole number: {value}")
    return int(number)


def _share(name: str, value: str) -> float:
    percent = value.endswith("%")
    share = _number(name, value.rstrip("%").strip())
    if percent:
        share /= 100
    if not 0 <= share <= 1:
        raise ValueError(f"{name} must be between 0 and 1 (or 0%–100%): {value}")
    return share


def _date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        raise ValueError(f"{name} is not an ISO date (YYYY-MM-DD): {value!r}") from None
