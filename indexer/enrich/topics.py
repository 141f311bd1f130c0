"""Topics from the profile's weighted signals: what a document is about, scored and ordered.

Each topic lists words and phrases with weights ("287(g)" = 3, "police" = 1). A document's score for
a topic adds, for every signal found, its weight times a damped count (1 + ln n), so a long toolkit
does not win a topic by repetition alone; title mentions count twice. Topics at or above the topic's
threshold are assigned, best first. A trailing `*` makes a signal match word prefixes ("deport*").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from archive.profile import Profile, Topic


@dataclass(frozen=True)
class TopicMatcher:
    topic: Topic
    signals: tuple[tuple[re.Pattern[str], float], ...]


def signal_pattern(signal: str) -> re.Pattern[str]:
    prefix = signal.endswith("*")
    words = [re.escape(w) for w in signal.rstrip("*").split()]
    body = r"[\s-]+".join(words)
    tail = r"\w*" if prefix else r"(?:['’]?s)?"
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)", re.I)


def build_matchers(profile: Profile) -> list[TopicMatcher]:
    return [TopicMatcher(t, tuple((signal_pattern(s), w) for s, w in t.signals.items())) for t in profile.topics]


def score_topics(title: str, text: str, matchers: list[TopicMatcher]) -> list[tuple[str, float]]:
    """(topic name, score) for every topic at or above its threshold, best first."""
    scored = []
    for matcher in matchers:
        score = 0.0
        for pattern, weight in matcher.signals:
            count = len(pattern.findall(text)) + 2 * len(pattern.findall(title))
            if count:
                score += weight * (1 + math.log(count))
        if score >= matcher.topic.threshold:
            scored.append((matcher.topic.name, round(score, 2)))
    return sorted(scored, key=lambda pair: -pair[1])
