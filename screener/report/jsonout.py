"""The JSON result written as the scan goes, as ``dump_json`` writes it.

The contract puts ``run`` and ``summary`` before ``suppliers``, and the summary is known only
at the end. :class:`JsonWriter` therefore writes each supplier, already indented, as it is
screened, into a temporary file in the output's folder, behind room left for the header;
``finish`` writes the header (run and summary) and the closing brackets, and the output is
replaced atomically. Memory holds one supplier at a time, whatever the size of the run.

A result of up to ``IN_PLACE_FROM`` bytes is written byte for byte as ``dump_json`` writes
it: the suppliers' text is copied behind the header. A bigger one keeps its suppliers where
they were written and the header goes into the room before them, the rest of which stays
blank (lines of spaces after the summary: white space a JSON reader skips). Copying a
million suppliers' 6 GB again would take longer than writing them did.

Past ``DIRECT_FROM`` bytes the suppliers go to the disk without passing through the page
cache, where the system allows it (Linux ``O_DIRECT``), in whole aligned blocks: copying
gigabytes into the page cache costs the kernel a CPU second or more a gigabyte (five when
it must first evict other files), time the screening processes need on a small machine.
"""

from __future__ import annotations

import contextlib
import errno
import math
import mmap
import os
import shutil
import sys
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from screener.errors import InputError
from screener.models import ScanResult, SupplierResult, dump_json
from screener.screened import Screened, ScreenedBatch, supplier_bytes

EMPTY_TAIL = '"suppliers": []\n}\n'
SUPPLIERS_KEY = '  "suppliers": ['
COPY_CHUNK = 1 << 20
# Room left for the header before the suppliers (a header holds the lists, the notes and the
# summary's spend by country: a few kilobytes), and the size from which it is used.
HEADER_ROOM = 1 << 18
IN_PLACE_FROM = 1 << 26
# Size from which the suppliers are written past the page cache, the blocks of such writes
# and the aligned buffer they are gathered in.
DIRECT_FROM = 1 << 26
BLOCK = 1 << 12
DIRECT_CHUNK = 1 << 23


def head_text(header: ScanResult) -> str:
    """``dump_json`` of ``header`` (no suppliers) up to and including ``"suppliers": [``."""
    if header.suppliers:
        raise ValueError("the header of a streamed result carries no suppliers")
    text = dump_json(header)
    if not text.endswith(EMPTY_TAIL):  # pragma: no cover - the contract's key order
        raise ValueError("the result does not end with its suppliers")
    return text[: -len(EMPTY_TAIL)] + '"suppliers": ['


class JsonWriter:
    """Write a scan result supplier by supplier; ``path`` ``None`` means standard output."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        folder = path.parent if path is not None else None
        self.count = 0
        self.bytes = 0
        try:
            self._body: IO[bytes] = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finish
                "w+b",
                buffering=COPY_CHUNK,
                dir=folder,
                prefix=".screener-",
                suffix=".json",
                delete=False,
            )
        except OSError as exc:
            raise InputError(f"cannot write {path or 'a temporary file'}: {exc.strerror}") from None
        self._direct: _DirectWrites | None = None
        # Standard output is copied from the file once it is written: through the page cache.
        self._direct_from: float = DIRECT_FROM if path is not None else math.inf
        # Removed however the writer ends (closed, dropped, the interpreter leaving).
        self._direct_files: list[_DirectWrites] = []
        self._discard = weakref.finalize(
            self, _discard, self._body, self._body.name, self._direct_files
        )
        # Standard output cannot be written in place: the suppliers start at 0 there.
        self._start = HEADER_ROOM if path is not None else 0
        self._body.seek(self._start)
        # The file itself, not the wrapper (per call); or the direct writes (``_go_direct``).
        self._plain_write: Callable[[bytes], int] = self._body.file.write
        self._write: Callable[[bytes], int] = self._plain_write

    def add(self, supplier: SupplierResult | Screened) -> None:
        data = supplier.text if isinstance(supplier, Screened) else supplier_bytes(supplier)
        self._append(data, 1)

    def add_batch(self, batch: ScreenedBatch) -> None:
        """``add`` for each supplier of a batch, copied at once."""
        if len(batch):
            self._append(batch.texts, len(batch))

    def _append(self, data: bytes, count: int) -> None:
        """``data``, the text of ``count`` suppliers, after the separator."""
        try:
            self.bytes += self._write(b",\n" if self.count else b"\n") + self._write(data)
            self.count += count
            if self.bytes >= self._direct_from:
                self._go_direct()
        except OSError as exc:  # the disk full, the file too big for the system, …
            raise self._failed(exc) from None

    def finish(self, header: ScanResult) -> None:
        """Write the whole document: ``header``'s run and summary, then every supplier."""
        tail = b"\n  ]\n}\n" if self.count else b"]\n}\n"
        head = head_text(header).encode("utf-8")
        try:
            self._end_direct()
            self._body.flush()
            if self.path is None:
                sys.stdout.flush()
                self._copy(head, tail, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            elif self.bytes >= IN_PLACE_FROM and len(head) < HEADER_ROOM:
                self._in_place(head, tail, self.path)
            else:
                self._replace(head, tail, self.path)
        except OSError as exc:
            raise self._failed(exc) from None
        finally:
            self.close()

    def close(self) -> None:
        self._discard()

    def _failed(self, exc: OSError) -> InputError:
        """A write refused (the disk full, a pipe closed, …): the temporary file removed and
        one line naming the output."""
        self.close()
        if self.path is not None:
            where = str(self.path)
        elif exc.errno == errno.EPIPE:
            where = "standard output"
        else:  # the file standard output is copied from
            where = f"the JSON result (a temporary file in {Path(self._body.name).parent})"
        return InputError(f"cannot write {where}: {exc.strerror or exc}")

    def _go_direct(self) -> None:
        """From here on, write past the page cache (once tried: where the system cannot, the
        page cache it is). The direct writes start at the block holding the end so far."""
        self._direct_from = math.inf
        flag = getattr(os, "O_DIRECT", 0)
        if not flag:
            return
        self._body.flush()
        end = self._start + self.bytes
        start = end - end % BLOCK
        try:
            buffer = mmap.mmap(-1, DIRECT_CHUNK)  # page-aligned, as O_DIRECT asks
        except OSError:
            return
        try:
            fd = os.open(self._body.name, os.O_WRONLY | flag)
        except OSError:
            buffer.close()
            return
        direct = _DirectWrites(fd, self._body.fileno(), start, buffer)
        self._direct_files.append(direct)
        self._body.seek(start)
        direct.write(self._body.read(end - start))
        self._direct = direct
        self._write = direct.write

    def _end_direct(self) -> None:
        """The blocks gathered written, the last part block through the page cache."""
        if self._direct is None:
            return
        self._body.seek(self._direct.end())
        self._direct = None
        self._write = self._plain_write

    def _copy(self, head: bytes, tail: bytes, out: IO[bytes]) -> None:
        out.write(head)
        out.flush()
        size = self.bytes
        self._body.seek(self._start)
        if not _kernel_copy(self._body, out, self._start, size):
            shutil.copyfileobj(self._body, out, COPY_CHUNK)
        out.write(tail)

    def _in_place(self, head: bytes, tail: bytes, path: Path) -> None:
        """The header into the room before the suppliers, the rest of it blank."""
        key = SUPPLIERS_KEY.encode()
        blank = _blank_lines(HEADER_ROOM - len(head))
        self._body.seek(0)
        self._body.write(head[: -len(key)] + blank + key)
        self._body.seek(self._start + self.bytes)
        self._body.write(tail)
        self._body.close()
        self._publish(self._body.name, path)

    def _replace(self, head: bytes, tail: bytes, path: Path) -> None:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".screener-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as out:
                self._copy(head, tail, out)
            self._publish(name, path)
        finally:
            Path(name).unlink(missing_ok=True)

    @staticmethod
    def _publish(name: str, path: Path) -> None:
        os.chmod(name, 0o666 & ~_umask())
        os.replace(name, path)

    def __enter__(self) -> JsonWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _kernel_copy(source: IO[bytes], out: IO[bytes], start: int, size: int) -> bool:
    """Copy ``size`` bytes from ``start`` file to file inside the kernel where it can
    (Linux); False when it cannot (a pipe on another platform, …) and nothing was copied."""
    if not hasattr(os, "sendfile"):
        return False
    try:
        source_fd, out_fd = source.fileno(), out.fileno()
    except (OSError, ValueError):
        return False
    done = 0
    while done < size:
        try:
            sent = os.sendfile(out_fd, source_fd, start + done, size - done)
        except OSError:
            if done:
                raise
            return False
        if sent == 0:
            break
        done += sent
    source.seek(start + done)
    return True


def _discard(body: IO[bytes], name: str, direct: list[_DirectWrites]) -> None:
    for writes in direct:
        with contextlib.suppress(OSError):
            writes.close()
    with contextlib.suppress(OSError):  # what a full disk refused, flushed again: it goes anyway
        body.close()
    Path(name).unlink(missing_ok=True)


class _DirectWrites:
    """Sequential writes from a block-aligned ``offset`` of a file: gathered in an aligned
    buffer and written a whole buffer at a time through ``direct``, a descriptor opened with
    ``O_DIRECT``; the last part block, which such writes cannot take, through ``plain``.

    A file system that opens such a descriptor but refuses its writes (``EINVAL``), or a
    write cut short, sends the rest through ``plain`` (the page cache) from there on, the
    gathered bytes first.
    """

    __slots__ = ("buffer", "direct", "offset", "plain", "used")

    def __init__(self, direct: int, plain: int, offset: int, buffer: mmap.mmap) -> None:
        self.direct = direct
        self.plain = plain
        self.offset = offset  # of the buffer's first byte in the file
        self.buffer = buffer  # DIRECT_CHUNK bytes, page-aligned
        self.used = 0

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view and self.direct >= 0:
            part = view[: DIRECT_CHUNK - self.used]
            self.buffer[self.used : self.used + len(part)] = part
            self.used += len(part)
            view = view[len(part) :]
            if self.used == DIRECT_CHUNK:
                self._flush(DIRECT_CHUNK)
        if view:  # refused: through the page cache
            self._plain(view)
        return len(data)

    def end(self) -> int:
        """Write what is gathered (the whole blocks directly); the offset of the end."""
        if self.direct >= 0 and self.used >= BLOCK:
            self._flush(self.used - self.used % BLOCK)
        self._plain(memoryview(self.buffer)[: self.used])
        self.used = 0
        self.close()
        return self.offset

    def close(self) -> None:
        self._close_direct()
        # A failed write's traceback may still hold a view of the buffer: freed with it.
        with contextlib.suppress(BufferError):
            self.buffer.close()

    def _close_direct(self) -> None:
        if self.direct >= 0:
            os.close(self.direct)
            self.direct = -1

    def _flush(self, size: int) -> None:
        try:
            done = os.pwrite(self.direct, memoryview(self.buffer)[:size], self.offset)
        except OSError as exc:
            if exc.errno != errno.EINVAL:
                raise
            done = 0  # not on this file system
        if done != size:  # refused or cut short: the rest through the page cache from here on
            self._close_direct()
            self.offset += done
            self._plain(memoryview(self.buffer)[done : self.used])
            self.used = 0
            return
        self.offset += size
        self.used -= size
        self.buffer[: self.used] = self.buffer[size : size + self.used]

    def _plain(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        while view:
            done = os.pwrite(self.plain, view, self.offset)
            self.offset += done
            view = view[done:]


def _blank_lines(size: int) -> bytes:
    """``size`` bytes of white space in lines of at most 80 (a reader of lines may have a
    limit), the last ending the line."""
    full, rest = divmod(size, 80)
    first = b" " * (rest - 1) + b"\n" if rest else b""
    return first + (b" " * 79 + b"\n") * full


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
