"""Organizations named in text, matched by canonical name, aliases and acronyms from the profile.

Names and aliases match case-insensitively on word boundaries, with or without a leading "the" and
with a possessive ("ILRC's"). Acronyms of up to five letters match only in their own case, so "IDP"
is found but "idp" inside a word, or "ice" in a sentence about weather, is not.

An organization's pattern is tried only where the first word of one of its names occurs (see
OrgMatcher.finditer): most of a profile's organizations are absent from most documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from archive.shared.profile import Organization, Profile

SHORT_ACRONYM = 5


@dataclass(frozen=True)
class OrgMatcher:
    organization: Organization
    pattern: re.Pattern[str]
    starts_lower: tuple[str, ...]  # the first word of each case-insensitive name, lower-cased
    starts_exact: tuple[str, ...]  # the first word of each case-sensitive acronym

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """The pattern's matches, exactly as `pattern.finditer(text)` gives them, trying the pattern
        only where a name's first word occurs (`lowered` is `text.lower()`, of the same length):
        Python's regex engine cannot skip ahead to a pattern that opens with a lookbehind, so the
        plain scan tried every name at every character of an 80 KB transcript."""
        starts = {i for word in self.starts_lower for i in _occurrences(lowered, word)}
        starts.update(i for word in self.starts_exact for i in _occurrences(text, word))
        end = 0
        for i in sorted(starts):
            if i >= end and (found := self.pattern.match(text, i)):
                yield found
                end = found.end()


def _occurrences(text: str, word: str) -> Iterator[int]:
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


def _label_pattern(label: str, case_sensitive: bool) -> str:
    words = [re.escape(w) for w in label.split()]
    body = r"\s+".join(words)
    if not case_sensitive:
        body = f"(?i:{body})"
    return rf"(?<![\w-]){body}(?:['’]s)?(?![\w-])"


def build_matchers(profile: Profile) -> list[OrgMatcher]:
    matchers = []
    for org in profile.organizations:
        labels = [(label, False) for label in (org.name, *org.aliases)]
        labels += [(acronym, len(acronym) <= SHORT_ACRONYM) for acronym in org.acronyms]
        first_words = [(label.split()[0], case_sensitive) for label, case_sensitive in labels if label.split()]
        matchers.append(
            OrgMatcher(
                org,
                re.compile("|".join(_label_pattern(label, case_sensitive) for label, case_sensitive in labels)),
                tuple(word.lower() for word, case_sensitive in first_words if not case_sensitive),
                tuple(word for word, case_sensitive in first_words if case_sensitive),
            )
        )
    return matchers


def find_organizations(text: str, matchers: list[OrgMatcher]) -> list[tuple[Organization, int]]:
    """Organizations named in `text` with their mention counts, most mentioned first.

    Overlapping mentions go to the longest name: "National Immigration Project of the National
    Lawyers Guild" is the partner, not also a mention of the National Lawyers Guild."""
    lowered = text.lower()
    if len(lowered) == len(text):
        found = [(matcher, matcher.finditer(text, lowered)) for matcher in matchers]
    else:  # a character whose lower case is longer: positions would not line up
        found = [(matcher, matcher.pattern.finditer(text)) for matcher in matchers]
    mentions = [(m.start(), m.end(), matcher.organization) for matcher, matches in found for m in matches]
    mentions.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: list[tuple[int, int]] = []
    counts: dict[str, tuple[Organization, int]] = {}
    for start, end, org in mentions:
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        counts[org.name] = (org, counts.get(org.name, (org, 0))[1] + 1)
    return sorted(counts.values(), key=lambda pair: -pair[1])
