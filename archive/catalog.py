"""The read side's model: what the index holds about its documents and its last build, typed and
frozen, built once per index generation (archive.engine.store) and shared by every search of it.

The index stores each document's metadata as JSON (`Document.metadata_dict()` plus its passage
count); reading it back into `DocumentRecord`s here, once, means search, result cards, citations,
exports and the app read fields by name a type checker knows, so a renamed `Document` field fails
loudly (mypy, and the test that holds the two field lists equal) instead of blanking a result card.
Nothing here touches Whoosh: the engine builds a `Catalog` and searches beside it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np

from archive.facet_table import FacetTable
from archive.facets import FACETS
from archive.shared.model import Document, Passage
from archive.shared.profile import Profile
from archive.shared.words import slug

Row = Mapping[str, Any]  # one row of the build report (`path` and a reason), as the indexer wrote it


def _known_values(record_type: type, stored: Mapping[str, Any]) -> dict[str, Any]:
    """The stored JSON's values of `record_type`'s fields, lists as tuples: fields it does not know
    are ignored (an index written by a newer version still opens), missing or null ones left to
    their defaults."""
    return {
        f.name: tuple(value) if isinstance(value, list) else value
        for f in fields(record_type)
        if (value := stored.get(f.name)) is not None
    }


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One document's metadata as the index holds it: `Document`'s fields without its passages
    (lists as tuples), and how many passages it has."""

    doc_id: str
    kind: str
    title: str
    source_path: str
    date: str | None = None
    date_source: str = ""
    title_source: str = ""
    url: str | None = None
    recording_url: str | None = None
    language: str = "en"
    language_confidence: float | None = None
    hashtags: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    also_named: tuple[str, ...] = ()
    named_acronyms: Mapping[str, str] = field(default_factory=dict)
    acronyms: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    people_roles: Mapping[str, str] = field(default_factory=dict)
    authors: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    summary: str = ""
    site_name: str = ""
    content_hash: str = ""
    file_hash: str = ""
    visibility: str = "public"
    synthetic: bool = False
    file_name: str = ""
    links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    text_source: str = "text"
    ocr_confidence: float | None = None
    speech_model: str = ""
    speech_confidence: float | None = None
    low_confidence_parts: tuple[int, ...] = ()
    extra_paths: tuple[str, ...] = ()
    former_ids: tuple[str, ...] = ()
    passage_count: int = 0

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> DocumentRecord:
        """A record from the JSON the index stores (fields it does not know are ignored, so an index
        written by a newer version still opens; missing ones take their defaults)."""
        return cls(**_known_values(cls, stored))

    def values(self, key: str) -> tuple[str, ...]:
        """The values of one of its list fields, or of a single-valued one as a one-tuple (a facet's
        `key`, archive.facets); none for an empty or unknown field."""
        found = getattr(self, key, None)
        if not found:
            return ()
        return (found,) if isinstance(found, str) else tuple(found)

    def document(self, passages: Iterable[Passage] = ()) -> Document:
        """The `Document` (mutable, with lists) this record was stored from, with `passages`."""
        values: dict[str, Any] = {
            f.name: list(v) if isinstance(v, tuple) else dict(v) if isinstance(v, Mapping) else v
            for f in fields(self)
            if f.name != "passage_count"
            for v in [getattr(self, f.name)]
        }
        return Document(**values, passages=list(passages))


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """The last build's record: when it ran, over what, what it reported. The public view's copy
    lists public files only; the staff copy also what staff alone may see (`site_furniture`)."""

    built_at: str | None = None
    roots: tuple[str, ...] = ()  # the source folders, absolute: where originals are served from
    named_after_folder: bool = False  # no profile: the archive is named after its folder, no organization's
    rebuild_arguments: tuple[str, ...] | None = None  # what a staff rebuild passes to `indexer build`
    notices: tuple[str, ...] = ()
    failed: tuple[Row, ...] = ()
    skipped: tuple[Row, ...] = ()
    warnings: tuple[Row, ...] = ()
    duplicates: tuple[Row, ...] = ()
    sources: tuple[Row, ...] = ()  # the exports and websites read (docs/reference.md)
    site_furniture: tuple[str, ...] = ()

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> BuildRecord:
        """The record from the JSON the index stores ({} before the first build)."""
        return cls(**_known_values(cls, stored))


# Metadata whose values have a display form: the facets matched by label, and speakers (`speaker:`).
DISPLAY_KEYS = (*(f.key for f in FACETS if f.match == "label"), "speakers")


def _display_forms(records: Iterable[DocumentRecord]) -> dict[str, dict[str, str]]:
    """Per facet, each slug's most frequent spelling across the archive (ties: first seen)."""
    forms: dict[str, dict[str, Counter[str]]] = {}
    for record in records:
        for key in DISPLAY_KEYS:
            for value in record.values(key):
                forms.setdefault(key, {}).setdefault(slug(value), Counter())[value] += 1
    return {f: {s: c.most_common(1)[0][0] for s, c in by_slug.items()} for f, by_slug in forms.items()}


def named_by_acronym(documents: dict[str, DocumentRecord]) -> dict[str, DocumentRecord]:
    """The documents, each also naming the organizations ("Also named") and government bodies
    (agencies) whose acronyms it uses where another of these documents defines the acronym
    ("Detention Watch Network (DWN)", "Immigration and Customs Enforcement (ICE)"). Read here, once
    per generation, so a page indexed before the page defining its acronym is tagged too, and a view
    learns acronyms from the documents it may see only. A name is an agency when the page defining
    it lists it among its agencies.

    Which name an acronym stands for on a page: the page's own definition; else the name more than
    half of the defining pages in the page's language give it (an English page's "ICE" is
    "Immigration and Customs Enforcement" however many Spanish pages define it as "Servicio de
    Inmigración y Control de Aduanas"); else the name more than half of all defining pages give it;
    else none (an even split)."""
    meanings: dict[str, Counter[str]] = {}
    meanings_in: dict[tuple[str, str], Counter[str]] = {}
    agencies: set[str] = set()
    for record in documents.values():
        for acronym, name in record.named_acronyms.items():
            meanings.setdefault(acronym, Counter())[_without_country(name)] += 1
            meanings_in.setdefault((acronym, record.language), Counter())[_without_country(name)] += 1
            if name in record.agencies:
                agencies.add(name)
                agencies.add(_without_country(name))
    named = {acronym: meant for acronym, definitions in meanings.items() if (meant := _majority(definitions))}
    named_in = {key: meant for key, definitions in meanings_in.items() if (meant := _majority(definitions))}
    if not named and not named_in:
        return documents
    tagged = {}
    for doc_id, record in documents.items():
        meaning = (
            record.named_acronyms.get(acronym) or named_in.get((acronym, record.language)) or named.get(acronym)
            for acronym in record.acronyms
        )
        used = dict.fromkeys(name for name in meaning if name)
        more = [n for n in used if n not in agencies and n not in record.also_named]
        more_agencies = [n for n in used if n in agencies and n not in record.agencies]
        if more or more_agencies:
            record = replace(
                record, also_named=(*record.also_named, *more), agencies=(*record.agencies, *more_agencies)
            )
        tagged[doc_id] = record
    return tagged


# The country a body belongs to, written into its name or not: "Servicio de Inmigración y Control de
# Aduanas de Estados Unidos" and "… de Aduanas" are one body's names, and vote as the shorter one.
_COUNTRY = re.compile(r"^(?:U\.S\.|US|United States)\s+|\s+de\s+(?:los\s+)?(?:Estados\s+Unidos|EE\.\s?UU\.|EEUU|EUA)$")


def _without_country(name: str) -> str:
    shorter = _COUNTRY.sub("", name)
    return shorter if len(shorter.split()) >= 2 else name


def _majority(definitions: Counter[str]) -> str | None:
    """The name more than half of an acronym's definitions give, if one does."""
    ((name, count),) = definitions.most_common(1)
    return name if 2 * count > definitions.total() else None


@dataclass(frozen=True)
class Catalog:
    """Everything the read side knows of one index generation besides its text: the documents a
    view may see, the profile the archive was built with, the last build's record, and the facet
    table (bitsets and sort orders) its filters, counts and orders read."""

    documents: Mapping[str, DocumentRecord]  # doc_id -> record, the view's documents only
    profile: Profile
    build: BuildRecord
    table: FacetTable
    display: Mapping[str, Mapping[str, str]]  # facet key -> slug -> display form
    aliases: Mapping[str, str]  # a document's former id -> its id now

    @classmethod
    def of(cls, records: Iterable[DocumentRecord], profile: Profile, build: BuildRecord) -> Catalog:
        documents = named_by_acronym({r.doc_id: r for r in records})
        display = _display_forms(documents.values())
        return cls(
            documents=MappingProxyType(documents),
            profile=profile,
            build=build,
            table=FacetTable.build(documents, display),
            display=display,
            aliases={old: d for d, r in documents.items() for old in r.former_ids if old not in documents},
        )

    def __iter__(self) -> Iterator[DocumentRecord]:
        return iter(self.documents.values())

    def __len__(self) -> int:
        return len(self.documents)

    def get(self, doc_id: str) -> DocumentRecord | None:
        return self.documents.get(doc_id)

    def label(self, key: str, value: str) -> str:
        """The display form of a facet value (e.g. the most frequent casing of a hashtag)."""
        return self.display.get(key, {}).get(slug(value), value)

    @cached_property
    def _language_masks(self) -> dict[str, np.ndarray]:
        """Per language, which documents (the facet table's order) are written in it (ISO 639-1;
        an unknown language counts as English, as the engine analyses it)."""
        languages = np.array([self.documents[d].language or "en" for d in self.table.ids], dtype=object)
        languages[languages == "und"] = "en"
        return {str(language): languages == language for language in set(languages.tolist())}

    @property
    def document_languages(self) -> frozenset[str]:
        """The languages its documents are written in: what a query can usefully be translated into."""
        return frozenset(self._language_masks)

    def in_language(self, language: str) -> np.ndarray:
        """Per document (the facet table's order): whether it is written in `language`."""
        return self._language_masks.get(language, np.zeros(len(self.table.ids), dtype=bool))
