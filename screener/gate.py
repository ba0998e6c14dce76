"""Which risk tiers fail a run (``--fail-on``): one definition for the CLI, the exit code
and every report."""

from __future__ import annotations

from screener.errors import InputError
from screener.models import TIERS, Tier

FAIL_ON_CHOICES: tuple[str, ...] = (*TIERS, "none")


def check_fail_on(fail_on: str) -> str:
    """Return ``fail_on`` if valid, else raise ``InputError`` naming the valid choices."""
    tier = fail_on.strip().lower()  # CRITICAL is critical
    if tier not in FAIL_ON_CHOICES:
        raise InputError(f"--fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, not {fail_on!r}")
    return tier


def fails(tier: Tier, fail_on: str) -> bool:
    """True when a supplier in ``tier`` is at or above the ``fail_on`` tier."""
    fail_on = check_fail_on(fail_on)
    if fail_on == "none":
        return False
    return TIERS.index(tier) >= FAIL_ON_CHOICES.index(fail_on)
