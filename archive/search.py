"""Search: one result per document, with its best passages, honest facet counts and paging.

Steps of one call:
1. the query (if any) is scored over document records: BM25F on title, body, hashtags,
   organizations and topics, computed as arrays (archive/vector_scoring.py) or, for the query
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
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching import FilterMatcher
from whoosh.query.spans import SpanNear2

from archive import bounds, dates
from archive.analysis import ENGLISH_STOP_WORDS, english_analyzer, slug
from archive.bounds import DeadlineCollector, cap_expansions
from archive.markup import text_html
from archive.phrases import phrases_as_pairs
from archive.query import ParsedQuery, parse_query
from archive.schema import PASSAGE, PASSAGE_TEXT_FIELDS
from archive.snippets import highlight_terms, make_snippet
from archive.store import Snapshot
from archive.timecode import link_at
from archive.vector_scoring import Scored

SORTS = ("relevance", "newest", "oldest")
MAX_PASSAGES_SHOWN = 3
MAX_PER_PAGE = 100
# The proximity bonus reads word positions, which costs most in long transcripts: it reorders the
# best 20 (two pages of 10), where near-ties matter to a reader (measured: 50 -> 20 cut its p95 cost
# at 10,000 documents from 37 ms to ~15).
PROXIMITY_RERANK = 20
# Nor in documents longer than this many words (a 90-minute webinar has about 13,500): reading the
# word positions of a recording of days took seconds, and a bonus for near-ties means little there.
PROXIMITY_MAX_WORDS = 50_000
# Scores this close are treated as tied when choosing the best documents (ranking rounds to 1e-6).
TIE_TOLERANCE = 2e-6

# Facets shown with counts, and the metadata key each one reads.
FACETS = {
    "kind": "kind",
    "topics": "topics",
    "hashtags": "hashtags",
    "organizations": "organizations",
    "agencies": "agencies",
    "people": "people",
    "year": "year",
}


@dataclass
class Filters:
    """Facet selections. Values match facet values case-insensitively (`freethemall` is `#FreeThemAll`)."""

    kind: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None


@dataclass
class SearchRequest:
    query: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    include_internal: bool = False
    strict: bool = False


def _filter_masks(snapshot: Snapshot, filters: Filters) -> dict[str, int]:
    """Per active facet, the bitset of documents its selection accepts (values matched as slugs; OR
    within a facet); the date range under "year", since it is the same dimension (the year facet's
    counts ignore both)."""
    table = snapshot.table
    masks = {
        facet: table.any_of(facet, (slug(v) for v in getattr(filters, facet)))
        for facet in ("kind", "topics", "hashtags", "organizations", "agencies", "people")
        if getattr(filters, facet)
    }
    if filters.years:
        masks["year"] = table.any_of("year", filters.years)
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


def facet_counts(snapshot: Snapshot, matched: int, filters: Filters) -> dict[str, dict[str, int]]:
    """Counts per facet value over every matching document (a bitset); each facet ignores its own
    selection."""
    filter_masks = _filter_masks(snapshot, filters)
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        counted = snapshot.table.counts(facet, _apply(matched, filter_masks, skip=facet))
        if facet == "year":
            counts[facet] = dict(sorted(counted.items(), key=lambda kv: kv[0], reverse=True))
        else:
            counts[facet] = dict(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
    return counts


def _order(
    filtered: int, scores: dict[str, float], snapshot: Snapshot, sort: str, limit: int | None = None
) -> list[str]:
    """The filtered documents (a bitset) in result order, the first `limit` of them. By relevance,
    the candidates are the documents `scores` holds (_match's best of the filtered set)."""
    table = snapshot.table
    if sort == "newest":
        return table.in_order(filtered, table.newest, limit)
    if sort == "oldest":
        return table.in_order(filtered, table.oldest, limit)
    starts, ordinal = table.starts, table.ordinal

    def key(doc_id: str) -> tuple[float, int, str]:
        start = starts[ordinal[doc_id]]
        return (-round(scores[doc_id], 6), -(start.toordinal() if start else 0), doc_id)

    return heapq.nsmallest(limit, scores, key=key) if limit is not None else sorted(scores, key=key)


def to_passage_query(q: wq.Query | None) -> wq.Query | None:
    """The positive text parts of a document query, re-aimed at passage text fields."""
    if q is None or isinstance(q, wq.Not):
        return None
    if isinstance(q, (wq.AndNot, wq.AndMaybe)):
        # the excluded part and the optional proximity bonus do not choose passages
        return to_passage_query(q.a)
    if q.is_leaf():
        fieldname = getattr(q, "fieldname", None)
        if fieldname == "hashtags":
            tokens = [t.text for t in english_analyzer()(str(q.text))]
            return wq.Or([wq.Term("ptext", t) for t in tokens]) if tokens else None
        target = {"title": "ptext", "hashtag_words": "ptext", **PASSAGE_TEXT_FIELDS}.get(fieldname or "")
        if target is None:
            return None
        leaf = q.copy()
        leaf.fieldname = target
        return leaf
    # Title, body and hashtag words all map to the passage text: one copy of each part is enough.
    parts = list(dict.fromkeys(p for p in (to_passage_query(c) for c in q.children()) if p is not None))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def passage_link(meta: dict[str, Any], info: dict[str, Any]) -> str | None:
    if meta["kind"] == "webinar" and meta.get("recording_url") and info.get("start") is not None:
        return link_at(meta["recording_url"], info["start"])
    url = meta.get("url")
    if meta["kind"] == "pdf" and url and info.get("page"):
        return f"{url}#page={info['page']}"
    return url


def best_passages(snapshot: Snapshot, parsed: ParsedQuery, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """For each document on the page: its top passages (with snippets and links) and how many more
    of its passages matched."""
    searcher = snapshot.searcher
    pq = to_passage_query(parsed.query)
    out: dict[str, dict[str, Any]] = {d: {"passages": [], "more": 0} for d in doc_ids}
    if pq is None or not doc_ids:
        return out
    pq, _ = cap_expansions(pq, searcher.reader())
    # An intersection, not a filter: Whoosh leaps through the few passages of the page's documents
    # instead of scoring every matching passage in the archive and discarding most.
    page_passages = wq.And([wq.Term("rtype", PASSAGE), wq.Or([wq.Term("doc_id", d) for d in doc_ids])])
    results = searcher.search(wq.And([phrases_as_pairs(pq), page_passages]), limit=None)
    # Which document each passage belongs to, from the page's doc_id postings: every matching
    # passage is counted, but only the shown ones have their stored text read.
    owner = {n: d for d in doc_ids for n in searcher.docs_for_query(wq.Term("doc_id", d))}
    shown_docnums: dict[str, list[int]] = {}
    matched: Counter[str] = Counter()
    for docnum, _ in results.items():  # best first
        doc_id = owner[docnum]
        matched[doc_id] += 1
        if matched[doc_id] <= MAX_PASSAGES_SHOWN:
            shown_docnums.setdefault(doc_id, []).append(docnum)
    terms = highlight_terms(parsed.query, searcher.reader())
    for doc_id, docnums in shown_docnums.items():
        meta = snapshot.docs[doc_id]
        language = "es" if meta.get("language") == "es" else "en"
        shown = []
        for docnum in docnums:
            info = json.loads(searcher.stored_fields(docnum)["pinfo"])
            shown.append(
                {
                    "page": info.get("page"),
                    "start": info.get("start"),
                    "end": info.get("end"),
                    "speaker": info.get("speaker"),
                    "snippet": make_snippet(info["text"], terms[language], language),
                    "link": passage_link(meta, info),
                }
            )
        out[doc_id] = {"passages": shown, "more": matched[doc_id] - len(shown)}
    return out


def _suggest(snapshot: Snapshot, parsed: ParsedQuery, total: int, request: SearchRequest) -> str | None:
    """A corrected query, only when the query found little and the correction finds more. Words are
    suggested from the snapshot's documents (the public view's are public documents only)."""
    if not parsed.words or total >= 3:
        return None
    corrector = snapshot.searcher.corrector("words")
    reader = snapshot.searcher.reader()
    changed, words = False, []
    for word in parsed.words:
        lower = word.lower()
        known = lower in ENGLISH_STOP_WORDS or reader.frequency("words", lower) > 0
        # The first letter is trusted (prefix=1), as most spellers do: it is rarely the mistyped
        # one, and it cuts the search of the word list by an order of magnitude.
        candidates = [] if known or len(word) < 3 else corrector.suggest(lower, limit=1, maxdist=2, prefix=1)
        if candidates and candidates[0] != lower:
            words.append(candidates[0])
            changed = True
        else:
            words.append(word)
    if not changed:
        return None
    corrected = " ".join(words)
    again = SearchRequest(
        query=corrected, filters=request.filters, include_internal=request.include_internal, per_page=1
    )
    return corrected if _match(snapshot, again, limit=1)[1] > total else None


def _add_proximity(snapshot: Snapshot, parsed: ParsedQuery, scores: dict[str, float]) -> None:
    """Add the proximity bonus to the best PROXIMITY_RERANK documents only: it exists to reorder
    near-ties at the top, and phrase spans over every matching document would cost far more. Each
    phrase's term matchers are restricted to those documents before any span is computed (a Whoosh
    phrase query computes the spans of every document that has its words until one matches)."""
    if parsed.proximity is None or len(scores) < 2:
        return
    searcher = snapshot.searcher
    reader = searcher.reader()
    top = {
        snapshot.docnum_of[d]
        for d in sorted(scores, key=scores.__getitem__, reverse=True)[:PROXIMITY_RERANK]
        if max(reader.doc_field_length(snapshot.docnum_of[d], f, 0) or 0 for f in ("body", "body_es"))
        <= PROXIMITY_MAX_WORDS
    }
    if not top:
        return
    context = searcher.context()
    for phrase in parsed.proximity.leaves():
        terms = [wq.Term(phrase.fieldname, w) for w in phrase.words]
        if any((t.fieldname, searcher.schema[t.fieldname].to_bytes(t.text)) not in reader for t in terms):
            continue
        restricted = [FilterMatcher(t.matcher(searcher, context), top) for t in terms]
        matcher = SpanNear2.SpanNear2Matcher(restricted, slop=phrase.slop, ordered=True, mindist=1)
        while matcher.is_active():
            scores[snapshot.docnums[matcher.id()]] += matcher.score() * phrase.boost
            matcher.next()


def _whoosh_scores(snapshot: Snapshot, query: wq.Query) -> tuple[Scored, bool]:
    """Every matching document's score from Whoosh's own matchers, for the queries
    archive/vector_scoring.py leaves to Whoosh; True if the deadline cut the search short."""
    scored = Scored.nothing(len(snapshot.table.ids))
    collector = DeadlineCollector(snapshot.searcher.collector(limit=None), bounds.SEARCH_SECONDS)
    snapshot.searcher.search_with_collector(query, collector)
    ordinal = snapshot.table.ordinal
    for hit in collector.results():
        doc_id = snapshot.docnums.get(hit.docnum)  # passage records have none
        if doc_id is not None:
            scored.matched[ordinal[doc_id]] = True
            scored.scores[ordinal[doc_id]] = hit.score
    return scored, collector.timedout


def _best(snapshot: Snapshot, scored: Scored, filtered: int, limit: int | None) -> dict[str, float]:
    """Scores of the `limit` best documents of the filtered set (all of them if None), and of any
    document tied with the last of them, so that ties are broken as _order breaks them (newest
    first), not by which one the selection happened to keep."""
    table = snapshot.table
    candidates = np.flatnonzero(table.array_of_bits(filtered))
    if limit is not None and len(candidates) > limit:
        scores = scored.scores[candidates]
        threshold = -np.partition(-scores, limit - 1)[limit - 1]
        candidates = candidates[scores >= threshold - TIE_TOLERANCE]
    return {table.ids[n]: float(scored.scores[n]) for n in candidates}


def _match(
    snapshot: Snapshot, request: SearchRequest, limit: int | None = None
) -> tuple[ParsedQuery, int, int, dict[str, float], int]:
    """(parsed query, total, filtered bitset, scores of the best `limit` filtered documents (of all
    if None), bitset of documents matching the query before filters)."""
    parsed = parse_query(request.query, snapshot, strict=request.strict)
    table = snapshot.table
    visible = (1 << len(table.ids)) - 1  # the snapshot holds only what the caller may see
    if parsed.query is None:
        return parsed, *_filtered(snapshot, request, visible), {}, visible
    query, capped = cap_expansions(parsed.query, snapshot.searcher.reader())
    parsed.query = query
    searchable = phrases_as_pairs(query)
    scored, timedout = snapshot.vectors.evaluate(searchable, bounds.SEARCH_SECONDS)
    if scored is None:
        scored, timedout = _whoosh_scores(snapshot, searchable)
    matched = table.bits_of_array(scored.matched) & visible
    total, filtered = _filtered(snapshot, request, matched)
    # The proximity bonus reorders the best PROXIMITY_RERANK, so at least those are scored.
    scores = _best(snapshot, scored, filtered, None if limit is None else max(limit, PROXIMITY_RERANK))
    _add_proximity(snapshot, parsed, scores)
    notes = [parsed.notice] if parsed.notice else []
    if capped:
        notes.append(
            f"A wildcard or fuzzy word matched too many words; its {bounds.MAX_EXPANSIONS} most frequent were searched."
        )
    if timedout:
        notes.append(f"The search took longer than {bounds.SEARCH_SECONDS:g} s; these results may be incomplete.")
    parsed.notice = " ".join(notes) or None
    return parsed, total, filtered, scores, matched


def _filtered(snapshot: Snapshot, request: SearchRequest, matched: int) -> tuple[int, int]:
    """(total, bitset) of the matched documents that pass the request's filters."""
    filtered = _apply(matched, _filter_masks(snapshot, request.filters))
    return filtered.bit_count(), filtered


def _result_card(snapshot: Snapshot, doc_id: str, score: float, passages: dict[str, Any]) -> dict[str, Any]:
    meta = snapshot.docs[doc_id]
    shown = passages["passages"]
    snippet = shown[0]["snippet"] if shown else text_html(meta.get("summary") or "")
    return {
        "doc_id": doc_id,
        "kind": meta["kind"],
        "title": meta["title"],
        "date": meta.get("date"),
        "url": meta.get("url"),
        "recording_url": meta.get("recording_url"),
        "source_path": meta["source_path"],
        "score": round(score, 4),
        "hashtags": [snapshot.label("hashtags", h) for h in meta.get("hashtags", [])],
        "organizations": meta.get("organizations", []),
        "agencies": meta.get("agencies", []),
        "people": meta.get("people", []),
        "topics": meta.get("topics", []),
        "visibility": meta.get("visibility", "public"),
        "synthetic": meta.get("synthetic", False),
        "notes": meta.get("notes", []),
        "snippet": snippet,
        "passages": shown,
        "more_passages": passages["more"],
    }


def search(snapshot: Snapshot, request: SearchRequest) -> dict[str, Any]:
    """Run a search; return the JSON shape of the CLI/JSON contract (see README)."""
    if request.sort not in SORTS:
        raise ValueError(f"unknown sort {request.sort!r} (choose from {', '.join(SORTS)})")
    per_page = max(1, min(request.per_page, MAX_PER_PAGE))
    page = max(1, request.page)
    parsed, total, filtered, scores, matched = _match(snapshot, request, limit=page * per_page)
    sort = request.sort
    if parsed.query is None and sort == "relevance":
        sort = "newest"  # browsing has no relevance: newest first, as an archive lists
    page_ids = _order(filtered, scores, snapshot, sort, limit=page * per_page)[(page - 1) * per_page :]
    passages = best_passages(snapshot, parsed, page_ids)
    return {
        "query": request.query,
        "generation": snapshot.generation,
        "total": total,
        "page": page,
        "per_page": per_page,
        "sort": sort,
        "suggestion": _suggest(snapshot, parsed, total, request),
        "notice": parsed.notice,
        "results": [_result_card(snapshot, d, scores.get(d, 0.0), passages[d]) for d in page_ids],
        "facets": facet_counts(snapshot, matched, request.filters),
    }


def all_result_ids(snapshot: Snapshot, request: SearchRequest) -> list[str]:
    """Every matching document id in result order (for exports of the whole result set)."""
    parsed, _, filtered, scores, _ = _match(snapshot, request)
    sort = "newest" if parsed.query is None and request.sort == "relevance" else request.sort
    return _order(filtered, scores, snapshot, sort)
