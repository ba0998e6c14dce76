"""I/O at the edges (house style): the pure stages import no I/O library, and only the one
fetch module touches the network."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "screener"
IO_LIBRARIES = {"requests", "pandas", "openpyxl", "pyarrow", "sqlite3", "urllib", "http", "socket"}
PURE_STAGES = ("matching", "risk", "places")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_only_fetch_touches_the_network() -> None:
    users = {
        str(p.relative_to(PACKAGE))
        for p in modules()
        if imported_modules(p) & {"requests", "urllib", "http", "socket"}
    }
    assert users == {"lists/fetch.py"}


def test_pure_stages_import_no_io_library() -> None:
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(imported_modules(p) & IO_LIBRARIES)
        for stage in PURE_STAGES
        for p in (PACKAGE / stage).rglob("*.py")
        if imported_modules(p) & IO_LIBRARIES
    }
    assert offenders == {}


def test_only_report_writes_workbooks() -> None:
    writers = {
        str(p.relative_to(PACKAGE))
        for p in modules()
        if "Workbook(" in p.read_text(encoding="utf-8")
    }
    assert writers and all(w.startswith("report/") for w in writers), writers


def test_cli_imports_no_click_directly() -> None:
    assert all("click" not in imported_modules(p) for p in modules())
