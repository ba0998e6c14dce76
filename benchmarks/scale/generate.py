"""Realistic supplier files of any size, from real company names (seeded, reproducible).

Names come from ``companies/*`` in the shared data (Forbes Global 2000, S&P 500, GLEIF),
with legal-form variants, recombined words for the long tail of small firms, random
countries in the spellings people type, and a sprinkle of names that really are listed.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HEADER = (
    "supplier_id", "name", "aliases", "country", "address", "operating_countries",
    "sourcing_countries", "parent", "lei", "registration_number", "imo", "annual_spend",
    "has_nondiscrimination_policy", "has_grievance_mechanism",
)  # fmt: skip
LEGAL_FORMS = (
    "Ltd", "Ltd.", "Limited", "Inc.", "Corp.", "Corporation", "LLC", "GmbH", "AG", "S.A.",
    "SA", "SARL", "S.p.A.", "B.V.", "N.V.", "PLC", "Pte. Ltd.", "Sdn. Bhd.", "Co., Ltd.",
    "Pvt. Ltd.", "A/S", "AB", "Oy", "S.A. de C.V.", "LLP", "Kft.", "s.r.o.", "JSC", "OOO",
)  # fmt: skip
TRADES = (
    "Trading", "Logistics", "Textiles", "Garments", "Components", "Electronics", "Metals",
    "Minerals", "Packaging", "Chemicals", "Foods", "Agro", "Shipping", "Engineering",
    "Plastics", "Knitwear", "Mining", "Industries", "Holdings", "Supplies", "Export",
    "Precision", "Solar", "Auto Parts", "Paper", "Timber", "Leather", "Cotton", "Steel",
)  # fmt: skip
_FORM_TAIL = re.compile(
    r"[\s,]+(inc|corp|corporation|co|company|ltd|limited|plc|ag|sa|nv|se|llc|group)\.?$", re.I
)


@dataclass(slots=True)
class Pools:
    """What rows are drawn from: real names (with their country) and country spellings."""

    companies: list[tuple[str, str]]
    words: list[str]
    countries: list[str]
    leis: list[str]
    listed: list[str]
    homes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.homes = self.homes or [home for _, home in self.companies if home]


def load_pools(shared: Path, listed: Sequence[str] = ()) -> Pools:
    """Real company names, LEIs and country names from ``shared`` (``../shared/data``)."""
    companies: list[tuple[str, str]] = []
    folder = shared / "companies"
    with (folder / "forbes_global2000_2025.csv").open(encoding="utf-8") as fh:
        companies += [(r["Company"], r["Headquarters"]) for r in csv.DictReader(fh)]
    with (folder / "sp500_constituents.csv").open(encoding="utf-8") as fh:
        companies += [(r["Security"], "United States") for r in csv.DictReader(fh)]
    gleif = json.loads((folder / "gleif_goldencopy_lei2_intraday_20240505-0000.json").read_text())
    leis: list[str] = []
    for record in gleif["records"]:
        entity = record["Entity"]
        country = entity.get("LegalAddress", {}).get("Country", {}).get("$", "")
        companies.append((entity["LegalName"]["$"], country))
        leis.append(record["LEI"]["$"])
    words = sorted({w for name, _ in companies for w in _FORM_TAIL.sub("", name).split()})
    return Pools(companies, [w for w in words if w.isalpha()], _countries(shared), leis, [*listed])


def _countries(shared: Path) -> list[str]:
    out: list[str] = []
    with (shared / "countries" / "country-codes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for column in ("CLDR display name", "official_name_en", "ISO3166-1-Alpha-2"):
                if row.get(column, "").strip():
                    out.append(row[column].strip())
    return sorted(set(out))


def rows(
    pools: Pools, count: int, *, seed: int = 7, listed_share: float = 0.002
) -> Iterator[list[str]]:
    """``count`` supplier rows (without header), reproducible for a given seed."""
    rng = random.Random(seed)
    for i in range(1, count + 1):
        yield _row(rng, pools, i, listed_share)


def _row(rng: random.Random, pools: Pools, i: int, listed_share: float) -> list[str]:
    name, base, home = _name(rng, pools, listed_share)
    country = home if home and rng.random() < 0.6 else _country(rng, pools)
    operating = ";".join(_country(rng, pools) for _ in range(rng.choice((0, 0, 1, 2))))
    sourcing = ";".join(_country(rng, pools) for _ in range(rng.choice((0, 0, 0, 1, 3))))
    alias = f"{base} {rng.choice(TRADES)}" if rng.random() < 0.1 else ""
    parent = rng.choice(pools.companies)[0] if rng.random() < 0.05 else ""
    return [
        f"SUP-{i:07d}",
        name,
        alias,
        country,
        f"{rng.randint(1, 400)} Industrial Road, {country}" if rng.random() < 0.5 else "",
        operating,
        sourcing,
        parent,
        rng.choice(pools.leis) if rng.random() < 0.03 else "",
        f"REG-{rng.randint(10_000, 9_999_999)}" if rng.random() < 0.3 else "",
        "",
        f"{rng.randint(1_000, 5_000_000)}" if rng.random() < 0.8 else "",
        rng.choice(("yes", "no", "", "Yes", "1")),
        rng.choice(("yes", "no", "", "ja")),
    ]


def _country(rng: random.Random, pools: Pools) -> str:
    """A country as partners spread: where real companies are (nine in ten), else any
    country in any of its spellings."""
    if pools.homes and rng.random() < 0.9:
        return rng.choice(pools.homes)
    return rng.choice(pools.countries)


def _name(rng: random.Random, pools: Pools, listed_share: float) -> tuple[str, str, str]:
    """(name, name without legal form, home country or "")."""
    roll = rng.random()
    if pools.listed and roll < listed_share:
        listed = rng.choice(pools.listed)
        return listed, listed, ""
    if roll < 0.45:
        name, home = rng.choice(pools.companies)
        base = _strip_form(name)
        if rng.random() < 0.5:
            name = f"{base} {rng.choice(LEGAL_FORMS)}"
        return name, base, home
    base = f"{' '.join(rng.sample(pools.words, rng.choice((1, 1, 2))))} {rng.choice(TRADES)}"
    return f"{base} {rng.choice(LEGAL_FORMS)}", base, ""


def _strip_form(name: str) -> str:
    stripped = _FORM_TAIL.sub("", name.strip())
    return stripped or name


def write_csv(path: Path, pools: Pools, count: int, *, seed: int = 7) -> Path:
    """Write a ``count``-row supplier CSV (UTF-8, comma-separated) to ``path``."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows(pools, count, seed=seed))
    return path
