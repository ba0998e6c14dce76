"""The committed jurisdiction risk table (``watchlists/jurisdictions/risk_table.csv``)."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from screener.errors import ListDataError
from screener.lists.sources import watchlists_dir

LABELS = {
    "ewp_risk_2yr": "2-yr risk of a new mass killing",
    "ewp_mk_ongoing": "ongoing mass-killing episodes",
    "fsi_p1": "P1 State Legitimacy",
    "fsi_p3": "P3 Human Rights",
    "fsi_c1": "C1 Security Apparatus",
    "fsi_c3": "C3 Group Grievance",
    "fsi_total": "Total",
    "wgi_pv": "Political Stability/No Violence",
    "wgi_rl": "Rule of Law",
    "wgi_va": "Voice & Accountability",
}


@dataclass(frozen=True, slots=True)
class Indicator:
    """One sourced figure for one place."""

    code: str
    name: str
    indicator: str
    value: float
    source: str
    edition: str
    published: str
    detail: str

    @property
    def group(self) -> str:
        return self.indicator.split("_", 1)[0]

    def cite(self) -> str:
        """The source string an auditor reads: publisher, edition, date and the figure."""
        if self.group == "sanctions":
            state = "in force" if self.value else "ended"
            return f"{self.source} ({self.edition}, {self.published}): {state}; {self.detail}"
        label = LABELS.get(self.indicator, self.detail)
        value = (
            f"{self.value * 100:.1f}%" if self.indicator == "ewp_risk_2yr" else f"{self.value:g}"
        )
        if self.group == "ucdp":
            label = f"battle deaths {self.indicator.rsplit('_', 1)[1]}"
        return f"{self.source} {self.edition} ({self.published}): {label} {value}"


def default_table_path() -> Path:
    return watchlists_dir() / "jurisdictions" / "risk_table.csv"


@functools.cache
def load_table(path: Path | None = None) -> dict[str, tuple[Indicator, ...]]:
    """Code → its indicators; a missing or unreadable table cannot be trusted (exit 3)."""
    path = path or default_table_path()
    table: dict[str, list[Indicator]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                item = Indicator(**{**row, "value": float(row["value"])})  # type: ignore[arg-type]
                table.setdefault(item.code, []).append(item)
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise ListDataError(f"jurisdiction risk table {path} is unreadable: {exc}") from None
    if not table:
        raise ListDataError(f"jurisdiction risk table {path} is empty")
    return {code: tuple(items) for code, items in table.items()}
