"""The two kinds of failure (see the contract's exit codes).

The library raises these; only the CLI turns them into a message and an exit code.
"""

from __future__ import annotations


class ScreenerError(Exception):
    """Base class: the message is one line a user can act on."""

    exit_code = 2


class InputError(ScreenerError):
    """The user's input or arguments cannot be used: nothing was screened (exit 2).

    ``file``, ``row`` and ``column`` locate the problem where they are known; rows are
    numbered as a spreadsheet shows them (the header is row 1).
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.detail = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.detail}" if where else self.detail


class ListDataError(ScreenerError):
    """Watchlist data is missing, empty, unreadable or stale: fail closed (exit 3)."""

    exit_code = 3


class ListFormatError(ListDataError):
    """An official list file does not parse as its declared format."""


class FetchError(ListDataError):
    """A list could not be downloaded; the last good version is kept."""
