"""UN Security Council consolidated list parser, on the real list file."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from screener.errors import ListFormatError
from screener.lists.entity import Entity
from screener.lists.formats import ParsedList, get_parser
from screener.lists.formats.un import _split, parse

UN_FILE = "sanctions/un_sc/consolidated_2026-02-27.xml"


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> str:
    return (shared_data / UN_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(shared_data: Path) -> ParsedList:
    return parse("un_sc", {"consolidated.xml": shared_data / UN_FILE})


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def test_registered_under_its_format_name() -> None:
    assert get_parser("un_xml") is parse


def test_count_equals_tag_count_in_raw_text(parsed: ParsedList, raw: str) -> None:
    # Independent count: regex over the raw text for the opening record tags.
    individuals = len(re.findall(r"<INDIVIDUAL>", raw))
    entities = len(re.findall(r"<ENTITY>", raw))
    assert (individuals, entities) == (730, 273)
    schemas = [e.schema for e in parsed.entities]
    assert schemas.count("Person") == individuals
    assert schemas.count("Organization") == entities


def test_ids_are_the_reference_numbers(parsed: ParsedList, raw: str) -> None:
    refs = {r.strip() for r in re.findall(r"<REFERENCE_NUMBER>([^<]*)<", raw)}
    assert {e.id for e in parsed.entities} == {f"un_sc:{r}" for r in refs}
    assert all(re.fullmatch(r"un_sc:[A-Z]{2}[ie]\.\d{3}", e.id) for e in parsed.entities)


def test_sorted_and_dated(parsed: ParsedList) -> None:
    ids = [e.id for e in parsed.entities]
    assert ids == sorted(ids)
    assert parsed.published_at == "2026-02-27T00:00:09.554Z"
    # Only texts no country code can express are left unresolved, and they are reported.
    assert parsed.warnings == ["1 place text(s) not resolved to a country: former Soviet Union"]


def test_saddam_hussein_field_by_field(by_id: dict[str, Entity]) -> None:
    e = by_id["un_sc:IQi.001"]
    assert e.schema == "Person"
    assert e.caption == "SADDAM HUSSEIN AL-TIKRITI"
    assert [(n.name, n.kind, n.strong, n.lang) for n in e.names] == [
        ("SADDAM HUSSEIN AL-TIKRITI", "primary", True, None),
        ("صدام حسين التكريتي", "primary", True, "Arabic"),
        ("Abu Ali", "aka", False, None),
    ]
    assert e.programs == ["Iraq"]
    assert e.countries == ["iq"]
    assert e.birth_dates == ["1937-04-28"]
    assert e.listed_on == "2003-06-27"


def test_low_quality_alias_is_weak_and_places_resolve(by_id: dict[str, Entity]) -> None:
    e = by_id["un_sc:CDi.003"]
    assert e.caption == "GASTON IYAMUREMYE"
    weak = {n.name for n in e.names if not n.strong}
    assert weak == {"Rumuli"}
    assert "Victor Rumuri" in {n.name for n in e.names if n.strong and n.kind == "aka"}
    # nationality Rwanda; address North Kivu, DR Congo; born in Rwanda
    assert e.countries == ["cd", "rw"]
    assert e.birth_dates == ["1948"]
    assert e.remarks is not None and e.remarks.startswith("INTERPOL-UN Security Council")


def test_entity_aliases_fka_and_split_names(by_id: dict[str, Entity]) -> None:
    adf = by_id["un_sc:CDe.001"]
    assert adf.caption == "ADF"
    kinds = {n.name: n.kind for n in adf.names}
    assert kinds["Allied Democratic Forces"] == "aka"
    assert kinds["NALU"] == "fka"
    glbc = by_id["un_sc:CDe.003"]
    primaries = [n.name for n in glbc.names if n.kind == "primary"]
    assert primaries == [
        "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)",
        "GREAT LAKES BUSINESS COMPANY (GLBC)",
    ]
    assert "Avenue Président Mobutu, Goma, Democratic Republic of the Congo" in glbc.addresses


def test_a_name_in_quotes_is_the_name(by_id: dict[str, Entity], raw: str) -> None:
    # The file writes KOMID's alias, and nicknames such as "Qorgab", in quotes.
    assert '<ALIAS_NAME>"KOMID"</ALIAS_NAME>' in raw
    assert "KOMID" in {n.name for n in by_id["un_sc:KPe.001"].names}
    assert not [n.name for e in by_id.values() for n in e.names if n.name.startswith('"')]


def test_documents_and_year_ranges(by_id: dict[str, Entity]) -> None:
    e = by_id["un_sc:CDi.040"]
    passports = [(i.kind, i.value, i.country) for i in e.identifiers]
    assert passports == [("passport", "AB850901", "tz"), ("passport", "AB187304", "tz")]
    assert by_id["un_sc:CDi.030"].birth_dates == ["1973", "1974"]  # BETWEEN 1973 and 1974


def test_not_available_nationality_is_not_namibia(by_id: dict[str, Entity]) -> None:
    # SDi.001 has <NATIONALITY><VALUE>na</VALUE>: "not available", not the code of Namibia.
    assert "na" not in by_id["un_sc:SDi.001"].countries


def test_original_script_names_survive_intact(
    parsed: ParsedList, by_id: dict[str, Entity], raw: str
) -> None:
    originals = {
        " ".join(html.unescape(v).split())
        for v in re.findall(r"<NAME_ORIGINAL_SCRIPT>([^<]+)<", raw)
    }
    assert len(originals) > 300
    names = {n.name for e in parsed.entities for n in e.names}
    assert originals <= names
    cyrillic = "Умаров Доку Хаматович"
    assert cyrillic in raw
    umarov = {n.name: n.lang for n in by_id["un_sc:QDi.290"].names}
    assert umarov[cyrillic] == "Cyrillic"


def test_truncated_real_file_is_refused(shared_data: Path, tmp_path: Path) -> None:
    data = (shared_data / UN_FILE).read_bytes()
    cut = tmp_path / "consolidated.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ListFormatError, match=r"consolidated\.xml"):
        parse("un_sc", {"consolidated.xml": cut})


def test_list_without_records_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "consolidated.xml"
    empty.write_text(
        '<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS/><ENTITIES/>'
        "</CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError, match="no entities"):
        parse("un_sc", {"consolidated.xml": empty})


def test_original_script_of_an_alias_is_a_name_of_its_own(
    by_id: dict[str, Entity], raw: str
) -> None:
    # The UN writes an alias's original script in its NOTE or inside the alias name.
    assert "<NOTE>original script: Однорукий</NOTE>" in raw
    assert "<ALIAS_NAME>Amir Khazmat (original script: Амир Хазмат)</ALIAS_NAME>" in raw
    names = {n.name: n for n in by_id["un_sc:QDi.365"].names}
    assert not names["Однорукий"].strong and names["Однорукий"].lang == "Cyrillic"
    assert not names["Odnorukiy"].strong
    khazmat = {n.name: n for n in by_id["un_sc:QDi.396"].names}
    assert {"Amir Khazmat", "Амир Хазмат", "Abubakar", "Абубакар"} <= set(khazmat)
    assert khazmat["Амир Хазмат"].kind == khazmat["Amir Khazmat"].kind == "aka"
    assert not [n for n in khazmat if "original script" in n]
    hts = {n.name for n in by_id["un_sc:QDe.137"].names}
    assert {"Hay’at Tahrir al-Sham (HTS)", "هيئة تحرير الشام"} <= hts
    assert not [n for n in hts if "original script" in n]
    assert _split("Abu Ali (original script: Абу Али") == ["Abu Ali", "Абу Али"]


def test_brackets_cut_by_the_variant_separator(by_id: dict[str, Entity], raw: str) -> None:
    # "جبهة النصرة (the Victory Front; Jabhat al-Nusrah; …; Al-Nusra Front)" and the HTS alias
    # "…; Tahrir al-Sham Hay’at)": the ";" cuts the brackets apart.
    assert "جبهة النصرة (the Victory Front; Jabhat al-Nusrah;" in raw
    names = {n.name for n in by_id["un_sc:QDe.137"].names}
    assert {"جبهة النصرة", "the Victory Front", "Tahrir al-Sham Hay’at", "Al-Nusra Front"} <= names
    assert not [n for n in names if n.count("(") != n.count(")")]
