"""What the scan asks the matcher: one partner's names, countries and identifiers."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("name", "alias", "parent")


@dataclass(slots=True)
class Query:
    """One partner to screen.

    ``names`` are ``(name, role)`` pairs with role ``name``, ``alias`` or ``parent``;
    ``countries`` resolved codes (lowercase ISO alpha-2 or region); ``identifiers`` by kind
    (``lei``, ``registration``, ``imo``…); ``schema`` an optional hint (``Organization``…).
    """

    names: list[tuple[str, str]]
    countries: list[str] = field(default_factory=list)
    identifiers: dict[str, list[str]] = field(default_factory=dict)
    schema: str | None = None
