"""Cutting streamed chunks into evenly sized batches and keeping a bounded window in flight."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def rebatch(chunks: Iterable[list[T]], size: int) -> Iterator[list[T]]:
    """The items of ``chunks``, in order, in lists of ``size`` (the last may be shorter)."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    pending: list[T] = []
    for chunk in chunks:
        pending.extend(chunk)
        while len(pending) >= size:
            yield pending[:size]
            del pending[:size]
    if pending:
        yield pending


class Window(Generic[R]):
    """Futures-like handles kept in submission order, at most ``limit`` at a time.

    ``wait`` turns a handle into its result; results therefore come back in input order
    while up to ``limit`` batches run ahead, which bounds memory to a few batches.
    """

    def __init__(self, limit: int, wait: Callable[[object], R]) -> None:
        self.limit = max(1, limit)
        self.wait = wait
        self.pending: deque[object] = deque()

    def full(self) -> bool:
        return len(self.pending) >= self.limit

    def push(self, handle: object) -> None:
        self.pending.append(handle)

    def pop(self) -> R:
        return self.wait(self.pending.popleft())

    def drain(self) -> Iterator[R]:
        while self.pending:
            yield self.pop()
