"""What the read side answers with: typed results, each with `to_json()` giving the contract in docs/reference.md.

`archive.api.Archive` returns these; the app reads their fields, and the CLI prints `to_json()`
(`search --json`, `show --json`, `stats --json`). Keeping the JSON in one method per class means the
contract is written once, next to the fields it is made of, and the app cannot drift from it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from archive.shared.model import Document, Passage
from archive.translation import LANGUAGE_NAMES

JsonObject = dict[str, Any]


@dataclass(frozen=True)
class PassageHit:
    """One matching passage of a result: where it is (page, or start/end seconds and speaker), its
    snippet (inert HTML with the matched words in `<mark>`), and a link to that page or minute."""

    page: int | None
    start: float | None
    end: float | None
    speaker: str | None
    snippet: str
    link: str | None  # the web address at that page or minute, when the document has one
    view: str  # this app's own address for it: the PDF's page view, the recording's minute, the document
    part: int  # which of the document's passages it is, from 1 (a statement's "Part 2 of 3")
    parts: int  # how many passages the document has

    def to_json(self) -> JsonObject:
        return asdict(self)


@dataclass(frozen=True)
class ResultCard:
    """One document in a result list, with its best passages."""

    doc_id: str
    kind: str
    title: str
    date: str | None
    url: str | None
    recording_url: str | None
    source_path: str
    score: float
    hashtags: tuple[str, ...]
    organizations: tuple[str, ...]
    agencies: tuple[str, ...]
    people: tuple[str, ...]
    topics: tuple[str, ...]
    visibility: str
    synthetic: bool
    notes: tuple[str, ...]
    text_source: str  # "text", "ocr", "text+ocr" or "speech" (a machine transcript of a recording)
    snippet: str  # the best passage's snippet, or the summary when no passage matched (browsing)
    passages: tuple[PassageHit, ...]
    more_passages: int  # further matching passages not shown

    def to_json(self) -> JsonObject:
        data = {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}
        data["passages"] = [p.to_json() for p in self.passages]
        return data


@dataclass(frozen=True)
class FacetCounts:
    """Per facet (archive.facets), each value's label and how many matching documents have it, in
    display order (most frequent first; years newest first)."""

    by_facet: Mapping[str, Mapping[str, int]]

    def of(self, facet: str) -> dict[str, int]:
        return dict(self.by_facet.get(facet, {}))

    def to_json(self) -> JsonObject:
        return {facet: dict(counts) for facet, counts in self.by_facet.items()}


@dataclass(frozen=True)
class QueryTranslation:
    """A query as it was also searched in another language."""

    language: str  # ISO 639-1
    text: str
    # (a typed word, the same word translated alone): which words stand for the same concept, so a
    # word and its translation are weighed as one (archive/engine/concepts.py). Names pair with themselves.
    word_pairs: tuple[tuple[str, str], ...] = ()
    from_language: str = ""  # the typed query's (ISO 639-1)

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    def to_json(self) -> dict[str, str]:
        return {"language": self.language, "language_name": self.language_name, "query": self.text}


@dataclass(frozen=True)
class SearchPage:
    """One page of results of a search, its facet counts, and what was made of the query."""

    query: str
    generation: int
    total: int
    page: int
    per_page: int
    sort: str  # as applied: browsing without a query sorts "newest" even when "relevance" was asked
    suggestion: str | None  # a corrected query that finds more, when this one found little
    notice: str | None  # what the query language did with the query (a forgiven error, a capped wildcard)
    results: tuple[ResultCard, ...]
    facets: FacetCounts
    translations: tuple[QueryTranslation, ...] = ()  # the query as also searched in other languages

    @property
    def first_shown(self) -> int:
        """The position (from 1) of the first result on this page, 0 when there is none."""
        return (self.page - 1) * self.per_page + 1 if self.results else 0

    @property
    def last_shown(self) -> int:
        return (self.page - 1) * self.per_page + len(self.results)

    def to_json(self) -> JsonObject:
        return {
            "query": self.query,
            "generation": self.generation,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "sort": self.sort,
            "suggestion": self.suggestion,
            "notice": self.notice,
            "also_searched": [t.to_json() for t in self.translations],
            "results": [r.to_json() for r in self.results],
            "facets": self.facets.to_json(),
        }


@dataclass(frozen=True)
class ShownPassage:
    """A passage as the app shows it: inert HTML with the query's words marked, and its link."""

    passage: Passage
    html: str
    link: str | None


@dataclass(frozen=True)
class DocumentView:
    """A document for reading: its metadata and passages `first_passage`.. of `passage_count`."""

    document: Document  # the metadata; its own `passages` list is left empty (see `passages`)
    passages: tuple[ShownPassage, ...]
    first_passage: int
    passage_count: int

    def numbered(self) -> Iterator[tuple[int, ShownPassage]]:
        """Each shown passage with its place in the document, from 1 (for "Part 2 of 3")."""
        return enumerate(self.passages, start=self.first_passage + 1)

    def to_json(self) -> JsonObject:
        """`show --json`: every metadata field, the passage count and the passages' own fields."""
        return {
            **self.document.metadata_dict(),
            "passage_count": self.passage_count,
            "passages": [p.passage.to_dict() for p in self.passages],
        }


@dataclass(frozen=True)
class KindCounts:
    documents: int
    passages: int


@dataclass(frozen=True)
class IndexStats:
    """What the index holds and what its last build reported (rows as the build report has them:
    `path` and a reason; the public view's rows name public files only)."""

    collection: str
    documents: int
    passages: int
    by_kind: Mapping[str, KindCounts]
    built_at: str | None
    generation: int
    failed: tuple[Mapping[str, str], ...] = field(default=())
    skipped: tuple[Mapping[str, str], ...] = field(default=())
    warnings: tuple[Mapping[str, str], ...] = field(default=())
    duplicates: tuple[Mapping[str, str], ...] = field(default=())
    notices: tuple[str, ...] = field(default=())
    sources: tuple[Mapping[str, Any], ...] = field(default=())  # the exports and websites read (docs/reference.md)
    cross_language: str = ""  # on or off, and why (archive.cross_language.status)

    def to_json(self) -> JsonObject:
        return {
            "collection": self.collection,
            "documents": self.documents,
            "passages": self.passages,
            "by_kind": {kind: asdict(counts) for kind, counts in self.by_kind.items()},
            "built_at": self.built_at,
            "failed": [dict(r) for r in self.failed],
            "skipped": [dict(r) for r in self.skipped],
            "warnings": [dict(r) for r in self.warnings],
            "duplicates": [dict(r) for r in self.duplicates],
            "notices": list(self.notices),
            "sources": [dict(r) for r in self.sources],
            "cross_language": self.cross_language,
            "generation": self.generation,
        }
