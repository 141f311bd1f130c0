"""Document scores computed a posting block at a time with numpy, instead of one posting at a time.

Why: a search must find every matching document (its total and facet counts are exact), so it
cannot use Whoosh's top-N shortcuts, and Whoosh's matchers score each posting in Python. With a word
in most of 10,000 documents and a query spread over five fields, that stepping was the largest cost
of a search (benchmarks/performance.py). Here each term's postings are read a block at a time and
scored as arrays; a per-generation cache keeps the scores of recently searched terms.

The result is Whoosh's own, not an approximation: the same BM25F formula with the same parameters
and statistics (idf from the same searcher, average field lengths from archive/engine/ranking.py,
the same stored weights and encoded field lengths), and the same rules for combining parts as
Whoosh's matchers (Or and And add the scores of their matching parts, AndNot keeps its left side's,
AndMaybe adds its right side's where it also matches, a boost multiplies). Only document records are
scored, indexed by their ordinal in the snapshot's FacetTable. A phrase needs word positions: Whoosh's
matcher reads them, but only on the records that hold all its words. A query with any other kind
of node (NOT alone, wildcards, ranges), or a Whoosh without the private names this reads
(archive/engine/private_names.py), returns None and is left to Whoosh.
tests/archive/engine/test_vector_scoring.py compares both on many queries.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching import FilterMatcher, ListMatcher, Matcher
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from archive.engine.bm25f import AcrossFields, saturated
from archive.engine.private_names import MissingPrivateName, private
from archive.engine.ranking import length_normalisation

# Scored terms kept per generation. A common word's entry is two arrays the size of its document
# frequency (at most ~120 KB at 10,000 documents), so the cache stays under ~30 MB.
CACHED_TERMS = 256
# Decoded posting blocks kept per generation for scoring a result page's passages: a block holds at
# most 128 postings (two arrays of 1 KB each at most), so the cache stays under ~17 MB.
CACHED_BLOCKS = 8192
T = TypeVar("T")
K = TypeVar("K")
Block = tuple[np.ndarray, np.ndarray]  # a posting block's record numbers (int64) and weights (float64)


class Unsupported(Exception):
    """A query node this module does not score; the caller lets Whoosh run the whole query."""


@dataclass
class Scored:
    """Per document ordinal: whether it matches, and its score (0.0 where it does not)."""

    matched: np.ndarray  # bool
    scores: np.ndarray  # float64

    @classmethod
    def nothing(cls, size: int) -> Scored:
        """No document matches (the form results are filled in from)."""
        return cls(np.zeros(size, dtype=bool), np.zeros(size, dtype=np.float64))


@dataclass
class _Run:
    """One evaluation's deadline (time.monotonic), checked before each term is read."""

    deadline: float
    timedout: bool = False


class VectorScorer:
    """Scores document-record queries for one index generation (thread-safe)."""

    def __init__(self, searcher: Searcher, ordinal_of_docnum: dict[int, int], size: int) -> None:
        numbers = np.fromiter(ordinal_of_docnum, dtype=np.int64, count=len(ordinal_of_docnum))
        ordinals = np.fromiter(ordinal_of_docnum.values(), dtype=np.int64, count=len(ordinal_of_docnum))
        docnums = np.zeros(size, dtype=np.int64)  # each ordinal's record number
        docnums[ordinals] = numbers
        self._set_up(searcher, docnums)
        self._ordinals = np.full(searcher.doc_count_all(), -1, dtype=np.int64)  # -1: not a document record
        self._ordinals[numbers] = ordinals

    def _set_up(self, searcher: Searcher, docnums: np.ndarray) -> None:
        self._searcher = searcher
        self._size = len(docnums)
        self._docnums = docnums
        self._lengths: dict[str, np.ndarray] = {}  # by ordinal
        self._by_docnum: dict[str, np.ndarray] = {}  # by record number
        self._terms: OrderedDict[tuple[str, bytes], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        # (ordinals, length-normalised weights, idf) of recently searched terms, for BM25F words
        self._normalised: OrderedDict[tuple[str, bytes], tuple[np.ndarray, np.ndarray, float]] = OrderedDict()
        # decoded posting blocks, by (segment's first record number, block's place in the postings file)
        self._decoded: OrderedDict[tuple[int, int], Block] = OrderedDict()
        self._lock = threading.Lock()

    def _ordinal_of(self, docnums: np.ndarray) -> np.ndarray:
        """The ordinals of the given record numbers (-1 for a record this scorer does not score)."""
        return self._ordinals[docnums]

    def evaluate(self, query: wq.Query, seconds: float) -> tuple[Scored | None, bool]:
        """The query's matches and scores over document records (None if it has a node this module
        does not handle), and whether the deadline passed: terms not read by then match nothing."""
        run = _Run(time.monotonic() + seconds)
        try:
            return self._node(query, run), run.timedout
        except (Unsupported, MissingPrivateName):
            return None, False

    # -- query nodes ---------------------------------------------------------------------------

    def _empty(self) -> Scored:
        return Scored.nothing(self._size)

    def _node(self, q: wq.Query, run: _Run) -> Scored:
        if isinstance(q, type(wq.NullQuery)):
            return self._empty()
        if type(q) is wq.Term:
            return self._term(q, run)
        if type(q) is wq.Phrase:
            return self._phrase(q, run)
        if type(q) in (wq.Or, wq.And):
            return self._compound(q, run)
        if type(q) is AcrossFields:
            return self._across_fields(q, run)
        if type(q) is wq.AndNot:
            left, right = self._node(q.a, run), self._node(q.b, run)
            keep = left.matched & ~right.matched
            return Scored(keep, np.where(keep, left.scores, 0.0))
        if type(q) is wq.AndMaybe:
            left, right = self._node(q.a, run), self._node(q.b, run)
            both = left.matched & right.matched
            return Scored(left.matched, np.where(both, left.scores + right.scores, left.scores))
        raise Unsupported(type(q).__name__)

    def _compound(self, q: wq.Or | wq.And, run: _Run) -> Scored:
        parts = [self._node(sub, run) for sub in q.subqueries]
        if not parts:
            return self._empty()
        if len(parts) == 1:  # Whoosh uses the lone part's matcher as it is, boost and all
            return parts[0]
        matched = parts[0].matched.copy()
        scores = parts[0].scores.copy()
        for part in parts[1:]:
            if type(q) is wq.Or:
                matched |= part.matched
            else:
                matched &= part.matched
            scores += part.scores
        if type(q) is wq.And:
            scores[~matched] = 0.0
        if q.boost != 1.0:
            scores *= q.boost
        return Scored(matched, scores)

    def _across_fields(self, q: AcrossFields, run: _Run) -> Scored:
        """One word in several fields as one BM25F term (archive/engine/bm25f.py)."""
        out = self._empty()
        frequency = np.zeros(self._size, dtype=np.float64)
        idf_mass = np.zeros(self._size, dtype=np.float64)
        searched = False
        for sub in q.subqueries:
            if type(sub) is not wq.Term or not self._searcher.schema[sub.fieldname].scorable:
                part = self._node(sub, run)
                out.matched |= part.matched
                out.scores += part.scores
                continue
            if run.timedout or time.monotonic() > run.deadline:
                run.timedout = True
                continue
            try:
                btext = self._searcher.schema[sub.fieldname].to_bytes(sub.text)
            except ValueError:
                continue
            ordinals, normalised, idf = self._normalised_term(sub.fieldname, btext)
            np.add.at(frequency, ordinals, normalised)
            np.add.at(idf_mass, ordinals, normalised * (idf * sub.boost))
            out.matched[ordinals] = True
            searched = True
        if searched:
            held = frequency > 0
            out.scores[held] += saturated(idf_mass[held], frequency[held], self._searcher.weighting.K1)
        if q.boost != 1.0:
            out.scores *= q.boost
        return out

    def _term(self, q: wq.Term, run: _Run) -> Scored:
        schema = self._searcher.schema
        if run.timedout or time.monotonic() > run.deadline:
            run.timedout = True
            return self._empty()
        if q.fieldname not in schema:
            return self._empty()
        try:
            btext = schema[q.fieldname].to_bytes(q.text)
        except ValueError:
            return self._empty()
        ordinals, scores = self._scored_term(q.fieldname, btext)
        out = self._empty()
        out.matched[ordinals] = True
        out.scores[ordinals] = scores * q.boost if q.boost != 1.0 else scores
        return out

    def _phrase(self, q: wq.Phrase, run: _Run) -> Scored:
        """A phrase needs its words' positions, which only Whoosh's matcher reads; it is run on the
        records that hold every word of it (found as arrays), not on the whole index."""
        reader, schema = self._searcher.reader(), self._searcher.schema
        if q.fieldname not in schema:
            return self._empty()
        field = schema[q.fieldname]
        if any((q.fieldname, field.to_bytes(w)) not in reader for w in q.words):
            return self._empty()
        every_word = self._node(wq.And([wq.Term(q.fieldname, w) for w in q.words]), run)
        if run.timedout:
            return self._empty()
        return self._stepped(q, sorted(self._docnums[np.flatnonzero(every_word.matched)].tolist()))

    def _stepped(self, q: wq.Query, numbers: list[int]) -> Scored:
        """The scores of Whoosh's own matcher for `q` on the records `numbers` (ascending) alone."""
        out = self._empty()
        found = stepped_scores(self._searcher, q, numbers)
        if found:
            ordinals = self._ordinal_of(np.array([number for number, _ in found], dtype=np.int64))
            out.matched[ordinals] = True
            out.scores[ordinals] = [score for _, score in found]
        return out

    # -- terms ---------------------------------------------------------------------------------

    def _remembered(self, cache: OrderedDict[K, T], key: K, compute: Callable[[], T], keep: int = CACHED_TERMS) -> T:
        """`cache[key]`, computed outside the lock on a miss; the cache keeps the `keep` last used."""
        with self._lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        value = compute()
        with self._lock:
            cache[key] = value
            while len(cache) > keep:
                cache.popitem(last=False)
        return value

    def decoded_block(self, key: tuple[int, int], decode: Callable[[], Block]) -> Block:
        """A posting block's (ids, weights), decoded once per generation while it is among the
        CACHED_BLOCKS last used. Scoring a page's passages reads one or two blocks per document
        and term, and decoding one (zlib, then a pickle that also holds every word position) was
        most of that work; the blocks of the words people search for are read again and again."""
        return self._remembered(self._decoded, key, decode, CACHED_BLOCKS)

    def _scored_term(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        return self._remembered(self._terms, (fieldname, btext), lambda: self._score_term(fieldname, btext))

    def _score_term(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        ordinals, weights = self._postings(fieldname, btext)
        searcher = self._searcher
        if not searcher.schema[fieldname].scorable:
            return ordinals, weights  # Whoosh's WeightScorer: the stored weight is the score
        k1 = searcher.weighting.K1
        idf = searcher.idf(fieldname, btext)
        # whoosh.scoring.bm25, term for term, so the floating-point results are the same
        return ordinals, idf * ((weights * (k1 + 1)) / (weights + k1 * self._length_norms(fieldname, ordinals)))

    def _normalised_term(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray, float]:
        """(ordinals, weight / (1 - b + b * length / average length), idf) of a term's document records."""
        return self._remembered(self._normalised, (fieldname, btext), lambda: self._normalise_term(fieldname, btext))

    def _normalise_term(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray, float]:
        ordinals, weights = self._postings(fieldname, btext)
        return ordinals, weights / self._length_norms(fieldname, ordinals), self._searcher.idf(fieldname, btext)

    def _length_norms(self, fieldname: str, ordinals: np.ndarray) -> np.ndarray:
        """BM25's length normalisation of the given documents (archive/engine/ranking.py)."""
        return length_normalisation(self._searcher, fieldname, self._field_lengths(fieldname)[ordinals])

    def _postings(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """(ordinals, stored weights) of the term's document records in every segment. Deleted
        documents have no ordinal, so they drop out here."""
        docnums: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for segment, offset in self._searcher.reader().leaf_readers():
            matcher = _term_matcher(segment, fieldname, btext)
            if matcher is None:
                continue
            if isinstance(matcher, ListMatcher):  # a short list kept in its term's entry (archive.engine.codec)
                blocks: Iterable[tuple[Sequence[int], Sequence[float]] | Block] = [_listed(matcher)]
            elif isinstance(matcher, W3LeafMatcher):
                blocks = self._blocks(matcher, offset, offset + segment.doc_count_all())
            else:
                raise Unsupported(type(matcher).__name__)
            for ids, block_weights in blocks:
                docnums.append(np.asarray(ids, dtype=np.int64) + offset)
                weights.append(np.asarray(block_weights, dtype=np.float64))
        if not docnums:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        ordinals = self._ordinal_of(np.concatenate(docnums))
        keep = ordinals >= 0
        return ordinals[keep], np.concatenate(weights)[keep]

    def _blocks(self, matcher: W3LeafMatcher, start: int, end: int) -> Iterator[Block]:
        """The posting blocks to score of one segment (its records are numbers start..end): all of them."""
        return _blocks(matcher)

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        """Each document's field length as Whoosh's scorer reads it (the one-byte encoding,
        decoded; 1 where the field is empty), by ordinal."""
        by_docnum = self.record_lengths(fieldname)  # takes the lock itself
        with self._lock:
            if fieldname not in self._lengths:
                lengths = np.ones(self._size, dtype=np.float64)
                known = self._ordinals >= 0
                lengths[self._ordinals[known]] = by_docnum[known]
                self._lengths[fieldname] = lengths
            return self._lengths[fieldname]

    def record_lengths(self, fieldname: str) -> np.ndarray:
        """Every record's decoded field length by record number, read per segment as one array
        (kept for the generation: passage scoring asks for it on every result page)."""
        with self._lock:
            if fieldname not in self._by_docnum:
                self._by_docnum[fieldname] = np.concatenate(
                    [_segment_lengths(segment, fieldname) for segment, _ in self._searcher.reader().leaf_readers()]
                )
            return self._by_docnum[fieldname]

    def records(self, numbers: list[int]) -> RecordScorer:
        """A scorer of the given records only (a result page's passages), sharing this generation's lengths."""
        return RecordScorer(self, numbers)


_BYTE_TO_LENGTH = np.array([byte_to_length(b) or 1 for b in range(256)], dtype=np.float64)
_BYTE_TO_LENGTH[0] = 1.0


def _segment_lengths(segment: SegmentReader, fieldname: str) -> np.ndarray:
    """One segment's decoded lengths of a field, by segment docnum, from Whoosh 2.7's length column
    (requirements.txt pins it): one byte per document, missing trailing bytes meaning 0."""
    encoded = np.zeros(segment.doc_count_all(), dtype=np.uint8)
    column = private(private(segment, "_perdoc"), "_cached_reader")(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is not None:
        stored = private(column, "_dbfile").get(private(column, "_basepos"), private(column, "_count"))
        raw = np.frombuffer(stored, dtype=np.uint8)
        encoded[: len(raw)] = raw
    return _BYTE_TO_LENGTH[encoded]


def _term_matcher(segment: SegmentReader, fieldname: str, btext: bytes) -> Matcher | None:
    """The segment's own posting matcher of a term, deleted records included (they have no ordinal
    and drop out), or None where the segment lacks the term. Asked of the segment's term table: the
    public `postings` also lists the segment's deletions as a set and wraps the matcher in a filter
    that decodes its first block at once, ~10x the cost of opening it, per term and segment, and a
    page's passages rarely lie in a term's first block."""
    try:
        terms = private(segment, "_terms")
    except MissingPrivateName:
        terms = None
    try:
        if terms is not None:
            return terms.matcher(fieldname, btext, segment.schema[fieldname].format)
        matcher = segment.postings(fieldname, btext)
    except TermNotFound:  # one lookup: asking `in segment` first looked the term up twice
        return None
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _listed(matcher: ListMatcher) -> tuple[list[int], list[float]]:
    """(ids, weights) of a posting list kept in its term's entry: it is short (fewer than
    archive.engine.codec.INLINE_BELOW postings), so it is read whole, through the matcher's public steps."""
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def _blocks(
    matcher: W3LeafMatcher,
    runs: list[tuple[int, int]] | None = None,
    remembered: Callable[[tuple[int, int], Callable[[], Block]], Block] | None = None,
    segment: int = 0,
) -> Iterator[Block]:
    """(ids, weights) of each block of a Whoosh 2.7 posting list (requirements.txt pins it): the
    codec decodes a block's arrays at once, so reading them whole skips the per-posting calls. With
    `runs` (ascending (first, last) segment record numbers), only the blocks that reach into one;
    with `remembered` (VectorScorer.decoded_block), each block decoded once for the generation,
    `segment` (the segment's first record number) telling blocks of different segments apart."""
    read_ids, read_weights = private(matcher, "_read_ids"), private(matcher, "_read_weights")
    next_block = private(matcher, "_next_block")

    def decode() -> Block:
        read_ids()
        read_weights()
        ids, weights = private(matcher, "_ids"), private(matcher, "_weights")
        return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)

    run = 0
    while matcher.is_active() and (runs is None or run < len(runs)):
        if runs is None or matcher.block_max_id() >= runs[run][0]:
            yield decode() if remembered is None else remembered((segment, private(matcher, "_dataoffset")), decode)
            while runs is not None and run < len(runs) and runs[run][1] <= matcher.block_max_id():
                run += 1
        next_block()


class RecordScorer(VectorScorer):
    """Scores a query over a few given records (a result page's passages), reading only the posting
    blocks that hold them: a page's passages are a few runs of consecutive record numbers, so a
    term costs one or two blocks per document instead of Whoosh's union matchers stepping every
    term to every record (the largest part of finding a page's best passages). A part it cannot
    score as arrays (a phrase read from word positions) is scored by Whoosh's matcher on those
    records alone, so every query is answered."""

    def __init__(self, generation: VectorScorer, numbers: list[int]) -> None:
        # no dense record-number -> ordinal array (the whole index's size, per result page): the
        # page's few hundred numbers are looked up in their sorted array
        self._numbers = sorted(set(numbers))
        self._set_up(generation._searcher, np.array(self._numbers, dtype=np.int64))
        self._generation = generation
        self._runs = _runs(self._numbers)

    def _ordinal_of(self, docnums: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self._docnums, docnums)
        found = at < self._size
        found[found] = self._docnums[at[found]] == docnums[found]
        return np.where(found, at, -1)

    def scored(self, query: wq.Query, seconds: float) -> list[tuple[int, float]]:
        """(record number, score) of the given records the query matches, best first, then by record
        number (the order of Whoosh's unlimited search)."""
        found, _ = self.evaluate(query, seconds)
        if found is None:  # this Whoosh lacks a private name the arrays need
            return stepped_scores(self._searcher, query, self._numbers)
        ranked = [(self._numbers[i], float(found.scores[i])) for i in np.flatnonzero(found.matched)]
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked

    def _node(self, q: wq.Query, run: _Run) -> Scored:
        try:
            return super()._node(q, run)
        except Unsupported:
            return self._stepped(q, self._numbers)

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        return self._generation.record_lengths(fieldname)[self._numbers]

    def _blocks(self, matcher: W3LeafMatcher, start: int, end: int) -> Iterator[Block]:
        """Only the blocks that reach into a run of the given records, each read once."""
        runs = [(max(lo, start) - start, min(hi, end - 1) - start) for lo, hi in self._runs if lo < end and hi >= start]
        return _blocks(matcher, runs, self._generation.decoded_block, start)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Ascending numbers as runs of consecutive ones, (first, last)."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def stepped_scores(searcher: Searcher, q: wq.Query, numbers: list[int]) -> list[tuple[int, float]]:
    """(record number, score) of the records among `numbers` (ascending) that `q` matches, from
    Whoosh's own matcher leaping to each of them, best first and then by record number."""
    found: list[tuple[int, float]] = []
    context = searcher.context()
    for leaf, offset in searcher.leaf_searchers():
        end = offset + leaf.doc_count_all()
        local = [number - offset for number in numbers if offset <= number < end]
        matcher = q.matcher(leaf, context) if local else None
        for number in local:
            if matcher is None or not matcher.is_active():
                break
            if matcher.id() < number:
                matcher.skip_to(number)
            if matcher.is_active() and matcher.id() == number:
                found.append((number + offset, matcher.score()))
    found.sort(key=lambda item: (-item[1], item[0]))
    return found
