"""``screener scan`` and ``screener rescreen``."""

from __future__ import annotations

import heapq
import itertools
import sys
import zlib
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from screener import termination
from screener.config import load_config
from screener.errors import InputError
from screener.gate import check_fail_on
from screener.inputs.files import sha256_of
from screener.lists.sources import parse_list_ids
from screener.models import ScanResult, SupplierResult, dump_json
from screener.report.jsonout import JsonWriter
from screener.report.output import check_output
from screener.review.runs import RunRecorder, compare, last_run, record_run
from screener.scan import ScanOptions, exit_code, iter_scan, scan
from screener.screened import Screened, ScreenedBatch

# Suppliers kept whole for the workbook, JUnit and summary, up to KEEP_ALL; a bigger run keeps
# every supplier with matches and the KEEP_FLAGGED most exposed of the other flagged ones.
KEEP_ALL = 25_000
KEEP_FLAGGED = 25_000
# Alerts kept beyond KEEP_ALL are compressed (their number has no bound of its own).
PACK_LEVEL = 1


@dataclass(slots=True)
class KeptSupplier:
    """A supplier kept for the reports: its contract text (compressed for alerts of a big
    run), with what ranks it."""

    supplier_id: str
    row: int
    risk_score: float
    matched: bool
    flagged: bool
    text: bytes | None = None  # UTF-8
    packed: bytes | None = field(default=None, repr=False)

    @classmethod
    def of(cls, supplier: Screened) -> KeptSupplier:
        return cls(
            supplier.supplier_id,
            supplier.row,
            supplier.risk_score,
            supplier.matched,
            supplier.flagged,
            text=supplier.text,
        )

    def pack(self) -> KeptSupplier:
        """The same supplier with its text compressed (less than half the size)."""
        if self.text is not None:
            self.packed = zlib.compress(self.text, PACK_LEVEL)
            self.text = None
        return self

    def result(self) -> SupplierResult:
        """The contract model, read back from the text."""
        if self.text is not None:
            return SupplierResult.model_validate_json(self.text)
        return SupplierResult.model_validate_json(zlib.decompress(self.packed or b""))


class Kept:
    """What the workbook, the JUnit report and the console summary read.

    Every supplier up to ``limit``; beyond it every supplier with matches (alerts: reviewers
    must disposition them; kept compressed, as their number has no bound of its own) and, of
    the other flagged suppliers (tier medium or above), the ``flagged_limit`` most exposed
    (highest risk score, then earliest input row), chosen with a heap as results stream in.
    Memory is bounded by ``limit`` and ``flagged_limit`` texts. ``dropped`` counts the flagged
    suppliers left out; the JSON output always has every supplier.
    """

    def __init__(self, limit: int | None = None, flagged_limit: int | None = None) -> None:
        self.limit = KEEP_ALL if limit is None else limit
        self.flagged_limit = KEEP_FLAGGED if flagged_limit is None else flagged_limit
        self.complete = True  # True while every supplier seen is kept
        self.seen = 0
        self.flagged = 0  # flagged suppliers seen
        self.dropped = 0  # flagged suppliers left out of the reports
        self._everyone: list[KeptSupplier] = []  # while complete
        self._alerts: list[KeptSupplier] = []
        # Min-heap of (score, -row, arrival, item): its top is the least exposed kept.
        self._exposed: list[tuple[float, int, int, KeptSupplier]] = []
        self._arrival = itertools.count()  # orders entries of equal score and row

    def add(self, supplier: Screened) -> None:
        self.seen += 1
        self.flagged += supplier.flagged
        if self.complete:
            self._everyone.append(KeptSupplier.of(supplier))
            if len(self._everyone) > self.limit:
                self._narrow()
        elif supplier.matched:
            self._alerts.append(KeptSupplier.of(supplier).pack())
        elif supplier.flagged:
            self._offer(supplier)

    def add_batch(self, batch: ScreenedBatch) -> None:
        """``add`` for each supplier of a batch; once not every supplier is kept, only the
        flagged ones of a batch are put back together."""
        if self.complete:
            for supplier in batch:
                self.add(supplier)
            return
        self.seen += len(batch)
        self.flagged += batch.flagged
        for supplier in batch.select(self._candidates(batch)):
            if supplier.matched:
                self._alerts.append(KeptSupplier.of(supplier).pack())
            elif supplier.flagged:
                self._offer(supplier)

    def _candidates(self, batch: ScreenedBatch) -> list[int]:
        """Where the batch's alerts are, and its other flagged suppliers that may enter the
        heap: those less exposed than its least exposed entry now are dropped unread (the
        entry only rises as the batch is read, so none of them would have entered)."""
        heap, room = self._exposed, len(self._exposed) < self.flagged_limit
        floor = heap[0][:2] if heap else None
        scores, rows = batch.risk_scores, batch.rows
        out: list[int] = []
        for i, flags in enumerate(batch.flags):
            if not flags:
                continue
            if flags & 1 or room or (floor is not None and (scores[i], -rows[i]) > floor):
                out.append(i)
            else:
                self.dropped += 1
        return out

    def __len__(self) -> int:
        return len(self._everyone) + len(self._alerts) + len(self._exposed)

    @property
    def kept(self) -> list[KeptSupplier]:
        """The kept suppliers in input order."""
        items = self._everyone + self._alerts + [entry[-1] for entry in self._exposed]
        return sorted(items, key=lambda item: item.row)

    @property
    def suppliers(self) -> list[SupplierResult]:
        """The kept suppliers as contract models, in input order."""
        return [item.result() for item in self.kept]

    def _narrow(self) -> None:
        """Past ``limit``: keep the alerts and the most exposed of the other flagged."""
        everyone, self._everyone = self._everyone, []
        self.complete = False
        for item in everyone:
            if item.matched:
                self._alerts.append(item.pack())
            elif item.flagged:
                self._offer(item)

    def _offer(self, supplier: Screened | KeptSupplier) -> None:
        score, row, heap = supplier.risk_score, supplier.row, self._exposed
        if len(heap) < self.flagged_limit:
            heapq.heappush(heap, (score, -row, next(self._arrival), _kept(supplier)))
            return
        self.dropped += 1
        if heap and (score, -row) > heap[0][:2]:
            heapq.heapreplace(heap, (score, -row, next(self._arrival), _kept(supplier)))


def _kept(supplier: Screened | KeptSupplier) -> KeptSupplier:
    return supplier if isinstance(supplier, KeptSupplier) else KeptSupplier.of(supplier)


def parse_engine(value: str) -> tuple[str, str | None]:
    """``local``, ``dask`` or ``dask=ADDRESS``."""
    name, _, address = value.partition("=")
    if name not in ("local", "dask") or (name == "local" and address):
        raise InputError(f"--engine must be local, dask or dask=ADDRESS, not {value!r}")
    return name, address or None


def run_scan(
    input: Path,
    *,
    xlsx: Path | None,
    json_out: str | None,
    lists: str | None,
    threshold: float | None,
    fail_on: str | None,
    config_path: Path | None,
    data_dir: Path,
    workforce: Path | None,
    dispositions: Path | None,
    junit: Path | None,
    engine: str,
    allow_stale: bool,
    offline: bool,
    interactive: bool,
    quiet: bool,
    console: Console,
) -> int:
    if fail_on is not None:
        fail_on = check_fail_on(fail_on)
    engine_name, address = parse_engine(engine)
    check_outputs(xlsx=xlsx, json_out=json_out, junit=junit, input=input)
    config = load_config(config_path)
    options = ScanOptions(
        data_dir=data_dir,
        config=config,
        list_ids=parse_list_ids(lists),
        threshold=threshold,
        allow_stale=allow_stale,
        offline=offline,
        workforce=workforce,
        dispositions=dispositions,
        engine=engine_name,
        engine_address=address,
        fail_on=fail_on,
    )
    gate = options.gate
    bar = (
        Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        if interactive
        else None
    )
    with bar if bar is not None else nullcontext():
        task = bar.add_task("screening", total=None) if bar is not None else None

        def advance(done: int, total: int) -> None:
            if bar is not None and task is not None:
                bar.update(task, completed=done, total=total)

        def fetching() -> None:
            if not quiet:
                console.print("No list data yet: downloading the official lists first.")

        stream = iter_scan(input, options, progress=advance, on_fetch=fetching)
        kept, recorder = Kept(), RunRecorder()
        with ExitStack() as stack:
            writer = None
            if json_out is not None:
                target = None if json_out == "-" else Path(json_out)
                writer = stack.enter_context(JsonWriter(target))
            for batch in stream.batches():
                termination.check()
                if writer is not None:
                    writer.add_batch(batch)
                recorder.add_batch(batch)
                kept.add_batch(batch)
            header = stream.header()
            if bar is not None:
                bar.stop()
            if writer is not None:
                writer.finish(header)
    result = header.model_copy(update={"suppliers": kept.suppliers})
    total = None if kept.complete else header.summary.suppliers
    write_outputs(
        result, xlsx=xlsx, json_out=None, junit=junit, fail_on=gate, config=config, total=total
    )
    if kept.complete:
        record_run(data_dir, result, options.as_record())
    else:
        record_run(data_dir, header, options.as_record(), recorder=recorder)
    if not quiet:
        from screener.report.console import render_summary

        if json_out == "-":
            console.print()
        outputs = [("Workbook", str(xlsx))] if xlsx is not None else []
        outputs += [("JSON", json_out)] if json_out not in (None, "-") else []
        outputs += [("JUnit", str(junit))] if junit is not None else []
        render_summary(result, console, fail_on=gate, outputs=outputs)
    return exit_code(result, gate)


WORKBOOK_SUFFIXES = frozenset({".xlsx"})


def check_outputs(
    *, xlsx: Path | None, json_out: str | None, junit: Path | None, input: Path | None = None
) -> None:
    """Every report path is usable, and none is the input, before anything is screened."""
    targets = [(xlsx, "workbook"), (junit, "JUnit report")]
    targets += [(Path(json_out), "JSON output")] if json_out not in (None, "-") else []
    for path, what in targets:
        if path is None:
            continue
        check_output(path, what)
        if path is xlsx and path.suffix.lower() not in WORKBOOK_SUFFIXES:
            # Excel refuses a workbook named otherwise (``report.csv`` opened as text is noise).
            raise InputError(f"the workbook {path} must be named .xlsx (--xlsx report.xlsx)")
        if input is not None and path.exists() and input.exists() and path.samefile(input):
            raise InputError(f"the {what} {path} would overwrite the input file")


def write_outputs(
    result: ScanResult,
    *,
    xlsx: Path | None,
    json_out: str | None,
    junit: Path | None,
    fail_on: str,
    config: object,
    total: int | None = None,
) -> None:
    """Write the requested reports of ``result``; ``total`` says the run screened more
    suppliers than ``result`` holds (a big run keeps only its flagged suppliers)."""
    from screener.config import Config

    if json_out is not None:
        text = dump_json(result)
        if json_out == "-":
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            _write(Path(json_out), text)
    if xlsx is not None:
        from screener.report.excel import write_workbook

        methodology = config.methodology() if isinstance(config, Config) else {}
        write_workbook(result, xlsx, methodology=methodology, total_suppliers=total)
    if junit is not None:
        from screener.report.junit import write_junit

        write_junit(result, junit, fail_on=fail_on)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None


def run_rescreen(
    *,
    json_out: str | None,
    xlsx: Path | None,
    data_dir: Path,
    allow_stale: bool,
    offline: bool,
    quiet: bool,
    console: Console,
) -> int:
    check_outputs(xlsx=xlsx, json_out=json_out, junit=None)
    previous = last_run(data_dir)
    if not previous.input_path.is_file():
        raise InputError(f"the last scanned file {previous.input_path} is no longer there")
    if sha256_of(previous.input_path) != previous.input_sha256:
        raise InputError(
            f"{previous.input_path} has changed since run {previous.run_id}: rescreen compares "
            "the same file against new lists; scan the new file with 'screener scan'"
        )
    options = ScanOptions.from_record(previous.options, data_dir=data_dir)
    options.allow_stale = allow_stale  # staleness is judged now, not as it was then
    options.offline = offline
    config = options.config
    gate = options.gate
    result = scan(previous.input_path, options)
    report = compare(previous.result, result, previous.run_id)
    write_outputs(result, xlsx=xlsx, json_out=None, junit=None, fail_on=gate, config=config)
    if json_out is not None:
        text = report.model_dump_json(by_alias=True, indent=2) + "\n"
        if json_out == "-":
            sys.stdout.write(text)
        else:
            _write(Path(json_out), text)
    record_run(data_dir, result, options.as_record())
    if not quiet:
        console.print(
            f"Re-screened {previous.input_path} (run {previous.run_id} → now): "
            f"{len(report.changes)} supplier(s) changed."
        )
        for change in report.changes:
            console.print(
                f"  {change.supplier_id} {change.name}: {change.old_tier} → {change.new_tier}"
                + (f"; new alerts: {', '.join(change.new_matches)}" if change.new_matches else "")
                + (f"; gone: {', '.join(change.gone_matches)}" if change.gone_matches else ""),
                markup=False,
            )
    return exit_code(result, gate)
