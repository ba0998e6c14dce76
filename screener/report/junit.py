"""JUnit XML for CI: one test case per supplier, failing at or above ``--fail-on``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from screener.models import ScanResult, SupplierResult

from .gate import check_fail_on, fails
from .output import atomic_path
from .safe import strip_xml_illegal

SUITE = "screener"
CLASSNAME = "screener.screening"


def _text(value: object) -> str:
    return strip_xml_illegal("" if value is None else str(value))


def _properties(result: ScanResult, fail_on: str) -> ET.Element:
    run = result.run
    props = ET.Element("properties")
    pairs = [
        ("tool_version", run.tool_version),
        ("started_at", run.started_at),
        ("input", run.input),
        ("input_sha256", run.input_sha256),
        ("threshold", run.threshold),
        ("fail_on", fail_on),
        ("config_sha256", run.config_sha256),
        ("model_version", run.model_version),
    ]
    pairs += [(f"list.{lv.id}", f"{lv.version} sha256={lv.sha256}") for lv in run.lists]
    for name, value in pairs:
        if value is not None:
            ET.SubElement(props, "property", name=name, value=_text(value))
    return props


def failure_message(supplier: SupplierResult) -> str:
    """One line: the tier, the score and the reasons behind it."""
    head = f"{supplier.risk_tier} risk (score {supplier.risk_score:.1f})"
    return f"{head}: {'; '.join(supplier.reasons)}" if supplier.reasons else head


def _detail(supplier: SupplierResult) -> str:
    lines = list(supplier.reasons)
    lines += [
        f"match {m.entity_id} ({m.list}) '{m.matched_name}' score {m.score:.1f}"
        + (f" disposition {m.disposition}" if m.disposition else "")
        for m in supplier.matches
    ]
    return "\n".join(lines)


def _testcase(supplier: SupplierResult, fail_on: str) -> ET.Element:
    name = f"{supplier.supplier_id} {supplier.name}"
    case = ET.Element("testcase", classname=CLASSNAME, name=_text(name), time="0")
    if fails(supplier.risk_tier, fail_on):
        failure = ET.SubElement(
            case, "failure", message=_text(failure_message(supplier)), type=supplier.risk_tier
        )
        failure.text = _text(_detail(supplier))
    return case


def junit_tree(result: ScanResult, *, fail_on: str) -> ET.ElementTree[ET.Element]:
    check_fail_on(fail_on)
    cases = [_testcase(s, fail_on) for s in result.suppliers]
    failures = sum(case.find("failure") is not None for case in cases)
    root = ET.Element("testsuites", name=SUITE, tests=str(len(cases)), failures=str(failures))
    suite = ET.SubElement(
        root,
        "testsuite",
        name=SUITE,
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time="0",
        timestamp=_text(result.run.started_at),
    )
    suite.append(_properties(result, fail_on))
    suite.extend(cases)
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(result: ScanResult, path: Path, *, fail_on: str) -> None:
    """Write the JUnit XML report to ``path`` (replaced atomically)."""
    tree = junit_tree(result, fail_on=fail_on)
    with atomic_path(Path(path), ".xml", "JUnit report") as temp:
        tree.write(temp, encoding="utf-8", xml_declaration=True)
