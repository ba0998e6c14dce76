"""The run gate, as the report writers use it (defined once in :mod:`screener.gate`)."""

from screener.gate import FAIL_ON_CHOICES, check_fail_on, fails

__all__ = ["FAIL_ON_CHOICES", "check_fail_on", "fails"]
