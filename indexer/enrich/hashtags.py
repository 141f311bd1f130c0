"""Hashtags in text: `#FreeThemAll`, never `#page=2` in a URL, `&#8211;`, `#ff0000` or `#1`."""

from __future__ import annotations

import re
from collections import Counter

_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
# '#' at the start of a word (not after a letter, digit, '&', '/' or another '#'), then word chars.
_HASHTAG = re.compile(r"(?<![\w&/#])#(\w+)")
_HEX_COLOUR = re.compile(r"^(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


def is_hashtag_body(body: str) -> bool:
    """A tag needs a letter, and a hex colour (`ff0000`, `fff`, `1e90ff`) is not a tag. A mixed-case
    hex-looking word (`#Add`, `#BeeF`) reads as a word, so it stays a tag."""
    if not any(c.isalpha() for c in body):
        return False
    return not (_HEX_COLOUR.match(body) and (any(c.isdigit() for c in body) or body.islower() or body.isupper()))


def find_hashtags(text: str) -> list[str]:
    """Hashtags in order of first appearance, each in its most frequent casing in this text."""
    masked = _URL.sub(" ", text)
    found = [m.group(1) for m in _HASHTAG.finditer(masked) if is_hashtag_body(m.group(1))]
    casings: dict[str, Counter[str]] = {}
    for tag in found:
        casings.setdefault(tag.casefold(), Counter())[tag] += 1
    return ["#" + counts.most_common(1)[0][0] for counts in casings.values()]
