"""The JSON result written as the scan goes, byte for byte what ``dump_json`` gives.

The contract puts ``run`` and ``summary`` before ``suppliers``, and the summary is known only
at the end. :class:`JsonWriter` therefore writes each supplier, already indented, to a
temporary file in the output's folder as it is screened; ``finish`` writes the header (run
and summary), the suppliers' text and the closing brackets into the output, which is
replaced atomically. Memory holds one supplier at a time, whatever the size of the run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO

from screener.errors import InputError
from screener.models import ScanResult, SupplierResult, dump_json
from screener.screened import Screened, supplier_text

EMPTY_TAIL = '"suppliers": []\n}\n'
COPY_CHUNK = 1 << 20


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
                "w+b", buffering=COPY_CHUNK, dir=folder, prefix=".screener-", suffix=".json"
            )
        except OSError as exc:
            raise InputError(f"cannot write {path or 'a temporary file'}: {exc.strerror}") from None
        self._write = self._body.file.write  # the file itself, not the wrapper (per call)

    def add(self, supplier: SupplierResult | Screened) -> None:
        text = supplier.text if isinstance(supplier, Screened) else supplier_text(supplier)
        data = (",\n" if self.count else "\n").encode() + text.encode("utf-8")
        self._write(data)
        self.count += 1
        self.bytes += len(data)

    def finish(self, header: ScanResult) -> None:
        """Write the whole document: ``header``'s run and summary, then every supplier."""
        tail = b"\n  ]\n}\n" if self.count else b"]\n}\n"
        self._body.flush()
        try:
            if self.path is None:
                sys.stdout.flush()
                self._copy(header, tail, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                self._replace(header, tail, self.path)
        finally:
            self._body.close()

    def close(self) -> None:
        self._body.close()

    def _copy(self, header: ScanResult, tail: bytes, out: IO[bytes]) -> None:
        out.write(head_text(header).encode("utf-8"))
        out.flush()
        size = self._body.seek(0, os.SEEK_END)
        self._body.seek(0)
        if not _kernel_copy(self._body, out, size):
            shutil.copyfileobj(self._body, out, COPY_CHUNK)
        out.write(tail)

    def _replace(self, header: ScanResult, tail: bytes, path: Path) -> None:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".screener-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as out:
                self._copy(header, tail, out)
            os.chmod(name, 0o666 & ~_umask())
            os.replace(name, path)
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror}") from None
        finally:
            Path(name).unlink(missing_ok=True)

    def __enter__(self) -> JsonWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _kernel_copy(source: IO[bytes], out: IO[bytes], size: int) -> bool:
    """Copy ``size`` bytes file to file inside the kernel where it can (Linux); False when
    it cannot (a pipe on another platform, …) and nothing was copied."""
    if not hasattr(os, "sendfile"):
        return False
    try:
        source_fd, out_fd = source.fileno(), out.fileno()
    except (OSError, ValueError):
        return False
    done = 0
    while done < size:
        try:
            sent = os.sendfile(out_fd, source_fd, done, size - done)
        except OSError:
            if done:
                raise
            return False
        if sent == 0:
            break
        done += sent
    source.seek(done)
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
