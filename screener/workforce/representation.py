"""Representation rules: workforce against benchmark, management against workforce, absences.

A ratio under the threshold is flagged only when the expected headcount is large enough to
judge (``min_expected_headcount``); smaller shortfalls are shown but not flagged. A group with
a benchmark share above 0 and nobody in the workforce never passes: it is flagged, or
``unknown`` when too few are expected to judge or when the file's groups without a benchmark
hold enough people to be it under another label.
"""

from __future__ import annotations

from dataclasses import dataclass

from screener.models import CheckStatus, WorkforceCheck
from screener.workforce.config import WorkforceConfig
from screener.workforce.figures import DimensionFigures, GroupFigures
from screener.workforce.text import count, pct, ratio, with_standard


@dataclass(frozen=True, slots=True)
class _Comparison:
    label: str
    value: float
    expected: float
    text: str


def representation(
    dim: DimensionFigures, config: WorkforceConfig, no_benchmark: str
) -> WorkforceCheck:
    """Each group's share of the workforce is at least four-fifths of its benchmark share."""
    rule = f"representation:{dim.name}"
    total, present = dim.total, dim.present
    if total == 0:
        return unknown(rule, f"Every {dim.name} headcount is zero: no shares can be computed.")
    bare = [group.label for group in present if group.benchmark is None]
    zero = [g.label for g in present if g.benchmark is not None and g.benchmark.share == 0]
    expected = dim.expected
    if not expected:
        reason = no_benchmark
        return unknown(rule, f"No benchmark share for any {dim.name} group: {reason}.")
    rows = [_against_benchmark(group, total) for group in expected]
    flagged, lines = _judge(rows, config.representation_threshold, config)
    gone = [g.label for g in expected if g.headcount == 0]
    # An absent group may be one of the unmatched labels, if they hold enough people.
    elsewhere = [g.label for g in expected if _elsewhere(g, dim, config)]
    flagged = [label for label in flagged if label not in elsewhere]
    absent = [label for label in gone if label not in flagged]
    notes = ""
    if bare:
        notes += f" No benchmark for {', '.join(bare)}: {_unmatched(dim, no_benchmark)}."
    if zero:
        notes += f" Benchmark share 0 for {', '.join(zero)}: not compared."
    status: CheckStatus = "flag" if flagged else "unknown" if bare or absent else "pass"
    if flagged:
        head = f"Under-represented against the benchmark share: {', '.join(flagged)}."
    elif elsewhere:
        head = f"Absent from the workforce, or there under another label: {', '.join(absent)}."
    elif absent:
        head = f"Absent from the workforce, with too few expected to judge: {', '.join(absent)}."
    elif bare:
        head = f"No benchmarked {dim.name} group is under-represented, but some have no benchmark."
    elif any(row.value < config.representation_threshold for row in rows):
        head = f"No {dim.name} group expected in judgeable numbers is under-represented."
    else:
        share = ratio(config.representation_threshold)
        head = f"Every {dim.name} group holds at least {share} × its benchmark share."
    detail = f"{head} {lines}.{notes}"
    return WorkforceCheck(check=rule, status=status, detail=with_standard("representation", detail))


def _against_benchmark(group: GroupFigures, total: int) -> _Comparison:
    benchmark = group.benchmark
    assert benchmark is not None
    share = group.headcount / total
    value = share / benchmark.share if benchmark.share else float("inf")
    label = group.label if group.row is not None else f"{group.label} (no row)"
    text = (
        f"{label} {pct(share)} of the workforce ({count(group.headcount)} of "
        f"{count(total)}) against a benchmark of {pct(benchmark.share)} ({benchmark.source}): "
        f"ratio {ratio(value)}"
    )
    return _Comparison(group.label, value, total * benchmark.share, text)


def management_representation(dim: DimensionFigures, config: WorkforceConfig) -> WorkforceCheck:
    """Each group's share of management is at least four-fifths of its workforce share."""
    rule = f"management_representation:{dim.name}"
    present = dim.present
    lacking = [group.label for group in present if group.management is None]
    if not present or not dim.has_management:
        return unknown(rule, f"No management_headcount given for {dim.name}.")
    if lacking:
        groups = ", ".join(lacking)
        return unknown(rule, f"management_headcount is missing for {dim.name} group(s) {groups}.")
    managers, total = dim.management_total, dim.total
    if managers == 0:
        return unknown(rule, f"Management headcount is zero for every {dim.name} group.")
    rows = [_against_workforce(group, managers, total) for group in present]
    flagged, lines = _judge(rows, config.management_threshold, config)
    if flagged:
        head = f"Under-represented in management relative to the workforce: {', '.join(flagged)}."
    else:
        share = ratio(config.management_threshold)
        head = f"Every {dim.name} group holds at least {share} × its workforce share in management."
    detail = with_standard("management_representation", f"{head} {lines}.")
    return WorkforceCheck(check=rule, status="flag" if flagged else "pass", detail=detail)


def _against_workforce(group: GroupFigures, managers: int, total: int) -> _Comparison:
    in_management = group.management or 0
    m_share, w_share = in_management / managers, group.headcount / total
    value = m_share / w_share
    text = (
        f"{group.label} {pct(m_share)} of management ({count(in_management)} of "
        f"{count(managers)}) against {pct(w_share)} of the workforce: ratio {ratio(value)}"
    )
    return _Comparison(group.label, value, managers * w_share, text)


def _judge(
    rows: list[_Comparison], threshold: float, config: WorkforceConfig
) -> tuple[list[str], str]:
    """Lowest ratio first; flag ratios under the threshold with enough people expected."""
    flagged, lines = [], []
    for row in sorted(rows, key=lambda row: (row.value, row.label.casefold())):
        line = row.text
        if row.value < threshold:
            line += f", under {ratio(threshold)}"
            if row.expected >= config.min_expected_headcount:
                flagged.append(row.label)
            else:
                line += f" but only {row.expected:.1f} expected (too few to judge)"
        lines.append(line)
    return flagged, "; ".join(lines)


def missing_groups(
    dim: DimensionFigures, config: WorkforceConfig, no_benchmark: str
) -> WorkforceCheck:
    """No group of the benchmark population is entirely absent from the workforce."""
    rule = f"missing_groups:{dim.name}"
    expected, total = dim.expected, dim.total
    if not expected:
        reason = no_benchmark
        if dim.benchmarked:
            reason = "every benchmark share is 0"
        return unknown(rule, f"No benchmark groups for {dim.name} to compare against: {reason}.")
    if total == 0:
        return unknown(rule, f"Every {dim.name} headcount is zero: absence cannot be judged.")
    absent = [group for group in expected if group.headcount == 0]
    bare = [group.label for group in dim.present if group.benchmark is None]
    if not absent:
        names = ", ".join(group.label for group in expected)
        detail = f"All {len(expected)} benchmark {dim.name} groups are present: {names}."
        return WorkforceCheck(
            check=rule, status="pass", detail=with_standard("missing_groups", detail)
        )
    flagged, lines = [], []
    elsewhere = False
    for group in absent:
        line, people = _absence(group, total)
        if _elsewhere(group, dim, config):
            elsewhere = True
            line += f" (the file's {', '.join(bare)} has no benchmark: the same group?)"
        elif people >= config.min_expected_headcount:
            flagged.append(group.label)
        else:
            line += " (too few to judge)"
        lines.append(line)
    names = ", ".join(group.label for group in absent)
    if flagged:
        head = f"Absent from the workforce: {', '.join(flagged)}."
    elif elsewhere:
        head = f"Absent from the workforce, or there under another label: {names}."
    else:
        head = f"Absent from the workforce, with too few expected to judge: {names}."
    detail = with_standard("missing_groups", f"{head} {'; '.join(lines)}.")
    return WorkforceCheck(check=rule, status="flag" if flagged else "unknown", detail=detail)


def _elsewhere(group: GroupFigures, dim: DimensionFigures, config: WorkforceConfig) -> bool:
    """``group`` is absent, but the groups without a benchmark hold enough people to be it
    under another label (``representation_threshold`` × its expected headcount): its absence
    is not judged. Ten people under an unmatched label do not account for five hundred."""
    if group.headcount or group.benchmark is None:
        return False
    unmatched = sum(g.headcount for g in dim.present if g.benchmark is None)
    return unmatched > 0 and unmatched >= (
        config.representation_threshold * dim.total * group.benchmark.share
    )


def _absence(group: GroupFigures, total: int) -> tuple[str, float]:
    benchmark = group.benchmark
    assert benchmark is not None
    expected = total * benchmark.share
    how = "a row with headcount 0" if group.row is not None else "no row"
    text = (
        f"{group.label} ({how}) is {pct(benchmark.share)} of the benchmark "
        f"({benchmark.source}), about {expected:.1f} of {count(total)} expected"
    )
    return text, expected


def _unmatched(dim: DimensionFigures, no_benchmark: str) -> str:
    """Why present groups have no benchmark: none at all, or labels the file does not use."""
    if not dim.listed:
        return no_benchmark
    listed = ", ".join(dim.listed)
    return f"the benchmark file's {dim.name} groups for the supplier's country are {listed}"


def no_benchmark_reason(country: str | None, *, has_table: bool) -> str:
    """Why a group has no benchmark share (quoted in the ``unknown`` details)."""
    if not has_table:
        return "no benchmark_share in the workforce file and no benchmark file was given"
    if country is None:
        return "no benchmark_share in the workforce file and the supplier's country is unknown"
    return f"no benchmark_share in the workforce file and none for {country} in the benchmark file"


def unknown(check: str, detail: str) -> WorkforceCheck:
    """An ``unknown`` check; the standards are those of the rule before ``:``."""
    rule = check.partition(":")[0]
    return WorkforceCheck(check=check, status="unknown", detail=with_standard(rule, detail))
