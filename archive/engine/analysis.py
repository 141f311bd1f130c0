"""Text analysis: how words become index terms, per language (the token pattern, stop words and facet-value
tokens are plain text rules in archive/shared/words.py).

English text uses the Snowball (Porter2) stemmer with a stop list, so "deported" finds
"deportation"; Spanish text uses the Snowball Spanish stemmer, so "deportación" finds
"deportaciones". Both fold accents after stemming, so a query typed without accents still matches.
The same analyzer objects serve indexing, querying and snippet highlighting, which is what keeps
highlighted words and matched words identical.
"""

from __future__ import annotations

import re

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

from archive.shared.words import ENGLISH_STOP_WORDS, TOKEN_PATTERN

# The function words of the other language the index stems: a Spanish title's "de", "la", "los"
# are no more about the document than its English counterpart's "of" and "the".
SPANISH_STOP_WORDS = frozenset(stopwords_for_language("es"))
_TOKEN = re.compile(TOKEN_PATTERN)


def without_stop_words(text: str, language: str) -> str:
    """`text` without its own language's stop words, for the fields every document shares whatever
    its language (title, facet names), which are analysed as English: otherwise a query's "de" or
    "la" would match every Spanish title, and pull a Spanish page up by its articles alone."""
    if language != "es":
        return text
    return " ".join(m.group() for m in _TOKEN.finditer(text) if m.group().lower() not in SPANISH_STOP_WORDS)


def english_analyzer() -> Analyzer:
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=ENGLISH_STOP_WORDS, minsize=1)
        | StemFilter(lang="en", cachesize=100_000)
        | CharsetFilter(accent_map)
    )


PAIR_SEPARATOR = " "


class PairFilter(Filter):
    """Each two consecutive terms as one term, and nothing for fewer than two. (Whoosh's own
    BiWordFilter fails on an empty stream and passes a lone word through.)"""

    def __call__(self, tokens):  # Whoosh's filter protocol
        previous = None
        for token in tokens:
            text = token.text
            if previous is not None:
                token.text = previous + PAIR_SEPARATOR + text
                yield token
            previous = text


def english_pairs_analyzer() -> Analyzer:
    """Each two consecutive English index terms as one term ("people in cages" -> "peopl cage"): a
    quoted phrase becomes a few term lookups instead of comparing word positions in every document
    that has all its words, which in pure Python costs seconds on common words."""
    return english_analyzer() | PairFilter()


def spanish_analyzer() -> Analyzer:
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(lang="es", minsize=1)
        | StemFilter(lang="es", cachesize=100_000)
        | CharsetFilter(accent_map)
    )


def unstemmed_analyzer() -> Analyzer:
    """Text in a language without a stemmer here: words lowercased and accent-folded, unstemmed.
    English stop words are dropped, as the Spanish analyzer drops them too (Whoosh adds them to
    every language's list), so a query of stop words alone still searches nothing."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=ENGLISH_STOP_WORDS, minsize=1)
        | CharsetFilter(accent_map)
    )


def text_analyzer(language: str) -> Analyzer:
    """The analyzer of an analysis language's text fields (archive.engine.schema.ANALYSIS_LANGUAGES)."""
    if language == "plain":
        return unstemmed_analyzer()
    return spanish_analyzer() if language == "es" else english_analyzer()


def plain_analyzer() -> Analyzer:
    """Lowercased, unstemmed words with accents folded, stop words kept: for spelling suggestions."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
