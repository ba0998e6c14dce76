"""Where reports go: checked before a scan starts, and written atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from screener.errors import InputError


def check_output(path: Path, what: str) -> Path:
    """Refuse an output path that cannot be a report file, before any work is done.

    An existing path must be a regular file (a report never replaces a directory or a
    device: ``--xlsx /dev/null`` run as root would otherwise turn the device into a file);
    the folder must exist and be writable.
    """
    if path.exists() and not path.is_file():
        raise InputError(f"{what} {path} is not a regular file")
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"{what} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise InputError(f"{what} {path}: the folder {folder} is not writable")
    return path


@contextmanager
def atomic_path(path: Path, suffix: str, what: str) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it when the block succeeds.

    The file gets the user's usual mode (a report, not a secret); an OS error becomes one
    line naming the path.
    """
    check_output(path, what)
    try:
        fd, name = tempfile.mkstemp(suffix=suffix, dir=path.parent)
    except OSError as exc:
        raise InputError(f"cannot write {what} {path}: {exc.strerror}") from None
    os.close(fd)
    temp = Path(name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        temp.chmod(0o666 & ~umask)
        yield temp
        os.replace(temp, path)
    except OSError as exc:
        raise InputError(f"cannot write {what} {path}: {exc.strerror}") from None
    finally:
        temp.unlink(missing_ok=True)


def write_atomically(path: Path, suffix: str, what: str, write: Callable[[Path], None]) -> None:
    with atomic_path(path, suffix, what) as temp:
        write(temp)
