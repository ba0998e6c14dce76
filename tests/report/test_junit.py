from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from screener.errors import InputError
from screener.models import ScanResult
from screener.report import write_junit

from .conftest import HOSTILE


def _failures(result: ScanResult, tmp_path: Path, fail_on: str) -> dict[str, str | None]:
    path = tmp_path / f"junit-{fail_on}.xml"
    write_junit(result, path, fail_on=fail_on)
    root = ET.parse(path).getroot()
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert suite.get("tests") == str(len(cases)) == "4"
    out = {}
    for case in cases:
        failure = case.find("failure")
        out[str(case.get("name"))] = None if failure is None else failure.get("type")
    assert suite.get("failures") == str(sum(v is not None for v in out.values()))
    return out


@pytest.mark.parametrize(
    ("fail_on", "failing"),
    [
        ("none", set()),
        ("critical", {"critical"}),
        ("high", {"critical", "high"}),
        ("medium", {"critical", "high", "medium"}),
        ("low", {"critical", "high", "medium", "low"}),
    ],
)
def test_failures_follow_fail_on(
    result: ScanResult, tmp_path: Path, fail_on: str, failing: set[str]
) -> None:
    got = _failures(result, tmp_path, fail_on)
    assert {t for t in got.values() if t} == failing
    assert got["S-002 Mahan Air"] == ("critical" if failing else None)


def test_names_messages_and_properties_escape_cleanly(result: ScanResult, tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    write_junit(result, path, fail_on="high")
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite is not None
    names = [c.get("name") for c in suite.findall("testcase")]
    assert f"{HOSTILE[0]} {HOSTILE[1]}" in names
    hostile = suite.findall("testcase")[2].find("failure")
    assert hostile is not None
    assert hostile.get("message") == "high risk (score 65.0): -2+3; bell and nul removed"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["input_sha256"] == "c" * 64
    assert props["fail_on"] == "high"
    assert props["list.un_sc"] == "2024-12-01 sha256=" + "b" * 64
    assert all(c.get("classname") == "screener.screening" for c in suite.findall("testcase"))


def test_invalid_fail_on_is_an_input_error(result: ScanResult, tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        write_junit(result, tmp_path / "x.xml", fail_on="severe")
    assert str(err.value) == (
        "--fail-on must be one of low, medium, high, critical, none, not 'severe'"
    )
    assert not (tmp_path / "x.xml").exists()
