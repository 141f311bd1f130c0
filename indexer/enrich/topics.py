"""Topics from the profile's weighted signals: what a document is about, scored and ordered.

Each topic lists words and phrases with weights ("287(g)" = 3, "police" = 1). A document's score for
a topic adds, for every signal found, its weight times a damped count (1 + ln n), so a long toolkit
does not win a topic by repetition alone; title mentions count twice. Topics at or above the topic's
threshold are assigned, best first. A trailing `*` makes a signal match word prefixes ("deport*").

Counting is the costliest part of enrichment (a profile has ~90 signals, a 90-minute transcript
~80 KB), so the text's words are counted once and most signals are read from those counts: a plain
word ("police", also "polices" and "police's", as its pattern matches) and a one-word prefix exactly
so; a signal of several words runs its pattern only when the words a match must contain all occur.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from archive.profile import Profile, Topic

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signal:
    pattern: re.Pattern[str]
    weight: float
    word: str  # a one-word signal's word (or prefix), lower-cased
    shape: str  # "word" (one plain word), "prefix" (one word ending in *) or "pattern"
    required: frozenset[str]  # words every match contains whole, lower-cased (for "pattern")


@dataclass(frozen=True)
class TopicMatcher:
    topic: Topic
    signals: tuple[Signal, ...]


def make_signal(signal: str, weight: float) -> Signal:
    bare = signal.rstrip("*").lower()
    words = _WORD.findall(bare)
    plain = len(words) == 1 and words[0] == bare
    shape = ("prefix" if signal.endswith("*") else "word") if plain else "pattern"
    # A match's last word may run on ("justices", "detention*"), so it is not required whole.
    required = words[:-1] if bare[-1:].isalnum() or bare.endswith("_") else words
    return Signal(signal_pattern(signal), weight, words[0] if words else "", shape, frozenset(required))


def word_counts(text: str) -> Counter[str]:
    """The lower-cased words of a text, counted (the form count_in reads)."""
    return Counter(_WORD.findall(text.lower()))


def count_in(signal: Signal, text: str, counts: Counter[str]) -> int:
    """How many times the signal's pattern matches `text`, whose lower-cased words are `counts`."""
    if signal.shape == "word":
        return counts[signal.word] + counts[signal.word + "s"]
    if signal.shape == "prefix":
        return sum(n for word, n in counts.items() if word.startswith(signal.word))
    if not signal.required.issubset(counts):
        return 0
    return len(signal.pattern.findall(text))


def signal_pattern(signal: str) -> re.Pattern[str]:
    prefix = signal.endswith("*")
    words = [re.escape(w) for w in signal.rstrip("*").split()]
    body = r"[\s-]+".join(words)
    tail = r"\w*" if prefix else r"(?:['’]?s)?"
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)", re.I)


def build_matchers(profile: Profile) -> list[TopicMatcher]:
    return [TopicMatcher(t, tuple(make_signal(s, w) for s, w in t.signals.items())) for t in profile.topics]


def score_topics(title: str, text: str, matchers: list[TopicMatcher]) -> list[tuple[str, float]]:
    """(topic name, score) for every topic at or above its threshold, best first."""
    scored = []
    text_counts, title_counts = word_counts(text), word_counts(title)
    for matcher in matchers:
        score = 0.0
        for signal in matcher.signals:
            count = count_in(signal, text, text_counts) + 2 * count_in(signal, title, title_counts)
            if count:
                score += signal.weight * (1 + math.log(count))
        if score >= matcher.topic.threshold:
            scored.append((matcher.topic.name, round(score, 2)))
    return sorted(scored, key=lambda pair: -pair[1])
