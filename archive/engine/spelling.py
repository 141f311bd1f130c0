"""Did-you-mean: a misspelled query word's nearest word in the archive's own vocabulary.

Why not Whoosh's corrector: it walks every indexed word that shares the first letter and computes
an edit distance for each in Python (about 15-30 ms a word on a 2,000-document archive, more than
the whole search), and with `maxdist=2` it ranks what it finds by frequency alone, so a common word
two edits away beat the word one edit away. Here the words of one first letter are read from the
index once per generation and compared with RapidFuzz's optimal-string-alignment distance (the
Damerau-Levenshtein variant Whoosh uses: adjacent transpositions count one edit) in C; candidates
rank by distance, then by how often the archive uses them.

The first letter is trusted, as most spellers do: it is rarely the mistyped one, and it cuts the
comparison to a twentieth of the vocabulary.
"""

from __future__ import annotations

import threading

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh.reading import IndexReader

SPELLING_FIELD = "words"  # unstemmed words of titles and text (archive/engine/schema.py)
RARE_DOCUMENTS = 2  # a word in this few documents may be a typo the archive itself holds
COMMONER = 10  # ... when a word one edit away is in this many times more documents


class Speller:
    """Corrections from one index generation's vocabulary (thread-safe; words read on first use)."""

    def __init__(self, reader: IndexReader) -> None:
        self._reader = reader
        self._by_first_letter: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def correction(self, word: str) -> str | None:
        """A correction of the lowercased, single-token `word`, or None when it needs none or has
        no close neighbour. A word the archive never uses gets its nearest word within two edits; a
        word in only a document or two (a typo some page made too: "detension") gets a word one edit
        away that is in at least ten times more documents."""
        known = self._reader.doc_frequency(SPELLING_FIELD, word)
        if known == 0:
            return self._nearest(word, max_edits=2)
        if known > RARE_DOCUMENTS or len(word) < 5:
            return None
        candidate = self._nearest(word, max_edits=1)
        if candidate and self._reader.doc_frequency(SPELLING_FIELD, candidate) >= COMMONER * known:
            return candidate
        return None

    def _nearest(self, word: str, max_edits: int) -> str | None:
        found = process.extract(
            word, self._words_starting(word[0]), scorer=OSA.distance, score_cutoff=max_edits, limit=None
        )
        others = [(candidate, int(edits)) for candidate, edits, _ in found if candidate != word]
        if not others:
            return None
        fewest = min(edits for _, edits in others)
        closest = sorted(candidate for candidate, edits in others if edits == fewest)
        return max(closest, key=lambda candidate: self._reader.frequency(SPELLING_FIELD, candidate))

    def _words_starting(self, letter: str) -> list[str]:
        with self._lock:
            if letter not in self._by_first_letter:
                words = self._reader.expand_prefix(SPELLING_FIELD, letter)
                self._by_first_letter[letter] = [word.decode("utf-8") for word in words]
            return self._by_first_letter[letter]
