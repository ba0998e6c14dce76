"""Workforce inclusion checks: policies, data freshness and representation against benchmarks."""

from __future__ import annotations

from screener.workforce.checks import check_supplier, overall_status, summarize
from screener.workforce.config import RULE_NAMES, WorkforceConfig
from screener.workforce.reader import (
    BenchmarkTable,
    WorkforceData,
    WorkforceRow,
    read_benchmarks,
    read_workforce,
)
from screener.workforce.text import STANDARDS

__all__ = [
    "RULE_NAMES",
    "STANDARDS",
    "BenchmarkTable",
    "WorkforceConfig",
    "WorkforceData",
    "WorkforceRow",
    "check_supplier",
    "overall_status",
    "read_benchmarks",
    "read_workforce",
    "summarize",
]
