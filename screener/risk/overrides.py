"""A company's own jurisdiction classifications (its high-risk list, R2P Monitor tracking).

CSV (header ``code,score,tier,source,date,note``) or TOML (``[[override]]`` tables with the
same keys). ``code`` may be any place text ``screener.places`` resolves; give ``score`` or
``tier`` (or both); ``source`` and ``date`` are required so the override is traceable.
"""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from screener.errors import InputError
from screener.models import Tier
from screener.places import resolve_place

# How an override's source starts in a place's ``sources``: the reasons cite it first.
OVERRIDE_PREFIX = "Override: "


class Override(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    score: float | None = Field(default=None, ge=0, le=100)
    tier: Tier | None = None
    source: str = Field(min_length=1)
    date: str = Field(min_length=1)
    note: str = ""

    @model_validator(mode="after")
    def _score_or_tier(self) -> Override:
        if self.score is None and self.tier is None:
            raise ValueError("give a score or a tier")
        return self

    def cite(self) -> str:
        what = f"score {self.score:g}" if self.score is not None else f"tier {self.tier}"
        note = f"; {self.note}" if self.note else ""
        return f"{OVERRIDE_PREFIX}{self.source} ({self.date}): {what}{note}"


def _records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if path.suffix.lower() == ".toml":
        with path.open("rb") as fh:
            items = tomllib.load(fh).get("override", [])
        return [(i + 1, dict(item)) for i, item in enumerate(items)]
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [
        (i + 2, {k.strip().lower(): (v or "").strip() for k, v in row.items() if k})
        for i, row in enumerate(rows)
    ]


def _parse(path: Path, row: int, record: dict[str, Any]) -> Override:
    clean = {k: v for k, v in record.items() if v not in ("", None)}
    try:
        override = Override.model_validate(clean)
    except ValidationError as exc:
        first = exc.errors()[0]
        column = ".".join(str(p) for p in first["loc"]) or None
        raise InputError(first["msg"], file=str(path), row=row, column=column) from None
    code = resolve_place(override.code).code
    if code is None:
        raise InputError(f"unknown place {override.code!r}", file=str(path), row=row, column="code")
    return override.model_copy(update={"code": code})


def load_overrides(path: Path | None) -> dict[str, Override]:
    """Code → override; the last row for a code wins. Bad rows are input errors (exit 2)."""
    if path is None:
        return {}
    try:
        records = _records(Path(path))
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, csv.Error) as exc:
        raise InputError(f"unreadable override file: {exc}", file=str(path)) from None
    parsed = [_parse(Path(path), row, rec) for row, rec in records]
    return {item.code: item for item in parsed}
