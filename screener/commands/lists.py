"""``screener lists update|import|status|diff``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from screener.config import load_config
from screener.errors import InputError
from screener.lists.ingest import ingest
from screener.lists.status import read_by_earlier_parsers, status
from screener.lists.store import ListStore
from screener.models import ListsStatus, ListVersion, dump_json

# Piped output is not cut at 80 columns: ids and versions must stay whole.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def run_update(
    data_dir: Path,
    *,
    sources: list[str] | None,
    urls: list[str],
    force: bool,
    progress: bool,
    quiet: bool,
) -> int:
    """Download; exit 3 when any list failed (its last good version is kept)."""
    from screener.lists.fetch import parse_url_overrides, update

    overrides = parse_url_overrides(urls)
    outcomes = update(
        ListStore(data_dir),
        sources or (sorted(overrides) if overrides else None),  # --url alone: those lists
        urls=overrides,
        force=force,
        progress=progress,
    )
    for outcome in outcomes:  # each message starts with its list id
        if outcome.status == "failed":
            err.print(f"screener: error: {outcome.message}", markup=False)
        elif not quiet:
            out.print(outcome.message, markup=False)
    return 3 if any(o.status == "failed" for o in outcomes) else 0


def run_import(
    data_dir: Path,
    list_id: str,
    paths: list[Path],
    *,
    fmt: str | None,
    published: str | None,
    force: bool,
) -> None:
    if published is not None:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise InputError(f"--published must be a date YYYY-MM-DD, not {published!r}") from None
    version = ingest(
        ListStore(data_dir),
        list_id,
        paths,
        fmt=fmt,
        published_at=published,
        force=force,
        require_published=True,
    )
    for warning in version.warnings:
        err.print(f"screener: warning: {list_id}: {warning}", markup=False)
    out.print(
        f"{version.id}: version {version.version}, {version.entities} entities, "
        f"published {version.published_at or 'unknown'}, sha256 {version.sha256[:16]}…",
        markup=False,
    )


def run_status(data_dir: Path, *, as_json: bool, config_path: Path | None) -> None:
    config = load_config(config_path)
    versions = status(ListStore(data_dir), config.lists)
    if as_json:
        sys.stdout.write(dump_json(ListsStatus(lists=versions)))
        return
    if not versions:
        out.print(
            f"No list data in {data_dir}. Run 'screener lists update' or "
            "'screener lists import ID FILE...'.",
            markup=False,
        )
        return
    out.print(status_table(versions))
    for note in read_by_earlier_parsers(versions):
        out.print(note, markup=False)


def status_table(versions: list[ListVersion]) -> Table:
    table = Table(title="Watchlists", title_justify="left")
    for column in ("list", "version", "entities", "published", "fetched", "age (days)", "sha256"):
        numeric = column in ("entities", "age (days)")
        table.add_column(column, justify="right" if numeric else "left")
    for v in versions:
        age = f"{v.age_days:g}" + (f" > {v.max_age_days} STALE" if v.stale else "")
        table.add_row(
            v.id,
            v.version,
            str(v.entities),
            (v.published_at or "unknown")[:10],
            v.fetched_at[:10],
            age,
            v.sha256[:16] + "…",
        )
    return table


def run_diff(
    data_dir: Path, list_id: str, old: str | None, new: str | None, *, as_json: bool
) -> None:
    from screener.lists.diff import diff_versions

    list_id = list_id.strip().lower()  # as --lists takes it
    result = diff_versions(ListStore(data_dir), list_id, old, new)
    if as_json:
        sys.stdout.write(result.model_dump_json(by_alias=True, indent=2) + "\n")
        return
    c = result.counts
    out.print(
        f"{list_id}: {result.old} ({c.old_entities} entities) → {result.new} "
        f"({c.new_entities}): {c.added} added, {c.removed} removed, {c.changed} changed, "
        f"{c.unchanged} unchanged",
        markup=False,
    )
    for sign, items in (("+", result.added), ("-", result.removed)):
        for item in items:
            out.print(f"  {sign} {item.entity_id}  {item.name}", markup=False)
    for change in result.changed:
        out.print(
            f"  ~ {change.entity_id}  {change.name}  ({', '.join(change.fields)})", markup=False
        )
