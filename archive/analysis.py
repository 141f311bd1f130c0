"""Text analysis: how words become index terms, per language, and how facet values become tokens.

English text uses the Snowball (Porter2) stemmer with a stop list, so "deported" finds
"deportation"; Spanish text uses the Snowball Spanish stemmer, so "deportación" finds
"deportaciones". Both fold accents after stemming, so a query typed without accents still matches.
The same analyzer objects serve indexing, querying and snippet highlighting, which is what keeps
highlighted words and matched words identical.
"""

from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

# Words of letters and digits, keeping "287(g)"-style parts apart but "U.S." together.
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"

# Lucene's classic English stop list (33 words): short, so phrases and names survive it.
ENGLISH_STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then "
    "there these they this to was will with".split()
)


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

    def __call__(self, tokens):  # type: ignore[no-untyped-def]  # Whoosh's filter protocol
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


def plain_analyzer() -> Analyzer:
    """Lowercased, unstemmed words: for autocomplete and spelling suggestions."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


_SLUG_DROP = re.compile(r"[^\w]+")


def slug(value: str) -> str:
    """A facet value as one index token: "#FreeThemAll" -> "freethemall", "Just Futures Law" ->
    "just_futures_law". Case, accents, '#' and punctuation do not distinguish facet values."""
    folded = unicodedata.normalize("NFKD", value.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _SLUG_DROP.sub("_", folded.lstrip("#")).strip("_")


def _char_class(c: str) -> str:
    return "upper" if c.isupper() else "lower" if c.isalpha() else "digit" if c.isdigit() else "other"


def hashtag_words(tag: str) -> list[str]:
    """Split a hashtag into the words it is made of: "#End287g" -> ["End", "287g"],
    "#FreeThemAll" -> ["Free", "Them", "All"], "#stopICETransfers" -> ["stop", "ICE", "Transfers"].

    Word starts: an upper-case letter after a lower-case one, the last capital of a capital run
    that a lower-case letter follows ("ICETransfers"), and a digit after a letter. A single letter
    after digits stays with them ("287g"), as in "287(g)"."""
    words: list[str] = []
    for chunk in re.split(r"[_\W]+", tag):
        current = ""
        for i, c in enumerate(chunk):
            kind, prev = _char_class(c), _char_class(chunk[i - 1]) if i else ""
            nxt = _char_class(chunk[i + 1]) if i + 1 < len(chunk) else ""
            starts = current and (
                (kind == "upper" and prev in ("lower", "digit"))
                or (kind == "upper" and prev == "upper" and nxt == "lower")
                or (kind == "digit" and prev in ("upper", "lower"))
                or (kind in ("upper", "lower") and prev == "digit" and nxt in ("upper", "lower", "digit"))
            )
            if starts:
                words.append(current)
                current = ""
            current += c
        if current:
            words.append(current)
    return words
