"""The list entity: what every parser produces and every later stage reads.

A lean, slotted class (the matching hot path holds tens of thousands of them); it
round-trips through a plain dict for storage.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from screener.pickling import by_fields

SCHEMAS = ("Organization", "Person", "Vessel", "Aircraft", "Unknown")


@dataclass(frozen=True, slots=True)
class EntityName:
    """One name of a listed entity.

    ``kind`` is ``primary``, ``aka``, ``fka``, ``nka`` or ``variation``; ``strong`` is False for
    names the publisher marks as weak / low quality (OFAC "weak aka", UN ``Low``, OFSI
    ``Low quality``, EU ``strong="false"``). ``lang`` is the language or script where known.
    """

    name: str
    kind: str = "primary"
    strong: bool = True
    lang: str | None = None

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return by_fields(self)


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier of a listed entity: ``kind`` is one of ``imo``, ``lei``,
    ``registration``, ``tax``, ``passport``, ``national_id``, ``swift``, ``mmsi``, ``other``."""

    kind: str
    value: str
    country: str | None = None
    note: str | None = None

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return by_fields(self)


@dataclass(slots=True)
class Entity:
    """One listed party.

    ``id`` is ``<list id>:<publisher's own id>`` (contract). ``countries`` are lowercase ISO
    3166-1 alpha-2 codes or region codes (``ua-cri``), resolved from the publisher's text.
    """

    id: str
    list_id: str
    schema: str
    names: list[EntityName]
    programs: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    listed_on: str | None = None
    remarks: str | None = None
    source_url: str | None = None

    @property
    def source_id(self) -> str:
        """The publisher's own id (the part after ``<list id>:``)."""
        return self.id.split(":", 1)[1]

    @property
    def caption(self) -> str:
        """The best display name: the first strong primary name, else the first name."""
        for n in self.names:
            if n.kind == "primary":
                return n.name
        return self.names[0].name if self.names else self.id

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        d = dict(data)
        d["names"] = [EntityName(**n) for n in d.get("names", [])]
        d["identifiers"] = [Identifier(**i) for i in d.get("identifiers", [])]
        return cls(**d)

    def content_hash(self) -> str:
        """sha256 of the canonical JSON: changes whenever the listed record changes."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return by_fields(self)


def make_id(list_id: str, source_id: object) -> str:
    return f"{list_id}:{str(source_id).strip()}"
