"""Watchlist source definitions: one TOML file per list under ``watchlists/sources/``.

Each definition names the publisher, the official download URL(s), the format, the licence,
the refresh cadence and the maximum age before a scan refuses to run. URLs live only there;
``--url ID=URL`` overrides them for mirrors and tests.
"""

from __future__ import annotations

import functools
import importlib
import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from screener.errors import InputError

LIST_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class SourceFile(BaseModel):
    """One file of a source: its role for the parser (e.g. ``sdn.csv``) and its URL."""

    model_config = ConfigDict(extra="forbid")

    name: str
    url: str
    optional: bool = False


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    publisher: str
    format: str
    files: list[SourceFile] = Field(min_length=1)
    licence: str
    homepage: str
    refresh: str = Field(description="the publisher's update cadence, in words")
    max_age_days: int = Field(gt=0)
    min_entities: int = Field(default=1, ge=1)
    record_url: str | None = Field(
        default=None, description="link to one official record; {id} is the publisher id"
    )
    update_by_default: bool = True
    notes: str = ""

    @field_validator("id")
    @classmethod
    def _valid_id(cls, value: str) -> str:
        if not LIST_ID.match(value):
            raise ValueError(f"list id {value!r} must be lowercase letters, digits and _")
        return value

    def record_link(self, source_id: str) -> str | None:
        return self.record_url.format(id=source_id) if self.record_url else None


def watchlists_dir() -> Path:
    """The ``watchlists/`` folder: the source tree's, else the installed copy."""
    here = Path(__file__).resolve().parents[2] / "watchlists"
    if (here / "sources").is_dir():
        return here
    installed = importlib.import_module("screener.watchlists")
    return Path(str(installed.__file__)).parent


@functools.cache
def load_sources() -> dict[str, Source]:
    """All source definitions, validated, keyed by list id (sorted)."""
    sources: dict[str, Source] = {}
    for path in sorted((watchlists_dir() / "sources").glob("*.toml")):
        with path.open("rb") as fh:
            source = Source.model_validate(tomllib.load(fh))
        if source.id != path.stem:
            raise ValueError(f"{path}: id {source.id!r} does not match the file name")
        sources[source.id] = source
    return sources


def get_source(list_id: str) -> Source:
    sources = load_sources()
    if list_id not in sources:
        known = ", ".join(sources)
        raise InputError(f"unknown list id {list_id!r} (known: {known})")
    return sources[list_id]


def parse_list_ids(text: str | None) -> list[str] | None:
    """``--lists a,b`` → ``["a", "b"]``; ``None`` means every list available."""
    if text is None or not text.strip():
        return None
    ids = sorted({part.strip().lower() for part in text.split(",") if part.strip()})
    if not ids:
        raise InputError(f"--lists {text!r} names no list id")
    for list_id in ids:
        if not LIST_ID.match(list_id):
            raise InputError(f"--lists: {list_id!r} is not a list id")
    return ids
