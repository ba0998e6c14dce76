"""The CLI surface of the contract: exit codes, exact error lines, JSON shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from screener.cli import app
from screener.models import ScanResult
from tests.conftest import as_read_by_an_earlier_release

runner = CliRunner()

LISTED_UN = "Korea Mining Development Trading Corp."  # un_sc:KPe.001, KOMID
LISTED_OFAC = "Banco Nacional de Cuba"  # us_ofac_sdn:306
CLEAN = ["Siemens AG", "Nestlé S.A.", "Tata Consultancy Services Ltd"]

CONTRACT_SUPPLIER_KEYS = {
    "supplier_id", "row", "name", "risk_score", "risk_tier", "matches", "jurisdictions",
    "workforce", "reasons",
}  # fmt: skip
CONTRACT_MATCH_KEYS = {
    "entity_id", "list", "matched_name", "query_name", "score", "schema", "programs",
    "countries", "disposition", "explanation",
}  # fmt: skip


def write_suppliers(path: Path, names: list[tuple[str, str]]) -> Path:
    lines = ["supplier_id,name,country"]
    lines += [f'S{i:03d},"{name}",{country}' for i, (name, country) in enumerate(names, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def scan(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["scan", *args])
    return result.exit_code, result.stdout, result.stderr


def test_scan_without_any_list_data_exits_3(tmp_path: Path, data_dir: Path) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [("Siemens AG", "DE")])
    code, out, err = scan(str(supplier_file), "--offline", "--xlsx", str(tmp_path / "r.xlsx"))
    assert code == 3
    assert out == ""
    assert err.strip().splitlines() == [
        f"screener: error: no watchlist data in {data_dir}: run 'screener lists update' "
        "(or 'screener lists import ID FILE' for local official files)"
    ]
    assert not (tmp_path / "r.xlsx").exists()


def test_missing_input_file_exits_2_with_one_line(tmp_path: Path, loaded_data_dir: Path) -> None:
    code, _out, err = scan(str(tmp_path / "nope.csv"), "--allow-stale", "--offline")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("screener: error: ")
    assert "nope.csv" in lines[0]
    assert "Traceback" not in err


def test_spend_in_two_currencies_exits_2_before_anything_is_summed(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    supplier_file = tmp_path / "s.csv"
    supplier_file.write_text(
        'supplier_id,name,annual_spend\nS1,Siemens AG,"Rs. 3,50,00,000"\nS2,Nestlé S.A.,"$1,200"\n',
        encoding="utf-8",
    )
    code, out, err = scan(str(supplier_file), "--json", "-", "--allow-stale", "--offline")
    assert (code, out) == (2, "")
    assert err == (
        f"screener: error: {supplier_file}, row 3, column 'annual_spend': annual_spend is in "
        "more than one currency (row 2 'Rs. 3,50,00,000' is INR, row 3 '$1,200' is USD): the "
        "spend totals would add them up; convert the column to one currency\n"
    )


def test_bad_fail_on_exits_2(tmp_path: Path, loaded_data_dir: Path) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [("Siemens AG", "DE")])
    code, _, err = scan(str(supplier_file), "--fail-on", "severe", "--allow-stale")
    assert code == 2
    assert err.strip() == (
        "screener: error: --fail-on must be one of low, medium, high, critical, none, not 'severe'"
    )


def test_stale_lists_exit_3_unless_allowed(tmp_path: Path, loaded_data_dir: Path) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [("Siemens AG", "DE")])
    code, _out, err = scan(str(supplier_file), "--offline", "--xlsx", str(tmp_path / "r.xlsx"))
    assert code == 3
    assert err.startswith("screener: error: stale watchlist data: ")
    assert "--allow-stale" in err
    assert len(err.strip().splitlines()) == 1
    code, _, _ = scan(
        str(supplier_file), "--offline", "--allow-stale", "--xlsx", str(tmp_path / "r.xlsx")
    )
    assert code == 0


def test_listed_names_are_flagged_and_exit_1(tmp_path: Path, loaded_data_dir: Path) -> None:
    names = [(CLEAN[0], "Germany"), (LISTED_UN, "DPRK"), (CLEAN[1], "CH"), (LISTED_OFAC, "Cuba")]
    supplier_file = write_suppliers(tmp_path / "s.csv", names)
    xlsx = tmp_path / "report.xlsx"
    code, out, err = scan(
        str(supplier_file), "--json", "-", "--xlsx", str(xlsx), "--allow-stale", "--quiet"
    )
    assert code == 1, err
    assert err == ""
    data = json.loads(out)
    result = ScanResult.model_validate(data)
    assert [s.supplier_id for s in result.suppliers] == ["S001", "S002", "S003", "S004"]
    assert [s.row for s in result.suppliers] == [2, 3, 4, 5]
    by_id = {s.supplier_id: s for s in result.suppliers}
    assert "un_sc:KPe.001" in {m.entity_id for m in by_id["S002"].matches}
    assert "us_ofac_sdn:306" in {m.entity_id for m in by_id["S004"].matches}
    assert by_id["S002"].risk_tier == "critical"
    assert not by_id["S001"].matches
    assert by_id["S001"].risk_tier in ("low", "medium")
    assert xlsx.is_file()
    # Contract shape, key by key.
    assert set(data) >= {"schema_version", "run", "summary", "suppliers"}
    assert data["schema_version"] == 1
    assert {v["id"] for v in data["run"]["lists"]} == {"gb_ofsi", "un_sc", "us_ofac_sdn"}
    for version in data["run"]["lists"]:
        assert set(version) >= {"id", "version", "sha256", "entities", "published_at", "fetched_at"}
    assert data["summary"]["suppliers"] == 4
    assert set(data["summary"]["by_tier"]) == {"low", "medium", "high", "critical"}
    assert data["summary"]["suppliers_with_matches"] == 2
    for supplier in data["suppliers"]:
        assert set(supplier) >= CONTRACT_SUPPLIER_KEYS
        scores = [m["score"] for m in supplier["matches"]]
        assert scores == sorted(scores, reverse=True)
        for match in supplier["matches"]:
            assert set(match) >= CONTRACT_MATCH_KEYS
            assert match["entity_id"].startswith(match["list"] + ":")
            assert 0 <= match["score"] <= 100
        assert set(supplier["workforce"]) >= {"status", "checks"}


def test_fail_on_none_and_critical(tmp_path: Path, loaded_data_dir: Path) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [(LISTED_UN, "North Korea")])
    xlsx = str(tmp_path / "r.xlsx")
    base = [str(supplier_file), "--allow-stale", "--quiet", "--xlsx", xlsx]
    assert scan(*base, "--fail-on", "none")[0] == 0
    assert scan(*base, "--fail-on", "critical")[0] == 1
    # Tiers and list ids as a user may type them.
    assert scan(*base, "--fail-on", "CRITICAL", "--lists", "UN_SC")[0] == 1
    assert scan(*base, "--fail-on", "None", "--lists", "UN_SC")[0] == 0


def test_no_xlsx_writes_no_workbook(
    tmp_path: Path, loaded_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    supplier_file = write_suppliers(tmp_path / "s.csv", [(LISTED_UN, "North Korea")])
    code, out, _ = scan(str(supplier_file), "--no-xlsx", "--allow-stale", "--json", "-", "-q")
    assert code == 1
    assert len(json.loads(out)["suppliers"]) == 1
    assert not list(tmp_path.glob("*.xlsx"))
    for path in ("r.xlsx", "screener-report.xlsx"):  # the default path written out too
        both = scan(str(supplier_file), "--no-xlsx", "--xlsx", path, "--allow-stale", "-q")
        assert both[0] == 2
        assert both[2].strip() == "screener: error: --xlsx and --no-xlsx: choose one"


def test_usage_errors_of_the_look_ups_exit_2(loaded_data_dir: Path) -> None:
    unknown = runner.invoke(app, ["lists", "diff", "un_cs"])
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("screener: error: unknown list id 'un_cs' (known: ")
    empty = runner.invoke(app, ["jurisdiction", "  "])
    assert empty.exit_code == 2
    assert empty.stderr.strip() == "screener: error: the place to look up is empty"
    several = runner.invoke(app, ["jurisdiction", "Iran;Germany"])
    assert several.exit_code == 2
    assert "one place at a time" in several.stderr
    assert runner.invoke(app, ["lists", "diff", "UN_SC"]).exit_code == 3  # one version: 3
    # A known list with no data is missing data, not a usage error.
    missing = runner.invoke(app, ["lists", "diff", "us_bis_dpl"])
    assert missing.exit_code == 3


def test_clean_file_exits_0_and_results_are_deterministic(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [(n, "DE") for n in CLEAN])
    outputs = []
    for name in ("a", "b"):
        out_json = tmp_path / f"{name}.json"
        code, _, _ = scan(
            str(supplier_file), "--json", str(out_json), "--allow-stale", "--quiet",
            "--xlsx", str(tmp_path / f"{name}.xlsx"),
        )  # fmt: skip
        assert code == 0
        data = json.loads(out_json.read_text(encoding="utf-8"))
        data["run"].pop("started_at")
        for version in data["run"]["lists"]:
            version.pop("age_days")
        outputs.append(data)
    assert outputs[0] == outputs[1]


def test_lists_status_json(loaded_data_dir: Path) -> None:
    result = runner.invoke(app, ["lists", "status", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    ids = [v["id"] for v in data["lists"]]
    assert ids == ["gb_ofsi", "un_sc", "us_ofac_sdn"]
    un = data["lists"][1]
    assert un["published_at"].startswith("2026-02-27")
    assert un["entities"] == 1003
    assert len(un["sha256"]) == 64
    assert un["version"] == "2026-02-27-" + un["sha256"][:8]


LIST_VERSION_KEYS = {
    "id", "version", "sha256", "entities", "published_at", "fetched_at", "source", "age_days",
    "max_age_days", "stale", "warnings",
}  # fmt: skip


def test_lists_read_by_an_earlier_release_are_noted(tmp_path: Path, loaded_data_dir: Path) -> None:
    """Still the official versions: one note, the same matches and exit code, the same JSON
    shape (the parsers' marker is not part of it)."""
    supplier_file = write_suppliers(tmp_path / "s.csv", [(LISTED_UN, "North Korea"), *[
        (n, "DE") for n in CLEAN
    ]])  # fmt: skip
    args = [str(supplier_file), "--json", "-", "--allow-stale", "-q", "--xlsx"]
    runs = []
    for name in ("now", "earlier"):
        if name == "earlier":
            as_read_by_an_earlier_release(loaded_data_dir, "un_sc", entities=1003)
        code, out, err = scan(*args, str(tmp_path / f"{name}.xlsx"))
        runs.append((code, json.loads(out)))
        assert code == 1, err
    (_, now), (_, earlier) = runs
    version = next(v["version"] for v in earlier["run"]["lists"] if v["id"] == "un_sc")
    added = [n for n in earlier["run"]["notes"] if n not in now["run"]["notes"]]
    assert added == [
        f"Read by the parsers of an earlier screener release: un_sc {version}. Run 'screener "
        "lists update' (or import local files again with 'screener lists import') to read them "
        "with this release's parsers."
    ]
    assert earlier["suppliers"] == now["suppliers"]
    status = json.loads(runner.invoke(app, ["lists", "status", "--json"]).stdout)
    for versions in (now["run"]["lists"], earlier["run"]["lists"], status["lists"]):
        assert [set(v) for v in versions] == [LIST_VERSION_KEYS] * 3
    # The status table and a look-up say it too (the look-up on standard error: its
    # standard output may be JSON).
    table = runner.invoke(app, ["lists", "status"])
    assert " ".join(table.stdout.split()).endswith(" ".join(added[0].split()))
    looked_up = runner.invoke(app, ["match", LISTED_UN, "--json", "--allow-stale"])
    assert looked_up.exit_code == 0, looked_up.stderr
    assert json.loads(looked_up.stdout)["matches"]
    assert " ".join(looked_up.stderr.split()) == "screener: note: " + " ".join(added[0].split())


def test_lists_import_of_garbage_keeps_last_good(tmp_path: Path, loaded_data_dir: Path) -> None:
    garbage = tmp_path / "consolidated.xml"
    garbage.write_bytes(b"\x00\x01 this is not XML")
    before = runner.invoke(app, ["lists", "status", "--json"]).stdout
    result = runner.invoke(app, ["lists", "import", "un_sc", str(garbage)])
    assert result.exit_code == 3
    assert result.stderr.startswith("screener: error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert runner.invoke(app, ["lists", "status", "--json"]).stdout == before


def test_lists_import_unknown_file_role_exits_2(tmp_path: Path, loaded_data_dir: Path) -> None:
    stray = tmp_path / "whatever.csv"
    stray.write_text("x\n", encoding="utf-8")
    result = runner.invoke(app, ["lists", "import", "us_ofac_sdn", str(stray)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"screener: error: {stray}: not a file of us_ofac_sdn (expected: sdn.csv, alt.csv, "
        "add.csv, sdn_comments.csv)"
    )


def test_match_json(tmp_path: Path, loaded_data_dir: Path) -> None:
    result = runner.invoke(
        app, ["match", "Korea Mining Development Trading", "--json", "--allow-stale"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "Korea Mining Development Trading"
    assert data["matches"][0]["entity_id"] in {"un_sc:KPe.001", "us_ofac_sdn:9345", "gb_ofsi:10892"}
    assert all(m["explanation"] for m in data["matches"])
    # The record each alert was raised on, as a scan gives it.
    supplier_file = write_suppliers(tmp_path / "s.csv", [("Korea Mining Development Trading", "")])
    code, out, _ = scan(str(supplier_file), "--no-xlsx", "--allow-stale", "--json", "-", "-q")
    assert code == 1
    scanned = {m["entity_id"]: m["record_hash"] for m in json.loads(out)["suppliers"][0]["matches"]}
    looked_up = {m["entity_id"]: m["record_hash"] for m in data["matches"]}
    assert all(looked_up.values()) and looked_up == scanned


@pytest.mark.parametrize(
    ("text", "code"),
    [("Burma", "mm"), ("DPRK", "kp"), ("Crimea, Ukraine", "ua-cri"), ("Xinjiang", "cn-xj")],
)
def test_jurisdiction_json(text: str, code: str, data_dir: Path) -> None:
    result = runner.invoke(app, ["jurisdiction", text, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"input", "code", "name", "risk_score", "sources"}
    assert data["input"] == text
    assert data["code"] == code
    assert data["sources"]


def test_every_command_has_help_with_an_example() -> None:
    commands = [
        ["scan"], ["match"], ["rescreen"], ["jurisdiction"], ["lists", "update"],
        ["lists", "import"], ["lists", "status"], ["lists", "diff"],
    ]  # fmt: skip
    for command in commands:
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.stdout, command
        assert " ." not in result.stdout, command  # a default lost to markup
    text = " ".join(runner.invoke(app, ["scan", "--help"], env={"COLUMNS": "200"}).stdout.split())
    assert "critical or none (default: high)." in text


def test_broken_store_exits_3_with_one_line(tmp_path: Path, loaded_data_dir: Path) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [("Siemens AG", "DE")])
    for leftover in loaded_data_dir.glob("screener.sqlite3-*"):
        leftover.unlink()
    (loaded_data_dir / "screener.sqlite3").write_bytes(b"not a database at all\n" * 100)
    code, out, err = scan(str(supplier_file), "--allow-stale", "--xlsx", str(tmp_path / "r.xlsx"))
    assert code == 3
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("screener: error: ")
    assert "unreadable" in lines[0]


def test_a_company_list_is_imported_and_screened(tmp_path: Path, data_dir: Path) -> None:
    own = tmp_path / "blocked.csv"
    own.write_text(
        "id,name,aliases,schema,countries,programs\n"
        "B-1,Northwind Shadow Traders Ltd,Northwind Shadow,Organization,gb,Internal block\n",
        encoding="utf-8",
    )
    imported = runner.invoke(app, ["lists", "import", "acme_blocked", str(own)])
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout.startswith("acme_blocked: version ")
    supplier_file = write_suppliers(
        tmp_path / "s.csv", [("Northwind Shadow Traders Limited", "UK"), ("Siemens AG", "DE")]
    )
    code, out, err = scan(
        str(supplier_file), "--json", "-", "--quiet", "--xlsx", str(tmp_path / "r.xlsx")
    )
    assert code == 1, err
    data = json.loads(out)
    assert [v["id"] for v in data["run"]["lists"]] == ["acme_blocked"]
    first, second = data["suppliers"]
    assert [m["entity_id"] for m in first["matches"]] == ["acme_blocked:B-1"]
    assert first["matches"][0]["programs"] == ["Internal block"]
    assert second["matches"] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["scan", "x.csv", "--threshold", "101"], "Invalid value for '--threshold'"),
        (["scan", "--bogus"], "No such option: --bogus"),
        (["match"], "Missing argument 'name'."),
    ],
)
def test_usage_errors_are_one_line(
    argv: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from screener.cli import main

    monkeypatch.setattr("sys.argv", ["screener", *argv])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("screener: error: ") and message in lines[0]


def test_lists_option_naming_no_list_is_refused(tmp_path: Path, loaded_data_dir: Path) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [(LISTED_UN, "DPRK")])
    code, out, err = scan(str(supplier_file), "--lists", " , ", "--allow-stale")
    assert (code, out) == (2, "")
    assert err.strip() == "screener: error: --lists ' , ' names no list id"


def test_match_prints_list_text_as_data(loaded_data_dir: Path) -> None:
    """Rich markup in a listed name must not be interpreted (nor break the table)."""
    result = runner.invoke(app, ["match", "Korea Mining Development [bold]", "--allow-stale"])
    assert result.exit_code == 0, result.stderr
    assert "Korea Mining Development [bold]" in result.stdout


OFAC_2021 = Path("sanctions/us_ofac_sdn/2021-07")


def test_official_files_without_a_date_need_one(shared_data: Path, data_dir: Path) -> None:
    files = [str(p) for p in sorted((shared_data / OFAC_2021).glob("*.csv"))]
    refused = runner.invoke(app, ["lists", "import", "us_ofac_sdn", *files])
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "screener: error: the us_ofac_sdn files carry no publication date, so their age "
        "cannot be checked: pass --published YYYY-MM-DD (the date the publisher released them)"
    )
    imported = runner.invoke(
        app, ["lists", "import", "us_ofac_sdn", *files, "--published", "2021-07-07"]
    )
    assert imported.exit_code == 0, imported.stderr
    status = json.loads(runner.invoke(app, ["lists", "status", "--json"]).stdout)["lists"]
    assert status[0]["published_at"] == "2021-07-07"
    assert status[0]["stale"] is True and status[0]["age_days"] > 1900


def test_an_incomplete_file_set_is_refused_unless_forced(shared_data: Path, data_dir: Path) -> None:
    sdn = str(shared_data / OFAC_2021 / "sdn.csv")
    refused = runner.invoke(
        app, ["lists", "import", "us_ofac_sdn", sdn, "--published", "2021-07-07"]
    )
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "screener: error: us_ofac_sdn needs all of its files; missing: alt.csv, add.csv, "
        "sdn_comments.csv (use --force to import them anyway)"
    )
    forced = runner.invoke(
        app, ["lists", "import", "us_ofac_sdn", sdn, "--published", "2021-07-07", "--force"]
    )
    assert forced.exit_code == 0, forced.stderr
    assert "screener: warning: us_ofac_sdn: " in forced.stderr


def test_the_gate_used_is_the_gate_recorded(tmp_path: Path, loaded_data_dir: Path) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [(LISTED_UN, "DPRK")])
    code, out, _ = scan(
        str(supplier_file), "--fail-on", "none", "--json", "-", "--allow-stale", "--quiet",
        "--xlsx", str(tmp_path / "r.xlsx"),
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["run"]["fail_on"] == "none"
    # rescreen gates as the scan did
    again = runner.invoke(app, ["rescreen", "--allow-stale", "--quiet"])
    assert again.exit_code == 0, again.stderr


def test_rescreen_refuses_a_changed_input(tmp_path: Path, loaded_data_dir: Path) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [("Siemens AG", "DE")])
    assert (
        scan(str(supplier_file), "--allow-stale", "-q", "--xlsx", str(tmp_path / "r.xlsx"))[0] == 0
    )
    write_suppliers(supplier_file, [("Siemens AG", "DE"), (LISTED_UN, "DPRK")])
    result = runner.invoke(app, ["rescreen", "--allow-stale", "--quiet"])
    assert result.exit_code == 2
    assert "has changed since run" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unusable_report_path_is_refused_before_screening(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [("Siemens AG", "DE")])
    json_path = tmp_path / "out.json"
    code, out, err = scan(
        str(supplier_file), "--allow-stale", "--json", str(json_path), "--xlsx", str(tmp_path)
    )
    assert (code, out) == (2, "")
    assert err.strip() == f"screener: error: workbook {tmp_path} is not a regular file"
    assert not json_path.exists()
    code, _, err = scan(
        str(supplier_file), "--allow-stale", "--junit", str(tmp_path / "no" / "j.xml"),
        "--xlsx", str(tmp_path / "r.xlsx"),
    )  # fmt: skip
    assert code == 2
    assert err.strip() == (
        f"screener: error: JUnit report {tmp_path / 'no' / 'j.xml'}: the folder "
        f"{tmp_path / 'no'} does not exist"
    )


def test_a_mistyped_list_id_is_a_usage_error(tmp_path: Path, loaded_data_dir: Path) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [("Siemens AG", "DE")])
    code, _, err = scan(str(supplier_file), "--lists", "un_cs", "--allow-stale")
    assert code == 2
    assert err.startswith("screener: error: --lists: unknown list id 'un_cs' (known: ")


def test_a_country_to_match_that_is_no_country_is_a_usage_error(loaded_data_dir: Path) -> None:
    # Matched without it, the score would silently lose the country's evidence.
    result = runner.invoke(app, ["match", "Korea Mining", "--country", "Narnia", "--allow-stale"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "screener: error: --country 'Narnia' is not a country or region screener knows"
    )
    known = runner.invoke(app, ["match", "Korea Mining", "--country", "DPRK", "--allow-stale"])
    assert known.exit_code == 0, known.stderr
    # Several, as a country cell may hold: each must be known, and each counts.
    one_unknown = runner.invoke(
        app, ["match", "Korea Mining", "--country", "DPRK;Narnia", "--allow-stale"]
    )
    assert one_unknown.exit_code == 2
    both = runner.invoke(
        app, ["match", LISTED_UN, "--country", "Germany;DPRK", "--allow-stale", "--json"]
    )
    assert "Country agrees (kp)" in json.loads(both.stdout)["matches"][0]["explanation"]


def test_version_is_printed() -> None:
    from screener import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"screener {__version__}\n"
    # ``python -m screener`` is the command too, exit codes included.
    module = subprocess.run(
        [sys.executable, "-m", "screener", "jurisdiction", " "], capture_output=True, text=True
    )
    assert module.returncode == 2
    assert module.stderr.strip() == "screener: error: the place to look up is empty"


def test_an_empty_name_to_match_is_a_usage_error(loaded_data_dir: Path) -> None:
    result = runner.invoke(app, ["match", "  ", "--allow-stale"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "screener: error: the name to look up is empty"


def test_the_report_never_overwrites_the_input(tmp_path: Path, loaded_data_dir: Path) -> None:
    import openpyxl

    supplier_file = tmp_path / "s.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["supplier_id", "name", "country"])
    sheet.append(["S1", "Siemens AG", "DE"])
    book.save(supplier_file)
    before = supplier_file.read_bytes()
    code, _, err = scan(str(supplier_file), "--allow-stale", "--xlsx", str(supplier_file))
    assert code == 2
    assert (
        err.strip()
        == f"screener: error: the workbook {supplier_file} would overwrite the input file"
    )
    assert supplier_file.read_bytes() == before


def test_the_workbook_is_named_xlsx(tmp_path: Path, loaded_data_dir: Path) -> None:
    # ``--xlsx report.csv`` wrote a workbook that Excel refuses to open under that name.
    supplier_file = write_suppliers(tmp_path / "s.csv", [("Siemens AG", "DE")])
    target = tmp_path / "report.csv"
    code, _, err = scan(str(supplier_file), "--allow-stale", "--xlsx", str(target))
    assert code == 2
    assert err.strip() == (
        f"screener: error: the workbook {target} must be named .xlsx (--xlsx report.xlsx)"
    )
    assert not target.exists()
    code, _, err = scan(str(supplier_file), "--allow-stale", "--xlsx", str(tmp_path / "R.XLSX"))
    assert code == 0, err
    assert (tmp_path / "R.XLSX").exists()


def test_a_lower_threshold_shows_more_without_changing_scores(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    supplier_file = write_suppliers(
        tmp_path / "s.csv",
        [(n, "DE") for n in [*CLEAN, "DHL Global Forwarding GmbH", "Li & Fung (Trading) Limited"]],
    )
    runs = {}
    for threshold in ("80", "0"):
        code, out, err = scan(
            str(supplier_file), "--threshold", threshold, "--json", "-", "--allow-stale",
            "--quiet", "--fail-on", "none", "--xlsx", str(tmp_path / "r.xlsx"),
        )  # fmt: skip
        assert code == 0, err
        runs[threshold] = json.loads(out)["suppliers"]
    assert sum(len(s["matches"]) for s in runs["0"]) > sum(len(s["matches"]) for s in runs["80"])
    assert [(s["risk_score"], s["risk_tier"]) for s in runs["0"]] == [
        (s["risk_score"], s["risk_tier"]) for s in runs["80"]
    ]
    assert any("reported for review, not scored" in r for s in runs["0"] for r in s["reasons"])


def test_usual_lists_missing_from_the_store_are_noted(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    supplier_file = write_suppliers(tmp_path / "s.csv", [("Siemens AG", "DE")])
    _, out, _ = scan(
        str(supplier_file), "--json", "-", "--allow-stale", "-q", "--xlsx", str(tmp_path / "r.xlsx")
    )
    notes = json.loads(out)["run"]["notes"]
    assert any(n.startswith("Not screened against eu_fsf, gb_fcdo, ") for n in notes), notes
