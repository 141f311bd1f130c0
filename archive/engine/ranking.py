"""How documents are ranked: BM25F with Robertson-Spärck Jones idf, and a bonus for a query's words
found as a phrase.

Why these and not Whoosh's defaults:

- **A word's fields saturated together.** Whoosh's BM25F scores each field as a BM25 of its own
  and adds them, so a word in a title and in the body counted twice; a word's alternatives in the
  document's fields are one BM25F term here, as Robertson, Zaragoza and Taylor define it
  (archive/engine/bm25f.py).

- **idf.** Whoosh's BM25F uses log(N / (df + 1)) + 1. Robertson and Spärck Jones's
  log(1 + (N - df + 0.5) / (df + 0.5)) is the one the BM25 literature (and Lucene, Terrier, bm25s)
  uses; it gives rare words relatively more weight. And as in BM25F proper, a word's rarity in a
  title is its rarity in the documents (DOCUMENT_FREQUENCY_FROM below), not in the titles alone.
- **What a field's statistics are counted over.** Whoosh counts N, and divides a field's total
  length for its average, over every record of the index: here passages as well as documents. So
  every word looked commoner than it was, and, worse, a document field's average length was divided
  by all the passage records too: with ten passages a document, every document looked ten times
  longer than average, and length normalisation buried long toolkits and transcripts. Both are
  counted here over the records the field belongs to (document records for document fields,
  passage records for passage fields). A document's text is in the body field of its language
  (schema.BODY_FIELD), so a body field's average length is over the documents of that language
  only: over all documents, three Spanish pages among twenty-one looked seven times longer than
  the average Spanish page, and lost to English pages that held fewer of a Spanish query's words.
- **k1 and b.** k1 = 1.2 is the standard choice. b = 0.5 is what 5-fold cross-validation on the
  Vaswani development queries chose in every fold (benchmarks/relevance.py; settings picked on the
  other folds, among b = 0.3-0.75): between the literature's 0.75 and the 0.3-0.4 used for short
  abstracts, fitting an archive that mixes one-paragraph statements with long toolkits and
  transcripts. Titles are short and nearly constant in length, so they are normalised less; hashtag
  words not at all.
- **Phrase bonus.** A document that holds two consecutive query words side by side ("family
  detention") should rank above one that holds them apart. The consecutive pairs of the query are
  scored, with this same BM25, on the pair fields the index already keeps for quoted phrases
  (archive/engine/analysis.PairFilter), and added with a small weight: the ordered-window part of
  Metzler and Croft's sequential dependence model, whose published weights (0.85 / 0.1 / 0.05) are
  the prior this follows (cross-validation chose 0.05-0.2 across folds, around it). A pair is a
  term lookup, so it costs what a word costs. (A bonus for words within three positions of each
  other, read from word positions, was measured too and dropped: no held-out fold chose it.)

The field boosts (title 3, hashtags 2.5, ...) are written into the index (archive/engine/schema.py);
what is here can change per searcher, which is what lets the benchmark compare settings in one run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from math import log
from weakref import WeakKeyDictionary

import numpy as np
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer
from whoosh.searching import Searcher

from archive.engine.private_names import private
from archive.engine.schema import BODY_FIELD, DOC, PAIR_FIELDS, PASSAGE, PASSAGE_FIELDS, analysis_language


@dataclass(frozen=True)
class Ranking:
    """The settings of one ranking (every field a float, so a benchmark can sweep them)."""

    k1: float = 1.2
    b: float = 0.5
    title_b: float = 0.3  # titles: short, nearly constant in length
    phrase_weight: float = 0.1  # of a query's consecutive word pairs found side by side; 0 = off

    def weighting(self) -> RobertsonSparckJonesBM25F:
        return RobertsonSparckJonesBM25F(
            B=self.b,
            K1=self.k1,
            title_B=self.title_b,
            title_pairs_B=self.title_b,
            facet_text_B=self.title_b,
            facet_text_pairs_B=self.title_b,
            hashtag_words_B=0.0,
            hashtag_words_pairs_B=0.0,
        )


DEFAULT_RANKING = Ranking()


def rsj_idf(records: int, df: int) -> float:
    """Robertson-Spärck Jones idf in its always-positive form (+1 inside the log, as Lucene has it)."""
    return log(1 + (records - df + 0.5) / (df + 0.5))


def field_records(searcher: Searcher, fieldname: str) -> int:
    """How many records a field belongs to: passage records for passage fields, else document ones."""
    parent = searcher.get_parent()
    reader = parent.reader()
    kind = PASSAGE if fieldname in PASSAGE_FIELDS else DOC
    counts = _RECORDS_OF_KIND.setdefault(reader, {})
    if kind not in counts:
        counts[kind] = parent.doc_frequency("rtype", kind) or parent.doc_count_all()
    return counts[kind]


# Per index reader (one per generation): every term's idf asks (a term lookup in every segment),
# and the answer only changes with the index.
_RECORDS_OF_KIND: WeakKeyDictionary[IndexReader, dict[str, int]] = WeakKeyDictionary()


def records_holding_text(searcher: Searcher, fieldname: str) -> int:
    """How many records a field's text can be in: for a body field, the document records analysed
    in its language (their `lang` terms, and the documents with none, which are read as English);
    for any other field, the records it belongs to (field_records)."""
    parent = searcher.get_parent()
    language = _BODY_LANGUAGE.get(fieldname)
    if language is None:
        return field_records(parent, fieldname)
    return _documents_per_analysis_language(parent)[language] or field_records(parent, "body")


# The language of each body field and of its word-pair field (English only has one).
_BODY_LANGUAGE = {
    field: language
    for language, body in BODY_FIELD.items()
    for field in (body, PAIR_FIELDS.get(body))
    if field is not None
}
# Per index reader (one per generation): every scorer of a body field asks, and the answer only
# changes with the index.
_PER_LANGUAGE: WeakKeyDictionary[IndexReader, Counter[str]] = WeakKeyDictionary()


def _documents_per_analysis_language(parent: Searcher) -> Counter[str]:
    reader = parent.reader()
    if (known := _PER_LANGUAGE.get(reader)) is not None:
        return known
    documents = field_records(parent, "body")
    counts = Counter({"en": documents})
    for term in reader.lexicon("lang"):
        frequency = reader.doc_frequency("lang", term)
        counts["en"] -= frequency
        counts[analysis_language(term.decode("utf-8"))] += frequency
    _PER_LANGUAGE[reader] = counts
    return counts


def average_field_length(searcher: Searcher, fieldname: str) -> float:
    """A field's mean length over the records its text can be in (1 where it is empty everywhere)."""
    parent = searcher.get_parent()
    return parent.field_length(fieldname) / records_holding_text(parent, fieldname) or 1.0


def length_normalisation(searcher: Searcher, fieldname: str, lengths: np.ndarray) -> np.ndarray:
    """BM25's length normalisation, 1 - b + b * length / average length, of records whose field
    lengths are `lengths` (the field's own b): one formula for the array scorer and Whoosh's matchers."""
    weighting = searcher.weighting
    b = private(weighting, "_field_B").get(fieldname, weighting.B)
    return (1 - b) + b * lengths / average_field_length(searcher, fieldname)


# BM25F gives a term one idf, the document's (Robertson, Zaragoza and Taylor, 2004), not one per field.
# Counted per field, a word common in the archive's text but rare in its titles ("ice" in one title
# and in every body) looks rare in the title field, and that one title word then outranks a page
# whose text holds every query word. The short fields shared by every document take the frequency of
# the same analysed term in the documents' text instead, when that is higher.
DOCUMENT_FREQUENCY_FROM = {
    "title": "body",
    "title_pairs": "body_pairs",
    "hashtag_words": "body",
    "hashtag_words_pairs": "body_pairs",
    "facet_text": "body",
    "facet_text_pairs": "body_pairs",
}


def document_frequency(searcher: Searcher, fieldname: str, text: bytes) -> int:
    """How many records hold the term in `fieldname`, or, for a short field, in the documents' text
    if more do (DOCUMENT_FREQUENCY_FROM)."""
    parent = searcher.get_parent()
    found = parent.doc_frequency(fieldname, text)
    if whole := DOCUMENT_FREQUENCY_FROM.get(fieldname):
        found = max(found, parent.doc_frequency(whole, text))
    return found


class RobertsonSparckJonesBM25F(BM25F):
    """Whoosh's BM25F (its documented extension point, a WeightingModel) with the idf and average
    field length above. Whoosh's scorers and archive/engine/vector_scoring.py both read the idf
    through `Searcher.idf` (which calls this) and the average from `average_field_length`, so both
    compute the same scores (tests/archive/engine/test_vector_scoring.py)."""

    def idf(self, searcher: Searcher, fieldname: str, text: bytes) -> float:
        return rsj_idf(field_records(searcher.get_parent(), fieldname), document_frequency(searcher, fieldname, text))

    def scorer(self, searcher: Searcher, fieldname: str, text: bytes, qf: int = 1) -> BM25FScorer | WeightScorer:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, BM25FScorer):
            scorer.avgfl = average_field_length(searcher, fieldname)
        return scorer
