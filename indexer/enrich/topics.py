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

Counting is the costliest part of enrichment (a profile has ~200 signals, a 90-minute transcript
~80 KB), so the text's words are counted once and most signals are read from those counts: a plain
word ("police", also "polices" and "police's", as its pattern matches) and a one-word prefix exactly
so (the prefix's words stand together in the sorted words); a signal of several words runs its
pattern only when the words a match must contain all occur, the last perhaps run on ("detention
facilit*"). A passage is read once for all signals of all topics (`SignalIndex`): signal word by
signal word, a pattern tried only where its rarest word stands, and each topic then reads only the
passages where one of its signals stood (200 generated documents: 5.3 s -> 1.5 s, same topics).
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


@dataclass(frozen=True, eq=False)  # one object per signal of a topic: hashing the fields cost 5% of a build
class Signal:
    pattern: re.Pattern[str]
    weight: float
    word: str  # a one-word signal's word (or prefix), lower-cased
    shape: str  # "word" (one plain word), "prefix" (one word ending in *) or "pattern"
    required: frozenset[str]  # words every match contains whole, lower-cased (for "pattern")
    ordinary: bool  # an ordinary English word: counts only beside another of its topic's signals
    # a pattern's last word where a match runs on past it, lower-cased: "separation" (as
    # "separations", "separation's"), "facilit" of "detention facilit*"; "" when it ends the match
    last: str = ""
    open_ended: bool = False  # the signal ends in * (its last word is any word's beginning)


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
    last = words[-1] if words and len(required) < len(words) else ""
    return Signal(
        signal_pattern(signal),
        weight,
        words[0] if words else "",
        shape,
        frozenset(required),
        ordinary,
        last,
        signal.endswith("*"),
    )


def word_counts(text: str) -> Counter[str]:
    """The lower-cased words of a text, counted (the form count_in reads)."""
    return Counter(_WORD.findall(text.lower()))


class Vocabulary:
    """A text's lower-cased words, counted, and asked whether any begins with a prefix (sorted once,
    when first asked)."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts
        self._sorted: list[str] | None = None

    def has_prefix(self, prefix: str) -> bool:
        ordered = self._ordered()
        at = bisect.bisect_left(ordered, prefix)
        return at < len(ordered) and ordered[at].startswith(prefix)

    def prefixed(self, prefix: str) -> int:
        """How many of the words begin with `prefix` (they stand together in sorted order)."""
        ordered = self._ordered()
        at = end = bisect.bisect_left(ordered, prefix)
        while end < len(ordered) and ordered[end].startswith(prefix):
            end += 1
        return sum(self.counts[word] for word in ordered[at:end])

    def _ordered(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self.counts)
        return self._sorted


def may_match(signal: Signal, words: Vocabulary) -> bool:
    """Whether a pattern signal's words all stand in the text (the last one perhaps run on): only
    then is its pattern run. Running the ~110 patterns of a profile over every passage that had
    their first words cost a tenth of a build."""
    counts = words.counts
    if not counts.keys() >= signal.required:  # (a frozenset's issubset copied the Counter into a set)
        return False
    last = signal.last
    if not last:
        return True
    if signal.open_ended:
        return words.has_prefix(last)
    return last in counts or last + "s" in counts


def count_in(signal: Signal, text: str, counts: Counter[str]) -> int:
    """How many times the signal's pattern matches `text`, whose lower-cased words are `counts`."""
    if signal.shape == "word":
        return counts[signal.word] + counts[signal.word + "s"]
    if signal.shape == "prefix":
        return sum(n for word, n in counts.items() if word.startswith(signal.word))
    if not may_match(signal, Vocabulary(counts)):
        return 0
    return len(signal.pattern.findall(text))


@dataclass(frozen=True)
class SignalIndex:
    """Every signal of a profile's topics by how a passage's word counts find it, and where each
    stands among its topics' signals (to read a passage's finds topic by topic). A passage is read
    signal-word by signal-word (a profile has ~100), not word by word (a passage has hundreds)."""

    words: tuple[tuple[str, str, frozenset[Signal]], ...]  # a word, its plural, the signals of that word
    prefixes: tuple[tuple[str, frozenset[Signal]], ...]
    keyed: dict[str, frozenset[Signal]]  # pattern signals by one word that must stand in a text they match
    unkeyed: tuple[Signal, ...]  # pattern signals no whole word announces, tried on every passage
    places: dict[Signal, tuple[tuple[int, int], ...]]  # (topic number, position among its signals)

    @classmethod
    def of(cls, matchers: list[TopicMatcher]) -> SignalIndex:
        places: dict[Signal, list[tuple[int, int]]] = {}
        for number, matcher in enumerate(matchers):
            for position, signal in enumerate(matcher.signals):
                places.setdefault(signal, []).append((number, position))
        by_word: dict[str, set[Signal]] = {}
        by_prefix: dict[str, set[Signal]] = {}
        keyed: dict[str, set[Signal]] = {}
        unkeyed: list[Signal] = []
        for signal in places:
            if signal.shape == "word":
                by_word.setdefault(signal.word, set()).add(signal)
            elif signal.shape == "prefix":
                by_prefix.setdefault(signal.word, set()).add(signal)
            elif signal.required:  # keyed by its rarest word: the fewest passages to try it on
                key = min(signal.required, key=lambda w: (zipf_frequency(w, "en", wordlist="small"), w))
                keyed.setdefault(key, set()).add(signal)
            elif signal.last and not signal.open_ended:  # "#FreeThemAll": its word, or that word + s
                keyed.setdefault(signal.last, set()).add(signal)
                keyed.setdefault(signal.last + "s", set()).add(signal)
            else:
                unkeyed.append(signal)
        return cls(
            tuple((w, w + "s", frozenset(v)) for w, v in by_word.items()),
            tuple((w, frozenset(v)) for w, v in by_prefix.items()),
            {w: frozenset(v) for w, v in keyed.items()},
            tuple(unkeyed),
            {signal: tuple(at) for signal, at in places.items()},
        )

    def counts(self, text: str, counts: Counter[str]) -> Counter[Signal]:
        """Every signal's count in `text` (whose lower-cased words are `counts`): what count_in says
        signal by signal."""
        found: Counter[Signal] = Counter()
        get = counts.get
        for word, plural, signals in self.words:
            if n := get(word, 0) + get(plural, 0):
                for signal in signals:
                    found[signal] += n
        words = Vocabulary(counts)
        for prefix, signals in self.prefixes:
            if n := words.prefixed(prefix):
                for signal in signals:
                    found[signal] += n
        tried = {signal for key, signals in self.keyed.items() if key in counts for signal in signals}
        for signal in (*tried, *self.unkeyed):
            if may_match(signal, words) and (n := len(signal.pattern.findall(text))):
                found[signal] = n
        return found

    def by_topic(self, found: Counter[Signal]) -> dict[int, dict[Signal, int]]:
        """A passage's signal counts split by topic number, each topic's in the order of its signals."""
        placed: dict[int, list[tuple[int, Signal, int]]] = {}
        for signal, n in found.items():
            for number, position in self.places[signal]:
                placed.setdefault(number, []).append((position, signal, n))
        return {number: {signal: n for _, signal, n in sorted(hits, key=_first)} for number, hits in placed.items()}


def _first(hit: tuple[int, Signal, int]) -> int:
    return hit[0]


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
    # each passage's finds, by topic: a topic reads only the passages where one of its signals stood
    found_in: list[list[tuple[int, dict[Signal, int]]]] = [[] for _ in matchers]
    for number, unit in enumerate(units):
        for topic, found in index.by_topic(index.counts(unit.text, unit.counts)).items():
            found_in[topic].append((number, found))
    scored = []
    for matcher, finds in zip(matchers, found_in, strict=True):
        totals: Counter[Signal] = Counter()
        sentences: set[tuple[int, int]] = set()
        for number, found in finds:
            unit = units[number]
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
