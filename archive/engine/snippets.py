"""Snippets: the sentences of a passage where the query matched, and where in them the hits are
(character spans). The engine returns data; the read side makes it inert HTML (archive.search,
through archive.markup).

Words are matched by running the passage through the same analyzer the index used and comparing
index terms, so "deported" is marked for a query "deportation", exactly as it was matched. Only the
passages shown on the current page get snippets, and each is made from its stored text: no source
file is read and no whole document is re-analysed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.reading import IndexReader

from archive.engine.analysis import text_analyzer
from archive.engine.schema import ANALYSIS_LANGUAGES, FIELD_LANGUAGE
from archive.shared.words import TOKEN_PATTERN, slug

SNIPPET_CHARS = 240
_ANALYZERS = {language: text_analyzer(language) for language in ANALYSIS_LANGUAGES}
_WORD = re.compile(TOKEN_PATTERN)  # the analyzers' own tokenizer pattern
_MAX_CACHED_WORDS = 200_000
_TERM_OF: dict[str, dict[str, str]] = {lang: {} for lang in ANALYSIS_LANGUAGES}  # language -> word -> term or ""


def _index_term(word: str, language: str) -> str:
    """The index term of one word as written ("" for a stop word), remembered: the analyzers work
    token by token, so a word always gives the same term, and running the whole analyzer chain on
    every word of every shown passage cost most of a search's time."""
    cache = _TERM_OF[language]
    term = cache.get(word)
    if term is None:
        if len(cache) > _MAX_CACHED_WORDS:
            cache.clear()
        term = cache[word] = next((t.text for t in _ANALYZERS[language](word)), "")
    return term


# A sentence ends at its punctuation (a closing quote after it dropped) or at a line break. The
# punctuation is matched, not looked behind for: a lookbehind tried at every character cost a third.
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?\s+|\n+")


def _positive_leaves(q: wq.Query) -> Iterable[wq.Query]:
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_leaves(q.a)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _positive_leaves(child)


@dataclass
class Highlight:
    """What to mark in one language: single index terms, and phrases (runs of consecutive terms)
    that are marked only where the whole phrase occurs."""

    terms: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)


def _decode(text: object) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else str(text)


def highlight_terms(q: wq.Query | None, reader: IndexReader) -> dict[str, Highlight]:
    """What to mark, per language, from the positive (not negated) parts of a query."""
    marks = {language: Highlight() for language in ANALYSIS_LANGUAGES}
    if q is None:
        return marks
    for leaf in _positive_leaves(q):
        fieldname = getattr(leaf, "fieldname", None)
        if isinstance(leaf, wq.Phrase) and fieldname in FIELD_LANGUAGE:
            marks[FIELD_LANGUAGE[fieldname]].phrases.append(tuple(_decode(w) for w in leaf.words))
            continue
        try:
            found = leaf.existing_terms(reader, phrases=False, expand=True)
        except Exception:
            found = set()
        for field_name, text in found:
            word = _decode(text)
            if field_name == "hashtags":
                for lang, analyzer in _ANALYZERS.items():
                    marks[lang].terms.update(t.text for t in analyzer(slug(word)))
            elif field_name in FIELD_LANGUAGE:
                marks[FIELD_LANGUAGE[field_name]].terms.add(word)
    return marks


def _is_token(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a whole token of the analyzers' pattern (a run of letters or of
    digits, such runs joined by single dots), not part of a longer one: what lets a hit word be found
    with str.find. A digit beside a letter is a token's edge ("287" and "G" in "287G")."""
    if start > 0:
        before = text[start - 1]
        if _same_run(before, text[start]) or (before == "." and start > 1 and _is_word_char(text[start - 2])):
            return False
    if end < len(text):
        after = text[end]
        if _same_run(text[end - 1], after) or (after == "." and end + 1 < len(text) and _is_word_char(text[end + 1])):
            return False
    return True


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches in a str pattern


def _same_run(first: str, second: str) -> bool:
    """Whether two neighbouring characters belong to one token: both digits, or both word
    characters that are not digits."""
    if not (_is_word_char(first) and _is_word_char(second)):
        return False
    return first.isdecimal() == second.isdecimal()  # `\d` is a decimal digit


@dataclass
class _ChunkIndex:
    """The whitespace-separated chunks of text met so far in one language, each with its index terms
    ("immigrants," -> {"immigr"}), and for each term the chunks that hold it. Tokens never span
    whitespace, so a passage's terms are its chunks' terms, and most chunks of a passage were met
    before: the chunks of a passage that hold a marked term are then found by set operations (run
    in C) instead of a look-up per chunk in Python, which cost most of each snippet."""

    terms_of: dict[str, frozenset[str]] = field(default_factory=dict)
    chunks_with: dict[str, set[str]] = field(default_factory=dict)

    def holding(self, chunks: set[str], terms: set[str] | frozenset[str], language: str) -> set[str]:
        """Those of `chunks` that hold one of `terms`."""
        new = chunks.difference(self.terms_of)
        if new:
            self._learn(new, language)
        found: set[str] = set()
        for term in terms:
            if (holders := self.chunks_with.get(term)) is not None:
                found |= chunks & holders
        return found

    def _learn(self, chunks: set[str], language: str) -> None:
        if len(self.terms_of) + len(chunks) > _MAX_CACHED_WORDS:
            self.terms_of.clear()
            self.chunks_with.clear()
        for chunk in chunks:
            found = (_index_term(word, language) for word in _WORD.findall(chunk))
            terms = self.terms_of[chunk] = frozenset(term for term in found if term)
            for term in terms:
                self.chunks_with.setdefault(term, set()).add(chunk)


_CHUNKS = {language: _ChunkIndex() for language in ANALYSIS_LANGUAGES}


def _located(text: str, terms: set[str] | frozenset[str], language: str) -> list[tuple[int, int, str]]:
    """Where the words whose index term is one of `terms` are (start, end, term), in text order: the
    chunks holding one are found by their remembered terms (_ChunkIndex), and only the words that
    hit in them are located, with str.find. (Tokenizing every shown passage word by word, even with
    the regex in C, cost half of each snippet.)"""
    hits = {}
    for chunk in _CHUNKS[language].holding(set(text.split()), terms, language):
        for word in _WORD.findall(chunk):
            term = _index_term(word, language)
            if term in terms:
                hits[word] = term
    located = []
    for word, term in hits.items():
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if _is_token(text, start, end):
                located.append((start, end, term))
            start = text.find(word, start + 1)
    return sorted(located)


def _only_stop_words(text: str, language: str) -> bool:
    """Whether `text` has no word the index keeps (what lies between two words of a phrase)."""
    return not any(_index_term(word, language) for word in _WORD.findall(text))


def match_spans(text: str, marks: Highlight, language: str = "en") -> list[tuple[int, int]]:
    """Character spans of the words in `text` that the query matched: single terms, and phrases
    where all their words occur in a row (stop words between them are skipped, as when indexing)."""
    if not marks.terms and not marks.phrases:
        return []
    language = language if language in _TERM_OF else "en"
    located = _located(text, marks.terms.union(*marks.phrases), language)
    spans = {(a, b) for a, b, term in located if term in marks.terms}
    for phrase in marks.phrases:
        n = len(phrase)
        for i in range(len(located) - n + 1):
            run = located[i : i + n]
            if tuple(term for _, _, term in run) == phrase and all(
                _only_stop_words(text[run[k][1] : run[k + 1][0]], language) for k in range(n - 1)
            ):
                spans.update((a, b) for a, b, _ in run)
    return sorted(spans)


def _sentences(text: str, reach: int | None = None) -> list[tuple[int, int]]:
    """The text's sentences (start, end), in order; with `reach`, only those up to the first that
    ends past it (what lies beyond is never shown: a snippet ends within its limit of the sentence
    it is made around)."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        bounds.append((start, end if text[end] == "\n" else end + 1))
        start = match.end()
        if reach is not None and bounds[-1][1] > reach and text[bounds[-1][0] : bounds[-1][1]].strip():
            break
    else:
        bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


def _trim(text: str, start: int, end: int, limit: int, focus: int) -> tuple[int, int]:
    """Shrink [start, end) to about `limit` characters around `focus`, at word boundaries."""
    if end - start <= limit:
        return start, end
    lo = max(start, focus - limit // 3)
    hi = min(end, lo + limit)
    lo = max(start, hi - limit)
    if lo > start:
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < focus else lo
    if hi < end:
        space = text.rfind(" ", lo, hi)
        hi = space if space > focus else hi
    return lo, hi


_SPACE_RUN = re.compile(r"[ \t][ \t]+|\t")  # only what changes: a pattern matching every space cost 2x


def _flat(text: str) -> str:
    """Runs of spaces and tabs as one space (line breaks kept: they end sentences). Most passages
    have none, which two substring tests tell far sooner than the pattern."""
    if "  " not in text and "\t" not in text:
        return text.strip()
    return _SPACE_RUN.sub(" ", text).strip()


def _best_sentence(flat: str, spans: list[tuple[int, int]], limit: int) -> tuple[list[tuple[int, int]], int]:
    """The text's sentences (up to the first ending `limit` past the last hit), and which one holds
    the most distinct matched words (then the most matches; then the first). Each hit is placed in
    its sentence by bisection, once."""
    sentences = _sentences(flat, (spans[-1][0] if spans else 0) + limit) or [(0, len(flat))]
    starts = [start for start, _ in sentences]
    words: dict[int, set[str]] = {}
    counts: Counter[int] = Counter()
    for a, b in spans:
        i = bisect_right(starts, a) - 1
        if i >= 0 and a < sentences[i][1]:
            words.setdefault(i, set()).add(flat[a:b].lower())
            counts[i] += 1
    if not counts:
        return sentences, 0
    return sentences, max(sorted(counts), key=lambda i: (len(words[i]), counts[i]))


@dataclass(frozen=True)
class Snippet:
    """A passage's snippet: a window of its text (whitespace runs made single), the hits in it,
    whether text was left out before and after it, and where the words it is made around begin."""

    text: str
    hits: tuple[tuple[int, int], ...]  # character spans in `text`
    cut_before: bool
    cut_after: bool
    # how far into the text (0-1, by characters) those words begin: where a transcript passage's time
    # between its start and end lands on them (speech runs at a roughly even rate within half a
    # minute); None when nothing in it matched
    focus_share: float | None


def snippet(text: str, marks: Highlight, language: str = "en", limit: int = SNIPPET_CHARS) -> Snippet:
    """The best window of whole sentences around the matched words, and where those words begin
    (one pass over the passage for both)."""
    flat = _flat(text)
    spans = match_spans(flat, marks, language)
    sentences, best = _best_sentence(flat, spans, limit)
    start, end = sentences[best]
    following = best + 1
    while following < len(sentences) and sentences[following][1] - start <= limit:
        end = sentences[following][1]
        following += 1
    focus = next((a for a, _ in spans if start <= a < end), start)
    lo, hi = _trim(flat, start, end, limit, focus)
    inside = tuple((a - lo, b - lo) for a, b in spans if lo <= a and b <= hi)
    return Snippet(flat[lo:hi], inside, lo > 0, hi < len(flat), focus / len(flat) if spans and flat else None)
