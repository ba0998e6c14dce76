"""Report writers: the review workbook, JUnit XML and the terminal summary."""

from __future__ import annotations

from .console import render_summary
from .dispositions import DispositionDecision, read_dispositions
from .excel import write_workbook
from .gate import FAIL_ON_CHOICES, fails
from .junit import write_junit

__all__ = [
    "FAIL_ON_CHOICES",
    "DispositionDecision",
    "fails",
    "read_dispositions",
    "render_summary",
    "write_junit",
    "write_workbook",
]
