"""SIGTERM (a CI runner cancelling a job) unwinds a run like an interrupt, so that partial
outputs and temporary files are removed, and the run exits 143.

The handler raises ``SystemExit`` at once; as an exception raised where Python ignores
exceptions (a finaliser, a fork handler) would be lost, long loops also call
:func:`check`, which raises it again while a termination is pending.
"""

from __future__ import annotations

import signal

_requested: list[int] = []


def install() -> None:
    """Handle SIGTERM in this process (the command-line entry point calls it)."""
    signal.signal(signal.SIGTERM, _terminated)


def check() -> None:
    """Raise ``SystemExit`` if a termination was requested."""
    if _requested:
        raise SystemExit(128 + _requested[0])


def _terminated(signum: int, frame: object) -> None:
    _requested.append(signum)
    raise SystemExit(128 + signum)
