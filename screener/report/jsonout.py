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
            self._body: IO[str] = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finish
                "w+", encoding="utf-8", newline="", dir=folder, prefix=".screener-", suffix=".json"
            )
        except OSError as exc:
            raise InputError(f"cannot write {path or 'a temporary file'}: {exc.strerror}") from None

    def add(self, supplier: SupplierResult | Screened) -> None:
        text = supplier.text if isinstance(supplier, Screened) else supplier_text(supplier)
        self._body.write(("\n" if self.count == 0 else ",\n") + text)
        self.count += 1
        self.bytes += len(text)

    def finish(self, header: ScanResult) -> None:
        """Write the whole document: ``header``'s run and summary, then every supplier."""
        tail = "\n  ]\n}\n" if self.count else "]\n}\n"
        self._body.flush()
        self._body.seek(0)
        try:
            if self.path is None:
                self._copy(header, tail, sys.stdout)
                sys.stdout.flush()
            else:
                self._replace(header, tail, self.path)
        finally:
            self._body.close()

    def close(self) -> None:
        self._body.close()

    def _copy(self, header: ScanResult, tail: str, out: IO[str]) -> None:
        out.write(head_text(header))
        shutil.copyfileobj(self._body, out, COPY_CHUNK)
        out.write(tail)

    def _replace(self, header: ScanResult, tail: str, path: Path) -> None:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".screener-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
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


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
