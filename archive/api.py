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
from typing import Any, TypeVar

from archive import cite as citations
from archive import cross_language as cross_language_search
from archive import engine
from archive.complete import autocomplete
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
from archive.model import Document, Passage
from archive.ocr_cache import CACHE_FOLDER, tesseract_languages
from archive.originals import Original, locate_original
from archive.page_view import PageView, page_count, render_page
from archive.profile import Profile
from archive.query import glossary_mentions, parse_query
from archive.results import DocumentView, IndexStats, KindCounts, SearchPage, ShownPassage
from archive.search import SearchRequest, all_result_ids, passage_link, search
from archive.words import slug

T = TypeVar("T")


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

    def snapshot(self, include_internal: bool = False) -> Snapshot:
        """The snapshot of the call in progress on this thread, else the newest one of the view."""
        return getattr(self._local, "snapshot", None) or self.store.snapshot(include_internal)

    def generation(self, *, include_internal: bool = False) -> int:
        """The index generation a call would answer from now (it changes with every build that
        changes the index): what HTTP answers tag themselves with, so an unchanged archive is a 304."""
        return self.snapshot(include_internal).generation

    def profile(self) -> Profile:
        """The collection profile the index was built with (archive.toml), as the index holds it."""
        return self.snapshot().profile

    def build_info(self, *, include_internal: bool = False) -> dict[str, Any]:
        """The last build's record (when, what, how it was run; the staff view's lists internal files)."""
        return self.snapshot(include_internal).build

    def publisher(self) -> str:
        """The organization whose archive this is (its profile's name), shown as the publisher of
        its documents rather than as one of the organizations they name; "" for an archive named
        after its folder (no profile), whose name is no organization's."""
        snap = self.snapshot()
        return "" if snap.build.get("named_after_folder", False) else snap.profile.name

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
        metas = [snap.docs[d] for d in all_result_ids(snap, request)]
        return export(metas, fmt, self.publisher(), accessed=accessed)

    @_consistent
    def current_id(self, doc_id: str, *, include_internal: bool = False) -> str:
        """The id a document has now: `doc_id` itself, or, for an id a document had before its source
        was renamed, the document's new id (so old links keep working); an unknown id unchanged."""
        snap = self.snapshot()
        return doc_id if doc_id in snap.docs else snap.aliases.get(doc_id, doc_id)

    @_consistent
    def metadata(self, doc_id: str, *, include_internal: bool = False) -> dict[str, Any]:
        meta = self.snapshot().docs.get(doc_id)
        if meta is None:
            raise DocumentNotFoundError(doc_id)
        return meta

    @_consistent
    def document(self, doc_id: str, *, include_internal: bool = False) -> Document:
        """A document with all its passages, in order, from the index alone."""
        document = Document.from_dict(self.metadata(doc_id, include_internal=include_internal))
        document.passages = engine.passages(self.snapshot(), doc_id, 0, None)
        return document

    @_consistent
    def document_view(
        self, doc_id: str, query: str = "", *, include_internal: bool = False, start: int = 0, limit: int | None = None
    ) -> DocumentView:
        """A document for reading: its passages `start`..`start + limit` (all by default) as inert
        HTML paragraphs (archive.markup) with the query's words marked (the same words search
        matched), each with its link; `passage_count` says how many it has in all."""
        meta = self.metadata(doc_id, include_internal=include_internal)
        start = max(0, start)
        shown = engine.passages(self.snapshot(), doc_id, start, None if limit is None else start + limit)
        language, marks = self._marks(meta, query)
        return DocumentView(
            document=Document.from_dict(meta),
            passages=tuple(self._shown(meta, p, match_spans(p.text, marks, language)) for p in shown),
            first_passage=start,
            passage_count=meta.get("passage_count", len(shown)),
        )

    @staticmethod
    def _shown(meta: dict[str, Any], passage: Passage, spans: list[tuple[int, int]]) -> ShownPassage:
        return ShownPassage(
            passage, paragraphs_html(passage.text, spans), passage_link(meta, passage.page, passage.start)
        )

    @_consistent
    def page_view(self, doc_id: str, page: int, query: str = "", *, include_internal: bool = False) -> PageView:
        """Page `page` of a PDF or image document as a picture with the query's matched words marked
        (archive/page_view.py), its passage (text and link) and how many pages there are. Without
        the original file on this machine the picture is None. A page the file does not have is a
        ValueError saying how many it has."""
        meta = self.metadata(doc_id, include_internal=include_internal)
        if meta["kind"] not in ("pdf", "image"):
            raise ValueError(f"{doc_id} has no pages (it is a {meta['kind']})")
        original = self.original(doc_id, include_internal=include_internal)
        passages = engine.passages(self.snapshot(), doc_id, 0, None)
        count = _page_total(original, passages)
        if not 1 <= page <= max(count, 1):
            raise ValueError(f"page {page} is not a page of this document (it has {count})")
        language, marks = self._marks(meta, query)
        passage = next((p for p in passages if p.page == page), None)
        spans = match_spans(passage.text, marks, language) if passage else []
        image = None
        if original.path is not None:
            words = tuple(sorted({passage.text[a:b] for a, b in spans})) if passage else ()
            image = render_page(
                original.path,
                page,
                words,
                self.store.index_dir / CACHE_FOLDER,
                meta.get("file_hash", ""),
                tesseract_languages(self.snapshot().profile.languages),
            )
        shown = self._shown(meta, passage, spans) if passage else None
        return PageView(page=page, page_count=count, image=image, passage=shown, url=meta.get("url"))

    def _marks(self, meta: dict[str, Any], query: str) -> tuple[str, Highlight]:
        """The document's analysis language and what to mark in it for `query` (as search matched)."""
        snap = self.snapshot()
        language = analysis_language(meta.get("language"))
        return language, engine.marks(snap, compile_query(parse_query(query, snap).query))[language]

    @_consistent
    def original(self, doc_id: str, *, include_internal: bool = False) -> Original:
        """The original file of a document, for download (archive.originals): inside the source
        folders of the last build, and only while it is still the file that was indexed."""
        meta = self.metadata(doc_id, include_internal=include_internal)
        return locate_original(meta, self.snapshot().build.get("roots", []))

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
        meta = self.metadata(doc_id, include_internal=include_internal)
        if page is not None or at is not None or paragraphs is not None:
            passages = engine.passages(self.snapshot(), doc_id, 0, None)
            timed = [p.end if p.end is not None else p.start for p in passages if p.start is not None]
            paged = meta["kind"] in ("pdf", "image")
            pages = _page_total(self.original(doc_id, include_internal=include_internal), passages) if paged else 0
            ranges = citations.paragraph_ranges([p.text for p in passages]) if paragraphs is not None else []
            citations.check_pinpoint(
                meta["kind"], pages, max(timed) if timed else None, page, at, paragraphs, ranges[-1][1] if ranges else 0
            )
        return citations.cite(
            meta,
            style,
            self.publisher() or meta.get("site_name", ""),
            accessed=accessed,
            page=page,
            at=at,
            paragraphs=paragraphs,
            publisher_is_author=bool(self.publisher()),
            html=html,
        )

    @_consistent
    def autocomplete(self, prefix: str, *, include_internal: bool = False, limit: int = 10) -> list[dict[str, Any]]:
        """Hashtags, organizations, topics and title words starting with `prefix`."""
        return autocomplete(self.snapshot(), prefix, limit=limit)

    @_consistent
    def related(self, doc_id: str, *, include_internal: bool = False, limit: int = 5) -> list[dict[str, Any]]:
        """More like this: related documents across kinds."""
        self.metadata(doc_id, include_internal=include_internal)
        return related_documents(self.snapshot(), doc_id, limit=limit)

    @_consistent
    def timeline(self, facet: str, *, by: str = "year", include_internal: bool = False) -> dict[str, dict[str, int]]:
        """Documents per period ("year" or "month") for each value of a facet (topics, hashtags,
        organizations, kind): {period: {value: count}}, periods in order. Undated documents are left out."""
        snap = self.snapshot()
        width = 4 if by == "year" else 7
        periods: dict[str, Counter[str]] = {}
        for meta in snap.docs.values():
            if not meta.get("date"):
                continue
            period = meta["date"][:width]
            if len(period) < width:
                continue  # a year-only date has no month
            values = meta.get(facet) or []
            values = [values] if isinstance(values, str) else values
            periods.setdefault(period, Counter()).update(snap.label(facet, v) for v in values)
        return {p: dict(periods[p]) for p in sorted(periods)}

    @_consistent
    def reading_path(self, topic: str, *, limit: int = 3, include_internal: bool = False) -> list[dict[str, Any]]:
        """Key resources for a topic: those the profile names, else its most central documents (the
        topic ranked first on them, then most shared topics and hashtags with the topic's others)."""
        snap = self.snapshot()
        visible = snap.docs
        chosen = next((t.reading_path for t in snap.profile.topics if t.name == topic), ())
        ids = [d for d in chosen if d in visible]
        if not ids:
            members = [d for d, m in visible.items() if topic in m.get("topics", [])]

            def centrality(doc_id: str) -> tuple[int, int, str]:
                meta = visible[doc_id]
                labels = set(meta.get("topics", [])) | set(meta.get("hashtags", []))
                shared = sum(
                    len(labels & (set(visible[o].get("topics", [])) | set(visible[o].get("hashtags", []))))
                    for o in members
                    if o != doc_id
                )
                return (meta["topics"].index(topic), -shared, doc_id)

            ids = sorted(members, key=centrality)
        return [
            {
                "doc_id": d,
                "title": visible[d]["title"],
                "kind": visible[d]["kind"],
                "date": visible[d].get("date"),
                "summary": visible[d].get("summary", ""),
            }
            for d in ids[:limit]
        ]

    @_consistent
    def related_hashtags(self, tag: str, *, include_internal: bool = False) -> dict[str, int]:
        """Hashtags that appear in the same documents as `tag` (any casing), with co-occurrence counts."""
        snap = self.snapshot()
        wanted = slug(tag)
        counts: Counter[str] = Counter()
        for meta in snap.docs.values():
            tags = {slug(h) for h in meta.get("hashtags", [])}
            if wanted in tags:
                counts.update(snap.label("hashtags", t) for t in tags - {wanted})
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())))

    @_consistent
    def glossary(self) -> list[dict[str, str]]:
        """The profile's glossary, alphabetical: term, expansion, definition (for onboarding)."""
        entries = self.snapshot().profile.glossary
        return [
            {"term": g.term, "expansion": g.expansion, "definition": g.definition}
            for g in sorted(entries, key=lambda g: g.term.casefold())
        ]

    @_consistent
    def glossary_for(self, query: str, *, cross_language: bool = True) -> list[dict[str, str]]:
        """Glossary entries a query mentions (by term, expansion or alias), to explain beside results:
        the same decision that expands the query (archive.query.glossary_mentions), made on the
        query and on the translations its search also ran ("huelga de hambre" explains "hunger strike")."""
        snap = self.snapshot()
        translations = cross_language_search.query_translations(query, snap) if cross_language else ()
        mentioned = {
            g.term for text in (query, *(t.text for t in translations)) for g in glossary_mentions(text, snap.profile)
        }
        return [entry for entry in self.glossary() if entry["term"] in mentioned]

    @_consistent
    def stats(self, *, include_internal: bool = False) -> IndexStats:
        """Documents and passages by kind, the last build's time and its failed and skipped files."""
        snap = self.snapshot()
        docs = list(snap.docs.values())
        by_kind = Counter(m["kind"] for m in docs)
        passages: Counter[str] = Counter()
        for meta in docs:
            passages[meta["kind"]] += meta.get("passage_count", 0)
        build = snap.build
        return IndexStats(
            collection=snap.profile.name,
            documents=len(docs),
            passages=sum(passages.values()),
            by_kind={k: KindCounts(by_kind[k], passages[k]) for k in sorted(by_kind)},
            built_at=build.get("built_at"),
            generation=snap.generation,
            failed=tuple(build.get("failed", [])),
            skipped=tuple(build.get("skipped", [])),
            warnings=tuple(build.get("warnings", [])),
            duplicates=tuple(build.get("duplicates", [])),
            notices=tuple(build.get("notices", [])),
            sources=tuple(build.get("sources", [])),
            cross_language=cross_language_search.status(snap),
        )
