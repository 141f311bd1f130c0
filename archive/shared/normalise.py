"""One form for text, applied to everything indexed and to every query, so that what a person types
finds what a file holds however the file's tool wrote it.

- Unicode NFKC: compatibility characters become the characters they stand for: the ligatures of
  PDF fonts ("misﬁts" is "misfits"), full-width letters and digits, non-breaking spaces.
- Soft hyphens (U+00AD, invisible hyphenation points) and zero-width spaces are removed: they sit
  inside words and would split them.
- NUL and the other C0/C1 control characters are dropped (tab and line breaks are kept): a few
  stray NULs in a text file or a PDF's text layer are noise, not content, and show as "�".

NFKC is what Unicode recommends for identifiers and search keys (UAX #15, UTS #39); it keeps
accents ("José" stays "José": composed) and leaves ordinary punctuation alone.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab (09), line feed (0A), form feed (0C) and carriage return (0D); DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")  # soft hyphen, zero-width space, word joiner, BOM


def normalise_text(text: str) -> str:
    """`text` in the one form the index holds (see the module docstring)."""
    text = _CONTROL.sub("", text)
    if text.isascii():  # nothing for NFKC to do, nothing invisible
        return text
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFKC", text)
