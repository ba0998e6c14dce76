"""Build ``jurisdictions/risk_table.csv`` from the publishers' own files.

Usage: ``python watchlists/build_risk_table.py [DATA_DIR]`` (default ``../shared/data``).

One row per place and indicator: ``code, name, indicator, value, source, edition, published,
detail``. Reads the raw files (EWP SRA 2025 CSV, FSI 2023 workbook, WGI 2023-update workbook,
UCDP battle deaths v25.1) and the curated ``jurisdictions/sanctions_regimes.toml``. A test
rebuilds the table and compares it with the committed file.
"""

from __future__ import annotations

import csv
import io
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import openpyxl

from screener.places import resolve_place

HERE = Path(__file__).resolve().parent
OUT = HERE / "jurisdictions" / "risk_table.csv"
REGIMES = HERE / "jurisdictions" / "sanctions_regimes.toml"
DEFAULT_DATA = HERE.parents[1] / "shared" / "data"
COLUMNS = ("code", "name", "indicator", "value", "source", "edition", "published", "detail")
EWP = "Early Warning Project SRA"
FSI = "Fund for Peace Fragile States Index"
WGI = "World Bank Worldwide Governance Indicators"
UCDP = "UCDP Battle-Related Deaths"
# Publisher spellings whose meaning is fixed by the publisher, not by the name alone.
PUBLISHER_ALIASES = {"Yugoslavia": "rs"}
FSI_INDICATORS = {
    "P1: State Legitimacy": "fsi_p1",
    "P3: Human Rights": "fsi_p3",
    "C1: Security Apparatus": "fsi_c1",
    "C3: Group Grievance": "fsi_c3",
    "Total": "fsi_total",
}
WGI_SHEETS = {
    "Political StabilityNoViolence": "wgi_pv",
    "RuleofLaw": "wgi_rl",
    "VoiceandAccountability": "wgi_va",
}
UCDP_YEARS = (2023, 2024)

Row = dict[str, str]


def _code(name: str, where: str) -> tuple[str, str]:
    if name in PUBLISHER_ALIASES:
        code = PUBLISHER_ALIASES[name]
        found = resolve_place(code)
    else:
        found = resolve_place(name)
        code = found.code or ""
    if not code or found.method == "fuzzy":
        raise ValueError(f"{where}: cannot resolve {name!r}")
    return code, found.name or name


def _num(value: float) -> str:
    return f"{value:.6g}"


def _row(code: str, name: str, indicator: str, value: float, *rest: str) -> Row:
    return dict(zip(COLUMNS, (code, name, indicator, _num(value), *rest), strict=True))


def ewp_rows(data: Path) -> Iterator[Row]:
    path = data / "atrocity_risk/ewp_statistical_risk_assessment"
    path /= "sra2025_final_forecasts_data_3Sep2025.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    for rec in records:
        code, name = _code(rec["ewp_name"], path.name)
        meta = (EWP, "2025", "2025-09-03")
        rank = rec["rank.2025and2026.from2025"]
        detail = f"2-yr risk 2025-26, rank {rank} of {len(records)} ({rec['ewp_name']})"
        yield _row(code, name, "ewp_risk_2yr", float(rec["risk.2025and2026.from2024"]), *meta,
                   detail)  # fmt: skip
        episodes = round(2 ** float(rec["mk_ongoing_count_log2"]) - 1)
        yield _row(code, name, "ewp_mk_ongoing", episodes, *meta,
                   "ongoing mass-killing episodes in the model's base year 2024")  # fmt: skip


def fsi_rows(data: Path) -> Iterator[Row]:
    path = data / "atrocity_risk/fragile_states_index/FSI-2023-DOWNLOAD.xlsx"
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h) if h is not None else "" for h in next(rows)]
    for values in rows:
        rec = dict(zip(header, values, strict=False))
        if not rec.get("Country"):
            continue
        code, name = _code(str(rec["Country"]), path.name)
        for column, indicator in FSI_INDICATORS.items():
            detail = f"{column} ({rec['Country']}, rank {rec['Rank']})"
            value = round(float(rec[column]), 1)  # type: ignore[arg-type]
            yield _row(code, name, indicator, value, FSI, "2023", "2023", detail)


def _wgi_sheet(book: openpyxl.Workbook, sheet: str, indicator: str) -> Iterator[Row]:
    rows = list(book[sheet].iter_rows(min_row=14, values_only=True))
    years, fields = rows[0], rows[1]
    col = next(i for i, (y, f) in enumerate(zip(years, fields, strict=True))
               if y == 2022 and f == "Estimate")  # fmt: skip
    for values in rows[2:]:
        if not values[0] or values[col] in (None, "#N/A"):
            continue
        code, name = _code(str(values[1]), f"WGI {sheet}")
        detail = f"{sheet} estimate 2022, -2.5..2.5 ({values[0]}, {values[1]})"
        yield _row(code, name, indicator, float(values[col]), WGI, "2023 update", "2023", detail)  # type: ignore[arg-type]


def wgi_rows(data: Path) -> Iterator[Row]:
    path = data / "atrocity_risk/worldwide_governance_indicators/wgidataset_2023_update.xlsx"
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet, indicator in WGI_SHEETS.items():
        yield from _wgi_sheet(book, sheet, indicator)


def _gw_codes(data: Path) -> dict[str, tuple[str, str]]:
    """Gleditsch-Ward code → (code, name); states that no longer exist are left out."""
    path = data / "atrocity_risk/ewp_statistical_risk_assessment/countrynamesheet.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    out = {}
    for rec in records:
        name = PUBLISHER_ALIASES.get(rec["country"], rec["country"])
        found = resolve_place(name)
        if found.code is not None and found.name is not None and found.method != "fuzzy":
            out[rec["ccode"]] = (found.code, found.name)
    return out


def ucdp_rows(data: Path) -> Iterator[Row]:
    """Battle deaths (best estimate) by country of battle; a dyad fought in several counts in
    each (``gwno_battle``, else ``gwno_loc``: the parties' home states are not battlefields)."""
    gw = _gw_codes(data)
    deaths: dict[tuple[str, int], float] = defaultdict(float)
    path = data / "atrocity_risk/ucdp_battle_deaths/BattleDeaths_v25_1.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            if int(rec["year"]) in UCDP_YEARS:
                for loc in (rec["gwno_battle"] or rec["gwno_loc"]).split(","):
                    deaths[(gw[loc.strip()][0], int(rec["year"]))] += float(rec["bd_best"])
    names = dict(gw.values())
    for (code, year), total in sorted(deaths.items()):
        detail = f"battle deaths (best estimate) in battles in the country in {year}"
        yield _row(code, names[code], f"ucdp_bd_{year}", total, UCDP, "v25.1", "2025", detail)


def sanctions_rows() -> Iterator[Row]:
    with REGIMES.open("rb") as fh:
        regimes = tomllib.load(fh)["regime"]
    for reg in regimes:
        found = resolve_place(reg["code"])
        name = found.name or reg["code"]
        status = f"in force since {reg['since']}"
        if "until" in reg:
            status = f"{reg['since']} to {reg['until']}: {reg.get('note', 'ended')}"
        value = 0.0 if "until" in reg else 1.0
        indicator = f"sanctions_{reg['kind']}"
        yield _row(reg["code"], name, indicator, value, reg["source"], reg["authority"],
                   reg["since"], status)  # fmt: skip


def build(data: Path) -> list[Row]:
    """Every row of the table, sorted by code, indicator and source."""
    rows = [*ewp_rows(data), *fsi_rows(data), *wgi_rows(data), *ucdp_rows(data)]
    rows.extend(sanctions_rows())
    return sorted(rows, key=lambda r: (r["code"], r["indicator"], r["source"], r["detail"]))


def render(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else DEFAULT_DATA
    OUT.write_text(render(build(data)), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
