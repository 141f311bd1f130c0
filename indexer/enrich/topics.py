"""Topics from the profile's weighted signals: what a document is about, scored and ordered.

Each topic lists words and phrases with weights ("287(g)" = 3, "police" = 1). A document's score for
a topic adds, for every signal found, its weight times a damped count (1 + ln n), so a long toolkit
does not win a topic by repetition alone; title mentions count twice. Topics at or above the topic's
threshold are assigned, best first. A trailing `*` makes a signal match word prefixes ("deport*").

A passing mention must not assign a topic. Evidence is counted in the main text passage by passage
(statement sections of ~250 words, PDF pages, transcript windows), with two rules:
- a signal that is also an ordinary English word ("administration", "data", "police": more than 10
  per million words of general English, by wordfreq's Zipf scale >= 4) counts only in a passage
  where one of the topic's other, distinctive signals occurs too. "The administration announced..."
  in a statement about detention is an ordinary word alone; "the administration's executive order"
  is evidence. Phrases, hashtags, prefixes and rarer words ("detention", "287(g)", "#FreeThemAll",
  "criminaliz*") count on their own;
- the evidence must stand in at least two sentences (the title counts as one): a topic named in a
  single sentence ("... any legalization proposal, DACA or TPS") is mentioned, not discussed.

Counting is the costliest part of enrichment (a profile has ~90 signals, a 90-minute transcript
~80 KB), so the text's words are counted once and most signals are read from those counts: a plain
word ("police", also "polices" and "police's", as its pattern matches) and a one-word prefix exactly
so; a signal of several words runs its pattern only when the words a match must contain all occur.
A passage's counts are read once for all signals of all topics (`SignalIndex`): each distinct word
is looked up as a word, as a plural and by its prefixes of the lengths the prefix signals have, so
the work grows with the passage's words, not with words times signals.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass

from wordfreq import zipf_frequency

from archive.shared.profile import Profile, Topic

_WORD = re.compile(r"\w+")
# Zipf 4 = 10 occurrences per million words: "police" 5.3, "administration" 4.9, "bail" 4.0 are
# ordinary; "detention" 3.96, "deportation" 3.6, "asylum" 4.0 (3.99) are not. wordfreq's small list
# holds every word above Zipf 4 with the same figures, and loads in 20 ms instead of 500.
ORDINARY_ZIPF = 4.0
TITLE_FACTOR = 2
MIN_SENTENCES = 2
# A sentence ends at . ! ? (and closing quotes or brackets) before white space, or at a blank line
# (a single line break is often inside a sentence: PDF lines, wrapped text).
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n")


@dataclass(frozen=True)
class Signal:
    pattern: re.Pattern[str]
    weight: float
    word: str  # a one-word signal's word (or prefix), lower-cased
    shape: str  # "word" (one plain word), "prefix" (one word ending in *) or "pattern"
    required: frozenset[str]  # words every match contains whole, lower-cased (for "pattern")
    ordinary: bool  # an ordinary English word: counts only beside another of its topic's signals


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
    ordinary = shape == "word" and bare.isalpha() and zipf_frequency(bare, "en", wordlist="small") >= ORDINARY_ZIPF
    return Signal(signal_pattern(signal), weight, words[0] if words else "", shape, frozenset(required), ordinary)


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


@dataclass(frozen=True)
class SignalIndex:
    """Every signal of a profile's topics by how a passage's word counts find it."""

    by_word: dict[str, frozenset[Signal]]
    by_prefix: dict[str, frozenset[Signal]]
    prefix_lengths: tuple[int, ...]
    patterns: frozenset[Signal]

    @classmethod
    def of(cls, matchers: list[TopicMatcher]) -> SignalIndex:
        by_word: dict[str, set[Signal]] = {}
        by_prefix: dict[str, set[Signal]] = {}
        patterns: set[Signal] = set()
        for signal in (s for m in matchers for s in m.signals):
            if signal.shape == "word":
                by_word.setdefault(signal.word, set()).add(signal)
            elif signal.shape == "prefix":
                by_prefix.setdefault(signal.word, set()).add(signal)
            else:
                patterns.add(signal)
        return cls(
            {w: frozenset(v) for w, v in by_word.items()},
            {w: frozenset(v) for w, v in by_prefix.items()},
            tuple(sorted({len(w) for w in by_prefix})),
            frozenset(patterns),
        )

    def counts(self, text: str, counts: Counter[str]) -> Counter[Signal]:
        """Every signal's count in `text` (whose lower-cased words are `counts`): what count_in says
        signal by signal, in one pass over the words."""
        found: Counter[Signal] = Counter()
        for word, n in counts.items():
            for signal in self.by_word.get(word, ()):
                found[signal] += n
            if word.endswith("s"):
                for signal in self.by_word.get(word[:-1], ()):
                    found[signal] += n
            for length in self.prefix_lengths:
                if length > len(word):
                    break
                for signal in self.by_prefix.get(word[:length], ()):
                    found[signal] += n
        for signal in self.patterns:
            if n := count_in(signal, text, counts):
                found[signal] = n
        return found


def signal_pattern(signal: str) -> re.Pattern[str]:
    prefix = signal.endswith("*")
    words = [re.escape(w) for w in signal.rstrip("*").split()]
    body = r"[\s-]+".join(words)
    tail = r"\w*" if prefix else r"(?:['’]?s)?"
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)", re.I)


def build_matchers(profile: Profile) -> list[TopicMatcher]:
    return [TopicMatcher(t, tuple(make_signal(s, w) for s, w in t.signals.items())) for t in profile.topics]


@dataclass
class _Unit:
    """The title or one passage: its text, word counts, weight and where its sentences end."""

    text: str
    counts: Counter[str]
    factor: int
    sentence_ends: list[int]

    @classmethod
    def of(cls, text: str, factor: int) -> _Unit:
        return cls(text, word_counts(text), factor, [m.end() for m in _SENTENCE_END.finditer(text)])

    def sentences_of(self, signals: list[Signal]) -> set[int]:
        """The numbers of the sentences the signals' matches stand in."""
        return {
            bisect.bisect_right(self.sentence_ends, m.start()) for s in signals for m in s.pattern.finditer(self.text)
        }


def score_topics(
    title: str, passages: list[str], matchers: list[TopicMatcher], index: SignalIndex
) -> list[tuple[str, float]]:
    """(topic name, score) for every topic at or above its threshold, best first. The title is one
    more passage (of one sentence) whose counts weigh TITLE_FACTOR times. `index` is
    `SignalIndex.of(matchers)`, made once per profile."""
    units = [_Unit(title, word_counts(title), TITLE_FACTOR, [])] + [_Unit.of(p, 1) for p in passages]
    in_unit = [index.counts(unit.text, unit.counts) for unit in units]
    scored = []
    for matcher in matchers:
        totals: Counter[Signal] = Counter()
        sentences: set[tuple[int, int]] = set()
        for number, unit in enumerate(units):
            found = {signal: n for signal in matcher.signals if (n := in_unit[number][signal])}
            distinctive = any(not signal.ordinary for signal in found)
            counted = [signal for signal in found if distinctive]
            for signal in counted:
                totals[signal] += unit.factor * found[signal]
            if counted and len(sentences) < MIN_SENTENCES:
                sentences |= {(number, sentence) for sentence in unit.sentences_of(counted)}
        score = sum(signal.weight * (1 + math.log(n)) for signal, n in totals.items())
        if score >= matcher.topic.threshold and len(sentences) >= MIN_SENTENCES:
            scored.append((matcher.topic.name, round(score, 2)))
    return sorted(scored, key=lambda pair: -pair[1])
