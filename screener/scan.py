"""The scan: read suppliers, load lists, match, assess, summarise. One call from Python.

``prepare`` builds a picklable :class:`Screening` (the matcher over the chosen list versions,
the risk model, the workforce data and the reviewer decisions); ``Screening.screen`` turns
supplier records into contract results and is what every engine (local, Dask) runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from screener import __version__
from screener.config import Config
from screener.errors import ListDataError
from screener.gate import fails
from screener.lists.entity import Entity
from screener.lists.sources import load_sources
from screener.lists.status import read_by_earlier_parsers, select_for_scan
from screener.lists.store import ListStore, iso, utcnow
from screener.matching import Matcher, Query
from screener.matching.cache import cached_matcher
from screener.models import (
    TIERS,
    ListVersion,
    Match,
    RunInfo,
    ScanResult,
    Summary,
    SupplierResult,
    Tier,
    Workforce,
)
from screener.places import resolve_country
from screener.records import SupplierRecord
from screener.review.decisions import DecisionBook, ReviewedWorkbook
from screener.risk import Exposure, RiskModel, assess
from screener.screened import Screened, ScreenedBatch, first_country
from screener.workforce import WorkforceData, check_supplier

Progress = Callable[[int, int], None]  # (done, total)
_DECLARED_KEPT = 10_000


@dataclass(slots=True)
class ScanOptions:
    """Everything a scan needs besides the input; the CLI fills it from its options."""

    data_dir: Path
    config: Config = field(default_factory=Config)
    list_ids: list[str] | None = None
    threshold: float | None = None
    allow_stale: bool = False
    offline: bool = False
    workforce: Path | None = None
    dispositions: Path | None = None
    engine: str = "local"
    engine_address: str | None = None
    fail_on: str | None = None  # the gate of this run; None: the configuration's
    now: datetime | None = None

    @property
    def gate(self) -> str:
        """The tier at or above which the run fails (``--fail-on``, else the config's)."""
        return self.fail_on or self.config.fail_on

    def as_record(self) -> dict[str, Any]:
        """What ``rescreen`` needs to run the same scan again (kept with the run)."""
        return {
            "config": self.config.methodology(),
            "list_ids": self.list_ids,
            "threshold": self.threshold,
            "allow_stale": self.allow_stale,
            "workforce": str(self.workforce.resolve()) if self.workforce else None,
            "fail_on": self.gate,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any], *, data_dir: Path) -> ScanOptions:
        workforce = data.get("workforce")
        return cls(
            data_dir=data_dir,
            config=Config.model_validate(data.get("config", {})),
            list_ids=data.get("list_ids"),
            threshold=data.get("threshold"),
            allow_stale=bool(data.get("allow_stale")),
            workforce=Path(workforce) if workforce else None,
            fail_on=data.get("fail_on"),
        )


@dataclass(slots=True)
class Screening:
    """The prepared, picklable screening engine for one run."""

    matcher: Matcher
    risk_model: RiskModel
    config: Config
    threshold: float
    today: date
    workforce: WorkforceData | None = None
    decisions: DecisionBook | None = None
    # The reviewed workbook of the run, whose decisions ``ScanStream`` stores after the pass
    # (only there: ``prepare`` alone applies them without storing them).
    reviewed: ReviewedWorkbook | None = None
    record_hashes: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    declared: dict[tuple[bool | None, bool | None, str | None], Workforce] = field(
        default_factory=dict
    )

    def screen(self, records: Iterable[SupplierRecord]) -> list[SupplierResult]:
        return [self.screen_one(record) for record in records]

    def screen_packed(
        self, records: Iterable[SupplierRecord], *, models: bool = False
    ) -> list[Screened]:
        """``screen``, each result packed as text for the trip back to the writing process
        (a supplier without matches straight from its values, without the model, unless
        ``models``: results staying in this process keep theirs, and the places they share)."""
        if models:
            return [Screened.of(self.screen_one(record)) for record in records]
        return [self._packed(record) for record in records]

    def workforce_of(self, record: SupplierRecord) -> Workforce:
        """The workforce checks of one partner. Without a workforce file they read only the
        three declared values, so partners declaring the same share one result (read-only)."""
        if self.workforce is not None:
            return check_supplier(record, self.workforce, self.config.workforce, today=self.today)
        key = (
            record.has_nondiscrimination_policy,
            record.has_grievance_mechanism,
            record.workforce_data_date,
        )
        found = self.declared.get(key)
        if found is None:
            found = check_supplier(record, None, self.config.workforce, today=self.today)
            if len(self.declared) >= _DECLARED_KEPT:
                self.declared.clear()
            self.declared[key] = found
        return found

    def scores(self, match: Match) -> bool:
        """Whether a match counts toward the risk score (at the configured threshold)."""
        if match.disposition == "true_match":
            return True
        return match.score >= self.config.matching.threshold_for(match.list)

    def screen_one(self, record: SupplierRecord) -> SupplierResult:
        return _result(record, *self._assess(record))

    def _packed(self, record: SupplierRecord) -> Screened:
        matches, exposure, workforce = self._assess(record)
        if matches:
            return Screened.of(_result(record, matches, exposure, workforce))
        return Screened.unmatched(**_values(record, exposure, workforce))

    def _assess(self, record: SupplierRecord) -> tuple[list[Match], Exposure, Workforce]:
        """A partner's matches, exposure and workforce checks."""
        matches = [
            m.model_copy(update={"record_hash": self.record_hashes.get(m.entity_id)})
            for m in self.matcher.match(query_for(record), threshold=self.threshold)
        ]
        if self.decisions is not None:
            matches = self.decisions.apply(record.supplier_id, matches)
        workforce = self.workforce_of(record)
        # A lower --threshold shows more alerts for review; only those at the configured
        # matching threshold score (``assess`` also leaves out reviewed false positives).
        scored = [m for m in matches if self.scores(m)]
        exposure = assess(record, scored, workforce, self.risk_model, self.config.risk)
        below = len(matches) - len(scored)
        if below:
            exposure.reasons.append(
                f"{below} match(es) below the matching threshold "
                f"({self.config.matching.threshold:g}) are reported for review, not scored."
            )
        return matches, exposure, workforce


def _result(
    record: SupplierRecord, matches: list[Match], exposure: Exposure, workforce: Workforce
) -> SupplierResult:
    return SupplierResult(matches=matches, **_values(record, exposure, workforce))


def _values(record: SupplierRecord, exposure: Exposure, workforce: Workforce) -> dict[str, Any]:
    """A supplier's result, its matches aside, as keyword arguments."""
    return {
        "supplier_id": record.supplier_id,
        "row": record.row,
        "name": record.name,
        "risk_score": exposure.risk_score,
        "risk_tier": exposure.risk_tier,
        "jurisdictions": exposure.jurisdictions,
        "workforce": workforce,
        "reasons": exposure.reasons,
        "annual_spend": record.annual_spend,
    }


def query_for(record: SupplierRecord) -> Query:
    """The matching query of a supplier: its name, aliases and parents, with its identifiers."""
    names = [(record.name, "name")]
    names += [(alias, "alias") for alias in record.aliases]
    names += [(parent, "parent") for parent in record.parents]
    identifiers: dict[str, list[str]] = {}
    for kind, value in (
        ("lei", record.lei),
        ("registration", record.registration_number),
        ("imo", record.imo),
    ):
        if value:
            identifiers[kind] = [value]
    countries = sorted(
        {
            code
            for text in (*record.country_texts(), *record.operating_countries)
            if (code := resolve_country(text)) is not None
        }
    )
    return Query(names=names, countries=countries, identifiers=identifiers)


def load_entities(store: ListStore, versions: Sequence[ListVersion]) -> list[Entity]:
    entities: list[Entity] = []
    for version in versions:
        loaded = store.entities(version.id, version.version)
        if not loaded:
            raise ListDataError(f"{version.id} {version.version}: no entities stored")
        entities.extend(loaded)
    return entities


def prepare(
    options: ScanOptions, *, on_fetch: Callable[[], None] | None = None
) -> tuple[Screening, list[ListVersion]]:
    """Choose the lists (fetching them on first use unless offline), build the engine."""
    store = ListStore(options.data_dir)
    notes: list[str] = []
    if not store.list_ids() and not options.offline:
        if on_fetch is not None:
            on_fetch()
        from screener.lists.fetch import update

        outcomes = update(store, None)
        failed = [o for o in outcomes if o.status == "failed"]
        if failed:  # fail closed: never a first scan without a list that should be there
            got = ", ".join(store.list_ids()) or "none"
            raise ListDataError(
                f"downloading the official lists failed for {len(failed)} of {len(outcomes)} "
                f"(first: {failed[0].message}); downloaded: {got}. Retry with 'screener lists "
                "update', import local official files with 'screener lists import ID FILE...', "
                "or choose the lists you have with --lists"
            )
    if options.list_ids is None:  # "every list available": say which usual ones are not
        absent = [i for i, s in load_sources().items() if s.update_by_default]
        absent = [i for i in absent if i not in store.list_ids()]
        if absent:
            notes.append(
                f"Not screened against {', '.join(absent)}: no data in the store "
                "(run 'screener lists update' to add them)."
            )
    now = options.now or utcnow()
    versions = select_for_scan(
        store, options.list_ids, options.config.lists, allow_stale=options.allow_stale, now=now
    )
    for version in versions:
        source = load_sources().get(version.id)
        if source is not None and version.source is None:
            version.source = source.title
    notes += read_by_earlier_parsers(versions)
    matcher = cached_matcher(
        options.data_dir, versions, options.config.matching, lambda: load_entities(store, versions)
    )
    record_hashes: dict[str, str] = {}
    for version in versions:
        record_hashes.update(store.entity_hashes(version.id, version.version))
    threshold = (
        options.threshold if options.threshold is not None else options.config.matching.threshold
    )
    workforce = None
    if options.workforce is not None:
        from screener.workforce import read_workforce

        workforce = read_workforce(
            options.workforce, benchmarks=options.config.workforce.benchmarks
        )
    reviewed = None
    if options.dispositions is not None:
        reviewed = ReviewedWorkbook.read(options.dispositions, options.data_dir)
        decisions = reviewed.book
    else:
        decisions = DecisionBook.load(options.data_dir)
    screening = Screening(
        matcher=matcher,
        risk_model=RiskModel.default(options.config.risk),
        config=options.config,
        threshold=threshold,
        today=now.date(),
        workforce=workforce,
        decisions=decisions,
        reviewed=reviewed,
        record_hashes=record_hashes,
        notes=notes,
    )
    return screening, versions


@dataclass(slots=True)
class Tally:
    """The summary of a scan, kept one result at a time (the results need not be kept)."""

    suppliers: int = 0
    with_matches: int = 0
    by_tier: dict[Tier, int] = field(default_factory=lambda: dict.fromkeys(TIERS, 0))
    spend: dict[Tier, float] = field(default_factory=lambda: dict.fromkeys(TIERS, 0.0))
    by_country: dict[str, float] = field(default_factory=dict)
    weighted_risk: float = 0.0
    without_spend: int = 0

    def add(self, result: SupplierResult | Screened) -> None:
        if isinstance(result, Screened):
            matched, country = result.matched, result.country
        else:
            matched, country = bool(result.matches), first_country(result)
        self.suppliers += 1
        self.by_tier[result.risk_tier] += 1
        self.with_matches += matched
        spend = result.annual_spend
        if spend is None:
            self.without_spend += 1
            return
        self.spend[result.risk_tier] += spend
        self.weighted_risk += spend * result.risk_score
        key = country or "unresolved"
        self.by_country[key] = self.by_country.get(key, 0.0) + spend

    def add_batch(self, batch: ScreenedBatch) -> None:
        """``add`` for each supplier of a batch, in order (the same sums, column by column)."""
        self.suppliers += len(batch)
        by_tier, spend_by_tier, by_country = self.by_tier, self.spend, self.by_country
        for tier, score, flags, spend, country in zip(
            batch.risk_tiers,
            batch.risk_scores,
            batch.flags,
            batch.annual_spend,
            batch.countries,
            strict=True,
        ):
            by_tier[tier] += 1
            self.with_matches += flags & 1
            if spend is None:
                self.without_spend += 1
                continue
            spend_by_tier[tier] += spend
            self.weighted_risk += spend * score
            key = country or "unresolved"
            by_country[key] = by_country.get(key, 0.0) + spend

    def summary(self) -> Summary:
        total = sum(self.spend.values())
        countries = sorted(self.by_country.items(), key=lambda kv: (-kv[1], kv[0]))
        return Summary(
            suppliers=self.suppliers,
            by_tier=dict(self.by_tier),
            suppliers_with_matches=self.with_matches,
            spend_by_tier={tier: round(value, 2) for tier, value in self.spend.items()},
            spend_by_country={code: round(value, 2) for code, value in countries},
            spend_weighted_risk=round(self.weighted_risk / total, 1) if total else None,
            suppliers_without_spend=self.without_spend,
        )


def summarise(results: Iterable[SupplierResult | Screened]) -> Summary:
    tally = Tally()
    for result in results:
        tally.add(result)
    return tally.summary()


def build_result(
    *,
    results: list[SupplierResult],
    versions: list[ListVersion],
    input_path: Path,
    input_sha256: str,
    threshold: float,
    config: Config,
    started_at: datetime,
    notes: list[str] | None = None,
    summary: Summary | None = None,
    fail_on: str | None = None,
) -> ScanResult:
    from screener.risk import MODEL_VERSION

    return ScanResult(
        run=RunInfo(
            tool_version=__version__,
            started_at=iso(started_at),
            input_sha256=input_sha256,
            threshold=threshold,
            lists=versions,
            input=str(input_path.resolve()),
            fail_on=fail_on or config.fail_on,
            config_sha256=config.sha256(),
            model_version=MODEL_VERSION,
            notes=notes or [],
        ),
        summary=summary if summary is not None else summarise(results),
        suppliers=results,
    )


class ScanStream:
    """One scan's results as they are screened, in input order, for a single pass.

    Each result comes as a :class:`~screener.screened.Screened` (its contract JSON text and
    the values the summary adds up; ``.result()`` gives the model), or with ``batches()`` a
    batch of them at once (:class:`~screener.screened.ScreenedBatch`: its texts are copied
    out at once). The summary and the run's notes are kept as results pass, so a caller may
    write each result out and drop it: memory holds the list index and a few batches, not
    the run.
    ``header()`` (after the pass) is the contract result without its suppliers.
    """

    def __init__(
        self,
        results: Iterator[ScreenedBatch],
        *,
        screening: Screening,
        versions: list[ListVersion],
        input_path: Path,
        input_sha256: str,
        options: ScanOptions,
        started_at: datetime,
    ) -> None:
        self._results = results
        self.screening = screening
        self.versions = versions
        self.input_path = input_path
        self.input_sha256 = input_sha256
        self.options = options
        self.started_at = started_at
        self.tally = Tally()
        self.finished = False
        self._started = False
        self._ids: set[str] | None = set() if screening.workforce is not None else None
        self._review_notes: list[str] = []

    def __iter__(self) -> Iterator[Screened]:
        for batch in self.batches():
            yield from batch

    def batches(self) -> Iterator[ScreenedBatch]:
        """The results, a batch at a time (read this or the stream itself, once)."""
        if self.finished or self._started:
            raise RuntimeError("a scan stream can be read only once")
        self._started = True
        reviewed = self.screening.reviewed
        for batch in self._results:
            self.tally.add_batch(batch)
            if self._ids is not None:
                self._ids.update(batch.ids)
            if reviewed is not None:
                reviewed.observe(batch)
            yield batch
        if reviewed is not None:  # the alerts are known: store the decisions made on them
            self._review_notes = reviewed.settle(self.options.data_dir)
        self.finished = True

    def header(self, suppliers: list[SupplierResult] | None = None) -> ScanResult:
        """The contract result: run, the summary of every result, and ``suppliers``."""
        if not self.finished:
            raise RuntimeError("the scan stream has not been read to its end")
        return build_result(
            results=suppliers or [],
            versions=self.versions,
            input_path=self.input_path,
            input_sha256=self.input_sha256,
            threshold=self.screening.threshold,
            config=self.options.config,
            started_at=self.started_at,
            notes=[
                *self.screening.notes,
                *self._review_notes,
                *unused_workforce(self.screening, self._ids or set()),
            ],
            summary=self.tally.summary(),
            fail_on=self.options.gate,
        )


def iter_scan(
    input_path: Path,
    options: ScanOptions,
    *,
    progress: Progress | None = None,
    on_fetch: Callable[[], None] | None = None,
) -> ScanStream:
    """Start a scan and return its results as a stream (see :class:`ScanStream`).

    The input is checked and the lists are loaded before this returns; the input then
    streams through in chunks and is screened by ``options.engine`` (``local``: every core
    of this machine; ``dask``: a Dask cluster) as the stream is read.
    """
    from screener.engines import check_engine, run_engine
    from screener.inputs import iter_supplier_chunks
    from screener.inputs.files import sha256_of

    started = options.now or utcnow()
    check_engine(options.engine)
    chunks = iter_supplier_chunks(input_path)
    first = next(chunks)  # a bad header or file fails before any list is loaded
    input_sha256 = sha256_of(input_path)
    screening, versions = prepare(options, on_fetch=on_fetch)
    read = len(first)

    def counted() -> Iterator[list[SupplierRecord]]:
        nonlocal read
        yield first
        for chunk in chunks:
            read += len(chunk)
            yield chunk

    def screened(done: int) -> None:
        if progress is not None:
            progress(done, max(read, done))  # the total grows as the file is read

    def results() -> Iterator[ScreenedBatch]:
        yield from run_engine(
            options.engine,
            screening,
            counted(),
            address=options.engine_address,
            on_screened=screened,
        )

    return ScanStream(
        results(),
        screening=screening,
        versions=versions,
        input_path=input_path,
        input_sha256=input_sha256,
        options=options,
        started_at=started,
    )


def scan(
    input_path: Path,
    options: ScanOptions,
    *,
    progress: Progress | None = None,
    on_fetch: Callable[[], None] | None = None,
) -> ScanResult:
    """Screen a supplier file end to end and return the whole contract result in memory.

    For big files read :func:`iter_scan` instead and write each result out as it comes.
    """
    stream = iter_scan(input_path, options, progress=progress, on_fetch=on_fetch)
    return stream.header([screened.result() for screened in stream])


def unused_workforce(screening: Screening, supplier_ids: Iterable[str]) -> list[str]:
    """Workforce rows whose supplier is not in the input are not used: say so."""
    if screening.workforce is None:
        return []
    unknown = sorted(set(screening.workforce.supplier_ids) - set(supplier_ids))
    if not unknown:
        return []
    shown = ", ".join(unknown[:5]) + (", …" if len(unknown) > 5 else "")
    return [
        f"The workforce file has rows for {len(unknown)} supplier id(s) not in the input "
        f"({shown}); they were not used."
    ]


def exit_code(result: ScanResult, fail_on: str) -> int:
    """0: nobody at or above ``fail_on``; 1: at least one supplier is (contract).

    Read from the summary, so a result holding only the flagged suppliers answers the same.
    """
    return int(
        any(count and fails(tier, fail_on) for tier, count in result.summary.by_tier.items())
    )
