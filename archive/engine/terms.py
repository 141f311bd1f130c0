"""The index terms of a document's text, each word analysed once for every field that holds it.

An English document's text goes into six indexed places: the document's `body`, its pairs, the
document's plain `words` (for spelling suggestions), and each passage's `ptext` and its pairs. Whoosh's
writer runs an analyzer per field, so it tokenizes, lowercases and stems the same words six times,
and that is a third of what a build spends writing. Here each passage is tokenized once, each
distinct word is stemmed once per process, and every field's terms are derived from those lists;
the document-level fields are the passages' lists joined (`Document.full_text` joins passages with a
blank line, which no token can span).

The result must be exactly what Whoosh's analyzers (archive.engine.analysis) and formats produce, down to
one of their quirks: the stop filter keeps the first kept word's own position (so positions start at
the number of leading stop words). tests/indexer/test_terms.py compares each field's postings with Whoosh's own, and
tests/indexer/test_segment_writer.py whole indexes written both ways.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh.formats import Format
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from archive.engine.analysis import PAIR_SEPARATOR
from archive.engine.schema import analysis_language
from archive.shared.model import Document
from archive.shared.words import ENGLISH_STOP_WORDS, TOKEN_PATTERN

TOKEN = re.compile(TOKEN_PATTERN)
MAX_REMEMBERED_WORDS = 500_000  # per process; an archive's vocabulary is far smaller

# (term bytes, frequency, weight, encoded value): what Whoosh's Format.word_values yields, encoded
Posting = tuple[bytes, int, float, bytes]


class _Memo(dict[str, Any]):
    """A dict that computes a missing value once: a hit costs one C-level lookup."""

    def __init__(self, compute: Callable[[str], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> Any:
        if len(self) >= MAX_REMEMBERED_WORDS:
            self.clear()
        value = self[word] = self.compute(word)
        return value


class TermCache:
    """English and plain terms of lowercased words, remembered across documents (stemming is the
    expensive step, and an archive repeats its words)."""

    def __init__(self) -> None:
        stem = stemmer_for_language("en")
        self.plain: _Memo = _Memo(lambda word: word.translate(accent_map))
        # None for a stop word: it has no English term
        self.english: _Memo = _Memo(
            lambda word: None if word in ENGLISH_STOP_WORDS else stem(word).translate(accent_map)
        )

    @staticmethod
    def words(text: str) -> list[str]:
        """The lowercased tokens of `text`, as the analyzers' tokenizer and lowercase filter give them."""
        return [token.lower() for token in TOKEN.findall(text)]


@dataclass
class AnalysedText:
    """The English terms of one text, in order, and the position Whoosh gives the first of them."""

    terms: list[str]
    first_position: int

    @classmethod
    def of(cls, words: list[str], cache: TermCache) -> AnalysedText:
        english = cache.english
        all_terms = [english[word] for word in words]
        terms = [term for term in all_terms if term is not None]
        first = next((n for n, term in enumerate(all_terms) if term is not None), 0)
        return cls(terms, first)

    def pairs(self) -> list[str]:
        return [f"{a}{PAIR_SEPARATOR}{b}" for a, b in zip(self.terms, self.terms[1:], strict=False)]


def positions_postings(text: AnalysedText, fmt: Format) -> list[Posting]:
    """Whoosh's Positions.word_values for these terms, terms in first-occurrence order."""
    positions: dict[str, list[int]] = {}
    for position, term in enumerate(text.terms, text.first_position):
        positions.setdefault(term, []).append(position)
    boost = fmt.field_boost
    return [(term.encode("utf-8"), len(p), float(len(p)) * boost, fmt.encode(p)) for term, p in positions.items()]


def frequency_postings(terms: list[str], fmt: Format) -> list[Posting]:
    """Whoosh's Frequency.word_values for these terms, terms in first-occurrence order."""
    boost = fmt.field_boost
    return [(term.encode("utf-8"), n, float(n) * boost, pack_uint(n)) for term, n in Counter(terms).items()]


@dataclass
class AnalysedField:
    """A field's postings, ready for the writer."""

    postings: list[Posting]


@dataclass
class DocumentAnalysis:
    """The analysed big text fields of a document's record and of each of its passages' records
    (by passage number); fields not listed are analysed by Whoosh as usual (titles, facets, Spanish)."""

    document: dict[str, AnalysedField]
    passages: list[dict[str, AnalysedField]]


def analyse_document(doc: Document, schema: Any, cache: TermCache) -> DocumentAnalysis:
    """Tokenize each passage once and derive from it every field that holds its words."""
    passage_words = [cache.words(p.text) for p in doc.passages]
    plain = cache.plain
    all_words = [word for words in [cache.words(doc.title), *passage_words] for word in words]
    document = {"words": AnalysedField(frequency_postings([plain[w] for w in all_words], schema["words"].format))}
    if analysis_language(doc.language) != "en":  # Whoosh's analyzers read Spanish and plain text
        return DocumentAnalysis(document, [{} for _ in doc.passages])

    passages = [AnalysedText.of(words, cache) for words in passage_words]
    whole = _joined(passages, [len(words) for words in passage_words])
    document["body"] = AnalysedField(positions_postings(whole, schema["body"].format))
    document["body_pairs"] = AnalysedField(frequency_postings(whole.pairs(), schema["body_pairs"].format))
    ptext, pairs = schema["ptext"].format, schema["ptext_pairs"].format
    return DocumentAnalysis(
        document,
        [
            {
                "ptext": AnalysedField(positions_postings(p, ptext)),
                "ptext_pairs": AnalysedField(frequency_postings(p.pairs(), pairs)),
            }
            for p in passages
        ],
    )


def _joined(passages: list[AnalysedText], word_counts: list[int]) -> AnalysedText:
    """The analysis of the passages' joined text: their terms in sequence, the first one at its
    position counted from the start of the whole text."""
    terms = [term for p in passages for term in p.terms]
    before = 0
    for passage, count in zip(passages, word_counts, strict=True):
        if passage.terms:
            return AnalysedText(terms, before + passage.first_position)
        before += count
    return AnalysedText(terms, 0)
