"""Scale benchmark: N generated partners against every real list, timed, with peak memory.

Run from the repository root::

    python -m benchmarks.scale --rows 1000000 [--engine local|dask] [--workdir DIR]

Imports every list in ``../shared/data/sanctions`` into a fresh data directory, writes a
seeded supplier CSV, runs the scan exactly as ``screener scan --json`` does (the JSON result
is written), and prints time, rows/s and peak memory next to a brute-force RapidFuzz
baseline timed in the same run on a sample and extrapolated.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from rapidfuzz import fuzz, process

from benchmarks.scale.generate import load_pools, write_csv
from benchmarks.scale.memory import PeakMemory, cpu_seconds, peak_rss_mb
from screener.commands.scan import Kept
from screener.errors import ScreenerError
from screener.lists.ingest import ingest
from screener.lists.store import ListStore
from screener.matching import normalize_name
from screener.report.jsonout import JsonWriter
from screener.review.runs import RunRecorder
from screener.scan import ScanOptions, iter_scan

ROOT = Path(__file__).resolve().parents[2]
# The newest coherent file set of each list (see PROVENANCE.md).
LIST_FILES = {
    "us_ofac_sdn": "us_ofac_sdn/2021-07/*.csv",
    "us_ofac_cons": "us_ofac_cons/2025-12/*.csv",
    "un_sc": "un_sc/consolidated_2026-02-27.xml",
    "eu_fsf": "eu_fsf/eu_fsf_excerpt_2026-08-05.xml",
    "gb_ofsi": "gb_ofsi/ConList_2025-04-10.xlsx",
    "gb_fcdo": "gb_fcdo/UK_Sanctions_List_excerpt_2026-09-10.xml",
    "us_trade_csl": "us_trade_csl/consolidated_2022-05.csv.gz",
    "us_bis_dpl": "us_bis_dpl/dpl_2023-11.txt",
    "opensanctions": "opensanctions/yente_zala_aero_cluster.entities.ftm.json",
}


def import_lists(sanctions: Path, data_dir: Path) -> list[str]:
    """Import every list whose parser is available; say which were skipped and why."""
    store = ListStore(data_dir)
    imported = []
    for list_id, pattern in LIST_FILES.items():
        paths = sorted(sanctions.glob(pattern))
        start = time.perf_counter()
        try:
            version = ingest(store, list_id, paths)
        except (ScreenerError, ImportError) as exc:
            print(f"  {list_id:14} skipped: {type(exc).__name__}: {exc}")
            continue
        took = time.perf_counter() - start
        print(f"  {list_id:14} {version.entities:>7,} entities  ({took:.1f} s)")
        imported.append(list_id)
    return imported


def listed_names(data_dir: Path, every: int = 40) -> list[str]:
    store = ListStore(data_dir)
    return [
        entity.names[0].name
        for list_id in sorted(store.list_ids())
        for entity in store.entities(list_id)[::every]
        if entity.names
    ]


def all_list_names(data_dir: Path) -> list[str]:
    store = ListStore(data_dir)
    return [n.name for i in store.list_ids() for e in store.entities(i) for n in e.names]


def baseline(names: list[str], listed: list[str], sample: int, seed: int) -> float:
    """Seconds for brute-force WRatio of ``sample`` normalised names against every list name."""
    rng = random.Random(seed)
    queries = [normalize_name(n).key for n in rng.sample(names, min(sample, len(names)))]
    choices = sorted({normalize_name(n).key for n in listed})
    start = time.perf_counter()
    process.cdist(queries, choices, scorer=fuzz.WRatio, score_cutoff=85, workers=-1)
    return (time.perf_counter() - start) / len(queries)


def supplier_names(path: Path, limit: int) -> list[str]:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [row["name"] for _, row in zip(range(limit), reader, strict=False)]


def main() -> None:
    args = _arguments()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="screener-scale-"))
    data_dir = workdir / "data"
    print(f"Work directory: {workdir}")
    if not ListStore(data_dir).list_ids():
        print("Importing the real lists:")
        import_lists(args.data / "sanctions", data_dir)
    suppliers = workdir / f"suppliers_{args.rows}.csv"
    if not suppliers.exists():
        start = time.perf_counter()
        write_csv(
            suppliers, load_pools(args.data, listed_names(data_dir)), args.rows, seed=args.seed
        )
        print(f"Generated {args.rows:,} rows in {time.perf_counter() - start:.1f} s: {suppliers}")
    options = ScanOptions(
        data_dir=data_dir,
        offline=True,
        allow_stale=True,
        engine=args.engine,
        engine_address=args.address,
        now=datetime.now(UTC),
    )
    profiler = cProfile.Profile() if args.profile else None
    with PeakMemory() as memory:
        start = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        # As ``screener scan --json`` does: every result streams into the JSON output and
        # the run record; the reports keep every supplier up to KEEP_ALL, then the flagged.
        stream = iter_scan(suppliers, options)
        ready = time.perf_counter() - start
        print(f"Lists loaded and index built: {ready:,.1f} s")
        kept, recorder = Kept(), RunRecorder()
        with JsonWriter(workdir / "result.json") as writer:
            for batch in stream.batches():
                writer.add_batch(batch)
                recorder.add_batch(batch)
                kept.add_batch(batch)
            scanned = time.perf_counter() - start
            header = stream.header()
            writer.finish(header)
        blob = recorder.blob(header)
        total = time.perf_counter() - start
        print(
            f"JSON: {writer.bytes / max(1, writer.count):,.0f} bytes per supplier; run record "
            f"{len(blob) / 1e6:,.1f} MB; kept for the reports: {len(kept.kept):,}"
        )
        if args.xlsx:
            from screener.report.excel import write_workbook

            began = time.perf_counter()
            result = header.model_copy(update={"suppliers": kept.suppliers})
            write_workbook(
                result,
                workdir / "report.xlsx",
                methodology={},
                total_suppliers=None if kept.complete else header.summary.suppliers,
            )
            print(f"Workbook (alerts and flagged rows): {time.perf_counter() - began:,.1f} s")
        if profiler is not None:
            profiler.disable()
    summary = header.summary
    _report(args, summary.suppliers, summary.suppliers_with_matches, scanned, total)
    own, child = peak_rss_mb()
    main_cpu, workers_cpu = cpu_seconds()
    print(
        f"CPU: main process {main_cpu:,.1f} s, workers {workers_cpu:,.1f} s "
        f"({(main_cpu + workers_cpu) / max(1, summary.suppliers) * 1e6:,.0f} µs a row in all)"
    )
    print(
        f"Peak memory: {memory.peak_kb / 1024:,.0f} MB PSS summed over the process tree "
        f"({memory.readings:,} readings) "
        f"(peak RSS: main {own:,.0f} MB, largest worker {child:,.0f} MB)"
    )
    per_row = baseline(
        supplier_names(suppliers, 50_000), all_list_names(data_dir), args.sample, args.seed
    )
    projected = per_row * args.rows
    print(
        f"Brute-force baseline (RapidFuzz cdist WRatio over every list name, all cores; "
        f"timed on {args.sample:,} rows, EXTRAPOLATED to {args.rows:,}): {projected:,.1f} s "
        f"(names only: no jurisdictions, no workforce)"
    )
    print(f"Baseline / screener: {projected / total:.1f}x")
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def _report(
    args: argparse.Namespace, rows: int, flagged: int, scanned: float, total: float
) -> None:
    print(f"Engine: {args.engine}  rows: {rows:,}  with matches: {flagged:,}")
    print(f"Scan (lists loaded, index built, every row screened and streamed): {scanned:,.1f} s")
    print(f"Scan + JSON + run record written: {total:,.1f} s  →  {rows / total:,.0f} rows/s")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workdir", help="reuse lists and generated files from an earlier run")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--address", help="Dask scheduler address (default: a LocalCluster)")
    parser.add_argument("--sample", type=int, default=1_000, help="rows timed for the baseline")
    parser.add_argument("--xlsx", action="store_true", help="also write the workbook (timed)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile the main process")
    return parser.parse_args()
