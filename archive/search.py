"""Search: one result per document, with its best passages, honest facet counts and paging.

Steps of one call:
1. the query (if any) is scored over document records: BM25F on title, body, hashtags,
   organizations and topics, computed as arrays (archive/engine/vector_scoring.py) or, for the query
   kinds that module leaves alone, by Whoosh's matchers; every match is counted, and only the best
   of the filtered documents (as many as the page needs) are ranked;
2. filters, visibility and facet counts run over the in-memory metadata of the matching documents:
   within a facet, choices combine with OR and that facet's counts ignore its own selection;
   across facets, filters combine with AND;
3. the documents on the requested page, and only those, get their best passages: the query is
   re-run over their passage records (pages, transcript windows) and each passage gets a snippet.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote_plus

import numpy as np

from archive import engine
from archive.catalog import DocumentRecord
from archive.cross_language import query_translations, translation_notice
from archive.engine import (
    CompiledQuery,
    Scored,
    Snapshot,
    Snippet,
    analysis_language,
    compile_query,
    snippet,
)
from archive.facets import FACETS, Facet
from archive.markup import marked_html, text_html
from archive.query import ParsedQuery, named_value, parse_query
from archive.query_model import AnyOf
from archive.results import FacetCounts, PassageHit, QueryTranslation, ResultCard, SearchPage
from archive.shared import dates
from archive.shared.model import Passage
from archive.shared.timecode import link_at

SORTS = ("relevance", "newest", "oldest")
MAX_PASSAGES_SHOWN = 3
MAX_PER_PAGE = 100
# Scores this close are treated as tied when choosing the best documents (ranking rounds to 1e-6).
TIE_TOLERANCE = 2e-6
# A document found only through a translation scores just under the same score found by the typed
# words: a tie-break (so the query's own language comes first among equals), not a weight.
TRANSLATION_TIE = 1 - 1e-5


@dataclass
class Filters:
    """Facet selections, one field per facet of archive.facets (a test holds them equal). Within a
    facet, values combine with OR and match by the facet's rule (`freethemall` is `#FreeThemAll`);
    the date range narrows the year facet."""

    kind: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    also_named: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None

    @classmethod
    def of(
        cls, selections: Mapping[str, Iterable[str]], date_from: str | None = None, date_to: str | None = None
    ) -> Filters:
        """Filters from {facet name: values}, as the CLI and the app collect them."""
        return cls(**{f.name: list(selections.get(f.name) or []) for f in FACETS}, date_from=date_from, date_to=date_to)

    def selected(self, facet: Facet) -> list[str]:
        return getattr(self, facet.name)

    @property
    def any_selected(self) -> bool:
        return any(self.selected(f) for f in FACETS) or bool(self.date_from or self.date_to)


@dataclass
class SearchRequest:
    query: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    include_internal: bool = False
    strict: bool = False
    cross_language: bool = True  # also search the query's translations (archive/cross_language.py)


def _filter_masks(snapshot: Snapshot, filters: Filters) -> dict[str, int]:
    """Per active facet, the bitset of documents its selection accepts (values matched as slugs, an
    organization's acronym or alias as its name; OR within a facet); the date range under "year",
    since it is the same dimension (the year facet's counts ignore both)."""
    table, profile = snapshot.catalog.table, snapshot.catalog.profile
    masks = {
        facet.name: table.any_of(facet.name, (named_value(profile, facet.name, v) for v in filters.selected(facet)))
        for facet in FACETS
        if filters.selected(facet)
    }
    if filters.date_from or filters.date_to:
        low = dates.start_of(filters.date_from) if filters.date_from else None
        high = dates.end_of(filters.date_to) if filters.date_to else None
        masks["year"] = masks.get("year", -1) & table.dated_between(low, high)
    return masks


def _apply(mask: int, filter_masks: dict[str, int], skip: str | None = None) -> int:
    """The documents of `mask` that pass every filter except the facet `skip` (whose counts are made)."""
    for facet, accepted in filter_masks.items():
        if facet != skip:
            mask &= accepted
    return mask


def facet_counts(snapshot: Snapshot, matched: int, filters: Filters) -> FacetCounts:
    """Counts per facet value over every matching document (a bitset); each facet ignores its own
    selection. Years are listed newest first, other values most frequent first."""
    filter_masks = _filter_masks(snapshot, filters)
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        counted = snapshot.catalog.table.counts(facet.name, _apply(matched, filter_masks, skip=facet.name))
        if facet.match == "year":
            counts[facet.name] = dict(sorted(counted.items(), key=lambda kv: kv[0], reverse=True))
        else:
            counts[facet.name] = dict(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
    return FacetCounts(counts)


def _order(
    filtered: int, scores: dict[str, float], snapshot: Snapshot, sort: str, limit: int | None = None
) -> list[str]:
    """The filtered documents (a bitset) in result order, the first `limit` of them. By relevance,
    the candidates are the documents `scores` holds (_match's best of the filtered set)."""
    table = snapshot.catalog.table
    if sort == "newest":
        return table.in_order(filtered, table.newest, limit)
    if sort == "oldest":
        return table.in_order(filtered, table.oldest, limit)
    starts, ordinal = table.starts, table.ordinal

    def key(doc_id: str) -> tuple[float, int, str]:
        start = starts[ordinal[doc_id]]
        return (-round(scores[doc_id], 6), -(start.toordinal() if start else 0), doc_id)

    return heapq.nsmallest(limit, scores, key=key) if limit is not None else sorted(scores, key=key)


def passage_link(record: DocumentRecord, page: int | None, start: float | None) -> str | None:
    """The address of one passage: the recording at its minute, the PDF at its page, else the page."""
    if record.kind == "webinar" and record.recording_url and start is not None:
        return link_at(record.recording_url, start)
    url = record.url
    if record.kind == "pdf" and url and page:
        return f"{url}#page={page}"
    return url


def app_view(doc_id: str, kind: str, page: int | None, start: float | None) -> str:
    """The app's address of a passage (relative, so it holds wherever the app is served): a PDF's
    page view at the page, a transcript at its minute, else the document page."""
    address = "/?doc=" + quote_plus(doc_id)  # what urlencode writes, with one quoting instead of four
    if kind in ("pdf", "image") and page:
        return f"{address}&page={int(page)}"
    if start is not None:
        return f"{address}&at={int(start)}"
    return address


def spoken_at(passage: Passage, share: float | None) -> float | None:
    """When a transcript passage's matched words are spoken: its start, moved on by the `share` of
    its text before them (Snippet.focus_share; a hit lands on the words, not up to a minute before
    them); None for a passage without times."""
    start, end = passage.start, passage.end
    if start is None or end is None or end <= start or not share:
        return start
    return float(int(start + (end - start) * share))


@dataclass(frozen=True)
class ShownHits:
    """A document's best passages on a result page, and how many more of its passages matched."""

    passages: tuple[PassageHit, ...]
    more: int


def best_passages(snapshot: Snapshot, compiled: CompiledQuery | None, doc_ids: list[str]) -> dict[str, ShownHits]:
    """For each document on the page: its top passages (with snippets and links) and how many more
    of its passages matched."""
    found = engine.best_passages(snapshot, compiled, doc_ids, MAX_PASSAGES_SHOWN)
    terms = engine.marks(snapshot, compiled)
    out: dict[str, ShownHits] = {}
    for doc_id, matches in found.items():
        record = snapshot.catalog.documents[doc_id]
        language = analysis_language(record.language)
        hits = []
        for hit in matches.passages:
            passage = hit.passage
            cut = snippet(passage.text, terms[language], language)
            at = spoken_at(passage, cut.focus_share)
            hits.append(
                PassageHit(
                    page=passage.page,
                    start=at,
                    end=passage.end,
                    speaker=passage.speaker,
                    snippet=_snippet_html(cut),
                    link=passage_link(record, passage.page, at),
                    view=app_view(doc_id, record.kind, passage.page, at),
                    part=hit.ord + 1,
                    parts=record.passage_count or hit.ord + 1,
                )
            )
        shown = tuple(hits)
        out[doc_id] = ShownHits(shown, matches.matched - len(shown))
    return out


def _snippet_html(cut: Snippet) -> str:
    """A snippet as inert HTML with `<mark>` around its hits, and "…" where text was left out."""
    body = marked_html(cut.text, cut.hits).strip()
    return f"{'… ' if cut.cut_before else ''}{body}{' …' if cut.cut_after else ''}"


def _suggest(
    snapshot: Snapshot,
    parsed: ParsedQuery,
    total: int,
    request: SearchRequest,
    translations: tuple[QueryTranslation, ...],
) -> str | None:
    """A corrected query when a word of it is unknown to the archive (or a rare misspelling of a
    common word), even when its other words still find results, and the correction finds at least
    as many. Words are suggested from the snapshot's documents (the public view's are public
    documents only). A word a translation of the query changed is a known word of the query's
    language ("huelga" in an English archive), not a misspelling; one every translation kept as
    typed is unknown to the translator too ("detainrs"), and may be."""
    if not parsed.words:
        return None
    kept_as_typed = [set(t.text.casefold().split()) for t in translations]
    changed, words = False, []
    for word in parsed.words:
        translated = any(word.casefold() not in kept for kept in kept_as_typed)
        correction = None if translated else engine.spelling(snapshot, word)
        words.append(correction or word)
        changed = changed or correction is not None
    if not changed:
        return None
    corrected = " ".join(words)
    again = SearchRequest(
        query=corrected,
        filters=request.filters,
        include_internal=request.include_internal,
        per_page=1,
        cross_language=request.cross_language,
    )
    found = _match(snapshot, again, limit=1).total
    return corrected if found and found >= total else None


def _best(snapshot: Snapshot, scored: Scored, filtered: int, limit: int | None) -> dict[str, float]:
    """Scores of the `limit` best documents of the filtered set (all of them if None), and of any
    document tied with the last of them, so that ties are broken as _order breaks them (newest
    first), not by which one the selection happened to keep."""
    table = snapshot.catalog.table
    candidates = np.flatnonzero(table.array_of_bits(filtered))
    if limit is not None and len(candidates) > limit:
        scores = scored.scores[candidates]
        threshold = -np.partition(-scores, limit - 1)[limit - 1]
        candidates = candidates[scores >= threshold - TIE_TOLERANCE]
    return {table.ids[n]: float(scored.scores[n]) for n in candidates}


@dataclass
class Match:
    """What one query matched, before paging."""

    parsed: ParsedQuery
    compiled: CompiledQuery | None  # None when browsing (no query, or nothing searchable in it)
    total: int
    filtered: int  # bitset of the matching documents that pass the filters
    scores: dict[str, float]  # of the best filtered documents (of all of them when asked)
    matched: int  # bitset of the documents matching the query before filters
    translations: tuple[QueryTranslation, ...] = ()  # the query also searched in other languages


def _with_translations(
    snapshot: Snapshot, parsed: ParsedQuery, compiled: CompiledQuery, request: SearchRequest
) -> tuple[engine.Evaluation, CompiledQuery | None, tuple[QueryTranslation, ...]]:
    """The query's matches merged with its translations' (archive/cross_language.py): a document's
    score is the best of its scores, the typed query's winning a tie, so where the two find equally
    good documents the query's own language comes first. A translation's word weighs what it and the
    typed word it stands for weigh together (archive/engine/concepts.py), so the other language's
    words do not look rarer for its documents being few. Also the query that marks passages: the
    typed words and the translations' words."""
    translations = query_translations(parsed.text, snapshot.catalog) if request.cross_language else ()
    found = engine.evaluate(snapshot, compiled, parsed.phrase_words)
    nodes, scored = [parsed.query], found.scored
    kept = []
    for translation in translations:
        other = parse_query(translation.text, snapshot.catalog)
        theirs_compiled = compile_query(other.query)
        if theirs_compiled is None:
            continue
        partners = [(word, typed, translation.from_language) for typed, word in translation.word_pairs]
        theirs_compiled = engine.as_concepts(snapshot, theirs_compiled, partners)
        # a translation is for finding the documents written in its language, and only those
        theirs = engine.evaluate(snapshot, theirs_compiled, other.phrase_words).scored
        found_there = theirs.matched & snapshot.catalog.in_language(translation.language)
        translated = np.where(found_there, theirs.scores * TRANSLATION_TIE, 0.0)
        scored = Scored(scored.matched | found_there, np.maximum(scored.scores, translated))
        nodes.append(other.query)
        kept.append(translation)
    if not kept:
        return found, None, ()
    marking = compile_query(AnyOf(tuple(n for n in nodes if n is not None)))
    return engine.Evaluation(scored, found.capped_at, found.timed_out_after), marking, tuple(kept)


def _match(snapshot: Snapshot, request: SearchRequest, limit: int | None = None) -> Match:
    """(parsed query, its compiled form (None when browsing), total, filtered bitset, scores of the
    best `limit` filtered documents (of all if None), bitset of documents matching the query before
    filters)."""
    parsed = parse_query(request.query, snapshot.catalog, strict=request.strict)
    compiled = compile_query(parsed.query)
    table = snapshot.catalog.table
    visible = (1 << len(table.ids)) - 1  # the snapshot holds only what the caller may see
    if compiled is None:
        return Match(parsed, None, *_filtered(snapshot, request, visible), {}, visible)
    found, marking, translations = _with_translations(snapshot, parsed, compiled, request)
    matched = table.bits_of_array(found.scored.matched) & visible
    total, filtered = _filtered(snapshot, request, matched)
    scores = _best(snapshot, found.scored, filtered, limit)
    notes = [parsed.notice] if parsed.notice else []
    if found.capped_at is not None:
        notes.append(
            f"A wildcard or fuzzy word matched too many words; its {found.capped_at} most frequent were searched."
        )
    if found.timed_out_after is not None:
        notes.append(f"The search took longer than {found.timed_out_after:g} s; these results may be incomplete.")
    if translations:
        notes.append(translation_notice(translations))
    parsed.notice = " ".join(notes) or None
    return Match(parsed, marking or compiled, total, filtered, scores, matched, translations)


def _filtered(snapshot: Snapshot, request: SearchRequest, matched: int) -> tuple[int, int]:
    """(total, bitset) of the matched documents that pass the request's filters."""
    filtered = _apply(matched, _filter_masks(snapshot, request.filters))
    return filtered.bit_count(), filtered


def _result_card(snapshot: Snapshot, doc_id: str, score: float, hits: ShownHits) -> ResultCard:
    catalog = snapshot.catalog
    record = catalog.documents[doc_id]
    return ResultCard(
        doc_id=doc_id,
        kind=record.kind,
        title=record.title,
        date=record.date,
        url=record.url,
        recording_url=record.recording_url,
        source_path=record.source_path,
        score=round(score, 4),
        hashtags=tuple(catalog.label("hashtags", h) for h in record.hashtags),
        organizations=record.organizations,
        agencies=record.agencies,
        people=record.people,
        topics=record.topics,
        visibility=record.visibility,
        synthetic=record.synthetic,
        notes=record.notes,
        text_source=record.text_source,
        snippet=hits.passages[0].snippet if hits.passages else text_html(record.summary),
        passages=hits.passages,
        more_passages=hits.more,
    )


def search(snapshot: Snapshot, request: SearchRequest) -> SearchPage:
    """Run a search: one page of results, with facet counts (`to_json()`: the contract in docs/reference.md)."""
    if request.sort not in SORTS:
        raise ValueError(f"unknown sort {request.sort!r} (choose from {', '.join(SORTS)})")
    per_page = max(1, min(request.per_page, MAX_PER_PAGE))
    page = max(1, request.page)
    found = _match(snapshot, request, limit=page * per_page)
    parsed, total = found.parsed, found.total
    sort = request.sort
    if found.compiled is None and sort == "relevance":
        sort = "newest"  # browsing has no relevance: newest first, as an archive lists
    scores = found.scores
    page_ids = _order(found.filtered, scores, snapshot, sort, limit=page * per_page)[(page - 1) * per_page :]
    hits = best_passages(snapshot, found.compiled, page_ids)
    return SearchPage(
        query=request.query,
        generation=snapshot.generation,
        total=total,
        page=page,
        per_page=per_page,
        sort=sort,
        suggestion=_suggest(snapshot, parsed, total, request, found.translations),
        notice=parsed.notice,
        translations=found.translations,
        results=tuple(_result_card(snapshot, d, scores.get(d, 0.0), hits[d]) for d in page_ids),
        facets=facet_counts(snapshot, found.matched, request.filters),
    )


def all_result_ids(snapshot: Snapshot, request: SearchRequest) -> list[str]:
    """Every matching document id in result order (for exports of the whole result set)."""
    found = _match(snapshot, request)
    sort = "newest" if found.compiled is None and request.sort == "relevance" else request.sort
    return _order(found.filtered, found.scores, snapshot, sort)
