"""``screener match`` and ``screener jurisdiction``: one-off look-ups with explanations."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from screener.config import load_config
from screener.errors import InputError
from screener.lists.sources import parse_list_ids
from screener.lists.status import read_by_earlier_parsers, select_for_scan
from screener.lists.store import ListStore
from screener.matching import Query
from screener.matching.cache import cached_matcher
from screener.models import JurisdictionResponse, MatchResponse, dump_json
from screener.places import resolve_country
from screener.report.safe import terminal_text
from screener.scan import load_entities

# Piped output is not cut at 80 columns: ids and versions must stay whole.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def run_match(
    name: str,
    *,
    country: str | None,
    lists: str | None,
    threshold: float | None,
    as_json: bool,
    config_path: Path | None,
    data_dir: Path,
    allow_stale: bool,
) -> None:
    if not name.strip():
        raise InputError("the name to look up is empty")
    codes: list[str] = []
    for text in (country or "").split(";"):  # several, as a country cell may hold
        if not text.strip():
            continue
        code = resolve_country(text)
        if code is None:
            raise InputError(
                f"--country {text.strip()!r} is not a country or region screener knows"
            )
        codes.append(code)
    config = load_config(config_path)
    store = ListStore(data_dir)
    versions = select_for_scan(store, parse_list_ids(lists), config.lists, allow_stale=allow_stale)
    for note in read_by_earlier_parsers(versions):
        err.print(f"screener: note: {note}", markup=False)
    matcher = cached_matcher(
        data_dir, versions, config.matching, lambda: load_entities(store, versions)
    )
    query = Query(names=[(name, "name")], countries=sorted(set(codes)))
    limit = threshold if threshold is not None else config.matching.threshold
    found = matcher.match(query, threshold=limit)
    if found:  # the record each alert was raised on, as a scan's matches carry it
        hashes: dict[str, str] = {}
        listed = {m.list for m in found}
        for version in versions:
            if version.id in listed:
                hashes.update(store.entity_hashes(version.id, version.version))
        found = [m.model_copy(update={"record_hash": hashes.get(m.entity_id)}) for m in found]
    response = MatchResponse(query=name, matches=found)
    if as_json:
        sys.stdout.write(dump_json(response))
        return
    if not response.matches:
        out.print(f"No match at or above {limit:g} for {name!r}.", markup=False)
        return
    title = Text(terminal_text(f"Matches for {name!r} (threshold {limit:g})"))
    table = Table(title=title, title_justify="left")
    for column in ("score", "entity", "matched name", "schema", "programs", "why"):
        table.add_column(column, overflow="fold")
    for m in response.matches:  # list text is data: never markup, never control codes
        cells = (m.entity_id, m.matched_name, m.schema_, ", ".join(m.programs), m.explanation)
        table.add_row(f"{m.score:.1f}", *(Text(terminal_text(c)) for c in cells))
    out.print(table)


def run_jurisdiction(text: str, *, as_json: bool, config_path: Path | None) -> None:
    from screener.risk import RiskModel, describe

    if not text.strip():
        raise InputError("the place to look up is empty")
    if ";" in text:
        raise InputError(f"one place at a time: {text!r} names several (separated by ';')")
    config = load_config(config_path)
    response: JurisdictionResponse = describe(text, RiskModel.default(config.risk))
    if as_json:
        sys.stdout.write(dump_json(response))
        return
    if response.code is None:
        out.print(f"{text!r}: not resolved to a country or region.", markup=False)
        return
    score = "no score" if response.risk_score is None else f"{response.risk_score:.1f}"
    out.print(
        f"{text!r} → {response.code} ({response.name}): risk {score}, tier {response.tier}",
        markup=False,
    )
    for source in response.sources:
        out.print(f"  - {source}", markup=False)
