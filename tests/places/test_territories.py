"""rigour's territory table, kept on disk: looked up as rigour does, read back when current."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rigour.territories import lookup_territory
from rigour.territories.lookup import _get_territory_names

from screener.matching.cache import kept_territories
from screener.places import territories
from screener.places.resolve import resolve_exact, resolve_place
from screener.places.territories import data_key, lookup, table_codes


@pytest.fixture(autouse=True)
def rigours_own_table() -> Iterator[None]:
    """Each test starts, and leaves the process, with rigour's own table."""
    territories._table = None
    lookup.cache_clear()
    resolve_exact.cache_clear()
    resolve_place.cache_clear()
    yield
    territories._table = None
    lookup.cache_clear()
    resolve_exact.cache_clear()
    resolve_place.cache_clear()


def code_of(text: str) -> str | None:
    found = lookup(text)
    return None if found is None else found.code


def kept_file(folder: Path) -> Path:
    (path,) = folder.glob("territories-*.json")
    return path


def test_lookup_finds_what_rigour_finds() -> None:
    texts = [*list(_get_territory_names())[::7], "DE", "DEU", "Q183", "KP", "xx", "Atlantis", ""]
    assert {t: lookup(t) for t in texts} == {t: lookup_territory(t) for t in texts}


def test_the_table_is_kept_and_read_back(tmp_path: Path) -> None:
    kept_territories(tmp_path)
    path = kept_file(tmp_path)
    assert path.name.startswith(f"territories-{data_key()[:32]}")
    assert json.loads(path.read_text(encoding="utf-8")) == table_codes()
    # A table read back is the one looked names up in: edited, the look-up follows it.
    codes = json.loads(path.read_text(encoding="utf-8"))
    codes["atlantis"] = "gr"
    path.write_text(json.dumps(codes), encoding="utf-8")
    territories._table = None
    lookup.cache_clear()
    assert code_of("Atlantis") is None  # rigour's own table
    kept_territories(tmp_path)
    assert code_of("Atlantis") == "gr"
    assert resolve_exact("Atlantis").code == "gr"  # what a scan resolves with


@pytest.mark.parametrize(
    "damage", ["{not json", "[]", "{}", json.dumps({"germany": "zz-not-a-code"})]
)
def test_a_damaged_table_is_rebuilt_not_trusted(tmp_path: Path, damage: str) -> None:
    kept_territories(tmp_path)
    path = kept_file(tmp_path)
    path.write_text(damage, encoding="utf-8")
    territories._table = None
    kept_territories(tmp_path)
    assert code_of("Germany") == "de"
    assert json.loads(kept_file(tmp_path).read_text(encoding="utf-8")) == table_codes()


def test_a_table_of_another_rigour_data_is_replaced(tmp_path: Path) -> None:
    stale = tmp_path / "territories-0123456789abcdef0123456789abcdef.json"
    stale.write_text(json.dumps({"germany": "fr"}), encoding="utf-8")
    kept_territories(tmp_path)
    assert not stale.exists()
    assert code_of("Germany") == "de"


def test_a_read_only_folder_keeps_nothing_and_still_looks_up(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    kept_territories(blocked / "cache")
    assert code_of("Burma") == "mm"
