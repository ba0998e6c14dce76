"""Safe, streaming reading of official XML list files, and small helpers the parsers share.

Official list files are downloaded from the internet and must be treated as hostile: the
reader never resolves entities, never loads a DTD, never touches the network and keeps the
parser's size limits on (no ``huge_tree``). Official lists carry no document type
declaration, so a file that declares one (the vehicle of "billion laughs" and external-entity
attacks) is rejected outright, as is nesting deeper than any real list needs. Each record
element is handed to the caller once complete and cleared right after, so memory stays
bounded by the largest single record.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree
from rigour.text.scripts import text_scripts

from screener.errors import ListDataError, ListFormatError
from screener.lists.entity import Entity, EntityName
from screener.places import resolve_country

MAX_DEPTH = 32
"""No official list nests deeper than about eight levels; a deeper file is rejected."""

_PROLOG_SCAN_BYTES = 65536
_READ_BYTES = 1 << 16
MAX_RUN_BYTES = 8 << 20
"""The longest stretch of a file without a ``>``: far beyond any real tag or text."""

NULL_PLACES = frozenset({"na", "n/a", "n.a.", "unknown", "not known", "-"})
"""Place texts publishers use for "not available" (the UN writes ``na``, not Namibia)."""

Element = Any  # lxml's element type; lxml ships no type stubs


def role_path(files: Mapping[str, Path], role: str) -> Path:
    """The path given for ``role``; a missing role is a source-level error."""
    path = files.get(role)
    if path is None:
        raise ListDataError(f"missing list file {role!r} (given: {', '.join(sorted(files))})")
    return Path(path)


def local(tag: object) -> str:
    """The local name of an element tag, without its namespace."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _check_prolog(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(_PROLOG_SCAN_BYTES)
    except OSError as exc:
        raise ListFormatError(f"{path.name}: cannot read the file: {exc}") from exc
    if not head.strip():
        raise ListFormatError(f"{path.name}: the file is empty")
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ListFormatError(
            f"{path.name}: refusing an XML document type declaration (DTD/entities); "
            "official lists carry none"
        )


class XmlRecords:
    """Stream the elements named in ``tags`` out of ``path``, safely.

    Iterate to receive each complete element whose local name is in ``tags``; it is cleared
    once the loop body is done with it. ``root_tag`` and ``root_attrib`` describe the root
    element once iteration has started.
    """

    def __init__(self, path: Path, tags: frozenset[str], root: str) -> None:
        self.path = path
        self.tags = tags
        self.expected_root = root
        self.root_tag: str | None = None
        self.root_attrib: dict[str, str] = {}

    def __iter__(self) -> Iterator[Element]:
        _check_prolog(self.path)
        try:
            yield from self._stream()
        except etree.XMLSyntaxError as exc:
            message = " ".join(str(exc).split())  # libxml2 messages may hold line breaks
            if "excessive depth" in message.lower():
                # Newer parsers (lxml 6.2) stop deep nesting before this reader counts it.
                raise ListFormatError(
                    f"{self.path.name}: elements nested deeper than {MAX_DEPTH} levels "
                    f"(the parser stopped: {message})"
                ) from exc
            raise ListFormatError(f"{self.path.name}: not well-formed XML: {message}") from exc
        except OSError as exc:
            raise ListFormatError(f"{self.path.name}: cannot read the file: {exc}") from exc

    def _stream(self) -> Iterator[Element]:
        with self.path.open("rb") as raw:
            yield from self._events(_BoundedRuns(raw, self.path))

    def _events(self, source: _BoundedRuns) -> Iterator[Element]:
        events = etree.iterparse(
            source,
            events=("start", "end"),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        depth = 0
        inside = 0
        for event, el in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    self._start_root(el)
                elif depth > MAX_DEPTH:
                    raise ListFormatError(
                        f"{self.path.name}: elements nested deeper than {MAX_DEPTH} levels"
                    )
                if local(el.tag) in self.tags:
                    inside += 1
                continue
            depth -= 1
            if local(el.tag) in self.tags:
                inside -= 1
                if inside == 0:
                    yield el
                    _release(el)
            elif inside == 0 and depth > 0:
                _release(el)

    def _start_root(self, el: Element) -> None:
        docinfo = el.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise ListFormatError(f"{self.path.name}: refusing an XML document type declaration")
        self.root_tag = local(el.tag)
        self.root_attrib = {local(k): str(v) for k, v in el.attrib.items()}
        if self.root_tag != self.expected_root:
            raise ListFormatError(
                f"{self.path.name}: root element is <{self.root_tag}>, "
                f"expected <{self.expected_root}>"
            )


class _BoundedRuns:
    """A binary file that refuses a run of more than ``MAX_RUN_BYTES`` without a ``>``.

    libxml2 holds a whole start tag in memory (several times over while its buffer grows)
    before its own limits apply; no official list has a tag or text run anywhere near this.
    """

    def __init__(self, raw: BinaryIO, path: Path) -> None:
        self._raw = raw
        self._path = path
        self._run = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size if 0 < size <= _READ_BYTES else _READ_BYTES)
        end = data.rfind(b">")
        self._run = self._run + len(data) if end < 0 else len(data) - end - 1
        if self._run > MAX_RUN_BYTES:
            raise ListFormatError(
                f"{self._path.name}: more than {MAX_RUN_BYTES:,} bytes without a '>' "
                "(a tag or text far longer than any list holds)"
            )
        return data


def _release(el: Element) -> None:
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def text(el: Element | None) -> str:
    """The element's text with whitespace collapsed, or ``""``."""
    if el is None or el.text is None:
        return ""
    return clean(str(el.text))


def child_text(el: Element, name: str) -> str:
    """Collapsed text of the first child (any namespace) called ``name``, or ``""``."""
    return text(el.find(f"{{*}}{name}"))


def children(el: Element, name: str) -> list[Element]:
    """Direct children (any namespace) called ``name``."""
    return list(el.findall(f"{{*}}{name}"))


def descendants(el: Element, name: str) -> list[Element]:
    """All descendants (any namespace) called ``name``, in document order."""
    return list(el.iter(f"{{*}}{name}"))


def clean(value: str | None) -> str:
    """Collapse runs of whitespace (doubled spaces, line breaks) and trim; scripts untouched."""
    if not value:
        return ""
    return " ".join(value.split())


def script_of(name: str) -> str | None:
    """The Unicode script of a non-Latin name (``Arabic``, ``Cyrillic``…), else ``None``."""
    scripts = text_scripts(name) - {"Latin"}
    if len(scripts) == 1:
        return next(iter(scripts))
    if scripts:
        return "+".join(sorted(scripts))
    return None


def resolve_countries(texts: list[str], unresolved: set[str]) -> list[str]:
    """Resolve place texts to codes (sorted, unique); texts that do not resolve are collected."""
    codes: set[str] = set()
    for t in texts:
        if not t or t.lower() in NULL_PLACES:
            continue
        code = resolve_country(t)
        if code is None:
            unresolved.add(t)
        else:
            codes.add(code)
    return sorted(codes)


def unresolved_warning(unresolved: set[str]) -> list[str]:
    """One warning line listing the place texts that did not resolve to a country."""
    if not unresolved:
        return []
    shown = sorted(unresolved)
    return [f"{len(shown)} place text(s) not resolved to a country: {'; '.join(shown[:20])}"]


def unique_names(names: list[EntityName]) -> list[EntityName]:
    """Names in their given order, each (name, kind) once."""
    seen: set[tuple[str, str]] = set()
    result = []
    for n in names:
        if (n.name, n.kind) not in seen:
            seen.add((n.name, n.kind))
            result.append(n)
    return result


def unique(values: list[str]) -> list[str]:
    """Values without blanks or repeats, in first-seen order."""
    seen: dict[str, None] = {}
    for v in values:
        if v and v not in seen:
            seen[v] = None
    return list(seen)


def finish(path: Path, entities: list[Entity]) -> list[Entity]:
    """Sort entities by id; reject an empty list or a repeated id (fail closed)."""
    if not entities:
        raise ListFormatError(f"{path.name}: no entities found")
    entities.sort(key=lambda e: e.id)
    for prev, cur in itertools.pairwise(entities):
        if prev.id == cur.id:
            raise ListFormatError(f"{path.name}: the id {cur.id!r} occurs more than once")
    return entities
