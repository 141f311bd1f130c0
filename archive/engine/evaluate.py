"""Evaluating a compiled query on a snapshot: every matching document's score, the proximity bonus,
the best passages of given documents, what to mark, spelling, and a document's passages in order.

archive/search.py decides what to ask (filters, ordering, paging, the JSON shape); this module is
how the engine answers: BM25F as arrays where archive/engine/vector_scoring.py can (else Whoosh's
own matchers, under a deadline), exact phrases as word-pair lookups (archive/engine/phrases.py),
and multi-term expansions capped (archive/engine/bounds.py).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.matching import FilterMatcher
from whoosh.query.spans import SpanNear2

from archive.engine import bounds
from archive.engine.analysis import english_analyzer, text_analyzer
from archive.engine.bounds import DeadlineCollector, cap_expansions
from archive.engine.phrases import phrases_as_pairs
from archive.engine.schema import FIELD_LANGUAGE, PASSAGE, PASSAGE_COUNTERPART, PASSAGE_FIELD, PROXIMITY_FIELDS
from archive.engine.snippets import Highlight, highlight_terms
from archive.engine.store import Snapshot
from archive.engine.translate import CompiledQuery
from archive.engine.vector_scoring import Scored
from archive.model import Passage
from archive.words import ENGLISH_STOP_WORDS

PROXIMITY_SLOP = 3
PROXIMITY_BOOST = 0.1
_PROXIMITY_ANALYZERS = tuple((name, text_analyzer(FIELD_LANGUAGE[name])) for name in PROXIMITY_FIELDS)
# The proximity bonus reads word positions, which costs most in long transcripts: it reorders the
# best 20 (two pages of 10), where near-ties matter to a reader (measured: 50 -> 20 cut its p95 cost
# at 10,000 documents from 37 ms to ~15).
PROXIMITY_RERANK = 20
# Nor in documents longer than this many words (a 90-minute webinar has about 13,500): reading the
# word positions of a recording of days took seconds, and a bonus for near-ties means little there.
PROXIMITY_MAX_WORDS = 50_000


@dataclass
class Evaluation:
    """Every document's score (Scored arrays over the snapshot's facet table order)."""

    scored: Scored
    capped_at: int | None  # a wildcard or fuzzy word was cut to this many of its most frequent words
    timed_out_after: float | None  # seconds after which the deadline cut the search short


@dataclass
class PassageMatches:
    """A document's best passages for a query (their stored info, best first) and how many matched."""

    passages: list[dict[str, Any]] = field(default_factory=list)
    matched: int = 0


def evaluate(snapshot: Snapshot, compiled: CompiledQuery) -> Evaluation:
    """Score every document record the query matches (passage records are not documents)."""
    query, capped = cap_expansions(compiled.whoosh, snapshot.searcher.reader())
    searchable = phrases_as_pairs(query)
    scored, timed_out = snapshot.vectors.evaluate(searchable, bounds.SEARCH_SECONDS)
    if scored is None:
        scored, timed_out = whoosh_scores(snapshot, searchable)
    return Evaluation(scored, bounds.MAX_EXPANSIONS if capped else None, bounds.SEARCH_SECONDS if timed_out else None)


def whoosh_scores(snapshot: Snapshot, query: wq.Query) -> tuple[Scored, bool]:
    """Every matching document's score from Whoosh's own matchers, for the queries
    archive/engine/vector_scoring.py leaves to Whoosh; True if the deadline cut the search short."""
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


def _proximity_pairs(words: list[str]) -> list[wq.Phrase]:
    """Word pairs of the query that score when they stand within PROXIMITY_SLOP positions of each
    other: a bonus that reorders near-ties rather than overriding BM25 (benchmarks/relevance.py)."""
    pairs: list[wq.Phrase] = []
    for fieldname, analyzer in _PROXIMITY_ANALYZERS:
        terms = [t.text for t in analyzer(" ".join(words))]
        pairs += [
            wq.Phrase(fieldname, terms[i : i + 2], slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST)
            for i in range(len(terms) - 1)
        ]
    return pairs


def add_proximity(snapshot: Snapshot, words: list[str], scores: dict[str, float]) -> None:
    """Add the proximity bonus to the best PROXIMITY_RERANK documents only: it exists to reorder
    near-ties at the top, and phrase spans over every matching document would cost far more. Each
    phrase's term matchers are restricted to those documents before any span is computed (a Whoosh
    phrase query computes the spans of every document that has its words until one matches)."""
    pairs = _proximity_pairs(words)
    if not pairs or len(scores) < 2:
        return
    searcher = snapshot.searcher
    reader = searcher.reader()
    top = {
        snapshot.docnum_of[d]
        for d in sorted(scores, key=scores.__getitem__, reverse=True)[:PROXIMITY_RERANK]
        if max(reader.doc_field_length(snapshot.docnum_of[d], f, 0) or 0 for f in PROXIMITY_FIELDS)
        <= PROXIMITY_MAX_WORDS
    }
    if not top:
        return
    context = searcher.context()
    for phrase in pairs:
        terms = [wq.Term(phrase.fieldname, w) for w in phrase.words]
        if any((t.fieldname, searcher.schema[t.fieldname].to_bytes(t.text)) not in reader for t in terms):
            continue
        restricted = [FilterMatcher(t.matcher(searcher, context), top) for t in terms]
        matcher = SpanNear2.SpanNear2Matcher(restricted, slop=phrase.slop, ordered=True, mindist=1)
        while matcher.is_active():
            scores[snapshot.docnums[matcher.id()]] += matcher.score() * phrase.boost
            matcher.next()


def to_passage_query(q: wq.Query | None) -> wq.Query | None:
    """The positive text parts of a document query, re-aimed at passage text fields."""
    if q is None or isinstance(q, wq.Not):
        return None
    if isinstance(q, (wq.AndNot, wq.AndMaybe)):
        # the excluded part and the optional part do not choose passages
        return to_passage_query(q.a)
    if q.is_leaf():
        fieldname = getattr(q, "fieldname", None)
        if fieldname == "hashtags":
            tokens = [t.text for t in english_analyzer()(str(q.text))]
            return wq.Or([wq.Term(PASSAGE_FIELD["en"], t) for t in tokens]) if tokens else None
        target = PASSAGE_COUNTERPART.get(fieldname or "")
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


def best_passages(
    snapshot: Snapshot, compiled: CompiledQuery | None, doc_ids: list[str], shown: int
) -> dict[str, PassageMatches]:
    """For each document: its `shown` best passages for the query (stored info) and how many of
    its passages matched in all."""
    out = {d: PassageMatches() for d in doc_ids}
    searcher = snapshot.searcher
    pq = to_passage_query(compiled.whoosh) if compiled else None
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
    matched: Counter[str] = Counter()
    for docnum, _ in results.items():  # best first
        doc_id = owner[docnum]
        matched[doc_id] += 1
        if matched[doc_id] <= shown:
            out[doc_id].passages.append(json.loads(searcher.stored_fields(docnum)["pinfo"]))
    for doc_id, count in matched.items():
        out[doc_id].matched = count
    return out


def marks(snapshot: Snapshot, compiled: CompiledQuery | None) -> dict[str, Highlight]:
    """What to mark in text, per language ("en", "es"): the words the query matched, as indexed."""
    return highlight_terms(compiled.whoosh if compiled else None, snapshot.searcher.reader())


def spelling(snapshot: Snapshot, word: str) -> str | None:
    """A correction of `word` from the snapshot's own words, or None when it is known, short, or
    has no close neighbour. The first letter is trusted (prefix=1), as most spellers do: it is
    rarely the mistyped one, and it cuts the search of the word list by an order of magnitude."""
    lower = word.lower()
    reader = snapshot.searcher.reader()
    if lower in ENGLISH_STOP_WORDS or len(word) < 3 or reader.frequency("words", lower) > 0:
        return None
    candidates = snapshot.searcher.corrector("words").suggest(lower, limit=1, maxdist=2, prefix=1)
    return candidates[0] if candidates and candidates[0] != lower else None


def passages(snapshot: Snapshot, doc_id: str, start: int, stop: int | None) -> list[Passage]:
    """Passages start..stop of a document, reading only those from the index. A document's records
    are written together in order, so its passages' record numbers ascend with their order; the
    stored order is checked, and the whole list sorted if it ever differs."""
    searcher = snapshot.searcher
    numbers = sorted(searcher.docs_for_query(wq.And([wq.Term("rtype", PASSAGE), wq.Term("doc_id", doc_id)])))
    stored = [searcher.stored_fields(n) for n in numbers[start:stop]]
    if [s["ord"] for s in stored] != list(range(start, start + len(stored))):
        stored = sorted((searcher.stored_fields(n) for n in numbers), key=lambda s: s["ord"])[start:stop]
    return [Passage.from_dict(json.loads(s["pinfo"])) for s in stored]


def all_passages(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Every passage of the snapshot as {"doc_id", "text"}: for the topic suggester."""
    searcher = snapshot.searcher
    found = []
    for docnum in searcher.document_numbers(rtype=PASSAGE):
        stored = searcher.stored_fields(docnum)
        found.append({"doc_id": stored["doc_id"], "text": json.loads(stored["pinfo"])["text"]})
    return found
