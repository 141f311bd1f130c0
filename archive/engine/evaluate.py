"""Evaluating a compiled query on a snapshot: every matching document's score, the phrase bonus,
the best passages of given documents, what to mark, spelling, and a document's passages in order.

archive/search.py decides what to ask (filters, ordering, paging, the JSON shape); this module is
how the engine answers: BM25F as arrays where archive/engine/vector_scoring.py can (else Whoosh's
own matchers, under a deadline), exact phrases as word-pair lookups (archive/engine/phrases.py),
and multi-term expansions capped (archive/engine/bounds.py).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import numpy as np
from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from archive.engine import bounds
from archive.engine.analysis import english_analyzer, english_pairs_analyzer, plain_analyzer
from archive.engine.bounds import DeadlineCollector, cap_expansions
from archive.engine.phrases import phrases_as_pairs
from archive.engine.private_names import MissingPrivateName, private
from archive.engine.schema import (
    PAIR_FIELDS,
    PASSAGE,
    PASSAGE_COUNTERPART,
    PASSAGE_FIELD,
)
from archive.engine.snippets import Highlight, highlight_terms
from archive.engine.store import Snapshot
from archive.engine.translate import CompiledQuery
from archive.engine.vector_scoring import Scored
from archive.shared.model import Passage
from archive.shared.words import ENGLISH_STOP_WORDS


@dataclass
class Evaluation:
    """Every document's score (Scored arrays over the snapshot's facet table order)."""

    scored: Scored
    capped_at: int | None  # a wildcard or fuzzy word was cut to this many of its most frequent words
    timed_out_after: float | None  # seconds after which the deadline cut the search short


@dataclass(frozen=True)
class FoundPassage:
    """A passage a query matched, and its place in its document (from 0)."""

    passage: Passage
    ord: int


@dataclass
class PassageMatches:
    """A document's best passages for a query (best first) and how many matched."""

    passages: list[FoundPassage] = field(default_factory=list)
    matched: int = 0


def evaluate(snapshot: Snapshot, compiled: CompiledQuery, phrase_words: list[str] | None = None) -> Evaluation:
    """Score every document record the query matches (passage records are not documents), adding
    the phrase bonus (archive/engine/ranking.py) of `phrase_words`' consecutive pairs where they
    stand side by side in a matching document."""
    query, capped = cap_expansions(compiled.whoosh, snapshot.searcher.reader())
    scored, timed_out = _scores(snapshot, phrases_as_pairs(query))
    bonus = _phrase_pairs(phrase_words or [])
    weight = snapshot.ranking.phrase_weight
    if bonus is not None and weight:
        pairs, _ = _scores(snapshot, bonus)
        scored.scores += np.where(scored.matched, pairs.scores * weight, 0.0)
    return Evaluation(scored, bounds.MAX_EXPANSIONS if capped else None, bounds.SEARCH_SECONDS if timed_out else None)


def _scores(snapshot: Snapshot, query: wq.Query) -> tuple[Scored, bool]:
    """Scores as arrays where archive/engine/vector_scoring.py can, else from Whoosh's matchers."""
    scored, timed_out = snapshot.vectors.evaluate(query, bounds.SEARCH_SECONDS)
    if scored is None:
        return whoosh_scores(snapshot, query)
    return scored, timed_out


def _phrase_pairs(words: list[str]) -> wq.Query | None:
    """The query's consecutive word pairs (stop words dropped first, as the index drops them) as
    terms of the English pair fields; None for fewer than two words."""
    pairs = list(dict.fromkeys(t.text for t in _PAIRS(" ".join(words))))
    if not pairs:
        return None
    return wq.Or([wq.Term(PAIR_FIELDS[field], pair) for field in PHRASE_BONUS_FIELDS for pair in pairs])


# Built once: an analyzer made per search would also start its stemmer cache empty every time.
_PAIRS = english_pairs_analyzer()
_WORDS = plain_analyzer()  # the spelling field's (schema.py: `words`)
# Where a query's words side by side earn the phrase bonus: the English fields a document is about.
PHRASE_BONUS_FIELDS = ("title", "body", "hashtag_words")


def whoosh_scores(snapshot: Snapshot, query: wq.Query) -> tuple[Scored, bool]:
    """Every matching document's score from Whoosh's own matchers, for the queries
    archive/engine/vector_scoring.py leaves to Whoosh; True if the deadline cut the search short."""
    scored = Scored.nothing(len(snapshot.catalog.table.ids))
    collector = DeadlineCollector(snapshot.searcher.collector(limit=None), bounds.SEARCH_SECONDS)
    snapshot.searcher.search_with_collector(query, collector)
    ordinal = snapshot.catalog.table.ordinal
    for hit in collector.results():
        doc_id = snapshot.docnums.get(hit.docnum)  # passage records have none
        if doc_id is not None:
            scored.matched[ordinal[doc_id]] = True
            scored.scores[ordinal[doc_id]] = hit.score
    return scored, collector.timedout


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
    # The page's passages by record number (a document's passages are a few records in a row), scored
    # from the posting blocks that hold them (archive/engine/vector_scoring.py): neither every matching
    # passage of the archive is scored, nor the union of the page's doc_id postings walked beside the query.
    owner = {n: d for d in doc_ids for n in passage_numbers(snapshot, d)}
    matched: Counter[str] = Counter()
    ranked = snapshot.vectors.records(list(owner)).scored(phrases_as_pairs(pq), bounds.SEARCH_SECONDS)
    for docnum, _ in ranked:  # best first
        doc_id = owner[docnum]
        matched[doc_id] += 1
        if matched[doc_id] <= shown:
            stored = searcher.stored_fields(docnum)
            out[doc_id].passages.append(FoundPassage(Passage.from_dict(json.loads(stored["pinfo"])), stored["ord"]))
    for doc_id, count in matched.items():
        out[doc_id].matched = count
    return out


def passage_numbers(snapshot: Snapshot, doc_id: str) -> list[int]:
    """The record numbers of a document's passages, ascending. Every writer adds a document's records
    together, its document record first (archive/engine/records.py), and a deletion removes all of
    them, so its passages are the `passage_count` live records right after its own, in one segment:
    no postings are read. Where that does not hold (an index written otherwise, a document without a
    count), they are its doc_id's records but its own. (Whoosh answers `docs_for_query` of an And by
    walking every id of both sides: with `rtype:passage` that is every passage of the archive.)"""
    own = snapshot.docnum_of.get(doc_id)
    record = snapshot.catalog.documents.get(doc_id)
    if own is not None and record is not None and record.passage_count:
        following = range(own + 1, own + 1 + record.passage_count)
        if _live_in_one_segment(snapshot.searcher, following):
            return list(following)
    return sorted(n for n in snapshot.searcher.docs_for_query(wq.Term("doc_id", doc_id)) if n != own)


def _live_in_one_segment(searcher: Searcher, numbers: range) -> bool:
    """Whether the records `numbers` all lie in one segment and none is deleted."""
    layout = _layout(searcher.reader())
    segment = bisect_right(layout.ends, numbers.start)
    if segment == len(layout.ends) or numbers.stop > layout.ends[segment]:
        return False
    return not layout.deleted[numbers.start : numbers.stop].any()


@dataclass(frozen=True)
class _RecordLayout:
    """Where an index reader's segments end (record numbers) and which records are deleted: asked for
    every document on every result page, and fixed for a generation. (Asking Whoosh record by record
    went through four calls per passage.)"""

    ends: list[int]
    deleted: np.ndarray  # bool by record number


def _layout(reader: IndexReader) -> _RecordLayout:
    known = _LAYOUTS.get(reader)
    if known is None:
        ends, deleted = [], np.zeros(reader.doc_count_all(), dtype=bool)
        for leaf, offset in reader.leaf_readers():
            ends.append(offset + leaf.doc_count_all())
            if leaf.has_deletions():
                deleted[[offset + n for n in _deleted_docs(leaf)]] = True
        known = _LAYOUTS[reader] = _RecordLayout(ends, deleted)
    return known


def _deleted_docs(leaf: IndexReader) -> list[int]:
    """A segment's deleted record numbers: its deletion set, or (without that private name) every
    number Whoosh does not list as live."""
    try:
        return list(private(leaf, "_perdoc").deleted_docs())
    except MissingPrivateName:
        return sorted(set(range(leaf.doc_count_all())) - set(leaf.all_doc_ids()))


_LAYOUTS: WeakKeyDictionary[IndexReader, _RecordLayout] = WeakKeyDictionary()


def marks(snapshot: Snapshot, compiled: CompiledQuery | None) -> dict[str, Highlight]:
    """What to mark in text, per language ("en", "es"): the words the query matched, as indexed."""
    return highlight_terms(compiled.whoosh if compiled else None, snapshot.searcher.reader())


def spelling(snapshot: Snapshot, word: str) -> str | None:
    """A correction of a query word from the snapshot's own words (archive/engine/spelling.py), or
    None when it is known, short, a stop word, or a compound the index splits ("cost-effective")."""
    lower = word.lower()
    if lower in ENGLISH_STOP_WORDS or len(word) < 3:
        return None
    tokens = [t.text for t in _WORDS(lower)]  # as the index holds it: accents folded, split at hyphens
    return snapshot.speller.correction(tokens[0]) if len(tokens) == 1 else None


def passages(snapshot: Snapshot, doc_id: str, start: int, stop: int | None) -> list[Passage]:
    """Passages start..stop of a document, reading only those from the index. A document's records
    are written together in order, so its passages' record numbers ascend with their order; the
    stored order is checked, and the whole list sorted if it ever differs."""
    searcher = snapshot.searcher
    numbers = passage_numbers(snapshot, doc_id)
    stored = [searcher.stored_fields(n) for n in numbers[start:stop]]
    if [s["ord"] for s in stored] != list(range(start, start + len(stored))):
        stored = sorted((searcher.stored_fields(n) for n in numbers), key=lambda s: s["ord"])[start:stop]
    return [Passage.from_dict(json.loads(s["pinfo"])) for s in stored]


def all_passages(snapshot: Snapshot) -> list[tuple[str, str]]:
    """Every passage of the snapshot as (doc_id, text): for the topic suggester."""
    searcher = snapshot.searcher
    found = []
    for docnum in searcher.document_numbers(rtype=PASSAGE):
        stored = searcher.stored_fields(docnum)
        found.append((stored["doc_id"], json.loads(stored["pinfo"])["text"]))
    return found
