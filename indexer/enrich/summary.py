"""A document's summary: its opening sentences, without the lines every release of the network opens with.

Statements commonly open with a press lead-in ("The Immigrant Justice Network (IJN) released the
following statement:") and the network's own self-description ("IJN is a partnership of the
Immigrant Defense Project, ..."). Those say nothing about the document, and shown on the Start-here
page or a result card they make every statement read alike. So the summary starts after them:
- a lead-in up to "... the following statement" (and its ":" or ".") is dropped;
- so are opening sentences made only of words the profile uses about the collection itself (its
  name, description, and its own and its partners' names and acronyms), at least eight words long:
  "The Immigrant Justice Network is a partnership of ... (NIPNLG)". Only whole sentences (ending at
  . ! ? or a paragraph break) are dropped, so the document's own words are never cut.
"""

from __future__ import annotations

import re

from archive.shared.profile import Profile

SUMMARY_CHARS = 300
MIN_SELF_DESCRIPTION_WORDS = 8
_LEAD_IN = re.compile(
    r"^[^.:]{0,200}?\b(?:released|issued|shared|published)\s+the\s+following\s+statement\s*[:.]\s*", re.I
)
_WORD = re.compile(r"[\w'’-]+")
# Words that join a self-description ("IJN is a partnership of the ...").
_JOINING = frozenset({"is", "a", "an", "the", "of", "and", "partnership"})
# Where a sentence ends after a word: a closing bracket or quote, then . ! ? or a paragraph break.
_SENTENCE_END = re.compile(r"[)\]\"”’]*(?:[.!?]+|\s*\n\s*\n)")


def self_description_words(profile: Profile) -> frozenset[str]:
    """The words the profile uses about the collection: its name and description, and the names,
    aliases and acronyms of its own organization (the network) and its partners."""
    own = [o for o in profile.organizations if o.role in ("network", "partner")]
    texts = [profile.name, profile.short_name, profile.description]
    texts += [n for o in own for n in (o.name, *o.aliases, *o.acronyms)]
    return frozenset(w.lower() for text in texts for w in _WORD.findall(text))


def summarize(text: str, about_us: frozenset[str] = frozenset()) -> str:
    """The opening sentences of a text after any lead-in and self-description (see the module
    docstring), cut at a sentence end near SUMMARY_CHARS."""
    text = _LEAD_IN.sub("", text.strip(), count=1)
    flat = re.sub(r"\s+", " ", _after_self_description(text, about_us)).strip()
    if len(flat) <= SUMMARY_CHARS:
        return flat
    cut = flat[:SUMMARY_CHARS]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[: end + 1] if end > SUMMARY_CHARS // 3 else cut.rsplit(" ", 1)[0] + "…"


def _after_self_description(text: str, about_us: frozenset[str]) -> str:
    """`text` after its opening sentences when they are made only of `about_us` and joining words
    (at least MIN_SELF_DESCRIPTION_WORDS of them), else `text` unchanged. Only whole sentences go:
    "The Immigrant Justice Network stands with ..." is the document's own sentence and stays."""
    known = about_us | _JOINING
    cut = 0
    for words, match in enumerate(_WORD.finditer(text), start=1):
        if match.group().lower() not in known:
            break
        end = _SENTENCE_END.match(text, match.end())
        if end and words >= MIN_SELF_DESCRIPTION_WORDS:
            cut = end.end()
    rest = text[cut:].strip()
    return rest if cut and rest else text
