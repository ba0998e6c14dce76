"""Supplier-style spellings of real listed names (seeded, so every run builds the same set)."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rigour.names import remove_org_types

from benchmarks.matching.data import non_latin
from screener.lists.entity import Entity

LLC = ["LLC", "OOO", "Limited Liability Company", "GmbH", "Ltd", "SARL"]
JSC = ["JSC", "AO", "Joint Stock Company", "PJSC", "AG", "S.A."]
ABBREVIATE = {
    "corporation": "corp", "company": "co", "international": "intl", "group": "grp",
    "commercial": "comm", "industries": "ind", "industrial": "ind", "trading": "trdg",
    "limited": "ltd", "technology": "tech", "technologies": "tech", "manufacturing": "mfg",
    "services": "svcs", "holding": "hldg", "holdings": "hldgs", "engineering": "eng",
}  # fmt: skip
BRANCHES = [
    " Trading Branch Dubai",
    " (Shanghai) Representative Office",
    " - Moscow Branch",
    " Branch Office UAE",
    " Hong Kong Branch",
]


@dataclass(slots=True)
class Case:
    kind: str
    query: str
    source: str  # the listed name the query was made from
    entity: int  # index of the entity it was made from (-1: find by source name)


def _tokens(name: str) -> list[str]:
    return name.split()


def legal_form(rng: random.Random, name: str) -> str | None:
    bare = remove_org_types(name.casefold()).strip(" ,.")
    if not bare or len(bare) < 3:
        return None
    form = rng.choice(LLC + JSC)
    return f"{form} {bare.upper()}" if form in ("OOO", "AO") else f"{bare.upper()} {form}"


def abbreviate(name: str) -> str | None:
    words = name.split()
    out = [ABBREVIATE.get(w.casefold().strip(",."), w) for w in words]
    return " ".join(out) if out != words else None


def typo(rng: random.Random, name: str) -> str | None:
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 6 or not word.isalpha():
        return None
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("swap", "delete", "substitute"))
    if op == "swap":
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif op == "delete":
        word = word[:i] + word[i + 1 :]
    else:
        word = word[:i] + rng.choice("AEIOUNRST") + word[i + 1 :]
    words[longest] = word
    return " ".join(words)


def word_order(name: str) -> str | None:
    words = name.replace(",", " ").split()
    return " ".join(words[1:] + words[:1]) if len(words) >= 2 else None


def org_cases(entities: list[Entity], per_kind: int, seed: int = 7) -> Iterator[Case]:
    """Variants of real listed organisation names, ``per_kind`` of each kind."""
    rng = random.Random(seed)
    orgs = [i for i, e in enumerate(entities) if e.schema == "Organization"]
    rng.shuffle(orgs)
    counts: dict[str, int] = {}

    def emit(kind: str, query: str | None, source: str, e_idx: int) -> Iterator[Case]:
        if query and counts.get(kind, 0) < per_kind:
            counts[kind] = counts.get(kind, 0) + 1
            yield Case(kind, query, source, e_idx)

    for e_idx in orgs:
        entity = entities[e_idx]
        name = entity.names[0].name
        yield from emit("exact", name, name, e_idx)
        akas = [n.name for n in entity.names[1:] if not non_latin(n.name)]
        if akas:
            yield from emit("alias", rng.choice(akas), name, e_idx)
        yield from emit("legal_form", legal_form(rng, name), name, e_idx)
        yield from emit("abbreviation", abbreviate(name), name, e_idx)
        yield from emit("typo", typo(rng, name), name, e_idx)
        yield from emit("word_order", word_order(name), name, e_idx)
        yield from emit("branch", name + rng.choice(BRANCHES), name, e_idx)
    # A seeded sample of every listed name in its original script (the lists' own, persons
    # and organisations alike), matched against an index of the Latin names.
    originals = [
        (e_idx, n.name)
        for e_idx, entity in enumerate(entities)
        for n in entity.names
        if n.kind == "primary" and non_latin(n.name)
    ]
    for e_idx, original in random.Random(seed).sample(originals, min(per_kind, len(originals))):
        yield from emit("original_script", original, entities[e_idx].names[0].name, e_idx)


def un_person_cases(data: Path) -> Iterator[Case]:
    """The 683 UN person names with OpenSanctions' typos and reorderings (line-aligned)."""
    folder = data / "matching_test_sets"
    with (
        (folder / "un_names_original.csv").open(encoding="utf-8") as a,
        (folder / "un_names_perturbed.csv").open(encoding="utf-8") as b,
    ):
        for orig, pert in zip(csv.DictReader(a), csv.DictReader(b), strict=True):
            yield Case("un_person_perturbed", pert["full_name"], orig["full_name"], -1)
