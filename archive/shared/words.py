"""Plain text rules shared by the index (archive/engine) and everything that reads it: what a word
is, the English stop words, a facet value as one token, a hashtag as words. No engine here, so the
query language, facets and suggestions match values exactly as they were indexed."""

from __future__ import annotations

import re
import unicodedata

# Runs of letters and runs of digits, with "U.S." and "3.5" kept whole. A run of digits and a run
# of letters are two words, so every way of writing one section or form gives the same words:
# "287(g)", "287g", "287G" and "287-G" are all "287" "g"; "I-589" and "I589", "COVID-19" and
# "covid19", "501(c)(3)" and "501c3" likewise (a search for one finds the others).
TOKEN_PATTERN = r"(?:\d+|[^\W\d]+)(?:\.(?:\d+|[^\W\d]+))*"

# Lucene's classic English stop list (33 words): short, so phrases and names survive it.
ENGLISH_STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then "
    "there these they this to was will with".split()
)

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
