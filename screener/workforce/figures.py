"""One supplier's workforce rows arranged per dimension, with a benchmark for each group.

A group's benchmark is the row's own ``benchmark_share`` or else the benchmark table's share
for the supplier's country and that dimension. Benchmark groups with no row are kept with a
headcount of 0 so that the missing-groups rule can see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from screener.workforce.reader import Benchmark, BenchmarkTable, WorkforceRow, group_key

#: Report order of the common dimensions; others follow alphabetically.
DIMENSION_ORDER = (
    "gender",
    "ethnicity",
    "race",
    "nationality",
    "religion",
    "age_band",
    "disability",
)


@dataclass(frozen=True, slots=True)
class GroupFigures:
    label: str
    headcount: int
    management: int | None
    benchmark: Benchmark | None
    row: int | None


@dataclass(frozen=True, slots=True)
class DimensionFigures:
    name: str
    groups: tuple[GroupFigures, ...]
    #: The benchmark file's groups for the supplier's country and this dimension.
    listed: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(group.headcount for group in self.groups)

    @property
    def present(self) -> tuple[GroupFigures, ...]:
        """Groups with at least one person."""
        return tuple(group for group in self.groups if group.headcount > 0)

    @property
    def has_management(self) -> bool:
        return any(group.management is not None for group in self.groups)

    @property
    def management_total(self) -> int:
        return sum(group.management or 0 for group in self.groups)

    @property
    def benchmarked(self) -> tuple[GroupFigures, ...]:
        return tuple(group for group in self.groups if group.benchmark is not None)

    @property
    def expected(self) -> tuple[GroupFigures, ...]:
        """Groups with a benchmark share above 0: people of them are expected, present or not."""
        return tuple(g for g in self.groups if g.benchmark is not None and g.benchmark.share > 0)


def dimensions(
    rows: list[WorkforceRow], table: BenchmarkTable, country: str | None, file: str = ""
) -> list[DimensionFigures]:
    """Group rows by dimension, attach benchmarks, and order dimensions for the report."""
    by_dimension: dict[str, list[WorkforceRow]] = {}
    for row in rows:
        by_dimension.setdefault(row.dimension, []).append(row)
    names = sorted(by_dimension, key=_dimension_rank)
    return [_figures(name, by_dimension[name], table, country, file) for name in names]


def _dimension_rank(name: str) -> tuple[int, str]:
    rank = DIMENSION_ORDER.index(name) if name in DIMENSION_ORDER else len(DIMENSION_ORDER)
    return (rank, name)


def _figures(
    name: str, rows: list[WorkforceRow], table: BenchmarkTable, country: str | None, file: str
) -> DimensionFigures:
    listed = table.lookup(country, name)
    fallback = dict(listed)
    where = Path(file).name or "workforce file"
    groups: list[GroupFigures] = []
    for row in rows:
        from_table = fallback.pop(group_key(row.group, name), None)
        if row.benchmark_share is not None:
            benchmark: Benchmark | None = Benchmark(
                row.group, row.benchmark_share, f"{where} row {row.row}"
            )
        else:
            benchmark = from_table
        groups.append(
            GroupFigures(row.group, row.headcount, row.management_headcount, benchmark, row.row)
        )
    for bench in fallback.values():
        groups.append(GroupFigures(bench.group, 0, None, bench, None))
    groups.sort(key=lambda group: group_key(group.label))
    return DimensionFigures(name, tuple(groups), tuple(b.group for b in listed.values()))
