"""One parser per official format.

A parser is ``parse(list_id, files) -> ParsedList``: ``files`` maps each file's role (the
``name`` in the source definition, e.g. ``sdn.csv``) to its path on disk. Parsers read
streaming and safely (no external XML entities, bounded memory), keep every name with its
quality and script, and raise :class:`~screener.errors.ListFormatError` on a file that is not
what its format promises.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from screener.errors import InputError
from screener.lists.entity import Entity


@dataclass(slots=True)
class ParsedList:
    """What a parser returns: the entities and the publication date the files state."""

    entities: list[Entity]
    published_at: str | None = None
    warnings: list[str] = field(default_factory=list)


Parser = Callable[[str, Mapping[str, Path]], ParsedList]

# format name -> module under screener.lists.formats exposing ``parse``
FORMATS: dict[str, str] = {
    "ofac_csv": "ofac",
    "un_xml": "un",
    "eu_fsf_xml": "eu",
    "ofsi_conlist": "ofsi",
    "fcdo_xml": "fcdo",
    "csl_csv": "csl",
    "bis_dpl": "dpl",
    "ftm_json": "ftm",
    "custom_csv": "custom",
}


def get_parser(fmt: str) -> Parser:
    if fmt not in FORMATS:
        raise InputError(f"unknown list format {fmt!r} (known: {', '.join(sorted(FORMATS))})")
    module = importlib.import_module(f"screener.lists.formats.{FORMATS[fmt]}")
    parser: Parser = module.parse
    return parser
