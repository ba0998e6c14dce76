"""The review loop end to end: a reviewed workbook suppresses exactly the decided alerts on
the next run, and an alert whose listed record changed comes back."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from screener.cli import app

runner = CliRunner()
UN_XML = Path("sanctions/un_sc/consolidated_2026-02-27.xml")


def scan_args(supplier_file: Path, out: Path, *extra: str) -> list[str]:
    return [
        "scan", str(supplier_file), "--lists", "un_sc", "--json", str(out.with_suffix(".json")),
        "--xlsx", str(out.with_suffix(".xlsx")), "--allow-stale", "--quiet", *extra,
    ]  # fmt: skip


def run_scan(supplier_file: Path, out: Path, *extra: str) -> dict[str, object]:
    result = runner.invoke(app, scan_args(supplier_file, out, *extra))
    assert result.exit_code in (0, 1), result.stderr
    data: dict[str, object] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def decisions_by_entity(data: dict[str, object]) -> dict[str, str | None]:
    suppliers = data["suppliers"]
    assert isinstance(suppliers, list)
    return {m["entity_id"]: m["disposition"] for s in suppliers for m in s["matches"]}


def review(
    workbook: Path, reviewed: Path, decisions: dict[str, str], *, signed: bool = True
) -> None:
    """Fill the Disposition column as a reviewer would (with who and when, if ``signed``),
    and save under a new name."""
    book = load_workbook(workbook)
    sheet = book["Matches"]
    headers = [cell.value for cell in sheet[1]]
    entity_col = headers.index("Entity ID") + 1
    decision_col = headers.index("Disposition") + 1
    reviewer_col = headers.index("Reviewer") + 1
    date_col = headers.index("Date") + 1
    for row in range(2, sheet.max_row + 1):
        entity_id = sheet.cell(row, entity_col).value
        if entity_id in decisions:
            sheet.cell(row, decision_col).value = decisions[entity_id]
            if signed:
                sheet.cell(row, reviewer_col).value = "A. Reviewer"
                sheet.cell(row, date_col).value = "2026-12-01"
    book.save(reviewed)


def test_decisions_carry_over_and_lapse_when_the_record_changes(
    tmp_path: Path, loaded_data_dir: Path, shared_data: Path
) -> None:
    suppliers = tmp_path / "suppliers.csv"
    suppliers.write_text(
        "supplier_id,name,country\n"
        "S1,Korea Mining Development Trading Corporation,DPRK\n"
        "S2,Korea Ryonbong General Corporation,North Korea\n"
        "S3,Tanchon Commercial Bank,North Korea\n",
        encoding="utf-8",
    )
    first = run_scan(suppliers, tmp_path / "first")
    before = decisions_by_entity(first)
    assert {"un_sc:KPe.001", "un_sc:KPe.002", "un_sc:KPe.003"} <= set(before)
    assert set(before.values()) == {None}

    review(
        tmp_path / "first.xlsx",
        tmp_path / "reviewed.xlsx",
        {"un_sc:KPe.001": "false_positive", "un_sc:KPe.002": "escalate"},
    )
    second = run_scan(
        suppliers, tmp_path / "second", "--dispositions", str(tmp_path / "reviewed.xlsx")
    )
    after = decisions_by_entity(second)
    assert after["un_sc:KPe.001"] == "false_positive"
    assert after["un_sc:KPe.002"] == "escalate"
    assert after["un_sc:KPe.003"] is None
    assert {k: v for k, v in after.items() if k not in ("un_sc:KPe.001", "un_sc:KPe.002")} == {
        k: None for k in after if k not in ("un_sc:KPe.001", "un_sc:KPe.002")
    }
    # A false positive no longer counts: S1 is scored on its places alone.
    s1 = next(s for s in second["suppliers"] if s["supplier_id"] == "S1")  # type: ignore[attr-defined]
    assert any("false positive and is not counted" in r for r in s1["reasons"])

    # Decisions are stored: a third run without the workbook still carries them.
    assert decisions_by_entity(run_scan(suppliers, tmp_path / "third")) == after

    # The UN changes KPe.001's record: the decision on it lapses, the other one holds.
    text = (shared_data / UN_XML).read_text(encoding="utf-8")
    marker = "<REFERENCE_NUMBER>KPe.001</REFERENCE_NUMBER>"
    assert text.count(marker) == 1
    changed = tmp_path / "consolidated.xml"
    changed.write_text(
        text.replace(marker, marker.replace("KPe.001", "KPe.001") + "\n", 1).replace(
            "Primary arms dealer and main exporter",
            "Primary arms dealer (amended) and main exporter",
            1,
        ),
        encoding="utf-8",
    )
    imported = runner.invoke(app, ["lists", "import", "un_sc", str(changed)])
    assert imported.exit_code == 0, imported.stderr
    fourth = decisions_by_entity(run_scan(suppliers, tmp_path / "fourth"))
    assert fourth["un_sc:KPe.001"] is None
    assert fourth["un_sc:KPe.002"] == "escalate"


def test_rescreen_reports_only_what_changed(
    tmp_path: Path, loaded_data_dir: Path, shared_data: Path
) -> None:
    suppliers = tmp_path / "suppliers.csv"
    suppliers.write_text(
        "supplier_id,name,country\nS1,Tanchon Commercial Bank,North Korea\nS2,Siemens AG,DE\n",
        encoding="utf-8",
    )
    run_scan(suppliers, tmp_path / "first")
    # A new UN version without Tanchon Commercial Bank (KPe.003).
    text = (shared_data / UN_XML).read_text(encoding="utf-8")
    start = text.index("<ENTITY>", text.index("KPe.002"))
    end = text.index("</ENTITY>", start) + len("</ENTITY>")
    assert "KPe.003" in text[start:end]
    smaller = tmp_path / "consolidated.xml"
    smaller.write_text(text[:start] + text[end:], encoding="utf-8")
    assert runner.invoke(app, ["lists", "import", "un_sc", str(smaller)]).exit_code == 0
    result = runner.invoke(app, ["rescreen", "--json", "-", "--allow-stale", "--quiet"])
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    changes = {c["supplier_id"]: c for c in report["changes"]}
    assert set(changes) == {"S1"}
    assert changes["S1"]["gone_matches"] and all(
        "un_sc:KPe.003" in g for g in changes["S1"]["gone_matches"]
    )


def test_a_decision_does_not_carry_to_another_name_under_the_same_id(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    """Supplier ids are the user's own: S1 in another file may be another company."""
    first_file = tmp_path / "a.csv"
    first_file.write_text(
        "supplier_id,name,country\nS1,Korea Mining Development Trading Corporation,KP\n",
        encoding="utf-8",
    )
    run_scan(first_file, tmp_path / "a")
    review(tmp_path / "a.xlsx", tmp_path / "reviewed.xlsx", {"un_sc:KPe.001": "false_positive"})
    assert decisions_by_entity(
        run_scan(first_file, tmp_path / "b", "--dispositions", str(tmp_path / "reviewed.xlsx"))
    ) == {"un_sc:KPe.001": "false_positive"}
    other_file = tmp_path / "other.csv"
    other_file.write_text("supplier_id,name,country\nS1,KOMID,KP\n", encoding="utf-8")
    assert decisions_by_entity(run_scan(other_file, tmp_path / "c")) == {"un_sc:KPe.001": None}


def scanned_once(tmp_path: Path) -> Path:
    """A one-supplier file (UN KPe.002, Korea Ryonbong) scanned once: its workbook is a.xlsx."""
    suppliers = tmp_path / "s.csv"
    suppliers.write_text(
        "supplier_id,name,country\nS2,Korea Ryonbong General Corporation,KP\n", encoding="utf-8"
    )
    run_scan(suppliers, tmp_path / "a")
    return suppliers


def test_feeding_a_workbook_back_keeps_who_decided_and_why(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    import sqlite3

    suppliers = scanned_once(tmp_path)
    review(tmp_path / "a.xlsx", tmp_path / "r1.xlsx", {"un_sc:KPe.002": "escalate"})
    run_scan(suppliers, tmp_path / "b", "--dispositions", str(tmp_path / "r1.xlsx"))
    query = "SELECT decision, reviewer, source, recorded_at FROM decisions"
    with sqlite3.connect(loaded_data_dir / "screener.sqlite3") as conn:
        # Recorded a while ago (two scans in one second would record the same time anyway).
        conn.execute("UPDATE decisions SET recorded_at = '2026-01-05T09:00:00Z'")
        first = conn.execute(query).fetchall()
    # The next workbook carries the decision but no reviewer: feeding it back keeps the trail,
    # down to the file and time the decision was recorded from.
    third = run_scan(suppliers, tmp_path / "c", "--dispositions", str(tmp_path / "b.xlsx"))
    with sqlite3.connect(loaded_data_dir / "screener.sqlite3") as conn:
        rows = conn.execute(query).fetchall()
    assert [row[:2] for row in rows] == [("escalate", "A. Reviewer")]
    assert rows == first and "r1.xlsx" in rows[0][2] and rows[0][3] == "2026-01-05T09:00:00Z"
    # The auditor sees who decided, in the JSON and in the next workbook.
    match = third["suppliers"][0]["matches"][0]  # type: ignore[index]
    assert (match["disposition"], match["review"]["reviewer"]) == ("escalate", "A. Reviewer")
    sheet = load_workbook(tmp_path / "c.xlsx")["Matches"]
    headers = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, headers.index("Reviewer") + 1).value == "A. Reviewer"


def test_a_decision_without_who_or_when_is_applied_and_noted(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    suppliers = scanned_once(tmp_path)
    review(tmp_path / "a.xlsx", tmp_path / "r1.xlsx", {"un_sc:KPe.002": "escalate"}, signed=False)
    second = run_scan(suppliers, tmp_path / "b", "--dispositions", str(tmp_path / "r1.xlsx"))
    assert decisions_by_entity(second)["un_sc:KPe.002"] == "escalate"
    notes = second["run"]["notes"]  # type: ignore[index]
    assert [n for n in notes if "name no reviewer or no date" in n] == [
        f"1 decision(s) in {tmp_path / 'r1.xlsx'} name no reviewer or no date (rows 2): they are "
        "applied, but an audit trail records who decided and when; fill in the Reviewer and "
        "Date columns."
    ]
    # Signed, the note goes; and a workbook fed back again without them keeps the stored ones.
    review(tmp_path / "a.xlsx", tmp_path / "r2.xlsx", {"un_sc:KPe.002": "escalate"})
    third = run_scan(suppliers, tmp_path / "c", "--dispositions", str(tmp_path / "r2.xlsx"))
    fourth = run_scan(suppliers, tmp_path / "d", "--dispositions", str(tmp_path / "b.xlsx"))
    for run in (third, fourth):
        assert not [n for n in run["run"]["notes"] if "no reviewer" in n]  # type: ignore[index]
    # A changed decision without who and when is not its earlier reviewer's.
    review(tmp_path / "a.xlsx", tmp_path / "r3.xlsx", {"un_sc:KPe.002": "true_match"}, signed=False)
    fifth = run_scan(suppliers, tmp_path / "e", "--dispositions", str(tmp_path / "r3.xlsx"))
    match = fifth["suppliers"][0]["matches"][0]  # type: ignore[index]
    assert (match["disposition"], match["review"]["reviewer"]) == ("true_match", None)
    assert [n for n in fifth["run"]["notes"] if "no reviewer" in n]  # type: ignore[index]


def test_one_alert_decided_two_ways_stops_the_scan(tmp_path: Path, loaded_data_dir: Path) -> None:
    suppliers = scanned_once(tmp_path)
    review(tmp_path / "a.xlsx", tmp_path / "r1.xlsx", {"un_sc:KPe.002": "escalate"})
    book = load_workbook(tmp_path / "r1.xlsx")
    sheet = book["Matches"]
    sheet.append([cell.value for cell in sheet[2]])  # the same alert again, row 3
    decision_col = [cell.value for cell in sheet[1]].index("Disposition") + 1
    sheet.cell(3, decision_col).value = "false_positive"
    book.save(tmp_path / "r1.xlsx")

    result = runner.invoke(
        app, scan_args(suppliers, tmp_path / "b", "--dispositions", str(tmp_path / "r1.xlsx"))
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"screener: error: {tmp_path / 'r1.xlsx'}: conflicting decisions on one alert "
        "(supplier 'S2', entity un_sc:KPe.002, name 'Korea Ryonbong General Corporation'): "
        "row 2 says escalate, row 3 says false_positive; keep one and feed the workbook back\n"
    )
    assert not (tmp_path / "b.json").exists()
    # Nothing of the workbook was stored.
    import sqlite3

    with sqlite3.connect(loaded_data_dir / "screener.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone() == (0,)


def test_decisions_on_no_alert_of_the_run_are_named_and_not_stored(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    import sqlite3

    suppliers = scanned_once(tmp_path)
    review(tmp_path / "a.xlsx", tmp_path / "r1.xlsx", {"un_sc:KPe.002": "escalate"})
    book = load_workbook(tmp_path / "r1.xlsx")
    sheet = book["Matches"]
    headers = [cell.value for cell in sheet[1]]
    alert = [cell.value for cell in sheet[2]]
    # Row 3: a supplier this input does not have; row 4: a listed record since changed.
    for column, value in (("Supplier ID", "S9"), ("Record hash", "0" * 64)):
        other = list(alert)
        other[headers.index(column)] = value
        other[headers.index("Reviewer")] = None  # unsigned: not named as applied either
        sheet.append(other)
    book.save(tmp_path / "r1.xlsx")

    second = run_scan(suppliers, tmp_path / "b", "--dispositions", str(tmp_path / "r1.xlsx"))
    assert decisions_by_entity(second) == {"un_sc:KPe.002": "escalate"}
    notes = [n for n in second["run"]["notes"] if str(tmp_path / "r1.xlsx") in n]  # type: ignore[index]
    assert notes == [
        f"2 decision(s) in {tmp_path / 'r1.xlsx'} are on no alert of this run (rows 3, 4): "
        "they were not stored. A decision holds for the supplier id, matched name, listed "
        "entity and listed record it was made on; check that the workbook comes from a scan "
        "of this file and lists, and that the row was not edited (a listed record changed "
        "since brings its alert back for review)."
    ]
    with sqlite3.connect(loaded_data_dir / "screener.sqlite3") as conn:
        stored = conn.execute("SELECT supplier_id, record_hash, decision FROM decisions").fetchall()
    assert stored == [("S2", alert[headers.index("Record hash")], "escalate")]


def test_a_blank_disposition_keeps_the_stored_decision_and_withdrawn_withdraws_it(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    import sqlite3

    suppliers = scanned_once(tmp_path)
    review(tmp_path / "a.xlsx", tmp_path / "r1.xlsx", {"un_sc:KPe.002": "escalate"})
    run_scan(suppliers, tmp_path / "b", "--dispositions", str(tmp_path / "r1.xlsx"))
    # b.xlsx comes with the decision filled in; the reviewer clears it.
    review(tmp_path / "b.xlsx", tmp_path / "r2.xlsx", {"un_sc:KPe.002": ""}, signed=False)
    third = run_scan(suppliers, tmp_path / "c", "--dispositions", str(tmp_path / "r2.xlsx"))
    assert decisions_by_entity(third) == {"un_sc:KPe.002": "escalate"}
    assert third["run"]["notes"][-1] == (  # type: ignore[index]
        f"1 alert(s) in {tmp_path / 'r2.xlsx'} have a blank Disposition over a stored decision "
        "(rows 2): the stored decision stays in force (clearing a cell does not erase a "
        "decision). To withdraw one, enter withdrawn in its Disposition, with your name in "
        "Reviewer and the Date, and feed the workbook back."
    )

    review(tmp_path / "b.xlsx", tmp_path / "r3.xlsx", {"un_sc:KPe.002": "withdrawn"})
    fourth = run_scan(suppliers, tmp_path / "d", "--dispositions", str(tmp_path / "r3.xlsx"))
    assert decisions_by_entity(fourth) == {"un_sc:KPe.002": None}
    assert fourth["run"]["notes"][-1] == (  # type: ignore[index]
        f"1 decision(s) withdrawn in {tmp_path / 'r3.xlsx'} (rows 2): their alerts are open "
        "again; the withdrawn decisions are kept, with who withdrew them and when, in the "
        "withdrawals table of the data directory."
    )
    assert decisions_by_entity(run_scan(suppliers, tmp_path / "e")) == {"un_sc:KPe.002": None}
    with sqlite3.connect(loaded_data_dir / "screener.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone() == (0,)
        withdrawn = conn.execute(
            "SELECT entity_id, decision, reviewer, withdrawn_by, withdrawn_on FROM withdrawals"
        ).fetchall()
    assert withdrawn == [("un_sc:KPe.002", "escalate", "A. Reviewer", "A. Reviewer", "2026-12-01")]


def test_a_changed_decision_is_named_and_the_one_it_replaces_is_kept(
    tmp_path: Path, loaded_data_dir: Path
) -> None:
    import sqlite3

    suppliers = scanned_once(tmp_path)
    review(tmp_path / "a.xlsx", tmp_path / "r1.xlsx", {"un_sc:KPe.002": "escalate"})
    run_scan(suppliers, tmp_path / "b", "--dispositions", str(tmp_path / "r1.xlsx"))
    # Fed back as written (the decision, reviewer and date filled in): nothing replaced.
    again = run_scan(suppliers, tmp_path / "c", "--dispositions", str(tmp_path / "b.xlsx"))
    assert not any("replace" in note for note in again["run"]["notes"])  # type: ignore[index]

    book = load_workbook(tmp_path / "b.xlsx")
    sheet = book["Matches"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(2, headers.index("Disposition") + 1).value = "false_positive"
    sheet.cell(2, headers.index("Reviewer") + 1).value = "D. Lead"
    sheet.cell(2, headers.index("Date") + 1).value = "2026-12-02"
    book.save(tmp_path / "r2.xlsx")
    changed = run_scan(suppliers, tmp_path / "d", "--dispositions", str(tmp_path / "r2.xlsx"))
    assert decisions_by_entity(changed) == {"un_sc:KPe.002": "false_positive"}
    note = next(n for n in changed["run"]["notes"] if "replace" in n)  # type: ignore[index]
    assert "(row 2 " in note and "escalate (A. Reviewer, 2026-12-01) → false_positive" in note

    # The first workbook fed again turns the decision back: said, and both are on record.
    back = run_scan(suppliers, tmp_path / "e", "--dispositions", str(tmp_path / "r1.xlsx"))
    assert decisions_by_entity(back) == {"un_sc:KPe.002": "escalate"}
    note = next(n for n in back["run"]["notes"] if "replace" in n)  # type: ignore[index]
    assert "false_positive (D. Lead, 2026-12-02) → escalate (A. Reviewer, 2026-12-01)" in note
    with sqlite3.connect(loaded_data_dir / "screener.sqlite3") as conn:
        replaced = conn.execute(
            "SELECT decision, reviewer, withdrawn_by, withdrawal_comment FROM withdrawals "
            "ORDER BY withdrawn_at, rowid"
        ).fetchall()
    assert replaced == [
        ("escalate", "A. Reviewer", "D. Lead", "replaced by false_positive"),
        ("false_positive", "D. Lead", "A. Reviewer", "replaced by escalate"),
    ]
