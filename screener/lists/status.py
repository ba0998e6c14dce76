"""List freshness and the choice of lists for a scan: fail closed on missing or stale data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from screener.config import ListsConfig
from screener.errors import InputError, ListDataError
from screener.lists.ingest import parser_marker
from screener.lists.sources import load_sources
from screener.lists.store import ListStore, parse_ts, utcnow
from screener.models import ListVersion


def max_age_days(list_id: str, config: ListsConfig) -> int:
    if list_id in config.max_age_days:
        return config.max_age_days[list_id]
    source = load_sources().get(list_id)
    return source.max_age_days if source else config.custom_max_age_days


def with_age(version: ListVersion, config: ListsConfig, now: datetime) -> ListVersion:
    """The version annotated with its age (from publication, else fetch) and staleness."""
    try:
        stamp = parse_ts(version.published_at or version.fetched_at)
    except ValueError:
        raise ListDataError(
            f"{version.id} {version.version}: the stored date "
            f"{version.published_at or version.fetched_at!r} is unreadable; import the list again"
        ) from None
    age = round((now - stamp).total_seconds() / 86400, 1)
    limit = max_age_days(version.id, config)
    return version.model_copy(update={"age_days": age, "max_age_days": limit, "stale": age > limit})


def status(store: ListStore, config: ListsConfig, now: datetime | None = None) -> list[ListVersion]:
    """The current version of every stored list, sorted by id."""
    now = now or utcnow()
    found = [store.current(list_id) for list_id in store.list_ids()]
    return [with_age(v, config, now) for v in found if v is not None]


def select_for_scan(
    store: ListStore,
    list_ids: list[str] | None,
    config: ListsConfig,
    *,
    allow_stale: bool,
    now: datetime | None = None,
) -> list[ListVersion]:
    """The list versions a scan will use; raises ListDataError (exit 3) when it must not run."""
    current = {v.id: v for v in status(store, config, now)}
    if not current:
        raise ListDataError(
            f"no watchlist data in {store.data_dir}: run 'screener lists update' "
            "(or 'screener lists import ID FILE' for local official files)"
        )
    wanted = list_ids if list_ids is not None else sorted(current)
    unknown = [i for i in wanted if i not in current and i not in load_sources()]
    if unknown:  # a typo, not missing data
        known = ", ".join(sorted({*load_sources(), *current}))
        raise InputError(f"--lists: unknown list id {unknown[0]!r} (known: {known})")
    missing = [list_id for list_id in wanted if list_id not in current]
    if missing:
        raise ListDataError(
            f"no data for list(s) {', '.join(missing)} in {store.data_dir}: run "
            f"'screener lists update --source {missing[0]}' or 'screener lists import'"
        )
    chosen = [current[list_id] for list_id in wanted]
    if not chosen:  # never screen against nothing
        raise ListDataError("no watchlist chosen for the scan")
    stale = [v for v in chosen if v.stale]
    if stale and not allow_stale:
        described = "; ".join(
            f"{v.id} {v.version} is {v.age_days:g} days old (max {v.max_age_days})" for v in stale
        )
        raise ListDataError(
            f"stale watchlist data: {described}; run 'screener lists update' or pass "
            "--allow-stale to screen anyway"
        )
    return chosen


def read_by_earlier_parsers(versions: Sequence[ListVersion]) -> list[str]:
    """A note naming the list versions read by another release's parsers: still the official
    versions, but this release's parsers may read more from the same files."""
    earlier = [f"{v.id} {v.version}" for v in versions if v.parser != parser_marker()]
    if not earlier:
        return []
    return [
        f"Read by the parsers of an earlier screener release: {', '.join(earlier)}. Run "
        "'screener lists update' (or import local files again with 'screener lists import') "
        "to read them with this release's parsers."
    ]
