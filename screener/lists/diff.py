"""What changed between two stored versions of a list (``screener lists diff``).

Entities are matched by id (stable across versions, per the contract). An entity is
*changed* when any listed field differs; the order in which the publisher writes names,
programs or addresses is not a change. The added and changed ids are what a re-screen must
look at again.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from screener.errors import InputError, ListDataError
from screener.lists.entity import Entity
from screener.lists.sources import load_sources
from screener.lists.store import ListStore
from screener.models import ListVersion

# Entity fields compared, in report order; lists are compared as multisets.
FIELDS = (
    "schema",
    "names",
    "programs",
    "countries",
    "identifiers",
    "addresses",
    "birth_dates",
    "listed_on",
    "remarks",
    "source_url",
)


class EntitySummary(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)

    entity_id: str
    name: str
    schema_: str = Field(alias="schema")
    programs: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, entity: Entity) -> EntitySummary:
        return cls(
            entity_id=entity.id,
            name=entity.caption,
            schema_=entity.schema,
            programs=sorted(entity.programs),
            countries=sorted(entity.countries),
        )


class EntityChange(EntitySummary):
    """An entity in both versions (summarised as in the new one) and the fields that differ."""

    fields: list[str]


class DiffCounts(BaseModel):
    old_entities: int
    new_entities: int
    added: int
    removed: int
    changed: int
    unchanged: int


class ListDiff(BaseModel):
    list_id: str
    old: str
    new: str
    added: list[EntitySummary]
    removed: list[EntitySummary]
    changed: list[EntityChange]
    counts: DiffCounts

    def affected_ids(self) -> list[str]:
        """Entities a re-screen must look at: added or changed in the new version."""
        return sorted({e.entity_id for e in self.added} | {e.entity_id for e in self.changed})


def diff_versions(
    store: ListStore, list_id: str, old: str | None = None, new: str | None = None
) -> ListDiff:
    """Compare two versions of a list: by default the current one and the one before it."""
    old_v, new_v = _choose(store, list_id, old, new)
    before = {e.id: e for e in store.entities(list_id, old_v.version)}
    after = {e.id: e for e in store.entities(list_id, new_v.version)}
    added = [EntitySummary.of(after[i]) for i in sorted(after.keys() - before.keys())]
    removed = [EntitySummary.of(before[i]) for i in sorted(before.keys() - after.keys())]
    changed = [_change(before[i], after[i]) for i in sorted(before.keys() & after.keys())]
    found = [c for c in changed if c is not None]
    counts = DiffCounts(
        old_entities=len(before),
        new_entities=len(after),
        added=len(added),
        removed=len(removed),
        changed=len(found),
        unchanged=len(changed) - len(found),
    )
    return ListDiff(
        list_id=list_id,
        old=old_v.version,
        new=new_v.version,
        added=added,
        removed=removed,
        changed=found,
        counts=counts,
    )


def changed_fields(before: Entity, after: Entity) -> list[str]:
    """The fields (of :data:`FIELDS`) whose values differ, ignoring the order of lists."""
    return [f for f in FIELDS if _canon(getattr(before, f)) != _canon(getattr(after, f))]


def _change(before: Entity, after: Entity) -> EntityChange | None:
    fields = changed_fields(before, after)
    if not fields:
        return None
    summary = EntitySummary.of(after)
    return EntityChange(**summary.model_dump(by_alias=True), fields=fields)


def _canon(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(repr(v) for v in value)
    return value


def _choose(
    store: ListStore, list_id: str, old: str | None, new: str | None
) -> tuple[ListVersion, ListVersion]:
    versions = store.versions(list_id)
    if not versions:
        sources = load_sources()
        if list_id not in sources:  # a typo, not missing data (a company's own list has data)
            names = ", ".join(sorted({*sources, *store.list_ids()}))
            raise InputError(f"unknown list id {list_id!r} (known: {names})")
        raise ListDataError(f"list {list_id} has no data in {store.data_dir}")
    by_name = {v.version: v for v in versions}
    for given in (old, new):
        if given is not None and given not in by_name:
            known = ", ".join(v.version for v in versions)
            raise InputError(f"{list_id} has no version {given!r} (known: {known})")
    current = store.current(list_id)
    new_v = by_name[new] if new is not None else current or versions[-1]
    if old is not None:
        return by_name[old], new_v
    others = [v for v in versions if v.version != new_v.version]
    if not others:
        raise ListDataError(
            f"{list_id} has only one version ({new_v.version}): nothing to compare it with"
        )
    # The version fetched last before the new one (else the latest other one).
    earlier = [v for v in others if _order(v) < _order(new_v)]
    return max(earlier or others, key=_order), new_v


def _order(version: ListVersion) -> tuple[str, str]:
    return (version.fetched_at, version.version)
