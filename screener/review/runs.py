"""The history of runs: input hash, options, list versions and results of every scan, so that
``rescreen`` can re-run the last input against updated lists and report what changed."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from screener.errors import InputError
from screener.models import ScanResult, SupplierResult, Tier
from screener.review.db import connect
from screener.screened import Screened, ScreenedBatch, slim_text


@dataclass(frozen=True, slots=True)
class StoredRun:
    run_id: int
    input_path: Path
    input_sha256: str
    options: dict[str, Any]
    result: ScanResult


class RunRecorder:
    """Compress a run's suppliers as they are screened, for ``record_run`` at the end.

    Each supplier is kept with what ``rescreen`` compares (id, name, score, tier, matches);
    places, reasons and workforce are in the run's JSON output. The stored text is the
    result's JSON with ``suppliers`` first (key order does not matter to a JSON reader).
    """

    def __init__(self) -> None:
        # Fast compression: the run history is written as the scan goes, on its critical path.
        self._zip = zlib.compressobj(1)
        self._parts: list[bytes] = [self._zip.compress(b'{"suppliers":[')]
        self.count = 0

    def add(self, supplier: SupplierResult | Screened) -> None:
        text = supplier.slim if isinstance(supplier, Screened) else slim_text(supplier)
        if self.count:
            self._parts.append(self._zip.compress(b","))
        self._parts.append(self._zip.compress(text))
        self.count += 1

    def add_batch(self, batch: ScreenedBatch) -> None:
        """``add`` for each supplier of a batch, compressed at once."""
        if not len(batch):
            return
        if self.count:
            self._parts.append(self._zip.compress(b","))
        self._parts.append(self._zip.compress(batch.slims))
        self.count += len(batch)

    def blob(self, header: ScanResult) -> bytes:
        rest = header.model_dump_json(by_alias=True, exclude={"suppliers"})
        self._parts.append(self._zip.compress(b"]," + rest[1:].encode("utf-8")))
        self._parts.append(self._zip.flush())
        return b"".join(self._parts)


def record_run(
    data_dir: Path,
    result: ScanResult,
    options: dict[str, Any],
    *,
    recorder: RunRecorder | None = None,
) -> int:
    """Keep a finished scan; returns its run id.

    With a ``recorder`` (a streamed run), ``result`` is the run and summary and the
    suppliers are the recorder's; otherwise ``result`` is stored whole.
    """
    if recorder is not None:
        blob = recorder.blob(result)
    else:
        blob = zlib.compress(result.model_dump_json(by_alias=True).encode("utf-8"), 6)
    with connect(data_dir) as conn:
        cursor = conn.execute(
            "INSERT INTO runs (started_at, input_path, input_sha256, options, lists, summary, "
            "result) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                result.run.started_at,
                result.run.input or "",
                result.run.input_sha256,
                json.dumps(options, sort_keys=True),
                json.dumps([v.model_dump() for v in result.run.lists], sort_keys=True),
                result.summary.model_dump_json(),
                blob,
            ),
        )
        return int(cursor.lastrowid or 0)


def last_run(data_dir: Path) -> StoredRun:
    with connect(data_dir) as conn:
        row = conn.execute(
            "SELECT run_id, input_path, input_sha256, options, result FROM runs "
            "ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
    if row is None:
        raise InputError(f"no earlier scan is recorded in {data_dir}: run 'screener scan' first")
    result = ScanResult.model_validate_json(zlib.decompress(row[4]))
    return StoredRun(row[0], Path(row[1]), row[2], json.loads(row[3]), result)


class SupplierChange(BaseModel):
    """What changed for one supplier between two runs."""

    model_config = ConfigDict(extra="forbid")

    supplier_id: str
    name: str
    old_tier: Tier | None
    new_tier: Tier | None
    old_score: float | None
    new_score: float | None
    new_matches: list[str] = Field(default_factory=list)
    gone_matches: list[str] = Field(default_factory=list)


class RescreenReport(BaseModel):
    """``screener rescreen --json``: only what changed since the last run."""

    model_config = ConfigDict(extra="forbid")

    previous_run: int
    previous_lists: dict[str, str]
    current_lists: dict[str, str]
    changes: list[SupplierChange]
    result: ScanResult


def compare(old: ScanResult, new: ScanResult, previous_run: int) -> RescreenReport:
    """Suppliers whose tier, score or alerts differ between two runs, in input order."""
    before = {s.supplier_id: s for s in old.suppliers}
    changes: list[SupplierChange] = []
    seen: set[str] = set()
    for supplier in new.suppliers:
        seen.add(supplier.supplier_id)
        change = _change(before.get(supplier.supplier_id), supplier)
        if change is not None:
            changes.append(change)
    for supplier in old.suppliers:
        if supplier.supplier_id not in seen:
            changes.append(_change(supplier, None) or _gone(supplier))
    return RescreenReport(
        previous_run=previous_run,
        previous_lists={v.id: v.version for v in old.run.lists},
        current_lists={v.id: v.version for v in new.run.lists},
        changes=changes,
        result=new,
    )


def _alerts(supplier: SupplierResult | None) -> set[str]:
    if supplier is None:
        return set()
    return {f"{m.entity_id} ({m.matched_name})" for m in supplier.matches}


def _change(old: SupplierResult | None, new: SupplierResult | None) -> SupplierChange | None:
    base = new or old
    assert base is not None
    added = sorted(_alerts(new) - _alerts(old))
    gone = sorted(_alerts(old) - _alerts(new))
    same_tier = old is not None and new is not None and old.risk_tier == new.risk_tier
    same_score = old is not None and new is not None and old.risk_score == new.risk_score
    if same_tier and same_score and not added and not gone:
        return None
    return SupplierChange(
        supplier_id=base.supplier_id,
        name=base.name,
        old_tier=old.risk_tier if old else None,
        new_tier=new.risk_tier if new else None,
        old_score=old.risk_score if old else None,
        new_score=new.risk_score if new else None,
        new_matches=added,
        gone_matches=gone,
    )


def _gone(old: SupplierResult) -> SupplierChange:
    return SupplierChange(
        supplier_id=old.supplier_id,
        name=old.name,
        old_tier=old.risk_tier,
        new_tier=None,
        old_score=old.risk_score,
        new_score=None,
    )
