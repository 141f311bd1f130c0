"""Topic suggestions: frequent, distinctive phrases in the archive that no topic covers yet.

Staff grow the taxonomy from what the archive actually says. We count two- and three-word phrases
(no stop word at either end, no number-only words) across the indexed passages, keep those found in
at least two documents but not in nearly all of them (a phrase in every document, like the network's
own description, distinguishes nothing), drop those that an existing topic signal, organization name
or glossary term already covers, and rank by count times inverse document frequency.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from archive.engine import Snapshot, all_passages
from archive.shared.profile import Profile
from archive.shared.words import ENGLISH_STOP_WORDS
from indexer.enrich.topics import signal_pattern

_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+\w*")
EXTRA_STOP = ENGLISH_STOP_WORDS | frozenset(
    "we our us you your i me my he she his her its them those who whom which what when where how all any "
    "has have had been being were from also more most so than too very can could would should must may "
    "do does did just only other some one two against about across between through without within after "
    "before during because while each every many much into over under upon here there today".split()
)


@dataclass(frozen=True)
class Suggestion:
    phrase: str
    count: int
    documents: int
    score: float


def _names_pattern(profile: Profile) -> re.Pattern[str] | None:
    names = sorted({n for o in profile.organizations for n in (o.name, *o.aliases)}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names), re.I) if names else None


def _phrases(text: str, names: re.Pattern[str] | None) -> list[str]:
    """Candidate phrases, never across a sentence break or an organization's name."""
    if names is not None:
        text = names.sub(" . ", text)
    found = []
    for sentence in re.split(r"[.!?;:,()\[\]\n“”\"]+", text):
        found.extend(_grams([w.lower().strip("'’-") for w in _WORD.findall(sentence)]))
    return found


def _grams(words: list[str]) -> list[str]:
    found = []
    for n in (2, 3):
        for i in range(len(words) - n + 1):
            gram = words[i : i + n]
            if gram[0] in EXTRA_STOP or gram[-1] in EXTRA_STOP or any(w.isdigit() or len(w) < 2 for w in gram):
                continue
            found.append(" ".join(gram))
    return found


def _covered(phrase: str, profile: Profile) -> bool:
    labels = [s for t in profile.topics for s in t.signals] + [t.name for t in profile.topics]
    labels += [n for o in profile.organizations for n in (o.name, *o.aliases, *o.acronyms)]
    labels += [n for g in profile.glossary for n in (g.term, g.expansion, *g.aliases) if n]
    return any(signal_pattern(label).search(phrase) or phrase in label.lower() for label in labels)


def suggest_topics(snapshot: Snapshot, limit: int = 25) -> list[Suggestion]:
    """Phrases worth a topic, best first (see module docstring)."""
    per_doc: dict[str, Counter[str]] = {}
    names = _names_pattern(snapshot.catalog.profile)
    for doc_id, text in all_passages(snapshot):
        per_doc.setdefault(doc_id, Counter()).update(_phrases(text, names))
    n_docs = len(per_doc) or 1
    totals: Counter[str] = Counter()
    doc_freq: Counter[str] = Counter()
    for counts in per_doc.values():
        totals.update(counts)
        doc_freq.update(counts.keys())
    suggestions = []
    for phrase, count in totals.items():
        df = doc_freq[phrase]
        if df < 2 or df > max(2, 0.8 * n_docs) or _covered(phrase, snapshot.catalog.profile):
            continue
        suggestions.append(Suggestion(phrase, count, df, round(count * math.log(1 + n_docs / df), 2)))
    suggestions.sort(key=lambda s: (-s.score, s.phrase))
    # A phrase inside a longer one with the same counts says the same thing: keep only the shorter.
    kept: list[Suggestion] = []
    for s in sorted(suggestions, key=lambda s: len(s.phrase)):
        if not any(k.phrase in s.phrase and (k.count, k.documents) == (s.count, s.documents) for k in kept):
            kept.append(s)
    kept.sort(key=lambda s: (-s.score, s.phrase))
    return kept[:limit]
