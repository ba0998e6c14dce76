"""One screened supplier as it travels from a worker to the process writing the reports.

A worker turns each :class:`~screener.models.SupplierResult` into its contract JSON text (the
text the JSON output holds), the slim text the run history keeps, and the few values the
summary adds up. Text crosses a process boundary about a hundred times faster than a tree of
pydantic models, and the writing process then has nothing to serialise: it copies the text
out and reads the model back (:meth:`Screened.result`) only for the suppliers a report keeps.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel
from pydantic_core import to_json

from screener.models import TIERS, Jurisdiction, SupplierResult, Tier, Workforce

# Suppliers are items of a list two levels deep in the JSON result.
ITEM_INDENT = "    "
# The fields ``supplier_text`` puts together, in the model's order (the whole model is
# written instead should it ever have others).
FIELDS = (
    "supplier_id", "row", "name", "risk_score", "risk_tier", "matches", "jurisdictions",
    "workforce", "reasons", "annual_spend",
)  # fmt: skip
_COMPOSABLE = tuple(SupplierResult.model_fields) == FIELDS
# Texts of shared places and workforce results (by id, with the object, so the id is not
# reused while its entry lives), as they appear inside a supplier.
_PARTS: dict[int, tuple[BaseModel, bytes]] = {}
_PARTS_KEPT = 5_000
# Texts of places after their ``input`` line, by everything else they hold: a street address
# is a place of its own on every row, but its country's text is the same on each.
_PLACE_RESTS: dict[tuple[object, ...], bytes] = {}
_BY_INPUT = tuple(Jurisdiction.model_fields) == (
    "input", "code", "role", "risk_score", "sources", "name", "tier"
)  # fmt: skip
# What ``rescreen`` compares of a supplier (the run history keeps only these fields).
SLIM_FIELDS = frozenset(
    {"supplier_id", "row", "name", "risk_score", "risk_tier", "matches", "annual_spend"}
)


def supplier_text(supplier: SupplierResult) -> str:
    """One supplier as it appears inside the ``suppliers`` list of ``dump_json``."""
    return supplier_bytes(supplier).decode("utf-8")


def supplier_bytes(supplier: SupplierResult) -> bytes:
    """``supplier_text``, UTF-8 encoded, as the JSON output and the trip between processes
    take it.

    A supplier without matches is put together from the texts of its places and workforce
    result, which partners share and which are written (and encoded) once each; the text is
    the same, character for character, as the whole model's (tested).
    """
    if (
        supplier.matches
        or not _COMPOSABLE
        or not _finite(supplier.risk_score, supplier.annual_spend)
    ):
        text = supplier.model_dump_json(by_alias=True, indent=2)
        return (ITEM_INDENT + _indented(text, ITEM_INDENT)).encode("utf-8")
    return _composed(
        supplier.supplier_id,
        supplier.row,
        supplier.name,
        supplier.risk_score,
        supplier.risk_tier,
        supplier.jurisdictions,
        supplier.workforce,
        supplier.reasons,
        supplier.annual_spend,
    )


def _composed(
    supplier_id: str,
    row: int,
    name: str,
    risk_score: float,
    risk_tier: Tier,
    jurisdictions: list[Jurisdiction],
    workforce: Workforce,
    reasons: list[str],
    annual_spend: float | None,
) -> bytes:
    """The text of a supplier without matches, put together from its values."""
    places = b",\n".join(_ITEM + _place(j, _ITEM_TEXT) for j in jurisdictions)
    listed = b"[\n" + places + b"\n" + _INNER + b"]" if places else b"[]"
    return b"".join(
        (
            _OPEN,
            to_json(supplier_id),
            _ROW,
            to_json(row),
            _NAME,
            to_json(name),
            _RISK_SCORE,
            to_json(risk_score),
            _RISK_TIER,
            to_json(risk_tier),
            _JURISDICTIONS,
            listed,
            _WORKFORCE,
            _part(workforce, _INNER_TEXT),
            _REASONS,
            to_json(reasons, indent=2).replace(b"\n", b"\n" + _INNER),
            _ANNUAL_SPEND,
            to_json(annual_spend),
            _CLOSE,
        )
    )


_INNER_TEXT = ITEM_INDENT + "  "
_ITEM_TEXT = _INNER_TEXT + "  "
_INNER, _ITEM = _INNER_TEXT.encode(), _ITEM_TEXT.encode()
_OPEN = f'{ITEM_INDENT}{{\n{_INNER_TEXT}"supplier_id": '.encode()
_ROW, _NAME, _RISK_SCORE, _RISK_TIER = (
    f',\n{_INNER_TEXT}"{key}": '.encode() for key in ("row", "name", "risk_score", "risk_tier")
)
_JURISDICTIONS = f',\n{_INNER_TEXT}"matches": [],\n{_INNER_TEXT}"jurisdictions": '.encode()
_WORKFORCE, _REASONS, _ANNUAL_SPEND = (
    f',\n{_INNER_TEXT}"{key}": '.encode() for key in ("workforce", "reasons", "annual_spend")
)
_CLOSE = f"\n{ITEM_INDENT}}}".encode()


def _indented(text: str, indent: str) -> str:
    return text.replace("\n", "\n" + indent)


def _finite(*values: float | None) -> bool:
    return all(v is None or math.isfinite(v) for v in values)


def _as_typed(
    supplier_id: str,
    row: int,
    name: str,
    risk_score: float,
    risk_tier: Tier,
    annual_spend: float | None,
) -> bool:
    """Whether the values are already of the model's types (the model would not convert
    them: an int ``risk_score`` is written ``3.0`` by the model, ``3`` by itself)."""
    return (
        type(supplier_id) is str
        and type(row) is int
        and type(name) is str
        and type(risk_score) is float
        and risk_tier in TIERS
        and (annual_spend is None or type(annual_spend) is float)
    )


def _part(model: BaseModel, indent: str) -> bytes:
    """A place (an item of ``jurisdictions``) or a workforce result, its lines after the
    first indented by ``indent``; written once per shared object (each kind of object
    always sits at the same depth)."""
    found = _PARTS.get(id(model))
    if found is not None and found[0] is model:
        return found[1]
    text = _indented(model.model_dump_json(by_alias=True, indent=2), indent).encode("utf-8")
    if len(_PARTS) >= _PARTS_KEPT:
        _PARTS.clear()
    _PARTS[id(model)] = (model, text)
    return text


def _place(place: Jurisdiction, indent: str) -> bytes:
    """An item of ``jurisdictions``, its lines after the first indented by ``indent``.

    Partners share the objects of their countries (written once each). A street address is
    a place of its own on every row: its ``input`` line, then the text it shares with every
    place of the same code, role, score and sources (written once)."""
    if place.role != "address" or not _BY_INPUT:
        return _part(place, indent)
    key = (indent, place.code, repr(place.risk_score), place.name, place.tier, *place.sources)
    rest = _PLACE_RESTS.get(key)
    if rest is None:
        text = _indented(place.model_dump_json(by_alias=True, indent=2), indent)
        after = text.split("\n", 2)[2]  # after "{" and the input's line
        rest = b",\n" + after.encode("utf-8")
        if len(_PLACE_RESTS) >= _PARTS_KEPT:
            _PLACE_RESTS.clear()
        _PLACE_RESTS[key] = rest
    return b"".join((_OPEN_PLACE, indent.encode(), _INPUT, to_json(place.input), rest))


_OPEN_PLACE, _INPUT = b"{\n", b'  "input": '


def slim_text(supplier: SupplierResult) -> bytes:
    """The supplier as the run history stores it (compact JSON of ``SLIM_FIELDS``, UTF-8)."""
    return _SERIALIZER.to_json(supplier, by_alias=True, include=_SLIM_INCLUDE)


_SERIALIZER = SupplierResult.__pydantic_serializer__
_SLIM_INCLUDE: set[str] = set(SLIM_FIELDS)


def is_flagged(supplier: SupplierResult) -> bool:
    """Flagged suppliers always appear in the workbook: tier medium or above, or any match."""
    return bool(supplier.matches) or TIERS.index(supplier.risk_tier) >= 1


def first_country(result: SupplierResult) -> str | None:
    """The resolved code of the supplier's first ``country`` place (spend by country)."""
    codes = [j.code for j in result.jurisdictions if j.role == "country" and j.code]
    return codes[0] if codes else None


@dataclass(slots=True)
class Screened:
    """A supplier's result as text, with what the run summary and the reports ask of it.

    ``text`` is its contract JSON text and ``slim`` what the run history keeps, both UTF-8
    encoded: the bytes the outputs write, which cross a process boundary as they are.

    ``country`` is the resolved code of the supplier's first ``country`` jurisdiction (the
    summary's spend by country), ``None`` when unresolved.
    """

    supplier_id: str
    row: int
    text: bytes
    slim: bytes
    risk_tier: Tier
    risk_score: float
    matched: bool
    annual_spend: float | None
    country: str | None
    flagged: bool
    _result: SupplierResult | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, result: SupplierResult) -> Screened:
        return cls(
            supplier_id=result.supplier_id,
            row=result.row,
            text=supplier_bytes(result),
            slim=slim_text(result),
            risk_tier=result.risk_tier,
            risk_score=result.risk_score,
            matched=bool(result.matches),
            annual_spend=result.annual_spend,
            country=first_country(result),
            flagged=is_flagged(result),
            _result=result,
        )

    @classmethod
    def unmatched(
        cls,
        *,
        supplier_id: str,
        row: int,
        name: str,
        risk_score: float,
        risk_tier: Tier,
        jurisdictions: list[Jurisdiction],
        workforce: Workforce,
        reasons: list[str],
        annual_spend: float | None,
    ) -> Screened:
        """A supplier without matches, packed from its values without building the model (a
        worker's every such row): the same text and slim text as :meth:`of` the model's
        (tested). Values the model would convert or that JSON cannot hold go through it."""
        values = (supplier_id, row, name, risk_score, risk_tier, annual_spend)
        if not _COMPOSABLE or not _finite(risk_score, annual_spend) or not _as_typed(*values):
            return cls.of(
                SupplierResult(
                    supplier_id=supplier_id,
                    row=row,
                    name=name,
                    risk_score=risk_score,
                    risk_tier=risk_tier,
                    jurisdictions=jurisdictions,
                    workforce=workforce,
                    reasons=reasons,
                    annual_spend=annual_spend,
                )
            )
        text = _composed(
            supplier_id, row, name, risk_score, risk_tier, jurisdictions, workforce, reasons,
            annual_spend,
        )  # fmt: skip
        slim = to_json(
            {
                "supplier_id": supplier_id,
                "row": row,
                "name": name,
                "risk_score": risk_score,
                "risk_tier": risk_tier,
                "matches": [],
                "annual_spend": annual_spend,
            }
        )
        codes = [j.code for j in jurisdictions if j.role == "country" and j.code]
        return cls(
            supplier_id=supplier_id,
            row=row,
            text=text,
            slim=slim,
            risk_tier=risk_tier,
            risk_score=risk_score,
            matched=False,
            annual_spend=annual_spend,
            country=codes[0] if codes else None,
            flagged=TIERS.index(risk_tier) >= 1,
        )

    def result(self) -> SupplierResult:
        """The contract model (kept from the worker in this process, else read back)."""
        if self._result is None:
            self._result = SupplierResult.model_validate_json(self.text)
        return self._result

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # The text is the result: the model itself never crosses a process boundary.
        return Screened, tuple(getattr(self, name) for name in _STATE)


_STATE = (
    "supplier_id", "row", "text", "slim", "risk_tier", "risk_score", "matched",
    "annual_spend", "country", "flagged",
)  # fmt: skip


class ScreenedBatch:
    """A batch of screened suppliers, column by column: what the engines yield.

    ``texts`` holds the suppliers' JSON texts joined as the ``suppliers`` list of the JSON
    result joins them (``,\\n``) and ``slims`` their run-history texts joined by ``,``, so a
    writer copies a batch at once. Pickled one by one, each supplier is a call of
    :class:`Screened` on both sides of a process boundary; a batch pickles as a few long
    strings, lists and arrays. Measured on 10,000 generated suppliers: 8.8 µs a supplier to
    pickle and 6.5 to unpickle one by one, against 5.7 (building the batch included) and 1.1
    by columns. Iterating puts the suppliers back together (:class:`Screened`).
    """

    __slots__ = (
        "_results", "annual_spend", "countries", "flags", "ids", "risk_scores", "risk_tiers",
        "rows", "slim_ends", "slims", "text_ends", "texts",
    )  # fmt: skip

    def __init__(self, screened: Sequence[Screened]) -> None:
        self.ids = [s.supplier_id for s in screened]
        self.rows = array("q", [s.row for s in screened])
        self.texts = _SEPARATOR.join([s.text for s in screened])
        self.text_ends = array("q", _ends((len(s.text) for s in screened), len(_SEPARATOR)))
        self.slims = b",".join([s.slim for s in screened])
        self.slim_ends = array("q", _ends((len(s.slim) for s in screened), 1))
        self.risk_tiers = [s.risk_tier for s in screened]
        self.risk_scores = array("d", [s.risk_score for s in screened])
        self.flags = bytes(s.matched | s.flagged << 1 for s in screened)
        self.annual_spend = [s.annual_spend for s in screened]
        self.countries = [s.country for s in screened]
        # The models of a batch screened in this process (never pickled).
        self._results = [s._result for s in screened]

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def flagged(self) -> int:
        """Flagged suppliers in the batch (``Screened.flagged``)."""
        return sum(flags >> 1 for flags in self.flags)

    def __iter__(self) -> Iterator[Screened]:
        return self.select(range(len(self.ids)))

    def alerts_and_flagged(self) -> Iterator[Screened]:
        """The flagged suppliers, matched or not, in order."""
        return self.select([i for i, flags in enumerate(self.flags) if flags])

    def select(self, positions: Iterable[int]) -> Iterator[Screened]:
        """The suppliers at ``positions`` (ascending), put back together."""
        texts, slims, text_ends, slim_ends = self.texts, self.slims, self.text_ends, self.slim_ends
        skip = len(_SEPARATOR)
        for i in positions:
            text_start = text_ends[i - 1] + skip if i else 0
            slim_start = slim_ends[i - 1] + 1 if i else 0
            flags = self.flags[i]
            yield Screened(
                self.ids[i],
                self.rows[i],
                texts[text_start : text_ends[i]],
                slims[slim_start : slim_ends[i]],
                self.risk_tiers[i],
                self.risk_scores[i],
                bool(flags & 1),
                self.annual_spend[i],
                self.countries[i],
                bool(flags & 2),
                self._results[i] if self._results else None,
            )

    def __getstate__(self) -> tuple[object, ...]:
        # The texts are the results: the models never cross a process boundary.
        return tuple([] if name == "_results" else getattr(self, name) for name in _BATCH_STATE)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(_BATCH_STATE, state, strict=True):
            setattr(self, name, value)


_BATCH_STATE = ScreenedBatch.__slots__
_SEPARATOR = b",\n"


def _ends(lengths: Iterable[int], separator: int) -> Iterator[int]:
    """Where each piece ends once the pieces are joined by a separator of that length."""
    end = -separator
    for length in lengths:
        end += separator + length
        yield end
