"""The public face of `archive/`: what the CLI and the app call. Neither touches Whoosh directly.

`Archive` wraps one index directory. Every call takes the current snapshot (see archive.engine.store),
so a long-running app sees a rebuilt index on its next call without a restart.
"""

from __future__ import annotations

import functools
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypedDict, TypeVar

from archive import cite as citations
from archive import cross_language as cross_language_search
from archive import engine
from archive.catalog import BuildRecord, Catalog, DocumentRecord
from archive.complete import Completion, autocomplete
from archive.engine import (
    DEFAULT_RANKING,
    ArchiveStore,
    Highlight,
    Ranking,
    Snapshot,
    analysis_language,
    compile_query,
    match_spans,
    related_documents,
)
from archive.export import export
from archive.markup import paragraphs_html
from archive.originals import Original, locate_original
from archive.page_view import PageView, page_count, render_page
from archive.query import glossary_mentions, parse_query
from archive.results import DocumentView, IndexStats, KindCounts, SearchPage, ShownPassage
from archive.search import SearchRequest, all_result_ids, passage_link, search
from archive.shared.model import Document, Passage
from archive.shared.ocr_cache import CACHE_FOLDER, tesseract_languages
from archive.shared.profile import GlossaryTerm, Profile
from archive.shared.words import slug

T = TypeVar("T")


class RelatedDocument(TypedDict):
    """A document like another one ("more like this")."""

    doc_id: str
    kind: str
    title: str
    date: str | None
    score: float


class PathStep(TypedDict):
    """A key resource of a topic's "start here" path."""

    doc_id: str
    title: str
    kind: str
    date: str | None
    summary: str


class GlossaryEntry(TypedDict):
    term: str
    expansion: str
    definition: str


class DocumentNotFoundError(KeyError):
    """No (visible) document with that id."""

    def __str__(self) -> str:
        return f"no document with id {self.args[0]!r}"


def _wants_internal(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether a call is a staff call: `include_internal=True`, or a SearchRequest that says so."""
    if kwargs.get("include_internal"):
        return True
    return any(isinstance(a, SearchRequest) and a.include_internal for a in args)


def _consistent(method: Callable[..., T]) -> Callable[..., T]:
    """Run a public call on one snapshot of its view (public, or staff), holding its lock.

    Streamlit serves each browser session from its own thread, and a Whoosh searcher's file reads
    are not safe to share between threads; the GIL runs one at a time anyway, so the lock costs
    little. Nested calls (document_view -> document) reuse the same snapshot, so one answer never
    mixes two index generations."""

    @functools.wraps(method)
    def wrapper(self: Archive, *args: Any, **kwargs: Any) -> T:
        if getattr(self._local, "snapshot", None) is not None:
            return method(self, *args, **kwargs)
        snapshot = self.store.snapshot(_wants_internal(args, kwargs))
        with snapshot.lock:
            self._local.snapshot = snapshot
            try:
                return method(self, *args, **kwargs)
            finally:
                self._local.snapshot = None

    return wrapper


def _page_total(original: Original, passages: list[Passage]) -> int:
    """How many pages a PDF or image has: its original file's count (pages without text count too),
    else the last page the index holds text for."""
    if original.path is not None:
        return page_count(original.path)
    return max((p.page or 0 for p in passages), default=0)


class Archive:
    """The archive behind one index directory. Every call answers from the public documents alone,
    unless it asks for `include_internal` (staff), in which case it answers from all of them."""

    def __init__(self, index_dir: Path | str, ranking: Ranking = DEFAULT_RANKING) -> None:
        self.store = ArchiveStore(index_dir, ranking)
        self._local = threading.local()

    @property
    def index_dir(self) -> Path:
        """The index directory this archive reads."""
        return self.store.index_dir

    def snapshot(self, include_internal: bool = False) -> Snapshot:
        """The snapshot of the call in progress on this thread, else the newest one of the view."""
        return getattr(self._local, "snapshot", None) or self.store.snapshot(include_internal)

    def generation(self, *, include_internal: bool = False) -> int:
        """The index generation a call would answer from now (it changes with every build that
        changes the index): what HTTP answers tag themselves with, so an unchanged archive is a 304."""
        return self.snapshot(include_internal).generation

    def catalog(self, *, include_internal: bool = False) -> Catalog:
        """What the index holds about its documents (those the view may see), its profile and its
        last build: typed, and the same object for every call until the index changes."""
        return self.snapshot(include_internal).catalog

    def profile(self) -> Profile:
        """The collection profile the index was built with (archive.toml), as the index holds it."""
        return self.catalog().profile

    def build_info(self, *, include_internal: bool = False) -> BuildRecord:
        """The last build's record (when, what, how it was run; the staff view's lists internal files)."""
        return self.catalog(include_internal=include_internal).build

    def publisher(self) -> str:
        """The organization whose archive this is (its profile's name), shown as the publisher of
        its documents rather than as one of the organizations they name; "" for an archive named
        after its folder (no profile), whose name is no organization's."""
        catalog = self.catalog()
        return "" if catalog.build.named_after_folder else catalog.profile.name

    @_consistent
    def search(self, request: SearchRequest) -> SearchPage:
        return search(self.snapshot(), request)

    @_consistent
    def result_ids(self, request: SearchRequest) -> list[str]:
        """Every matching document id in result order (for exports of the whole result set)."""
        return all_result_ids(self.snapshot(), request)

    @_consistent
    def export(self, request: SearchRequest, fmt: str, *, accessed: date | None = None) -> str:
        """The whole result set of a search (every page) as csv, json, bibtex or ris."""
        snap = self.snapshot()
        records = [snap.catalog.documents[d] for d in all_result_ids(snap, request)]
        return export(records, fmt, self.publisher(), accessed=accessed)

    @_consistent
    def current_id(self, doc_id: str, *, include_internal: bool = False) -> str:
        """The id a document has now: `doc_id` itself, or, for an id a document had before its source
        was renamed, the document's new id (so old links keep working); an unknown id unchanged."""
        catalog = self.snapshot().catalog
        return doc_id if doc_id in catalog.documents else catalog.aliases.get(doc_id, doc_id)

    @_consistent
    def metadata(self, doc_id: str, *, include_internal: bool = False) -> DocumentRecord:
        """A document's metadata (no text); DocumentNotFoundError if the view has no such document."""
        record = self.snapshot().catalog.get(doc_id)
        if record is None:
            raise DocumentNotFoundError(doc_id)
        return record

    @_consistent
    def document(self, doc_id: str, *, include_internal: bool = False) -> Document:
        """A document with all its passages, in order, from the index alone."""
        record = self.metadata(doc_id, include_internal=include_internal)
        return record.document(engine.passages(self.snapshot(), doc_id, 0, None))

    @_consistent
    def document_view(
        self, doc_id: str, query: str = "", *, include_internal: bool = False, start: int = 0, limit: int | None = None
    ) -> DocumentView:
        """A document for reading: its passages `start`..`start + limit` (all by default) as inert
        HTML paragraphs (archive.markup) with the query's words marked (the same words search
        matched), each with its link; `passage_count` says how many it has in all."""
        record = self.metadata(doc_id, include_internal=include_internal)
        start = max(0, start)
        shown = engine.passages(self.snapshot(), doc_id, start, None if limit is None else start + limit)
        language, marks = self._marks(record, query)
        return DocumentView(
            document=record.document(),
            passages=tuple(self._shown(record, p, match_spans(p.text, marks, language)) for p in shown),
            first_passage=start,
            passage_count=record.passage_count or len(shown),
        )

    @staticmethod
    def _shown(record: DocumentRecord, passage: Passage, spans: list[tuple[int, int]]) -> ShownPassage:
        return ShownPassage(
            passage, paragraphs_html(passage.text, spans), passage_link(record, passage.page, passage.start)
        )

    @_consistent
    def page_view(self, doc_id: str, page: int, query: str = "", *, include_internal: bool = False) -> PageView:
        """Page `page` of a PDF or image document as a picture with the query's matched words marked
        (archive/page_view.py), its passage (text and link) and how many pages there are. Without
        the original file on this machine the picture is None. A page the file does not have is a
        ValueError saying how many it has."""
        record = self.metadata(doc_id, include_internal=include_internal)
        if record.kind not in ("pdf", "image"):
            raise ValueError(f"{doc_id} has no pages (it is a {record.kind})")
        original = self.original(doc_id, include_internal=include_internal)
        passages = engine.passages(self.snapshot(), doc_id, 0, None)
        count = _page_total(original, passages)
        if not 1 <= page <= max(count, 1):
            raise ValueError(f"page {page} is not a page of this document (it has {count})")
        language, marks = self._marks(record, query)
        passage = next((p for p in passages if p.page == page), None)
        spans = match_spans(passage.text, marks, language) if passage else []
        image = None
        if original.path is not None:
            words = tuple(sorted({passage.text[a:b] for a, b in spans})) if passage else ()
            image = render_page(
                original.path,
                page,
                words,
                self.index_dir / CACHE_FOLDER,
                record.file_hash,
                tesseract_languages(self.snapshot().catalog.profile.languages),
            )
        shown = self._shown(record, passage, spans) if passage else None
        return PageView(page=page, page_count=count, image=image, passage=shown, url=record.url)

    def _marks(self, record: DocumentRecord, query: str) -> tuple[str, Highlight]:
        """The document's analysis language and what to mark in it for `query` (as search matched)."""
        snap = self.snapshot()
        language = analysis_language(record.language)
        return language, engine.marks(snap, compile_query(parse_query(query, snap.catalog).query))[language]

    @_consistent
    def original(self, doc_id: str, *, include_internal: bool = False) -> Original:
        """The original file of a document, for download (archive.originals): inside the source
        folders of the last build, and only while it is still the file that was indexed."""
        record = self.metadata(doc_id, include_internal=include_internal)
        return locate_original(record, self.snapshot().catalog.build.roots)

    @_consistent
    def cite(
        self,
        doc_id: str,
        style: str,
        *,
        page: int | None = None,
        at: float | None = None,
        paragraphs: tuple[int, int] | None = None,
        accessed: date | None = None,
        include_internal: bool = False,
        html: bool = False,
    ) -> str:
        """A citation in `style`, pinpointed at `page`, `at` seconds or a statement's `paragraphs`
        (first, last) when given: plain text to copy, or (`html`) inert HTML with the style's
        italics. A pinpoint the document does not have is a PinpointError (a ValueError) saying what
        it has."""
        record = self.metadata(doc_id, include_internal=include_internal)
        if page is not None or at is not None or paragraphs is not None:
            passages = engine.passages(self.snapshot(), doc_id, 0, None)
            timed = [p.end if p.end is not None else p.start for p in passages if p.start is not None]
            paged = record.kind in ("pdf", "image")
            pages = _page_total(self.original(doc_id, include_internal=include_internal), passages) if paged else 0
            ranges = citations.paragraph_ranges([p.text for p in passages]) if paragraphs is not None else []
            citations.check_pinpoint(
                record.kind, pages, max(timed) if timed else None, page, at, paragraphs, ranges[-1][1] if ranges else 0
            )
        return citations.cite(
            record,
            style,
            self.publisher() or record.site_name,
            accessed=accessed,
            page=page,
            at=at,
            paragraphs=paragraphs,
            publisher_is_author=bool(self.publisher()),
            html=html,
        )

    @_consistent
    def autocomplete(self, prefix: str, *, include_internal: bool = False, limit: int = 10) -> list[Completion]:
        """Hashtags, organizations, topics and title words starting with `prefix`."""
        return autocomplete(self.snapshot().catalog, prefix, limit=limit)

    @_consistent
    def related(self, doc_id: str, *, include_internal: bool = False, limit: int = 5) -> list[RelatedDocument]:
        """More like this: related documents across kinds."""
        self.metadata(doc_id, include_internal=include_internal)
        documents = self.snapshot().catalog.documents
        return [
            RelatedDocument(doc_id=d, kind=r.kind, title=r.title, date=r.date, score=round(score, 4))
            for d, score in related_documents(self.snapshot(), doc_id, limit=limit)
            for r in [documents[d]]
        ]

    @_consistent
    def timeline(self, facet: str, *, by: str = "year", include_internal: bool = False) -> dict[str, dict[str, int]]:
        """Documents per period ("year" or "month") for each value of a facet (topics, hashtags,
        organizations, kind): {period: {value: count}}, periods in order. Undated documents are left out."""
        catalog = self.snapshot().catalog
        width = 4 if by == "year" else 7
        periods: dict[str, Counter[str]] = {}
        for record in catalog:
            period = (record.date or "")[:width]
            if len(period) < width:
                continue  # undated, or a year-only date, which has no month
            periods.setdefault(period, Counter()).update(catalog.label(facet, v) for v in record.values(facet))
        return {p: dict(periods[p]) for p in sorted(periods)}

    @_consistent
    def reading_path(self, topic: str, *, limit: int = 3, include_internal: bool = False) -> list[PathStep]:
        """Key resources for a topic: those the profile names, else its most central documents (the
        topic ranked first on them, then most shared topics and hashtags with the topic's others)."""
        catalog = self.snapshot().catalog
        visible = catalog.documents
        chosen = next((t.reading_path for t in catalog.profile.topics if t.name == topic), ())
        ids = [d for d in chosen if d in visible]
        if not ids:
            members = [d for d, r in visible.items() if topic in r.topics]

            def labels(doc_id: str) -> set[str]:
                return {*visible[doc_id].topics, *visible[doc_id].hashtags}

            def centrality(doc_id: str) -> tuple[int, int, str]:
                shared = sum(len(labels(doc_id) & labels(o)) for o in members if o != doc_id)
                return (visible[doc_id].topics.index(topic), -shared, doc_id)

            ids = sorted(members, key=centrality)
        return [
            PathStep(doc_id=d, title=r.title, kind=r.kind, date=r.date, summary=r.summary)
            for d in ids[:limit]
            for r in [visible[d]]
        ]

    @_consistent
    def related_hashtags(self, tag: str, *, include_internal: bool = False) -> dict[str, int]:
        """Hashtags that appear in the same documents as `tag` (any casing), with co-occurrence counts."""
        catalog = self.snapshot().catalog
        wanted = slug(tag)
        counts: Counter[str] = Counter()
        for record in catalog:
            tags = {slug(h) for h in record.hashtags}
            if wanted in tags:
                counts.update(catalog.label("hashtags", t) for t in tags - {wanted})
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())))

    @_consistent
    def glossary(self) -> list[GlossaryEntry]:
        """The profile's glossary, alphabetical: term, expansion, definition (for onboarding)."""
        return [_entry(g) for g in sorted(self.snapshot().catalog.profile.glossary, key=lambda g: g.term.casefold())]

    @_consistent
    def glossary_for(self, query: str, *, cross_language: bool = True) -> list[GlossaryEntry]:
        """Glossary entries a query mentions (by term, expansion or alias), to explain beside results:
        the same decision that expands the query (archive.query.glossary_mentions), made on the
        query and on the translations its search also ran ("huelga de hambre" explains "hunger strike")."""
        catalog = self.snapshot().catalog
        translations = cross_language_search.query_translations(query, catalog) if cross_language else ()
        texts = (query, *(t.text for t in translations))
        mentioned = {g.term for text in texts for g in glossary_mentions(text, catalog.profile)}
        return [entry for entry in self.glossary() if entry["term"] in mentioned]

    @_consistent
    def stats(self, *, include_internal: bool = False) -> IndexStats:
        """Documents and passages by kind, the last build's time and its failed and skipped files."""
        snap = self.snapshot()
        catalog = snap.catalog
        by_kind = Counter(r.kind for r in catalog)
        passages: Counter[str] = Counter()
        for record in catalog:
            passages[record.kind] += record.passage_count
        build = catalog.build
        return IndexStats(
            collection=catalog.profile.name,
            documents=len(catalog),
            passages=sum(passages.values()),
            by_kind={k: KindCounts(by_kind[k], passages[k]) for k in sorted(by_kind)},
            built_at=build.built_at,
            generation=snap.generation,
            failed=build.failed,
            skipped=build.skipped,
            warnings=build.warnings,
            duplicates=build.duplicates,
            notices=build.notices,
            sources=build.sources,
            cross_language=cross_language_search.status(catalog),
        )


def _entry(term: GlossaryTerm) -> GlossaryEntry:
    return GlossaryEntry(term=term.term, expansion=term.expansion, definition=term.definition)
