"""What a scan keeps for its reports: everyone up to a limit, then the alerts and the most
exposed of the other flagged suppliers, in input order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from screener.commands.scan import Kept
from screener.models import SupplierResult
from screener.scan import ScanOptions, iter_scan
from screener.screened import Screened
from tests.engines.conftest import engine_store, partners

__all__ = ["engine_store", "partners"]  # the real scan's fixtures, used below


@pytest.fixture(scope="module")
def screened(partners: Path, engine_store: Path) -> list[Screened]:
    """Every supplier of the partners file as the scan streams it, in input order."""
    options = ScanOptions(data_dir=engine_store, offline=True, allow_stale=True)
    return list(iter_scan(partners, options))


def keep(items: list[Screened], limit: int, flagged_limit: int) -> Kept:
    kept = Kept(limit, flagged_limit)
    for item in items:
        kept.add(item)
    return kept


def exposure(item: Screened) -> tuple[float, int]:
    """Most exposed first: highest score, then earliest row."""
    return (-item.risk_score, item.row)


def others(items: list[Screened]) -> list[Screened]:
    """Flagged suppliers without matches."""
    return [s for s in items if s.flagged and not s.matched]


def test_everyone_is_kept_up_to_the_limit(screened: list[Screened]) -> None:
    kept = keep(screened, limit=len(screened), flagged_limit=0)
    assert kept.complete
    assert kept.dropped == 0
    assert len(kept) == len(kept.kept) == len(screened)
    assert kept.flagged == sum(s.flagged for s in screened)
    assert kept.suppliers == [s.result() for s in screened]


def test_past_the_limit_every_alert_is_kept_and_the_cap_holds(screened: list[Screened]) -> None:
    alerts = [s for s in screened if s.matched]
    flagged = [s for s in screened if s.flagged]
    assert len(alerts) > 10 and len(others(screened)) > 200  # the fixture is big enough
    kept = keep(screened, limit=100, flagged_limit=50)
    assert not kept.complete
    ids = {item.supplier_id for item in kept.kept}
    assert {s.supplier_id for s in alerts} <= ids
    assert sum(not item.matched for item in kept.kept) == 50
    assert all(item.flagged for item in kept.kept)
    assert kept.flagged == len(flagged)
    assert kept.dropped == len(flagged) - len(alerts) - 50 == len(flagged) - len(kept)


def test_no_cap_room_keeps_only_the_alerts(screened: list[Screened]) -> None:
    kept = keep(screened, limit=10, flagged_limit=0)
    assert [item.supplier_id for item in kept.kept] == [
        s.supplier_id for s in screened if s.matched
    ]


def test_the_kept_are_the_most_exposed_ties_by_input_row(screened: list[Screened]) -> None:
    ranked = sorted(others(screened), key=exposure)
    # A cap that falls inside a run of equal scores, so the row decides who stays.
    cap = next(
        n for n in range(20, len(ranked)) if ranked[n - 1].risk_score == ranked[n].risk_score
    )
    kept = keep(screened, limit=100, flagged_limit=cap)
    kept_others = {item.supplier_id for item in kept.kept if not item.matched}
    assert kept_others == {s.supplier_id for s in ranked[:cap]}
    lowest_kept = min(item.risk_score for item in kept.kept if not item.matched)
    assert all(s.risk_score <= lowest_kept for s in ranked[cap:])


def test_input_order_whatever_the_arrival_order(screened: list[Screened]) -> None:
    in_order = keep(screened, limit=100, flagged_limit=120)
    shuffled = list(screened)
    random.Random(5).shuffle(shuffled)
    arrived = keep(shuffled, limit=100, flagged_limit=120)
    rows = [item.row for item in arrived.kept]
    assert rows == sorted(rows)
    assert [item.supplier_id for item in arrived.kept] == [
        item.supplier_id for item in in_order.kept
    ]
    assert arrived.suppliers == in_order.suppliers
    assert arrived.dropped == in_order.dropped > 0


def test_kept_texts_read_back_exactly_and_alerts_of_a_big_run_are_compressed(
    screened: list[Screened],
) -> None:
    kept = keep(screened, limit=100, flagged_limit=300)
    by_id = {s.supplier_id: s for s in screened}
    alerts = 0
    for item, model in zip(kept.kept, kept.suppliers, strict=True):
        original = by_id[item.supplier_id]
        assert model == SupplierResult.model_validate_json(original.text)
        if item.matched:  # no bound of their own: compressed
            alerts += 1
            assert item.text is None and item.packed is not None
            assert len(item.packed) * 2 < len(original.text)
        else:
            assert item.text == original.text
    assert alerts > 0
